/**
 * The service's error envelope (`{ "error": CommunicationError }`), read from
 * any text with bounded depth and breadth, with credentials redacted.
 *
 * @since 0.1.0
 */
import * as Redaction from "./Redaction.js"
import * as Retry from "./Retry.js"

/**
 * `CommunicationError` (recursive through `details` and `innererror`).
 *
 * @since 0.1.0
 * @category models
 */
export interface CommunicationError {
  readonly code: string
  readonly message: string
  readonly target?: string | undefined
  readonly details?: ReadonlyArray<CommunicationError> | undefined
  readonly innererror?: CommunicationError | undefined
}

/**
 * How deep `innererror`/`details` are read; deeper levels are dropped.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxDepth = 32

/**
 * How many `details` entries are read per level.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxDetails = 64

/**
 * The longest text read as an envelope (larger bodies are not parsed).
 *
 * @since 0.1.0
 * @category constants
 */
export const maxLength = 1_048_576

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const read = (value: unknown, depth: number, secrets: ReadonlyArray<string>): CommunicationError | undefined => {
  if (!isRecord(value)) return undefined
  const { code, details, innererror, message, target } = value
  if (typeof code !== "string" || typeof message !== "string") return undefined
  if (target !== undefined && typeof target !== "string") return undefined
  const error: {
    code: string
    message: string
    target?: string
    details?: ReadonlyArray<CommunicationError>
    innererror?: CommunicationError
  } = { code: Redaction.bounded(code, secrets), message: Redaction.bounded(message, secrets) }
  if (target !== undefined) error.target = Redaction.bounded(target, secrets)
  if (depth < maxDepth) {
    if (Array.isArray(details)) {
      const read_: Array<CommunicationError> = []
      for (const detail of details.slice(0, maxDetails)) {
        const one = read(detail, depth + 1, secrets)
        if (one !== undefined) read_.push(one)
      }
      error.details = read_
    }
    const inner = read(innererror, depth + 1, secrets)
    if (inner !== undefined) error.innererror = inner
  }
  return error
}

/**
 * The error of an envelope body, or `undefined` when the text is not one.
 * Nesting past {@link maxDepth} is dropped, never a stack overflow; every
 * string is redacted (JWT-shaped text and `secrets`).
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (text: string, secrets: ReadonlyArray<string> = []): CommunicationError | undefined => {
  if (text.length > maxLength || !text.trimStart().startsWith("{")) return undefined
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  return isRecord(json) ? read(json["error"], 0, secrets) : undefined
}

/**
 * What an unexpected response says about itself, ready for a typed error:
 * the envelope's fields (credentials redacted), else a bounded description
 * of the body, the service's correlation id and the delay it asked for.
 *
 * @since 0.1.0
 * @category models
 */
export interface Described {
  readonly message: string
  /** The service's error `code`, absent when the body was not an error envelope. */
  readonly code?: string
  readonly target?: string
  readonly details?: ReadonlyArray<CommunicationError>
  readonly innererror?: CommunicationError
  /** `ms-cv` or `x-ms-request-id`. */
  readonly serviceRequestId?: string
  /** `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After`, in ms. */
  readonly retryAfterMillis?: number
}

/**
 * The service's correlation id of a response: `ms-cv` (what the service and
 * the emulator send), else `x-ms-request-id`.
 *
 * @since 0.1.0
 * @category parsing
 */
export const serviceRequestId = (header: (name: string) => string | undefined): string | undefined =>
  header("ms-cv") ?? header("x-ms-request-id")

/**
 * Describes a response whose status is not the `expected` one.
 *
 * @since 0.1.0
 * @category parsing
 */
export const describe = (
  response: { readonly status: number; readonly header: (name: string) => string | undefined; readonly text: string },
  expected: number,
  secrets: ReadonlyArray<string>,
  now: number
): Described => {
  const { header, status, text } = response
  const error = parse(text, secrets)
  const requestId = serviceRequestId(header)
  const retryAfterMillis = Retry.retryAfterMillis(header, now)
  return {
    message: error?.message ??
      (status >= 200 && status < 300
        ? `Unexpected status ${status} (expected ${expected})`
        : Redaction.describeBody(text, status, secrets)),
    ...(error?.code !== undefined && { code: error.code }),
    ...(error?.target !== undefined && { target: error.target }),
    ...(error?.details !== undefined && { details: error.details }),
    ...(error?.innererror !== undefined && { innererror: error.innererror }),
    ...(requestId !== undefined && { serviceRequestId: requestId }),
    ...(retryAfterMillis !== undefined && { retryAfterMillis })
  }
}
