/**
 * The typed failures of the identity client. None of them ever carries an
 * access key or a token.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { CommunicationError } from "./Models.js"

/**
 * Input rejected before any request was sent: a bad connection string,
 * endpoint, scope list, expiry, id, or a feature the api-version lacks.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInput
  extends Schema.TaggedError<InvalidInput>("@effect-acs/identity/InvalidInput")("InvalidInput", {
    /** The argument or setting at fault, e.g. `scopes` or `connectionString`. */
    field: Schema.String,
    message: Schema.String
  })
{}

/**
 * The credential could not produce authentication: an unusable key, a failing
 * token provider, or a crypto failure.
 *
 * @since 0.1.0
 * @category errors
 */
export class CredentialError extends Schema.TaggedError<CredentialError>("@effect-acs/identity/CredentialError")(
  "CredentialError",
  {
    message: Schema.String,
    cause: Schema.optionalKey(Schema.Defect())
  }
) {}

/**
 * No usable response: the connection failed, was reset, or an attempt (or
 * the whole operation) ran out of time.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>("@effect-acs/identity/TransportError")(
  "TransportError",
  {
    operation: Schema.String,
    /** The `x-ms-client-request-id` that was sent. */
    requestId: Schema.String,
    message: Schema.String,
    /** The attempt (or the whole operation) ran out of time. */
    timedOut: Schema.Boolean,
    cause: Schema.optionalKey(Schema.Defect())
  }
) {}

/**
 * The service answered with an unexpected status; the fields come from its
 * error envelope when it sent one (credentials redacted).
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceError
  extends Schema.TaggedError<ServiceError>("@effect-acs/identity/ServiceError")("ServiceError", {
    operation: Schema.String,
    status: Schema.Number,
    /** The service's error `code`, absent when the body was not an error envelope. */
    code: Schema.optionalKey(Schema.String),
    message: Schema.String,
    target: Schema.optionalKey(Schema.String),
    details: Schema.optionalKey(Schema.Array(CommunicationError)),
    innererror: Schema.optionalKey(CommunicationError),
    /** The `x-ms-client-request-id` that was sent. */
    requestId: Schema.String,
    /** The service's correlation id (`ms-cv` or `x-ms-request-id`), when present. */
    serviceRequestId: Schema.optionalKey(Schema.String),
    /** The delay the service asked for (`retry-after-ms`, `x-ms-retry-after-ms`, `Retry-After`), in ms. */
    retryAfterMillis: Schema.optionalKey(Schema.Number)
  })
{}

/**
 * A success status with a body that is not the documented model.
 *
 * @since 0.1.0
 * @category errors
 */
export class DecodeError extends Schema.TaggedError<DecodeError>("@effect-acs/identity/DecodeError")("DecodeError", {
  operation: Schema.String,
  status: Schema.Number,
  message: Schema.String,
  requestId: Schema.String
}) {}

/**
 * Every failure of the client.
 *
 * @since 0.1.0
 * @category errors
 */
export type IdentityError = InvalidInput | CredentialError | TransportError | ServiceError | DecodeError
