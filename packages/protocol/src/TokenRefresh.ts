/**
 * When a user token credential refreshes its token, and what it says when it
 * cannot: the rules of `@azure/communication-common`'s
 * `AzureCommunicationTokenCredential`, shared by every credential of both
 * Effect lines and the drop-in.
 *
 * @since 0.1.0
 */

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
