/**
 * What a call can fail with, as plain data, and the `RestError` every method
 * rejects with. No failure ever carries an access key or a token.
 */
import type * as ErrorEnvelope from "@effect-acs/identity-protocol/ErrorEnvelope"

/**
 * Why a call failed, tagged as the Effect client's errors are (same tags and fields).
 *
 * @since 0.1.0
 * @category models
 */
export type Failure =
  /** Input rejected before anything was sent. */
  | { readonly _tag: "InvalidInput"; readonly field: string; readonly message: string }
  /** The credential could not authenticate. */
  | { readonly _tag: "CredentialError"; readonly message: string; readonly cause?: unknown }
  /** No response: refused, reset, cut short, timed out. */
  | {
    readonly _tag: "TransportError"
    readonly operation: string
    readonly requestId: string
    readonly message: string
    readonly timedOut: boolean
    readonly cause?: unknown
  }
  /** The service answered with an error (or an unexpected) status. */
  | {
    readonly _tag: "ServiceError"
    readonly operation: string
    readonly status: number
    /** The `x-ms-client-request-id` sent. */
    readonly requestId: string
  } & ErrorEnvelope.Described
  /** A success status whose body is not the operation's model. */
  | {
    readonly _tag: "DecodeError"
    readonly operation: string
    readonly status: number
    readonly message: string
    readonly requestId: string
  }

/**
 * The error every method rejects with, shaped like `@azure/core-rest-pipeline`'s
 * `RestError`: `statusCode` and the service's `code` when there was a
 * response, the failure's tag as `code` otherwise, and `details` (the parsed
 * error body) as the official one has it.
 *
 * @since 0.1.0
 * @category errors
 */
export class RestError extends Error {
  override readonly name = "RestError"
  /** The HTTP status, when the service answered. */
  readonly statusCode: number | undefined
  /** The service's error code, or the failure's tag for client-side failures. */
  readonly code: string | undefined
  /** The parsed error body (`{ error: { code, message, … } }`), as the official `RestError`'s `details`. */
  readonly details: unknown
  /** The `x-ms-client-request-id` of the request, when one was sent. */
  readonly requestId: string | undefined
  /** The failure, with every field. */
  readonly error: Failure

  constructor(error: Failure) {
    super(error.message)
    this.error = error
    this.statusCode = "status" in error ? error.status : undefined
    this.code = error._tag === "ServiceError" ? error.code : error._tag
    this.requestId = "requestId" in error ? error.requestId : undefined
    this.details = error._tag !== "ServiceError" ? undefined : error.code === undefined ? {} : {
      error: {
        code: error.code,
        message: error.message,
        ...(error.target !== undefined && { target: error.target }),
        ...(error.details !== undefined && { details: error.details }),
        ...(error.innererror !== undefined && { innererror: error.innererror })
      }
    }
  }
}

/** The rejection of an aborted call, as the official client's. */
export const abortError = (message = "The operation was aborted."): Error =>
  Object.assign(new Error(message), { name: "AbortError" })

/** An `InvalidInput` failure as a `RestError`. */
export const invalid = (violation: { readonly field: string; readonly message: string }): RestError =>
  new RestError({ _tag: "InvalidInput", field: violation.field, message: violation.message })
