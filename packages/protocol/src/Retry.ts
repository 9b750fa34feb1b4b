/**
 * The retry rules, in line with the Azure core pipeline (`defaultRetryPolicy`):
 * which failures are retried, how long to wait, and the rule for creates that
 * are not idempotent. The Effect faces turn these into a `Schedule`.
 *
 * @since 0.1.0
 */

/**
 * Retry defaults: 3 retries, backoff from 1 s up to 64 s.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults = { maxRetries: 3, baseDelayMillis: 1000, maxDelayMillis: 64_000 } as const

/**
 * Whether a status is retried (for idempotent requests): 408, 429 and every
 * status ≥ 500 except 501 (Not Implemented) and 505 (HTTP Version Not Supported).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505)

/**
 * Whether a status says the request was not processed (throttled or
 * unavailable), so even a non-idempotent create may be sent again.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isNotProcessedStatus = (status: number): boolean => status === 429 || status === 503

/**
 * What went wrong with an attempt, as far as retrying is concerned.
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome =
  /** No response: refused, reset, cut short, timed out. */
  | { readonly kind: "transport"; readonly tooLarge: boolean }
  /** The service answered with an unexpected status. */
  | { readonly kind: "status"; readonly status: number }
  /** Anything else (bad input, credentials, undecodable success). */
  | { readonly kind: "final" }

/**
 * Whether an attempt's outcome may be retried; `idempotent` is false for a
 * create without `customId`, which is retried only when the service said it
 * did not process it (429, 503). A response over the size limit would come
 * again, so it is never retried.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryable = (outcome: Outcome, idempotent: boolean): boolean => {
  switch (outcome.kind) {
    case "transport":
      return idempotent && !outcome.tooLarge
    case "status":
      return idempotent ? isRetryableStatus(outcome.status) : isNotProcessedStatus(outcome.status)
    case "final":
      return false
  }
}

const numeric = /^\s*\d{1,15}(\.\d{1,15})?\s*$/

/**
 * The delay a response asks for, in ms: `retry-after-ms`, then
 * `x-ms-retry-after-ms`, then `Retry-After` (seconds or an HTTP date).
 * Garbage is ignored (`undefined`).
 *
 * @since 0.1.0
 * @category parsing
 */
export const retryAfterMillis = (header: (name: string) => string | undefined, now: number): number | undefined => {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = header(name)
    if (value !== undefined && numeric.test(value)) return Number(value)
  }
  const value = header("retry-after")
  if (value === undefined || value.length > 64) return undefined
  if (numeric.test(value)) return Number(value) * 1000
  // every HTTP-date form (IMF-fixdate, RFC 850, asctime) starts with a day name;
  // without this check Date.parse accepts garbage such as "-1" or "later 2099"
  if (!/^\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i.test(value)) return undefined
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * The backoff ceiling before retry `n` (from 0): min(maxDelay, baseDelay · 2ⁿ).
 * The wait is a uniform random delay in [ceiling/2, ceiling].
 *
 * @since 0.1.0
 * @category backoff
 */
export const backoffCeiling = (retry: number, baseDelayMillis: number, maxDelayMillis: number): number =>
  Math.min(maxDelayMillis, baseDelayMillis * 2 ** retry)

/**
 * The wait before a retry: the server's asked delay for 429 and 503 (as the
 * Azure throttling strategy honours it), else the jittered backoff, where
 * `random` is uniform in [0, 1).
 *
 * @since 0.1.0
 * @category backoff
 */
export const delayMillis = (
  retry: number,
  asked: number | undefined,
  random: number,
  baseDelayMillis: number,
  maxDelayMillis: number
): number => {
  if (asked !== undefined) return asked
  const ceiling = backoffCeiling(retry, baseDelayMillis, maxDelayMillis)
  return ceiling / 2 + random * (ceiling / 2)
}

/**
 * The largest delay a timer can wait (2³¹−1 ms, about 24.8 days); a longer
 * duration means no limit.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxTimerMillis = 2 ** 31 - 1
