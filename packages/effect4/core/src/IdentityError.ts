/**
 * The typed failures of the identity client. None of them ever carries an
 * access key or a token.
 *
 * They are `Data.TaggedError` classes, not Schema classes, so that importing
 * the client does not load `effect/Schema` (≈ 40 % of a cold start's
 * instructions on Node; see docs/performance.md).
 *
 * @since 0.1.0
 */
import type * as ErrorEnvelope from "@effect-acs/identity-protocol/ErrorEnvelope"
import * as Data from "effect/Data"

/**
 * Input rejected before any request was sent: a bad connection string,
 * endpoint, scope list, expiry, id, or a feature the api-version lacks.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInput extends Data.TaggedError("InvalidInput")<{
  /** The argument or setting at fault, e.g. `scopes` or `connectionString`. */
  readonly field: string
  readonly message: string
}> {}

/**
 * The credential could not produce authentication: an unusable key, a failing
 * token provider, or a crypto failure.
 *
 * @since 0.1.0
 * @category errors
 */
export class CredentialError extends Data.TaggedError("CredentialError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/**
 * No usable response: the connection failed, was reset, or an attempt (or
 * the whole operation) ran out of time.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Data.TaggedError("TransportError")<{
  readonly operation: string
  /** The `x-ms-client-request-id` that was sent. */
  readonly requestId: string
  readonly message: string
  /** The attempt (or the whole operation) ran out of time. */
  readonly timedOut: boolean
  readonly cause?: unknown
}> {}

/**
 * The service answered with an unexpected status; the fields come from its
 * error envelope when it sent one (credentials redacted), its correlation id
 * and the delay it asked for (`ErrorEnvelope.Described`).
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceError extends Data.TaggedError("ServiceError")<
  {
    readonly operation: string
    readonly status: number
    /** The `x-ms-client-request-id` that was sent. */
    readonly requestId: string
  } & ErrorEnvelope.Described
> {}

/**
 * A success status with a body that is not the documented model.
 *
 * @since 0.1.0
 * @category errors
 */
export class DecodeError extends Data.TaggedError("DecodeError")<{
  readonly operation: string
  readonly status: number
  readonly message: string
  readonly requestId: string
}> {}

/**
 * Every failure of the client.
 *
 * @since 0.1.0
 * @category errors
 */
export type IdentityError = InvalidInput | CredentialError | TransportError | ServiceError | DecodeError
