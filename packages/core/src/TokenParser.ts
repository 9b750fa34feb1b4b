/**
 * Reads what a client needs from a Communication Services access token:
 * its expiry (`exp`) and scopes (`acsScope`). The JWT payload is decoded
 * (base64url); the signature is not checked — that is the service's job.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Redacted from "effect/Redacted"
import { InvalidInput } from "./IdentityError.js"

/**
 * What a token says about itself.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenInfo {
  /** When the token expires, epoch ms. */
  readonly expiresOnTimestamp: number
  /** `acsScope` split on commas; empty for an opaque token. */
  readonly scopes: ReadonlyArray<string>
  /** True when the token is not a readable JWT and the fallback expiry was used. */
  readonly opaque: boolean
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The clock, epoch ms (for the opaque-token fallback). */
  readonly now: number
  /** Lifetime assumed for an opaque token, in seconds; default 600. */
  readonly opaqueTokenLifetimeSeconds?: number
}

// base64url, or standard base64 as some token issuers and test helpers emit,
// with or without padding (the leniency of `jwt-decode`, which the official
// client uses)
const decodeSegment = (segment: string): Either.Either<string, unknown> => {
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/")
  switch (base64.length % 4) {
    case 0:
      return Encoding.decodeBase64String(base64)
    case 2:
      return Encoding.decodeBase64String(`${base64}==`)
    case 3:
      return Encoding.decodeBase64String(`${base64}=`)
    default:
      return Either.left("The segment length is not valid base64.")
  }
}

/**
 * The claims of a JWT, or `undefined` when `token` is not a JWT with a JSON
 * object payload. The payload (second segment) may be base64url or standard
 * base64, padded or not; the signature is not checked.
 *
 * @since 0.1.0
 * @category parsing
 */
export const claims = (token: string): Record<string, unknown> | undefined => {
  const parts = token.split(".")
  if (parts.length < 2 || parts[1] === "") return undefined
  const decoded = decodeSegment(parts[1]!)
  if (Either.isLeft(decoded)) return undefined
  try {
    const payload: unknown = JSON.parse(decoded.right)
    return typeof payload === "object" && payload !== null && !Array.isArray(payload)
      ? payload as Record<string, unknown>
      : undefined
  } catch {
    return undefined
  }
}

/**
 * Parses a token: a JWT's `exp` (seconds) and `acsScope`; any other non-empty
 * token is opaque and expires after the fallback lifetime. An empty token is
 * an `InvalidInput`.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (
  token: string | Redacted.Redacted<string>,
  options: Options
): Either.Either<TokenInfo, InvalidInput> => {
  const text = Redacted.isRedacted(token) ? Redacted.value(token) : token
  if (text.trim() === "") return Either.left(new InvalidInput({ field: "token", message: "The token is empty." }))
  const payload = claims(text)
  const exp = payload?.exp
  if (typeof exp === "number" && Number.isFinite(exp)) {
    const scope = payload?.acsScope
    return Either.right({
      expiresOnTimestamp: exp * 1000,
      scopes: typeof scope === "string" && scope !== "" ? scope.split(",").map((s) => s.trim()) : [],
      opaque: false
    })
  }
  const lifetime = options.opaqueTokenLifetimeSeconds ?? 600
  if (!(Number.isFinite(lifetime) && lifetime > 0)) {
    return Either.left(
      new InvalidInput({ field: "opaqueTokenLifetimeSeconds", message: "The opaque token lifetime must be a positive number." })
    )
  }
  return Either.right({ expiresOnTimestamp: options.now + lifetime * 1000, scopes: [], opaque: true })
}
