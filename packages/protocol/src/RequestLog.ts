/**
 * What a client logs about each HTTP attempt: one message, a fixed set of
 * fields, a URL without secrets and the service's request id. The Effect
 * lines log it at Debug; nothing here reads a header other than the request
 * id, a body or a credential.
 *
 * @since 0.1.0
 */
import * as ErrorEnvelope from "./ErrorEnvelope.js"
import * as Redaction from "./Redaction.js"

/**
 * The message of every attempt's log line.
 *
 * @since 0.1.0
 * @category constants
 */
export const message = "ACS Identity request"

/**
 * How an attempt ended: the response's status and headers, or the tag of the
 * failure when there was no response (`TransportError`, `CredentialError`,
 * `Interrupted`, …).
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome =
  | { readonly status: number; readonly header: (name: string) => string | undefined }
  | { readonly failure: string }

/**
 * The request a call sends, the same for each of its attempts.
 *
 * @since 0.1.0
 * @category models
 */
export interface Request {
  /** The client method's name. */
  readonly operation: string
  readonly method: string
  /** The URL as sent (reduced by {@link safeUrl} before it is logged). */
  readonly url: string
  /** The `x-ms-client-request-id` the client sent. */
  readonly requestId: string
}

/**
 * One attempt of a call, as the executor saw it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Attempt {
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly number: number
  /** From the start of the attempt (signing included) to its end, on the caller's clock. */
  readonly durationMillis: number
  readonly outcome: Outcome
}

/**
 * The fields of an attempt's log line, by name.
 *
 * @since 0.1.0
 * @category models
 */
export type Fields = {
  readonly "acs.operation": string
  readonly "http.request.method": string
  readonly "url.full": string
  readonly "acs.attempt": number
  readonly "acs.duration_ms": number
  readonly "acs.client_request_id": string
  /** Present when there was a response. */
  readonly "http.response.status_code"?: number
  /** The service's correlation id, when the response carries one. */
  readonly "acs.service_request_id"?: string
  /** The failure's tag, when there was no response. */
  readonly "error.type"?: string
}

/**
 * A URL reduced to what may be logged: scheme, host, path and the
 * `api-version` parameter — never user info, another query parameter or a
 * fragment; `secrets` and JWT-shaped text in the path are redacted. Text that
 * is not a URL gives {@link Redaction.placeholder}.
 *
 * @since 0.1.0
 * @category redaction
 */
export const safeUrl = (url: string, secrets: ReadonlyArray<string> = []): string => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return Redaction.placeholder
  }
  const version = parsed.searchParams.get("api-version")
  const base = `${parsed.protocol}//${parsed.host}${Redaction.redact(parsed.pathname, secrets)}`
  return version === null ? base : `${base}?api-version=${encodeURIComponent(version)}`
}

/**
 * The fields of an attempt's log line. Every text that came from outside the
 * client (the path's ids, the service's request id) is redacted of `secrets`
 * and JWT-shaped text; the request id is bounded as an error field is.
 *
 * @since 0.1.0
 * @category formatting
 */
export const fields = (request: Request, attempt: Attempt, secrets: ReadonlyArray<string> = []): Fields => {
  const common = {
    "acs.operation": request.operation,
    "http.request.method": request.method,
    "url.full": safeUrl(request.url, secrets),
    "acs.attempt": attempt.number,
    "acs.duration_ms": attempt.durationMillis,
    "acs.client_request_id": request.requestId
  }
  const { outcome } = attempt
  if ("failure" in outcome) return { ...common, "error.type": outcome.failure }
  const serviceRequestId = ErrorEnvelope.serviceRequestId(outcome.header)
  return {
    ...common,
    "http.response.status_code": outcome.status,
    ...(serviceRequestId !== undefined && { "acs.service_request_id": Redaction.bounded(serviceRequestId, secrets) })
  }
}
