/**
 * The retry rules, in line with the Azure core pipeline (`defaultRetryPolicy`):
 * which failures are retried, how long to wait, and the rules for creates
 * (without `customId`: not idempotent; with one: safe only once the earlier
 * attempt is over). The Effect faces turn these into a `Schedule`.
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
 * The error code of a create whose `customId` already has more than one
 * identity: concurrent creates with one `customId` are not atomic in the
 * service and can make two identities, after which every create with that
 * `customId` fails with it (Azure/azure-sdk-for-js#38531). Sending again
 * cannot help, whatever the status: it is never retried.
 *
 * @since 0.1.0
 * @category constants
 */
export const multipleIdentitiesForCustomId = "MultipleIdentitiesForCustomId"

/**
 * How safe it is to send a request again when its outcome is unknown:
 *
 * - `true`: idempotent (reads, issue, revoke, delete, exchanges, assignments);
 * - `false`: a create without `customId`, sent again only when the service
 *   said it did not process it (429, 503);
 * - `"customId"`: a create with a `customId`. Repeating it after the first
 *   one finished returns the same identity, but a repeat that overlaps a
 *   first attempt still running in the service races it and can make a
 *   second identity for the `customId`. So it is sent again only after the
 *   service itself answered (the attempt is over): on a retryable status
 *   other than 502 and 504 (a gateway answered; the service may still be
 *   processing) — never after a failure without a response (reset, timeout,
 *   cut-off body), where the first attempt may still be running.
 *
 * @since 0.1.0
 * @category models
 */
export type Idempotency = boolean | "customId"

/**
 * Whether a status came from a gateway in front of the service (502 Bad
 * Gateway, 504 Gateway Timeout), which says nothing about whether the
 * service is still processing the request.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isGatewayStatus = (status: number): boolean => status === 502 || status === 504

/**
 * What went wrong with an attempt, as far as retrying is concerned.
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome =
  /** No response: refused, reset, cut short, timed out. */
  | { readonly kind: "transport"; readonly tooLarge: boolean }
  /** The service answered with an unexpected status (and the error code of its envelope, if any). */
  | { readonly kind: "status"; readonly status: number; readonly code?: string | undefined }
  /** Anything else (bad input, credentials, undecodable success). */
  | { readonly kind: "final" }

/**
 * Whether an attempt's outcome may be retried, by the request's
 * {@link Idempotency}. A response over the size limit would come again, and
 * `MultipleIdentitiesForCustomId` stays until an identity is deleted: neither
 * is ever retried.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryable = (outcome: Outcome, idempotency: Idempotency): boolean => {
  switch (outcome.kind) {
    case "transport":
      return idempotency === true && !outcome.tooLarge
    case "status":
      if (outcome.code === multipleIdentitiesForCustomId) return false
      return idempotency === true
        ? isRetryableStatus(outcome.status)
        : idempotency === "customId"
        ? isRetryableStatus(outcome.status) && !isGatewayStatus(outcome.status)
        : isNotProcessedStatus(outcome.status)
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

/**
 * The cause a transport fails with when a response body exceeds its size
 * limit (1 MiB by default). A larger body would come again, so such a
 * failure is never retried.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseTooLargeError extends Error {
  /** Tells this error apart across copies of the module. */
  readonly _tag = "ResponseTooLargeError"
  override readonly name = "ResponseTooLargeError"

  constructor(
    /** The limit, in bytes. */
    readonly limit: number
  ) {
    super(`The response body exceeds ${limit} bytes.`)
  }
}

/**
 * Whether `cause` is a {@link ResponseTooLargeError} (from any copy of this module).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isResponseTooLarge = (cause: unknown): cause is ResponseTooLargeError =>
  cause instanceof Error && (cause as { readonly _tag?: unknown })._tag === "ResponseTooLargeError"
