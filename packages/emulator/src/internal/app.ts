import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as ApiVersion from "@effect-acs/identity-protocol/ApiVersion"
import * as Protocol from "@effect-acs/identity-protocol/Operation"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type { Fault, Operation } from "../Emulator.js"
import type * as Auth from "./auth.js"
import type { FaultQueue } from "./faults.js"
import { ApiError, decorate, errorResponse, jsonContentType, preflight, supportedVersions } from "./http.js"
import { type Env, handlers } from "./operations.js"
import * as Transport from "./transport.js"

/** The status a `malformed` fault answers with: the success status, 200 in place of 204 (which has no body). */
const malformedStatus = (operation: Operation): number => {
  const status = Protocol.operations[operation].status
  return status === 204 ? 200 : status
}

/** A table route (`/identities/{id}/:issueAccessToken`) in the router's syntax (`::` is a literal `:`). */
const routerPath = (route: string) =>
  route.replace(/\/:(?=\w+$)/, "/::").replace(/\{(\w+)\}/g, ":$1") as HttpRouter.PathInput

const statusCodes: Record<number, readonly [code: string, message: string]> = {
  429: ["TooManyRequests", "Too many requests; retry later."],
  500: ["InternalServerError", "An internal server error occurred."],
  503: ["ServiceUnavailable", "The service is temporarily unavailable; retry later."]
}

const pathOf = (url: string) => {
  const at = url.indexOf("?")
  return at < 0 ? url : url.slice(0, at)
}

const notFound = (request: HttpServerRequest.HttpServerRequest, detail: string) =>
  new ApiError({ status: 404, code: "NotFound", message: `${request.method} ${pathOf(request.url)} ${detail}.` })

const requestedVersion: Effect.Effect<ApiVersion.ApiVersion, ApiError, HttpServerRequest.ParsedSearchParams> = Effect
  .flatMap(HttpServerRequest.ParsedSearchParams, (params) => {
    const value = params["api-version"]
    if (value === undefined) {
      return Effect.fail(
        new ApiError({
          status: 400,
          code: "MissingApiVersion",
          message: `The api-version query parameter is required. Supported versions: ${supportedVersions}.`,
          target: "api-version"
        })
      )
    }
    return ApiVersion.isApiVersion(value) ? Effect.succeed(value) : Effect.fail(
      new ApiError({
        status: 400,
        code: "UnsupportedApiVersion",
        message: `The api-version '${String(value)}' is not supported. Supported versions: ${supportedVersions}.`,
        target: "api-version"
      })
    )
  })

/**
 * The answer of a `status` fault: `body` (as `contentType`, default
 * `text/plain`), else `Bad Gateway` text for 502 and an error envelope otherwise.
 */
const statusFault = (fault: Extract<Fault, { readonly kind: "status" }>) => {
  const headers = {
    ...(fault.retryAfterSeconds !== undefined && { "retry-after": String(fault.retryAfterSeconds) }),
    ...(fault.retryAfterMs !== undefined && { "retry-after-ms": String(fault.retryAfterMs) })
  }
  const envelope = statusCodes[fault.status]
  return fault.body === undefined && envelope !== undefined
    ? Effect.map(
      errorResponse(new ApiError({ status: fault.status, code: envelope[0], message: envelope[1] })),
      HttpServerResponse.setHeaders(headers)
    )
    : Effect.succeed(HttpServerResponse.text(fault.body ?? "Bad Gateway", {
      status: fault.status,
      headers,
      contentType: fault.contentType ?? "text/plain"
    }))
}

/** Builds the emulator's `HttpApp`. */
export const make = (options: {
  readonly env: Env
  readonly faults: FaultQueue
  readonly authenticate: ReturnType<typeof Auth.make>
  readonly log: boolean
}): Effect.Effect<HttpApp.Default> =>
  Effect.gen(function*() {
    const { authenticate, env, faults, log } = options

    /** Authenticates, then runs the operation; every `ApiError` becomes its envelope. */
    const perform = (
      operation: Operation,
      request: HttpServerRequest.HttpServerRequest,
      version: ApiVersion.ApiVersion,
      fault: Fault | undefined
    ) =>
      Effect.gen(function*() {
        const body = new Uint8Array(
          yield* Effect.mapError(
            request.arrayBuffer,
            () => new ApiError({ status: 400, code: "BadRequest", message: "The request body could not be read." })
          )
        )
        const now = yield* Clock.currentTimeMillis
        // an operation for end users is authenticated by their own Entra token instead
        if (Protocol.get(operation).auth === "resource") yield* authenticate(request, body, now)
        const params = yield* HttpRouter.params
        return yield* handlers[operation](env, { version, id: params["id"], params, body, request, now, fault })
      }).pipe(Effect.catchTag("ApiError", errorResponse))

    /**
     * One operation: version check and gate, then faults. `status` and `stall`
     * answer before processing (no state change), `latency` delays it;
     * `malformed`, `reset` and `truncate` apply after processing.
     */
    const route = (operation: Operation) =>
      Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        yield* env.stats.request(operation)
        const version = yield* requestedVersion
        const gate = Protocol.get(operation).feature
        if (gate !== undefined && !ApiVersion.supports(version, gate)) {
          return yield* notFound(request, `is not available in api-version ${version}`)
        }
        const fault = yield* faults.take(operation)
        if (fault !== undefined) yield* env.stats.add("faultsApplied")
        if (fault?.kind === "status") return yield* statusFault(fault)
        if (fault?.kind === "stall") return yield* Effect.never
        if (fault?.kind === "latency") yield* Effect.sleep(Duration.millis(fault.millis))
        const response = yield* perform(operation, request, version, fault)
        if (fault?.kind === "malformed") {
          return HttpServerResponse.text("{\"identity\":{\"id\":", {
            status: malformedStatus(operation),
            contentType: jsonContentType
          })
        }
        if (fault?.kind === "reset" || fault?.kind === "truncate") yield* Transport.request(fault.kind)
        return response
      }).pipe(Effect.catchTag("ApiError", errorResponse))

    // a path parameter as long as the HTTP server takes (the router's default, 100 characters, made a longer id
    // a 404 of the route instead of the operation's own answer)
    const routed = yield* HttpRouter.withRouterConfig(
      HttpRouter.toHttpApp(HttpRouter.fromIterable(Protocol.names.map((operation) => {
        const { method, route: path } = Protocol.get(operation)
        return HttpRouter.makeRoute(method, routerPath(path), route(operation))
      }))),
      { maxParamLength: Number.MAX_SAFE_INTEGER }
    )

    return Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const started = yield* Clock.currentTimeMillis
      const response = request.method === "OPTIONS" ? preflight : yield* routed.pipe(
        Effect.catchTag("RouteNotFound", () => errorResponse(notFound(request, "does not exist"))),
        Effect.catchAllDefect((defect) =>
          Effect.zipRight(
            log ? Effect.logError("internal error", defect) : Effect.void,
            errorResponse(
              new ApiError({ status: 500, code: "InternalServerError", message: "An internal error occurred." })
            )
          )
        )
      )
      const decorated = decorate(request, response, yield* env.crypto.randomUUID)
      if (log) {
        const elapsed = (yield* Clock.currentTimeMillis) - started
        yield* Effect.logInfo(`${request.method} ${pathOf(request.url)} ${decorated.status} ${elapsed}ms`)
      }
      return decorated
    })
  })
