import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as ApiVersion from "@effect-acs/identity-protocol/ApiVersion"
import * as Models from "@effect-acs/identity/Models"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/** The content type of every JSON response. */
export const jsonContentType = "application/json; charset=utf-8"

/** The value of `api-supported-versions`. */
export const supportedVersions = ApiVersion.all.join(", ")

/** Headers a browser may send; answered on preflights. */
const allowedHeaders =
  "authorization, content-type, x-ms-date, x-ms-content-sha256, x-ms-client-request-id, x-ms-useragent, accept"

/** Response headers a browser may read. */
const exposedHeaders = "ms-cv, api-supported-versions, retry-after, retry-after-ms, x-ms-client-request-id"

/**
 * A failure answered with the service's error envelope.
 */
export class ApiError extends Data.TaggedError("ApiError")<{
  readonly status: number
  readonly code: string
  readonly message: string
  readonly target?: string
  readonly innererror?: Models.CommunicationError
}> {}

/** 400 `ValidationError`. */
export const validation = (message: string, target?: string): ApiError =>
  new ApiError({ status: 400, code: "ValidationError", message, ...(target !== undefined && { target }) })

const encodeError = Schema.encode(Models.CommunicationErrorResponse)

/** A JSON response from a value already encoded to its wire form. */
const json = (status: number, body: unknown): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(JSON.stringify(body), { status, contentType: jsonContentType })

/** A JSON response encoded with a core schema. */
export const encoded = <A, I>(
  schema: Schema.Schema<A, I>,
  status: number,
  value: A
): Effect.Effect<HttpServerResponse.HttpServerResponse> =>
  Effect.map(Effect.orDie(Schema.encode(schema)(value)), (wire) => json(status, wire))

/** The error envelope of an `ApiError`. */
export const errorResponse = (error: ApiError): Effect.Effect<HttpServerResponse.HttpServerResponse> =>
  Effect.map(
    Effect.orDie(encodeError({
      error: {
        code: error.code,
        message: error.message,
        ...(error.target !== undefined && { target: error.target }),
        ...(error.innererror !== undefined && { innererror: error.innererror })
      }
    })),
    (wire) => json(error.status, wire)
  )

/** The CORS preflight answer. */
export const preflight: HttpServerResponse.HttpServerResponse = HttpServerResponse.empty({
  status: 204,
  headers: {
    "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "access-control-allow-headers": allowedHeaders,
    "access-control-max-age": "86400"
  }
})

/** Adds the headers every response carries: versions, correlation ids, CORS. */
export const decorate = (
  request: HttpServerRequest.HttpServerRequest,
  response: HttpServerResponse.HttpServerResponse,
  correlationId: string
): HttpServerResponse.HttpServerResponse => {
  const clientRequestId = request.headers["x-ms-client-request-id"]
  const origin = request.headers["origin"]
  return HttpServerResponse.setHeaders(response, {
    "api-supported-versions": supportedVersions,
    "ms-cv": correlationId,
    "access-control-allow-origin": origin ?? "*",
    "access-control-expose-headers": exposedHeaders,
    ...(origin !== undefined && { vary: "origin" }),
    ...(clientRequestId !== undefined && { "x-ms-client-request-id": clientRequestId })
  })
}

/** Parses a request body: `undefined` when empty, else a JSON object. */
export const parseObject = (
  body: Uint8Array
): Effect.Effect<Readonly<Record<string, unknown>> | undefined, ApiError> => {
  if (body.length === 0) return Effect.succeed(undefined)
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder().decode(body))
  } catch {
    return Effect.fail(
      new ApiError({ status: 400, code: "BadRequest", message: "The request body is not valid JSON." })
    )
  }
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? Effect.succeed(value as Readonly<Record<string, unknown>>)
    : Effect.fail(new ApiError({ status: 400, code: "BadRequest", message: "The request body must be a JSON object." }))
}
