/**
 * The retry policy, in line with the Azure core pipeline (`defaultRetryPolicy`):
 *
 * - **What**: up to 3 retries on 408, 429, every status ≥ 500 except 501 and
 *   505, and transport failures (timeouts included).
 * - **When**: a 429 or 503 with `retry-after-ms`, `x-ms-retry-after-ms` or
 *   `Retry-After` (seconds or an HTTP date) waits exactly that long; anything
 *   else backs off exponentially with jitter: retry n (from 0) waits a uniform
 *   delay in [c/2, c] with c = min(maxDelay, baseDelay · 2^n) (≈ 0.5–1 s,
 *   1–2 s, 2–4 s by default).
 * - **Deadline**: a wait that would end at or past the operation's deadline
 *   (its overall timeout) is not made: the last error surfaces at once.
 * - **Creates**: a create without `customId` is not idempotent; it is retried
 *   only when the service said it did not process it (429, 503), never after a
 *   transport failure, a timeout or another status, where a second identity
 *   could result. A create with `customId` is retried only once the service
 *   answered (not after a transport failure, a timeout, 502 or 504, where the
 *   first attempt may still run and race the repeat into a second identity);
 *   `MultipleIdentitiesForCustomId` is never retried.
 * - **Never**: a response larger than the transport's limit
 *   ({@link ResponseTooLargeError}); 4xx other than 408/429; decoding failures.
 *
 * @since 0.1.0
 */
import * as Protocol from "@effect-acs/identity-protocol/Retry"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import type { IdentityError } from "./IdentityError.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Policy {
  /** Retries after the first attempt; default 3. `0` disables retries. */
  readonly maxRetries?: number
  /** First backoff delay; default 1 second. */
  readonly baseDelay?: Duration.Input
  /** Largest backoff delay; default 64 seconds. */
  readonly maxDelay?: Duration.Input
}

export {
  /**
   * Whether `cause` is a {@link ResponseTooLargeError} (from any copy of this module).
   *
   * @since 0.1.0
   * @category predicates
   */
  isResponseTooLarge,
  /**
   * The cause a transport fails with when a response body exceeds its size
   * limit (the node transport's `maxResponseBytes`); never retried.
   *
   * @since 0.1.0
   * @category errors
   */
  ResponseTooLargeError,
  /**
   * Whether a status says the request was not processed (throttled or
   * unavailable), so even a non-idempotent create may be sent again.
   *
   * @since 0.1.0
   * @category predicates
   */
  isNotProcessedStatus,
  /**
   * Whether a status is retried (for idempotent requests): 408, 429 and every
   * status ≥ 500 except 501 (Not Implemented) and 505 (HTTP Version Not Supported).
   *
   * @since 0.1.0
   * @category predicates
   */
  isRetryableStatus,
  /**
   * The delay a response asks for, in ms: `retry-after-ms`, then
   * `x-ms-retry-after-ms`, then `Retry-After` (seconds or an HTTP date).
   *
   * @since 0.1.0
   * @category parsing
   */
  retryAfterMillis
} from "@effect-acs/identity-protocol/Retry"

const outcome = (error: IdentityError): Protocol.Outcome => {
  switch (error._tag) {
    case "TransportError":
      return { kind: "transport", tooLarge: Protocol.isResponseTooLarge(error.cause) }
    case "ServiceError":
      return { kind: "status", status: error.status, code: error.code }
    default:
      return { kind: "final" }
  }
}

/**
 * Whether an error may be retried, by the request's idempotency (`false` for a
 * create without `customId`, `"customId"` for one with it; see the protocol's
 * `Retry.Idempotency`).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryable = (error: IdentityError, idempotent: Protocol.Idempotency): boolean =>
  Protocol.isRetryable(outcome(error), idempotent)

/**
 * The wait the server asked for, honoured for 429 and 503 only (as the Azure
 * throttling strategy does); `undefined` means exponential backoff.
 *
 * @since 0.1.0
 * @category parsing
 */
export const throttlingDelayMillis = (error: IdentityError): number | undefined =>
  error._tag === "ServiceError" && Protocol.isNotProcessedStatus(error.status) ? error.retryAfterMillis : undefined

/**
 * The retry schedule over the errors of an operation; it outputs each delay.
 * `deadline` (epoch ms on the `Clock`) is when the operation times out: a
 * wait that would reach it ends the retries with the last error instead.
 *
 * @since 0.1.0
 * @category constructors
 */
export const schedule = (
  policy: Policy,
  idempotent: Protocol.Idempotency,
  deadline?: number
): Schedule.Schedule<Duration.Duration, IdentityError> => {
  const maxRetries = policy.maxRetries ?? Protocol.defaults.maxRetries
  const base = policy.baseDelay === undefined ? Protocol.defaults.baseDelayMillis : Duration.toMillis(policy.baseDelay)
  const max = policy.maxDelay === undefined ? Protocol.defaults.maxDelayMillis : Duration.toMillis(policy.maxDelay)
  return Schedule.fromStep(Effect.sync(() => {
    let retries = 0
    return (now: number, error: IdentityError) => {
      if (retries >= maxRetries || !isRetryable(error, idempotent)) return Cause.done(Duration.zero)
      const asked = throttlingDelayMillis(error)
      return Effect.flatMap(asked === undefined ? Random.next : Effect.succeed(0), (random) => {
        const delay = Protocol.delayMillis(retries, asked, random, base, max)
        if (deadline !== undefined && now + delay >= deadline) return Cause.done(Duration.zero)
        retries++
        const wait = Duration.millis(delay)
        return Effect.succeed([wait, wait] as [Duration.Duration, Duration.Duration])
      })
    }
  }))
}
