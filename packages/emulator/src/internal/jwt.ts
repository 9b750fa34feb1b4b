import type { Crypto } from "@effect-acs/identity/Crypto"
import * as Effect from "effect/Effect"
import * as Encoding from "effect/Encoding"

const encoder = new TextEncoder()

const header = Encoding.encodeBase64Url(JSON.stringify({ alg: "HS256", kid: "1", typ: "JWT" }))

/** Mints an HS256 JWT with `claims`. */
export const mint = (key: Crypto.HmacKey, claims: Readonly<Record<string, unknown>>): Effect.Effect<string> => {
  const signingInput = `${header}.${Encoding.encodeBase64Url(JSON.stringify(claims))}`
  return Effect.map(key.sign(encoder.encode(signingInput)), (mac) => `${signingInput}.${Encoding.encodeBase64Url(mac)}`)
}

/** Whether `token` carries a valid HS256 signature by `key`. */
export const verify = (key: Crypto.HmacKey, token: string): Effect.Effect<boolean> => {
  const at = token.lastIndexOf(".")
  if (at < 0) return Effect.succeed(false)
  return Effect.map(
    key.sign(encoder.encode(token.slice(0, at))),
    (mac) => Encoding.encodeBase64Url(mac) === token.slice(at + 1)
  )
}

export {
  /** The claims of a JWT, without checking the signature. */
  claims,
  /** The `exp` claim in epoch ms, or `undefined`. */
  expiresAt,
  /** A non-empty string claim, or `undefined`. */
  stringClaim
} from "@effect-acs/identity-protocol/Jwt"
