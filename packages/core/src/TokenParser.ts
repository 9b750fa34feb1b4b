/**
 * Reads what a client needs from a Communication Services access token:
 * its expiry (`exp`) and scopes (`acsScope`). The JWT payload is decoded
 * (base64url); the signature is not checked — that is the service's job.
 *
 * @since 0.1.0
 */
import * as Jwt from "@effect-acs/identity-protocol/Jwt"
import * as TokenRefresh from "@effect-acs/identity-protocol/TokenRefresh"
import * as Either from "effect/Either"
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

/**
 * The claims of a JWT, or `undefined` when `token` is not a JWT with a JSON
 * object payload. The payload (second segment) may be base64url or standard
 * base64, padded or not; the signature is not checked.
 *
 * @since 0.1.0
 * @category parsing
 */
export const claims: (token: string) => Record<string, unknown> | undefined = Jwt.claims

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
  const read = TokenRefresh.readExpiry(text, options.now, options.opaqueTokenLifetimeSeconds)
  if (!read.ok) return Either.left(new InvalidInput(read.violation))
  const { claims, expiresOnTimestamp, opaque } = read.value
  return Either.right({ expiresOnTimestamp, scopes: claims === undefined ? [] : Jwt.acsScopes(claims), opaque })
}
