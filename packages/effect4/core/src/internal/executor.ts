/**
 * One executor for every operation: prepare, send (through either path),
 * interpret, retry, time out and trace. The two send paths differ only in how
 * one attempt reaches the wire (`Attempt`).
 */
import * as Operation from "@effect-acs/identity-protocol/Operation"
import * as ErrorEnvelope from "@effect-acs/identity-protocol/ErrorEnvelope"
import * as RequestLog from "@effect-acs/identity-protocol/RequestLog"
import * as Requests from "@effect-acs/identity-protocol/Requests"
import type * as Rules from "@effect-acs/identity-protocol/Rules"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import * as Result from "effect/Result"
import * as Tracer from "effect/Tracer"
import type { Crypto } from "../Crypto.js"
import { DecodeError, InvalidInput, ServiceError, TransportError } from "../IdentityError.js"
import type { IdentityError } from "../IdentityError.js"
import * as Retry from "../Retry.js"
import * as Transport from "../Transport.js"
import type { Settings } from "./settings.js"

/** What one call sends and how its answer is read. */
export interface Call<A> {
  /** The client method's name (errors and spans carry it). */
  readonly operation: string
  /** The REST operation, from the protocol's table: method, route, success status. */
  readonly name: Operation.Name
  /** The `{id}` of the route. */
  readonly id?: string
  /** The named parameters of the route (`{tenantId}`, `{objectId}`). */
  readonly params?: Readonly<Record<string, string>>
  /** A later page of a list: its path and query after the endpoint (from `Paging.next`), instead of the route's. */
  readonly page?: string
  /** The request body in its model's type (secrets still `Redacted`); encoded through the model's schema. */
  readonly body?: unknown
  /** Reads the success body (the protocol's `Responses` readers: the models' shapes, checked without Schema). */
  readonly decode: (json: unknown) => Rules.Result<A>
  /** Whether a create carries a `customId` (which makes it safe to repeat once the earlier attempt is over). */
  readonly hasCustomId?: boolean
  /** Sent as the bearer token instead of the client's credential. */
  readonly userToken?: Redacted.Redacted<string>
  /** Secrets the call carries in its body, redacted from any error text. */
  readonly secrets?: ReadonlyArray<string>
}

/** A call ready to send: URL, headers (without authentication) and body, the same for every attempt. */
export interface Prepared {
  readonly operation: string
  readonly method: Operation.Operation["method"]
  readonly requestId: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
  readonly userToken: Redacted.Redacted<string> | undefined
  readonly now: () => number
}

/**
 * One attempt on the wire: the raw response, or a typed failure (no response,
 * credentials). Called anew for every attempt (it may sign when called).
 */
export type Attempt = (prepared: Prepared) => Effect.Effect<Transport.Direct.Response, IdentityError>

/** The message of an attempt that got no response in time. */
export const noResponse = (operation: string, millis: number): string =>
  `${operation}: no response within ${Duration.format(Duration.millis(millis))}`

/** A failure before a response was read, as a `TransportError`. */
export const transportError = (operation: string, requestId: string, reason: string, cause: unknown): TransportError =>
  new TransportError({
    operation,
    requestId,
    timedOut: Transport.isAttemptTimeout(cause),
    message: Transport.isAttemptTimeout(cause)
      ? noResponse(operation, cause.millis)
      : `${operation} failed before a response was read: ${reason}${
        cause instanceof Error ? ` (${cause.message})` : ""
      }`,
    cause
  })

/** An unexpected status as a `ServiceError`, with everything credential-like redacted. */
const serviceError = (
  prepared: Prepared,
  expected: number,
  response: Transport.Direct.Response,
  secrets: ReadonlyArray<string>
): ServiceError =>
  new ServiceError({
    operation: prepared.operation,
    status: response.status,
    requestId: prepared.requestId,
    ...ErrorEnvelope.describe(response, expected, secrets, prepared.now())
  })

/** Every secret a call sent: the credential's, the user's own token, those in its body. */
const sentSecrets = (call: Call<unknown>, secrets: () => ReadonlyArray<string>): ReadonlyArray<string> => {
  const sent = call.userToken === undefined ? secrets() : [Redacted.value(call.userToken), ...secrets()]
  return call.secrets ? [...sent, ...call.secrets] : sent
}

/** The status, body and decoding of a response, as the call's result or a typed error. */
const interpret = <A>(
  call: Call<A>,
  prepared: Prepared,
  response: Transport.Direct.Response,
  secrets: () => ReadonlyArray<string>
): Result.Result<A, IdentityError> => {
  const { operation, requestId } = prepared
  const { status, text } = response
  const expected = Operation.operations[call.name].status
  if (!Operation.isSuccess(Operation.operations[call.name], status)) {
    return Result.fail(serviceError(prepared, expected, response, sentSecrets(call, secrets)))
  }
  let json: unknown = undefined
  if (text !== "") {
    try {
      json = JSON.parse(text)
    } catch {
      return Result.fail(new DecodeError({ operation, status, requestId, message: "The response body is not JSON." }))
    }
  }
  const decoded = call.decode(json)
  return decoded.ok ? Result.succeed(decoded.value) : Result.fail(
    new DecodeError({
      operation,
      status,
      requestId,
      message:
        `The response body is not a valid ${operation} result: ${decoded.violation.field}: ${decoded.violation.message}`
    })
  )
}

/**
 * The request models whose bodies the protocol's `Requests` builds and checks
 * in full, with no secret in them: their JSON is the body as it is.
 */
const checkedByProtocol: ReadonlySet<Operation.ModelName> = new Set([
  "CommunicationIdentityCreateRequest",
  "CommunicationIdentityAccessTokenRequest"
])

/** A body's `Redacted` fields (the exchanged token) as their values: unwrapped only here, as it becomes JSON. */
const reveal = (body: unknown): unknown =>
  typeof body === "object" && body !== null && !Array.isArray(body)
    ? Object.fromEntries(
      Object.entries(body).map(([key, value]) => [key, Redacted.isRedacted(value) ? Redacted.value(value) : value])
    )
    : body

/**
 * A request body as JSON text, in its request model's shape
 * (`Requests.shapeBody`: the model's keys only, `Redacted` secrets unwrapped
 * only here), or an `InvalidInput` when it does not fit the model.
 */
const encodeBody = (
  operation: Operation.Operation,
  call: Call<unknown>
): Result.Result<string | undefined, InvalidInput> => {
  if (call.body === undefined) return Result.succeed(undefined)
  if (operation.request === undefined || checkedByProtocol.has(operation.request)) {
    return Result.succeed(JSON.stringify(call.body))
  }
  const shaped = Requests.shapeBody(operation.request, call.body)
  return shaped.ok
    ? Result.succeed(JSON.stringify(reveal(shaped.value)))
    : Result.fail(
      new InvalidInput({
        field: shaped.violation.field,
        message: `Not a valid ${operation.request}: ${shaped.violation.field}: ${shaped.violation.message}`
      })
    )
}

/** The tag of an attempt's failure: its error's, else `Interrupted` or `Defect`. */
const failureTag = (cause: Cause.Cause<IdentityError>): string => {
  const error = Cause.findErrorOption(cause)
  return error._tag === "Some" ? error.value._tag : Cause.hasInterruptsOnly(cause) ? "Interrupted" : "Defect"
}

/**
 * `sent`, the `number`-th attempt of the call, logging one Debug line
 * (`RequestLog`) when it ends: its number, its duration on the `Clock`
 * (from now), the status or the failure's tag. Made only when Debug is enabled.
 */
const logged = (
  sent: Effect.Effect<Transport.Direct.Response, IdentityError>,
  prepared: Prepared,
  number: number,
  secrets: () => ReadonlyArray<string>
): Effect.Effect<Transport.Direct.Response, IdentityError> => {
  const started = prepared.now()
  return Effect.onExit(sent, (exit) =>
    Effect.annotateLogs(
      Effect.logDebug(RequestLog.message),
      RequestLog.fields(prepared, {
        number,
        durationMillis: prepared.now() - started,
        outcome: Exit.isSuccess(exit) ? exit.value : { failure: failureTag(exit.cause) }
      }, secrets())
    ))
}

const jsonBody = { "content-type": "application/json" }

/**
 * The executor over one send path: it sends a call with retries and timeouts,
 * inside the operation's span. The happy path pays for no retry machinery:
 * the schedule starts only after a retryable failure, replaying that failure
 * as its first input, and the retries share what is left of the overall timeout.
 * Each attempt is logged at Debug when the fiber's minimum log level lets
 * Debug through (checked once per call; otherwise nothing is built for it).
 */
export const make = (settings: Settings, crypto: Crypto.Service, attempt: Attempt) => {
  const { baseHeaders, endpoint, query, retry, timeout, timeoutMillis } = settings
  const secrets = settings.authorizer.secrets
  return <A>(call: Call<A>): Effect.Effect<A, IdentityError> =>
    Effect.withFiber((fiber) => {
      const clock = fiber.getRef(Clock.Clock)
      const now = () => clock.currentTimeMillisUnsafe()
      const start = now()
      const debug = !LogLevel.isGreaterThan(fiber.getRef(References.MinimumLogLevel), "Debug")
      const operation = Operation.get(call.name)
      const idempotent = Operation.isIdempotent(operation, call.hasCustomId === true)
      const body = encodeBody(operation, call)
      if (body._tag === "Failure") return Effect.fail(body.failure)
      const sendAs = (requestId: string) => {
        const prepared: Prepared = {
          operation: call.operation,
          method: operation.method,
          requestId,
          url: endpoint + (call.page ??
            (call.params === undefined
                ? Operation.path(call.name, call.id)
                : Operation.pathWith(call.name, call.params))
                .slice(1) + query),
          // `Object.assign`, not object spread: spreading these costs ≈ 1.5 µs per request on Node 20
          headers: Object.assign(
            {},
            baseHeaders,
            { "x-ms-client-request-id": requestId },
            call.body === undefined
              ? undefined
              : operation.contentType === undefined
              ? jsonBody
              : { "content-type": operation.contentType }
          ),
          body: body.success,
          userToken: call.userToken,
          now
        }
        let attempts = 0
        /** One attempt, signed and sent anew each time it is made. */
        const sent = () =>
          debug ? logged(attempt(prepared), prepared, ++attempts, () => sentSecrets(call, secrets)) : attempt(prepared)
        const once = Effect.suspend(() =>
          Effect.flatMap(sent(), (response) => Effect.fromResult(interpret(call, prepared, response, secrets)))
        )
        const retried = (first: IdentityError) => {
          if (!Retry.isRetryable(first, idempotent)) return Effect.fail(first)
          let replay = true
          const again = Effect.suspend(() => replay ? ((replay = false), Effect.fail(first)) : once)
          return again.pipe(
            // a wait that would reach the deadline is not made: the last error surfaces at once
            Effect.retry(Retry.schedule(retry, idempotent, start + timeoutMillis)),
            Effect.timeoutOrElse({
              duration: Duration.millis(Math.max(0, timeoutMillis - (now() - start))),
              orElse: () =>
                Effect.fail(
                  new TransportError({
                    operation: call.operation,
                    requestId,
                    timedOut: true,
                    message: `${call.operation}: not completed within ${Duration.format(timeout)}`
                  })
                )
            })
          )
        }
        // the first attempt in one step: its response interpreted, or its failure retried
        return Effect.matchEffect(sent(), {
          onFailure: retried,
          onSuccess: (response) => {
            const result = interpret(call, prepared, response, secrets)
            return result._tag === "Success" ? Effect.succeed(result.success) : retried(result.failure)
          }
        })
      }
      const program = crypto.sync === undefined
        ? Effect.flatMap(crypto.randomUUID, sendAs)
        : sendAs(crypto.sync.randomUUID())
      // Effect's native tracer records nowhere: with it (or with tracing off) the
      // operation span would be pure cost, so it is made only for a real tracer
      if (fiber.getRef(Tracer.Tracer) === Tracer.nativeTracer || !fiber.getRef(References.TracerEnabled)) return program
      return program.pipe(
        Effect.tapError((error) =>
          Effect.annotateCurrentSpan({
            "error.type": error._tag,
            ...("status" in error && { "http.response.status_code": error.status })
          })
        ),
        Effect.withSpan(`CommunicationIdentityClient.${call.operation}`, {
          kind: "client",
          attributes: { ...settings.spanAttributes, "acs.operation": call.operation }
        }, { captureStackTrace: false })
      )
    })
}
