import type { Crypto } from "@effect-acs/identity/Crypto"
import * as TokenParser from "@effect-acs/identity/TokenParser"
import * as Effect from "effect/Effect"
import * as Encoding from "effect/Encoding"

const encoder = new TextEncoder()

const header = Encoding.encodeBase64Url(JSON.stringify({ alg: "HS256", kid: "1", typ: "JWT" }))

/** Mints an HS256 JWT with `claims`. */
export const mint = (key: Crypto.HmacKey, claims: Readonly<Record<string, unknown>>): Effect.Effect<string> => {
  const signingInput = `${header}.${Encoding.encodeBase64Url(JSON.stringify(claims))}`
  return Effect.map(key.sign(encoder.encode(signingInput)), (mac) => `${signingInput}.${Encoding.encodeBase64Url(mac)}`)
}

/** The claims of a JWT, without checking the signature (the core's token parser). */
export const claims = TokenParser.claims

/** Whether `token` carries a valid HS256 signature by `key`. */
export const verify = (key: Crypto.HmacKey, token: string): Effect.Effect<boolean> => {
  const at = token.lastIndexOf(".")
  if (at < 0) return Effect.succeed(false)
  return Effect.map(
    key.sign(encoder.encode(token.slice(0, at))),
    (mac) => Encoding.encodeBase64Url(mac) === token.slice(at + 1)
  )
}

/** A string claim, or `undefined`. */
export const stringClaim = (payload: Readonly<Record<string, unknown>>, name: string): string | undefined => {
  const value = payload[name]
  return typeof value === "string" && value !== "" ? value : undefined
}

/** The `exp` claim in epoch ms, or `undefined`. */
export const expiresAt = (payload: Readonly<Record<string, unknown>>): number | undefined => {
  const exp = payload["exp"]
  return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined
}
