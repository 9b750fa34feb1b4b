/**
 * The auto-refreshing user token credential service.
 *
 * @since 0.1.0
 */
import type * as Redacted from "effect/Redacted"

/**
 * An access token and when it expires.
 *
 * @since 0.1.0
 * @category models
 */
export interface AccessToken {
  readonly token: Redacted.Redacted<string>
  /** Epoch milliseconds. */
  readonly expiresOnTimestamp: number
}
