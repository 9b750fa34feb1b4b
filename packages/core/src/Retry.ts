/**
 * The retry policy, in line with the Azure core pipeline: up to 3 retries on
 * 408, 429, 500, 502, 503, 504 and transport failures; the server's
 * `retry-after-ms` / `x-ms-retry-after-ms` / `Retry-After` is honoured,
 * otherwise exponential backoff with jitter (1 s, 2 s, 4 s … each in [c/2, c],
 * capped). A create without `customId` is not idempotent: it is retried only
 * when the service said it did not process it (429, 503) — never after a
 * transport failure or another status, where a second identity could result.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
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
  readonly baseDelay?: Duration.DurationInput
  /** Largest backoff delay; default 64 seconds. */
  readonly maxDelay?: Duration.DurationInput
}

const retryableStatuses = new Set([408, 429, 500, 502, 503, 504])
const notProcessedStatuses = new Set([429, 503])

/**
 * Whether an error may be retried; `idempotent` is false for a create
 * without `customId`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryable = (error: IdentityError, idempotent: boolean): boolean => {
  switch (error._tag) {
    case "TransportError":
      return idempotent
    case "ServiceError":
      return (idempotent ? retryableStatuses : notProcessedStatuses).has(error.status)
    default:
      return false
  }
}

/**
 * The delay a response asks for, in ms: `retry-after-ms`, then
 * `x-ms-retry-after-ms`, then `Retry-After` (seconds or an HTTP date).
 *
 * @since 0.1.0
 * @category parsing
 */
export const retryAfterMillis = (header: (name: string) => string | undefined, now: number): number | undefined => {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = header(name)
    if (value !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value)
  }
  const value = header("retry-after")
  if (value === undefined) return undefined
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000
  // every HTTP-date form (IMF-fixdate, RFC 850, asctime) starts with a day name;
  // without this check Date.parse accepts garbage such as "-1" or "later 2099"
  if (!/^\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i.test(value)) return undefined
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * The retry schedule over errors of an operation.
 *
 * @since 0.1.0
 * @category constructors
 */
export const schedule = (policy: Policy, idempotent: boolean): Schedule.Schedule<unknown, IdentityError> => {
  const maxDelay = Duration.decode(policy.maxDelay ?? Duration.seconds(64))
  return Schedule.exponential(policy.baseDelay ?? Duration.seconds(1), 2).pipe(
    Schedule.jitteredWith({ min: 0.5, max: 1 }),
    Schedule.modifyDelay((_, delay) => Duration.min(delay, maxDelay)),
    Schedule.intersect(Schedule.recurs(policy.maxRetries ?? 3)),
    Schedule.intersect(Schedule.identity<IdentityError>()),
    Schedule.whileInput((error: IdentityError) => isRetryable(error, idempotent)),
    Schedule.modifyDelay(([, error], delay) =>
      error._tag === "ServiceError" && error.retryAfterMillis !== undefined
        ? Duration.millis(error.retryAfterMillis)
        : delay
    )
  )
}
