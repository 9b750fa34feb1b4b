import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { Crypto } from "@effect-acs/identity/Crypto"
import * as Signing from "@effect-acs/identity/Signing"
import * as Effect from "effect/Effect"
import type { AuthMode } from "../Emulator.js"
import { ApiError } from "./http.js"
import * as Jwt from "./jwt.js"

/** The audiences a resource-level bearer token may carry. */
const audiences: ReadonlySet<string> = new Set(["https://communication.azure.com", "https://communication.azure.com/"])

const denied = (reason: string, message: string) =>
  new ApiError({
    status: 401,
    code: "Denied",
    message: "Denied by the resource provider.",
    innererror: { code: reason, message }
  })

/**
 * What the emulator signed to compare (no secret in it): the method, the path
 * and query, the host, the date and the body hash as received, so a caller
 * can see which part it signed differently (most often the host or the path).
 */
const signedParts = (request: HttpServerRequest.HttpServerRequest, hash: string): string =>
  `The emulator verified the signature over method ${request.method}, path and query ${JSON.stringify(request.url)}, ` +
  `host ${JSON.stringify(request.headers["host"] ?? "")}, date ${JSON.stringify(request.headers["x-ms-date"] ?? "")} ` +
  `and content hash ${hash}.`

const bearerToken = (request: HttpServerRequest.HttpServerRequest): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers["authorization"] ?? "")
  return match === null ? undefined : match[1]
}

/** Authenticates the caller of a resource operation (HMAC, bearer, or either). */
export const make = (options: {
  readonly mode: AuthMode
  readonly key: Crypto.HmacKey
  readonly crypto: Crypto.Service
  readonly tolerant: boolean
  readonly maxSkewMillis: number
}) =>
(
  request: HttpServerRequest.HttpServerRequest,
  body: Uint8Array,
  now: number
): Effect.Effect<void, ApiError> => {
  const token = bearerToken(request)
  if (token !== undefined && options.mode !== "hmac") {
    const claims = Jwt.claims(token)
    const audience = claims === undefined ? undefined : claims["aud"]
    const expiresAt = claims === undefined ? undefined : Jwt.expiresAt(claims)
    if (typeof audience !== "string" || !audiences.has(audience)) {
      return Effect.fail(denied("InvalidAudience", "The bearer token's aud must be https://communication.azure.com."))
    }
    return expiresAt !== undefined && expiresAt <= now
      ? Effect.fail(denied("ExpiredToken", "The bearer token has expired."))
      : Effect.void
  }
  if (options.mode === "bearer") {
    return Effect.fail(denied("BearerTokenRequired", "This resource accepts bearer tokens only."))
  }
  return Signing.verify(
    options.key,
    { method: request.method, target: request.url, header: (name) => request.headers[name], body },
    { now, maxSkewMillis: options.maxSkewMillis, tolerant: options.tolerant }
  ).pipe(
    Effect.catchAll((error) =>
      error.reason !== "SignatureMismatch"
        ? Effect.fail(denied(error.reason, error.message))
        : Effect.flatMap(Signing.contentHash(body), (hash) =>
          Effect.fail(denied(error.reason, `${error.message} ${signedParts(request, hash)}`)))
    ),
    Effect.provideService(Crypto, options.crypto)
  )
}

/**
 * The claims of an end user's Entra token (Teams exchanges): a decodable,
 * unexpired JWT; the signature is not checked. Else 401 `InvalidAccessToken`.
 */
export const userClaims = (
  token: unknown,
  now: number
): Effect.Effect<{ readonly claims: Readonly<Record<string, unknown>>; readonly expiresAt: number }, ApiError> => {
  const claims = typeof token === "string" ? Jwt.claims(token) : undefined
  const expiresAt = claims === undefined ? undefined : Jwt.expiresAt(claims)
  return claims === undefined || expiresAt === undefined || expiresAt <= now
    ? Effect.fail(
      new ApiError({ status: 401, code: "InvalidAccessToken", message: "Provided access token is not valid." })
    )
    : Effect.succeed({ claims, expiresAt })
}

/** The Entra token of an `Authorization: Bearer` header (Teams-extension exchange). */
export const userBearer = (request: HttpServerRequest.HttpServerRequest, now: number) =>
  userClaims(bearerToken(request), now)
