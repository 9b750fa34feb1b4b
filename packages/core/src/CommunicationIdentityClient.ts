/**
 * The Identity client: every operation of the service as an Effect, over an
 * abstract `HttpClient` and `Crypto`.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import { identity } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Tracer from "effect/Tracer"
import * as ApiVersion from "./ApiVersion.js"
import * as Auth from "./Auth.js"
import * as ConnectionString from "./ConnectionString.js"
import { Crypto } from "./Crypto.js"
import { CredentialError, DecodeError, InvalidInput, ServiceError, TransportError } from "./IdentityError.js"
import type { IdentityError } from "./IdentityError.js"
import * as Models from "./Models.js"
import * as Retry from "./Retry.js"
import * as Signing from "./Signing.js"
import * as Transport from "./Transport.js"

/**
 * A Communication Services user.
 *
 * @since 0.1.0
 * @category models
 */
export interface CommunicationUser {
  readonly communicationUserId: string
}

/**
 * An access token; the token itself stays `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export interface AccessToken {
  readonly token: Redacted.Redacted<string>
  readonly expiresOn: Date
}

/**
 * A new user with its first token.
 *
 * @since 0.1.0
 * @category models
 */
export interface CommunicationUserToken extends AccessToken {
  readonly user: CommunicationUser
}

/**
 * A user's details (api-version `2025-03-02-preview`).
 *
 * @since 0.1.0
 * @category models
 */
export interface CommunicationUserDetail {
  readonly user: CommunicationUser
  readonly customId?: string
  readonly lastTokenIssuedAt?: Date
}

/**
 * @since 0.1.0
 * @category models
 */
export interface TokenOptions {
  /** Token lifetime, an integer in 60..1440; the service's default is 1440. */
  readonly expiresInMinutes?: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface CreateUserOptions {
  /** Your own id for the user (api-version `2025-03-02-preview`); creating with it again returns the same user. */
  readonly customId?: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface TeamsUserExchange {
  /** The Teams user's Entra ID access token. */
  readonly teamsUserAadToken: string | Redacted.Redacted<string>
  /** The Entra application's client id (the token's `appid`). */
  readonly clientId: string
  /** The Teams user's object id (the token's `oid`). */
  readonly userObjectId: string
}

/**
 * The Identity client.
 *
 * @since 0.1.0
 * @category tags
 */
export class CommunicationIdentityClient extends Context.Tag("@effect-acs/identity/CommunicationIdentityClient")<
  CommunicationIdentityClient,
  CommunicationIdentityClient.Service
>() {}

/**
 * @since 0.1.0
 */
export declare namespace CommunicationIdentityClient {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** The api-version every request is sent with. */
    readonly apiVersion: ApiVersion.ApiVersion
    /** `POST /identities`. */
    readonly createUser: (options?: CreateUserOptions) => Effect.Effect<CommunicationUser, IdentityError>
    /** `POST /identities` with `createTokenWithScopes`. */
    readonly createUserAndToken: (
      scopes: ReadonlyArray<Models.TokenScope>,
      options?: TokenOptions & CreateUserOptions
    ) => Effect.Effect<CommunicationUserToken, IdentityError>
    /** `POST /identities/{id}/:issueAccessToken`. */
    readonly getToken: (
      user: CommunicationUser,
      scopes: ReadonlyArray<Models.TokenScope>,
      options?: TokenOptions
    ) => Effect.Effect<AccessToken, IdentityError>
    /** `POST /identities/{id}/:revokeAccessTokens`. */
    readonly revokeTokens: (user: CommunicationUser) => Effect.Effect<void, IdentityError>
    /** `DELETE /identities/{id}`: deletes the user and revokes its tokens. */
    readonly deleteUser: (user: CommunicationUser) => Effect.Effect<void, IdentityError>
    /** `GET /identities/{id}` (api-version `2025-03-02-preview`). */
    readonly getUser: (user: CommunicationUser) => Effect.Effect<CommunicationUserDetail, IdentityError>
    /** `POST /teamsUser/:exchangeAccessToken`: a Teams user's Entra token for an ACS token. */
    readonly getTokenForTeamsUser: (exchange: TeamsUserExchange) => Effect.Effect<AccessToken, IdentityError>
    /**
     * `POST /access/teamsExtension/:exchangeAccessToken` (api-version `2025-03-02-preview` or
     * `2025-06-30`): a Teams Phone extension user's Entra ID token for an ACS token and identity.
     * Authenticated by that Entra token, not by the client's credential.
     */
    readonly getTokenForTeamsExtensionUser: (
      entraToken: string | Redacted.Redacted<string>
    ) => Effect.Effect<CommunicationUserToken, IdentityError>
  }

  /**
   * Where and how to connect.
   *
   * @since 0.1.0
   * @category models
   */
  export type Options =
    & (
      | { readonly connectionString: string | Redacted.Redacted<string> }
      | { readonly endpoint: string | URL; readonly credential: Auth.Credential }
    )
    & {
      /** Default `2023-10-01`. */
      readonly apiVersion?: ApiVersion.ApiVersion
      /** Retry policy; `{ maxRetries: 0 }` disables retries. */
      readonly retry?: Retry.Policy
      /** Time allowed for one attempt; default 30 seconds. */
      readonly attemptTimeout?: Duration.DurationInput
      /** Time allowed for a whole operation, retries included; default 2 minutes. */
      readonly timeout?: Duration.DurationInput
      /** Header that carries the user agent; browsers use `x-ms-useragent`. Default `user-agent`. */
      readonly userAgentHeader?: string
      /** A hook over the underlying client (logging, proxies, extra middleware). */
      readonly transformClient?: (client: Client) => Client
    }
}

/**
 * The authenticated client that operations send through.
 *
 * @since 0.1.0
 * @category models
 */
export type Client = HttpClient.HttpClient.With<HttpClientError.HttpClientError | CredentialError>

/**
 * The `User-Agent` this library sends.
 *
 * @since 0.1.0
 * @category constants
 */
export const userAgent = "effect-acs-identity/0.1.0"

/** Effect's default tracer, which records nowhere. */
const builtInTracer = Context.get(DefaultServices.liveServices, Tracer.Tracer)

const scopeSet = new Set<string>(Models.TokenScope.literals)
const idPattern = /^[\x21-\x7e]{1,1024}$/

const encoder = new TextEncoder()

const invalid = (field: string, message: string) => new InvalidInput({ field, message })

/** The call `effect` makes, unless validation found a problem (then nothing is built or sent). */
const unless = <A>(
  problem: InvalidInput | undefined,
  effect: () => Effect.Effect<A, IdentityError>
): Effect.Effect<A, IdentityError> => problem === undefined ? effect() : Effect.fail(problem)

const checkScopes = (scopes: ReadonlyArray<string>, apiVersion: ApiVersion.ApiVersion): InvalidInput | undefined => {
  if (!Array.isArray(scopes) || scopes.length === 0) return invalid("scopes", "scopes must be a non-empty array")
  const seen = new Set<string>()
  for (const scope of scopes) {
    if (typeof scope !== "string" || !scopeSet.has(scope)) {
      return invalid("scopes", `unknown scope ${JSON.stringify(scope)}; expected one of ${[...scopeSet].join(", ")}`)
    }
    if (seen.has(scope)) return invalid("scopes", `scope ${scope} is given twice`)
    if (scope.includes(".join") && !ApiVersion.supports(apiVersion, "joinScopes")) {
      return invalid("scopes", `scope ${scope} needs api-version ${ApiVersion.versionsWith("joinScopes").join(" or ")}`)
    }
    seen.add(scope)
  }
  return undefined
}

const checkExpiry = (minutes: number | undefined): InvalidInput | undefined =>
  minutes === undefined || (Number.isInteger(minutes) && minutes >= 60 && minutes <= 1440)
    ? undefined
    : invalid("expiresInMinutes", `expiresInMinutes must be an integer from 60 to 1440, got ${String(minutes)}`)

const checkId = (value: unknown, field: string): InvalidInput | undefined =>
  typeof value === "string" && idPattern.test(value)
    ? undefined
    : invalid(field, `${field} must be 1 to 1024 printable ASCII characters without spaces`)

const checkUser = (user: CommunicationUser | undefined): InvalidInput | undefined => {
  const id = user?.communicationUserId
  // "." and ".." survive encodeURIComponent and are dot segments in a URL path:
  // `/identities/..` would resolve to `/`, sending the request to another route
  return checkId(id, "user.communicationUserId") ?? (id === "." || id === ".."
    ? invalid("user.communicationUserId", "user.communicationUserId must not be a dot segment")
    : undefined)
}

/** The path of a (checked) user. */
const userPath = (user: CommunicationUser) => `/identities/${encodeURIComponent(user.communicationUserId)}`

const checkCustomId = (customId: string | undefined, apiVersion: ApiVersion.ApiVersion): InvalidInput | undefined => {
  if (customId === undefined) return undefined
  if (!ApiVersion.supports(apiVersion, "customId")) {
    return invalid("customId", `customId needs api-version ${ApiVersion.versionsWith("customId").join(" or ")}`)
  }
  return typeof customId === "string" && customId.length >= 1 && customId.length <= 256
    ? undefined
    : invalid("customId", "customId must be 1 to 256 characters")
}

const jwtPattern = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g

/** Error text from a non-envelope body: short, and never a token. */
const describeBody = (text: string, status: number) => {
  const trimmed = text.trim()
  if (trimmed === "" || trimmed.startsWith("{") || trimmed.startsWith("[")) return `HTTP ${status}`
  // redact before cutting: a token straddling the cut would no longer match the pattern
  return trimmed.replace(jwtPattern, "<redacted>").slice(0, 200)
}

/** An error envelope with anything token-shaped redacted (a service or proxy may echo a token). */
const redactError = (error: Models.CommunicationError): Models.CommunicationError => ({
  code: error.code.replace(jwtPattern, "<redacted>"),
  message: error.message.replace(jwtPattern, "<redacted>"),
  ...(error.target !== undefined && { target: error.target.replace(jwtPattern, "<redacted>") }),
  ...(error.details !== undefined && { details: error.details.map(redactError) }),
  ...(error.innererror !== undefined && { innererror: redactError(error.innererror) })
})

const decodeErrorBody = Schema.decodeUnknownOption(Schema.parseJson(Models.CommunicationErrorResponse))

/** Parse failures, described by path and expectation only (never the actual values). */
const describeParseError = (error: ParseResult.ParseError) =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .map((issue) => `${issue.path.length === 0 ? "body" : issue.path.join(".")}: ${issue.message.replace(/, actual [\s\S]*$/, "")}`)
    .join("; ")

/**
 * Builds a client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: CommunicationIdentityClient.Options
): Effect.Effect<CommunicationIdentityClient.Service, IdentityError, HttpClient.HttpClient | Crypto> =>
  Effect.gen(function*() {
    const { credential, endpoint } = yield* "connectionString" in options
      ? Either.map(ConnectionString.parse(options.connectionString), (cs) => ({
        endpoint: cs.endpoint,
        credential: Auth.keyCredential(cs.accessKey) as Auth.Credential
      }))
      : Either.map(ConnectionString.parseEndpoint(options.endpoint), (endpoint) => ({
        endpoint,
        credential: options.credential
      }))
    const apiVersion = options.apiVersion ?? ApiVersion.defaultVersion
    if (!ApiVersion.all.includes(apiVersion)) {
      return yield* invalid("apiVersion", `apiVersion must be one of ${ApiVersion.all.join(", ")}`)
    }
    const crypto = yield* Crypto
    const authorizer = yield* Auth.authorizer(credential, endpoint)
    // Without a `transformClient` hook a direct transport (node:http) carries the call in one
    // `Effect.async`; otherwise the call goes through the `HttpClient`, with its per-request
    // span and trace headers turned off (the operation span describes the call).
    const direct = options.transformClient === undefined
      ? Option.getOrUndefined(yield* Effect.serviceOption(Transport.Direct))
      : undefined
    const transport = HttpClient.withTracerDisabledWhen(
      HttpClient.withTracerPropagation(yield* HttpClient.HttpClient, false),
      () => true
    )
    const transformClient = options.transformClient ?? identity
    const client = transformClient(HttpClient.mapRequestEffect(transport, authorizer.middleware))
    /** For calls authenticated by the end user's own Entra token instead of the resource's credential. */
    const userClient = transformClient(transport)
    const query = `?api-version=${apiVersion}`
    const jsonBody = { "content-type": "application/json" }
    const baseHeaders = {
      accept: "application/json",
      [(options.userAgentHeader ?? "user-agent").toLowerCase()]: userAgent
    }
    const attemptTimeout = Duration.decode(options.attemptTimeout ?? Duration.seconds(30))
    const timeout = Duration.decode(options.timeout ?? Duration.minutes(2))
    const timeoutMillis = Duration.toMillis(timeout)
    const attemptMillis = Duration.toMillis(Duration.min(attemptTimeout, timeout))
    const retry = options.retry ?? {}
    const spanAttributes = { "acs.api_version": apiVersion, "server.address": endpoint }

    const noResponse = (operation: string, millis: number) => `${operation}: no response within ${Duration.format(millis)}`

    const transportError = (operation: string, requestId: string, reason: string, cause: unknown) =>
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

    const serviceError = (
      operation: string,
      requestId: string,
      expected: number,
      response: Transport.Direct.Response,
      now: number
    ) => {
      const { header, status, text } = response
      const envelope = decodeErrorBody(text)
      const error = envelope._tag === "Some" ? redactError(envelope.value.error) : undefined
      const serviceRequestId = header("ms-cv") ?? header("x-ms-request-id")
      const retryAfterMillis = Retry.retryAfterMillis(header, now)
      return new ServiceError({
        operation,
        status,
        message: error?.message ??
          (status >= 200 && status < 300
            ? `Unexpected status ${status} (expected ${expected})`
            : describeBody(text, status)),
        requestId,
        ...(error?.code !== undefined && { code: error.code }),
        ...(error?.target !== undefined && { target: error.target }),
        ...(error?.details !== undefined && { details: error.details }),
        ...(error?.innererror !== undefined && { innererror: error.innererror }),
        ...(serviceRequestId !== undefined && { serviceRequestId }),
        ...(retryAfterMillis !== undefined && { retryAfterMillis })
      })
    }

    /** What one call sends and how its answer is read. */
    interface Call<A> {
      readonly operation: string
      readonly method: "GET" | "POST" | "DELETE"
      readonly path: string
      readonly body?: unknown
      readonly expected: number
      readonly decode: (json: unknown) => Either.Either<A, ParseResult.ParseError>
      /** Whether a retry after a transport failure or any retryable status is safe; default true. */
      readonly idempotent?: boolean
      /** Sent as the bearer token instead of the client's credential. */
      readonly userToken?: Redacted.Redacted<string>
    }

    /** A call ready to send: its URL, headers (without authentication) and body, fixed for every attempt. */
    interface Prepared<A> {
      readonly call: Call<A>
      readonly requestId: string
      readonly url: string
      readonly headers: Readonly<Record<string, string>>
      readonly body: string | undefined
      readonly now: () => number
    }

    /** The status, body and decoding of a response, as the call's result or a typed error. */
    const interpret = <A>(prepared: Prepared<A>, response: Transport.Direct.Response): Effect.Effect<A, IdentityError> => {
      const { call: { expected, operation }, requestId } = prepared
      const { status, text } = response
      if (status !== expected) {
        return Effect.fail(serviceError(operation, requestId, expected, response, prepared.now()))
      }
      let json: unknown = undefined
      if (text !== "") {
        try {
          json = JSON.parse(text)
        } catch {
          return Effect.fail(
            new DecodeError({ operation, status, requestId, message: "The response body is not JSON." })
          )
        }
      }
      const decoded = prepared.call.decode(json)
      return decoded._tag === "Right" ? Effect.succeed(decoded.right) : Effect.fail(
        new DecodeError({
          operation,
          status,
          requestId,
          message: `The response body is not a valid ${operation} result: ${describeParseError(decoded.left)}`
        })
      )
    }

    /** One attempt through the `HttpClient`, with `Effect.timeout` for its time limit. */
    const viaClient = <A>(prepared: Prepared<A>): Effect.Effect<A, IdentityError> => {
      const { body, call, requestId } = prepared
      let request = HttpClientRequest.make(call.method)(prepared.url, { headers: prepared.headers })
      if (body !== undefined) request = HttpClientRequest.bodyText(request, body, "application/json")
      if (call.userToken !== undefined) request = HttpClientRequest.bearerToken(request, Redacted.value(call.userToken))
      const toError = (error: HttpClientError.HttpClientError | CredentialError) =>
        error._tag === "CredentialError" ? error : transportError(call.operation, requestId, error.reason, error.cause)
      return Effect.timeoutFail(
        Effect.flatMap(
          Effect.mapError((call.userToken === undefined ? client : userClient).execute(request), toError),
          (response) =>
            Effect.matchEffect(response.text, {
              onFailure: (error) => Effect.fail(toError(error)),
              onSuccess: (text) =>
                interpret(prepared, { status: response.status, header: (name) => response.headers[name], text })
            })
        ),
        {
          duration: attemptMillis,
          onTimeout: () =>
            new TransportError({
              operation: call.operation,
              requestId,
              timedOut: true,
              message: noResponse(call.operation, attemptMillis)
            })
        }
      )
    }

    /**
     * One attempt through a direct transport: signed without Effect steps
     * when the crypto is synchronous, then sent and read in one `Effect.async`.
     */
    const viaDirect = (transport: Transport.Direct.Service) => <A>(prepared: Prepared<A>): Effect.Effect<A, IdentityError> => {
      const { body, call, requestId } = prepared
      const url = new URL(prepared.url)
      const bytes = body === undefined ? undefined : encoder.encode(body)
      const send = (auth: Readonly<Record<string, string>>) =>
        Effect.matchEffect(
          transport.send({
            method: call.method,
            url,
            // `Object.assign`, not object spread: spreading these costs ≈ 2.5 µs per request on Node 20
            headers: Object.assign({}, prepared.headers, auth),
            body,
            timeoutMillis: attemptMillis
          }),
          {
            onFailure: (error) => Effect.fail(transportError(call.operation, requestId, "Transport", error.cause)),
            onSuccess: (response) => interpret(prepared, response)
          }
        )
      // every attempt is signed anew, with a fresh date
      return Effect.suspend(() => {
        if (call.userToken !== undefined) return send({ authorization: `Bearer ${Redacted.value(call.userToken)}` })
        const signing = { method: call.method, url, body: bytes, date: Signing.formatDate(prepared.now()) }
        return authorizer.headersSync !== undefined
          ? send(authorizer.headersSync(signing))
          : Effect.flatMap(authorizer.headers(signing), send)
      })
    }

    const attempt = direct === undefined ? viaClient : viaDirect(direct)

    /**
     * Sends a call, with retries and timeouts, inside the operation's span.
     * The happy path pays for no retry machinery: the schedule starts only
     * after a retryable failure, replaying that failure as its first input,
     * and the retries share what is left of the overall timeout.
     */
    const send = <A>(call: Call<A>): Effect.Effect<A, IdentityError> =>
      Effect.withFiberRuntime((fiber) => {
        const clock = Context.get(fiber.currentDefaultServices, Clock.Clock)
        const now = () => clock.unsafeCurrentTimeMillis()
        const start = now()
        const idempotent = call.idempotent ?? true
        const sendAs = (requestId: string) => {
          const once = attempt({
            call,
            requestId,
            url: endpoint + call.path.slice(1) + query,
            // `Object.assign`, not object spread: spreading these costs ≈ 1.5 µs per request on Node 20
            headers: Object.assign(
              {},
              baseHeaders,
              { "x-ms-client-request-id": requestId },
              call.body === undefined ? undefined : jsonBody
            ),
            body: call.body === undefined ? undefined : JSON.stringify(call.body),
            now
          })
          return Effect.catchAll(once, (first) => {
            if (!Retry.isRetryable(first, idempotent)) return Effect.fail(first)
            let replay = true
            const again = Effect.suspend(() => replay ? ((replay = false), Effect.fail(first)) : once)
            return again.pipe(
              // a wait that would reach the deadline is not made: the last error surfaces at once
              Effect.retry(Retry.schedule(retry, idempotent, start + timeoutMillis)),
              Effect.timeoutFail({
                duration: Duration.millis(Math.max(0, timeoutMillis - (now() - start))),
                onTimeout: () =>
                  new TransportError({
                    operation: call.operation,
                    requestId,
                    timedOut: true,
                    message: `${call.operation}: not completed within ${Duration.format(timeout)}`
                  })
              })
            )
          })
        }
        const program = crypto.sync === undefined
          ? Effect.flatMap(crypto.randomUUID, sendAs)
          : sendAs(crypto.sync.randomUUID())
        // Effect's built-in tracer records nowhere: with it (or with tracing off) the
        // operation span would be pure cost, so it is made only for a real tracer
        if (fiber.currentTracer === builtInTracer || !fiber.getFiberRef(FiberRef.currentTracerEnabled)) return program
        return program.pipe(
          Effect.tapError((error) =>
            Effect.annotateCurrentSpan({
              "error.type": error._tag,
              ...("status" in error && { "http.response.status_code": error.status })
            })
          ),
          Effect.withSpan(`CommunicationIdentityClient.${call.operation}`, {
            kind: "client",
            captureStackTrace: false,
            attributes: { ...spanAttributes, "acs.operation": call.operation }
          })
        )
      })

    const decodeResult = Schema.decodeUnknownEither(Models.CommunicationIdentityAccessTokenResult)
    const decodeToken = Schema.decodeUnknownEither(Models.CommunicationIdentityAccessToken)
    const decodeIdentity = Schema.decodeUnknownEither(Models.CommunicationIdentity)
    const decodeNothing = Schema.decodeUnknownEither(Schema.Undefined)
    const decodeUserAndToken = Schema.decodeUnknownEither(Schema.Struct({
      identity: Models.CommunicationIdentity,
      accessToken: Models.CommunicationIdentityAccessToken
    }))
    const toToken = (token: Models.CommunicationIdentityAccessToken): AccessToken => ({
      token: token.token,
      expiresOn: token.expiresOn
    })
    const toUserToken = (json: unknown) =>
      Either.map(decodeUserAndToken(json), (result): CommunicationUserToken => ({
        token: result.accessToken.token,
        expiresOn: result.accessToken.expiresOn,
        user: { communicationUserId: result.identity.id }
      }))

    const create = <A>(
      operation: string,
      request: Models.CommunicationIdentityCreateRequest,
      decode: (json: unknown) => Either.Either<A, ParseResult.ParseError>
    ) =>
      unless(
        checkCustomId(request.customId, apiVersion),
        () => send({
          operation,
          method: "POST",
          path: "/identities",
          body: Object.keys(request).length === 0 ? undefined : request,
          expected: 201,
          decode,
          idempotent: request.customId !== undefined
        })
      )

    const service: CommunicationIdentityClient.Service = {
      apiVersion,
      createUser: (options = {}) =>
        create(
          "createUser",
          options.customId === undefined ? {} : { customId: options.customId },
          (json) => Either.map(decodeResult(json), (result) => ({ communicationUserId: result.identity.id }))
        ),
      createUserAndToken: (scopes, options = {}) =>
        unless(
          checkScopes(scopes, apiVersion) ?? checkExpiry(options.expiresInMinutes),
          () => create(
            "createUserAndToken",
            {
              createTokenWithScopes: scopes,
              ...(options.expiresInMinutes !== undefined && { expiresInMinutes: options.expiresInMinutes }),
              ...(options.customId !== undefined && { customId: options.customId })
            },
            toUserToken
          )
        ),
      getToken: (user, scopes, options = {}) =>
        unless(
          checkUser(user) ?? checkScopes(scopes, apiVersion) ?? checkExpiry(options.expiresInMinutes),
          () => send({
            operation: "getToken",
            method: "POST",
            path: `${userPath(user)}/:issueAccessToken`,
            body: {
              scopes,
              ...(options.expiresInMinutes !== undefined && { expiresInMinutes: options.expiresInMinutes })
            } satisfies Models.CommunicationIdentityAccessTokenRequest,
            expected: 200,
            decode: (json) => Either.map(decodeToken(json), toToken)
          })
        ),
      revokeTokens: (user) =>
        unless(
          checkUser(user),
          () => send({
            operation: "revokeTokens",
            method: "POST",
            path: `${userPath(user)}/:revokeAccessTokens`,
            expected: 204,
            decode: decodeNothing
          })
        ),
      deleteUser: (user) =>
        unless(
          checkUser(user),
          () => send({ operation: "deleteUser", method: "DELETE", path: userPath(user), expected: 204, decode: decodeNothing })
        ),
      getUser: (user) =>
        unless(
          ApiVersion.supports(apiVersion, "customId")
            ? checkUser(user)
            : invalid("apiVersion", `getUser needs api-version ${ApiVersion.versionsWith("customId").join(" or ")}`),
          () => send({
            operation: "getUser",
            method: "GET",
            path: userPath(user),
            expected: 200,
            decode: (json) =>
              Either.map(decodeIdentity(json), (identity) => ({
                user: { communicationUserId: identity.id },
                ...(identity.customId !== undefined && { customId: identity.customId }),
                ...(identity.lastTokenIssuedAt !== undefined && { lastTokenIssuedAt: identity.lastTokenIssuedAt })
              }))
          })
        ),
      getTokenForTeamsUser: (exchange) => {
        const token = Redacted.isRedacted(exchange?.teamsUserAadToken)
          ? exchange.teamsUserAadToken
          : Redacted.make(exchange?.teamsUserAadToken ?? "")
        return unless(
          Redacted.value(token) === ""
            ? invalid("teamsUserAadToken", "teamsUserAadToken is empty")
            : checkId(exchange.clientId, "clientId") ?? checkId(exchange.userObjectId, "userObjectId"),
          () => send({
            operation: "getTokenForTeamsUser",
            method: "POST",
            path: "/teamsUser/:exchangeAccessToken",
            body: { token: Redacted.value(token), appId: exchange?.clientId, userId: exchange?.userObjectId },
            expected: 200,
            decode: (json) => Either.map(decodeToken(json), toToken)
          })
        )
      },
      getTokenForTeamsExtensionUser: (entraToken) => {
        const token = Redacted.isRedacted(entraToken) ? entraToken : Redacted.make(entraToken ?? "")
        return unless(
          !ApiVersion.supports(apiVersion, "teamsExtension")
            ? invalid(
              "apiVersion",
              `getTokenForTeamsExtensionUser needs api-version ${ApiVersion.versionsWith("teamsExtension").join(" or ")}`
            )
            : typeof Redacted.value(token) !== "string" || Redacted.value(token).trim() === ""
            ? invalid("entraToken", "entraToken is empty")
            : undefined,
          () => send({
            operation: "getTokenForTeamsExtensionUser",
            method: "POST",
            path: "/access/teamsExtension/:exchangeAccessToken",
            body: {},
            expected: 200,
            decode: toUserToken,
            userToken: token
          })
        )
      }
    }
    return service
  })

/**
 * A layer for the client; needs an `HttpClient` and a `Crypto` (the node and
 * browser packages provide both).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: CommunicationIdentityClient.Options
): Layer.Layer<CommunicationIdentityClient, IdentityError, HttpClient.HttpClient | Crypto> =>
  Layer.effect(CommunicationIdentityClient, make(options))

/**
 * A layer that reads the connection string from `ACS_CONNECTION_STRING`
 * (as a redacted config value).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<CommunicationIdentityClient.Options, "connectionString" | "endpoint" | "credential"> = {},
  name = "ACS_CONNECTION_STRING"
): Layer.Layer<
  CommunicationIdentityClient,
  IdentityError | import("effect/ConfigError").ConfigError,
  HttpClient.HttpClient | Crypto
> =>
  Layer.effect(
    CommunicationIdentityClient,
    Effect.flatMap(Config.redacted(name), (connectionString) => make({ ...options, connectionString }))
  )
