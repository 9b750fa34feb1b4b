/**
 * When a user token credential refreshes its token, and what it says when it
 * cannot: the rules of `@azure/communication-common`'s
 * `AzureCommunicationTokenCredential`, shared by every credential of both
 * Effect lines and the drop-in.
 *
 * @since 0.1.0
 */
import * as Jwt from "./Jwt.js"
import type * as Rules from "./Rules.js"

/**
 * How long before expiry a token counts as expiring soon (refreshed
 * proactively, and not handed out as fresh): ten minutes.
 *
 * @since 0.1.0
 * @category constants
 */
export const expiringSoonMillis = 10 * 60 * 1000

/**
 * The messages of the official credential (and ours where it has no twin).
 *
 * @since 0.1.0
 * @category constants
 */
export const messages = {
  disposed: "User credential is disposed",
  expired: "The token returned from the tokenRefresher is expired.",
  invalidAccessToken:
    "Invalid token: expected a string or an AccessToken with a non-empty token and a finite expiresOnTimestamp.",
  invalidLifetime: "The opaque token lifetime must be a positive number."
} as const

/**
 * The delay before a proactive refresh of a token expiring at
 * `expiresOnTimestamp`: until it is expiring soon; once it is, half of the
 * time left (at least 1 ms), and at once when it has expired.
 *
 * @since 0.1.0
 * @category scheduling
 */
export const refreshDelayMillis = (expiresOnTimestamp: number, now: number): number => {
  const ttl = expiresOnTimestamp - now
  if (now < expiresOnTimestamp - expiringSoonMillis) return ttl - expiringSoonMillis
  return ttl <= 0 ? 0 : Math.max(1, Math.floor(ttl / 2))
}

/**
 * Whether an assumed lifetime for opaque tokens (seconds) is usable.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isLifetime = (seconds: number | undefined): boolean =>
  seconds === undefined || (Number.isFinite(seconds) && seconds > 0)

/**
 * What a token says about itself: when it expires, whether it was opaque
 * (not a readable JWT, so the assumed lifetime was used) and its claims.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenInfo {
  /** Epoch ms. */
  readonly expiresOnTimestamp: number
  readonly opaque: boolean
  /** The JWT payload, when the token is a readable JWT. */
  readonly claims: Record<string, unknown> | undefined
}

/**
 * Reads a token string: its `exp` claim, or for an opaque token `now` plus
 * the assumed lifetime (seconds; default 600). An empty token and an unusable
 * lifetime are violations (which never contain the token).
 *
 * @since 0.1.0
 * @category parsing
 */
export const readExpiry = (
  text: string,
  now: number,
  opaqueTokenLifetimeSeconds: number | undefined
): Rules.Result<TokenInfo> => {
  if (text.trim() === "") return { ok: false, violation: { field: "token", message: "The token is empty." } }
  const claims = Jwt.claims(text)
  const expiresOnTimestamp = claims === undefined ? undefined : Jwt.expiresAt(claims)
  if (expiresOnTimestamp !== undefined) return { ok: true, value: { expiresOnTimestamp, opaque: false, claims } }
  const lifetime = opaqueTokenLifetimeSeconds ?? 600
  if (!(Number.isFinite(lifetime) && lifetime > 0)) {
    return { ok: false, violation: { field: "opaqueTokenLifetimeSeconds", message: messages.invalidLifetime } }
  }
  return { ok: true, value: { expiresOnTimestamp: now + lifetime * 1000, opaque: true, claims: undefined } }
}

/**
 * A token as a credential is handed it — a string (its expiry read by
 * {@link readExpiry}) or an `AccessToken` with a non-empty `token` and a
 * finite `expiresOnTimestamp` — or the violation.
 *
 * @since 0.1.0
 * @category parsing
 */
export const readToken = (
  input: unknown,
  now: number,
  opaqueTokenLifetimeSeconds: number | undefined
): Rules.Result<{ readonly token: string; readonly expiresOnTimestamp: number; readonly opaque: boolean }> => {
  if (typeof input === "string") {
    const info = readExpiry(input, now, opaqueTokenLifetimeSeconds)
    return info.ok
      ? {
        ok: true,
        value: { token: input, expiresOnTimestamp: info.value.expiresOnTimestamp, opaque: info.value.opaque }
      }
      : info
  }
  if (typeof input === "object" && input !== null && "token" in input && "expiresOnTimestamp" in input) {
    const { expiresOnTimestamp, token } = input
    if (
      typeof token === "string" && token.length > 0 && typeof expiresOnTimestamp === "number" &&
      Number.isFinite(expiresOnTimestamp)
    ) return { ok: true, value: { token, expiresOnTimestamp, opaque: false } }
  }
  return { ok: false, violation: { field: "token", message: messages.invalidAccessToken } }
}
