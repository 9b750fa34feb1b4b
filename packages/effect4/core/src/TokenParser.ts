/**
 * Reads what a client needs from a Communication Services access token:
 * its expiry (`exp`) and scopes (`acsScope`). The JWT payload is decoded
 * (base64url); the signature is not checked — that is the service's job.
 *
 * @since 0.1.0
 */
import * as Jwt from "@effect-acs/identity-protocol/Jwt"
import * as Result from "effect/Result"
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
): Result.Result<TokenInfo, InvalidInput> => {
  const text = Redacted.isRedacted(token) ? Redacted.value(token) : token
  if (text.trim() === "") return Result.fail(new InvalidInput({ field: "token", message: "The token is empty." }))
  const payload = Jwt.claims(text)
  const expiresOnTimestamp = payload === undefined ? undefined : Jwt.expiresAt(payload)
  if (expiresOnTimestamp !== undefined) {
    return Result.succeed({ expiresOnTimestamp, scopes: Jwt.acsScopes(payload!), opaque: false })
  }
  const lifetime = options.opaqueTokenLifetimeSeconds ?? 600
  if (!(Number.isFinite(lifetime) && lifetime > 0)) {
    return Result.fail(
      new InvalidInput({
        field: "opaqueTokenLifetimeSeconds",
        message: "The opaque token lifetime must be a positive number."
      })
    )
  }
  return Result.succeed({ expiresOnTimestamp: options.now + lifetime * 1000, scopes: [], opaque: true })
}
