/**
 * The Identity client: every operation of the service as an Effect, over an
 * abstract `HttpClient` and `Crypto`.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as ApiVersion from "./ApiVersion.js"
import * as Auth from "./Auth.js"
import * as ConnectionString from "./ConnectionString.js"
import { Crypto } from "./Crypto.js"
import { CredentialError, DecodeError, InvalidInput, ServiceError, TransportError } from "./IdentityError.js"
import type { IdentityError } from "./IdentityError.js"
import * as Models from "./Models.js"
import * as Retry from "./Retry.js"
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

const scopeSet = new Set<string>(Models.TokenScope.literals)
const idPattern = /^[\x21-\x7e]{1,1024}$/

const invalid = (field: string, message: string) => Effect.fail(new InvalidInput({ field, message }))

const checkScopes = (
  scopes: ReadonlyArray<string>,
  apiVersion: ApiVersion.ApiVersion
): Effect.Effect<void, InvalidInput> => {
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
  return Effect.void
}

const checkExpiry = (minutes: number | undefined): Effect.Effect<void, InvalidInput> =>
  minutes === undefined || (Number.isInteger(minutes) && minutes >= 60 && minutes <= 1440)
    ? Effect.void
    : invalid("expiresInMinutes", `expiresInMinutes must be an integer from 60 to 1440, got ${String(minutes)}`)

const checkId = (value: unknown, field: string): Effect.Effect<string, InvalidInput> =>
  typeof value === "string" && idPattern.test(value)
    ? Effect.succeed(value)
    : invalid(field, `${field} must be 1 to 1024 printable ASCII characters without spaces`)

const checkUser = (user: CommunicationUser | undefined) =>
  Effect.flatMap(checkId(user?.communicationUserId, "user.communicationUserId"), (id) =>
    // "." and ".." survive encodeURIComponent and are dot segments in a URL path:
    // `/identities/..` would resolve to `/`, sending the request to another route
    id === "." || id === ".."
      ? invalid("user.communicationUserId", "user.communicationUserId must not be a dot segment")
      : Effect.succeed(encodeURIComponent(id)))

const checkCustomId = (
  customId: string | undefined,
  apiVersion: ApiVersion.ApiVersion
): Effect.Effect<void, InvalidInput> => {
  if (customId === undefined) return Effect.void
  if (!ApiVersion.supports(apiVersion, "customId")) {
    return invalid("customId", `customId needs api-version ${ApiVersion.versionsWith("customId").join(" or ")}`)
  }
  return typeof customId === "string" && customId.length >= 1 && customId.length <= 256
    ? Effect.void
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
    const authenticate = yield* Auth.authenticate(credential, endpoint)
    // the operation span describes the call: no per-attempt http span, no trace headers
    const unauthenticated = HttpClient.withTracerDisabledWhen(
      HttpClient.withTracerPropagation(yield* HttpClient.HttpClient, false),
      () => true
    )
    const transformClient = options.transformClient ?? identity
    const client = transformClient(HttpClient.mapRequestEffect(unauthenticated, authenticate))
    /** For calls authenticated by the end user's own Entra token instead of the resource's credential. */
    const userClient = transformClient(unauthenticated)
    const query = `?api-version=${apiVersion}`
    const baseHeaders = { accept: "application/json", [options.userAgentHeader ?? "user-agent"]: userAgent }
    const attemptTimeout = Duration.decode(options.attemptTimeout ?? Duration.seconds(30))
    const timeout = Duration.decode(options.timeout ?? Duration.minutes(2))
    const firstAttemptMillis = Duration.toMillis(Duration.min(attemptTimeout, timeout))
    // a transport that enforces attempt timeouts itself spares every call a forked timer fiber
    const nativeTimeouts = Option.isSome(yield* Effect.serviceOption(Transport.NativeTimeouts))
    const retry = options.retry ?? {}
    const spanAttributes = { "acs.api_version": apiVersion, "server.address": endpoint }

    const transportError = (operation: string, requestId: string) =>
    (
      error: HttpClientError.HttpClientError | CredentialError
    ): TransportError | CredentialError =>
      error._tag === "CredentialError" ? error : new TransportError({
        operation,
        requestId,
        timedOut: Transport.isAttemptTimeout(error.cause),
        message: Transport.isAttemptTimeout(error.cause)
          ? `${operation}: no response within ${Duration.format(error.cause.millis)}`
          : `${operation} failed before a response was read: ${error.reason}${
            error.cause instanceof Error ? ` (${error.cause.message})` : ""
          }`,
        cause: error.cause
      })

    const serviceError = (
      operation: string,
      requestId: string,
      expected: number,
      response: HttpClientResponse.HttpClientResponse,
      text: string,
      now: number
    ) => {
      const envelope = decodeErrorBody(text)
      const error = envelope._tag === "Some" ? redactError(envelope.value.error) : undefined
      const header = (name: string) => response.headers[name]
      const serviceRequestId = header("ms-cv") ?? header("x-ms-request-id")
      const retryAfterMillis = Retry.retryAfterMillis(header, now)
      return new ServiceError({
        operation,
        status: response.status,
        message: error?.message ??
          (response.status >= 200 && response.status < 300
            ? `Unexpected status ${response.status} (expected ${expected})`
            : describeBody(text, response.status)),
        requestId,
        ...(error?.code !== undefined && { code: error.code }),
        ...(error?.target !== undefined && { target: error.target }),
        ...(error?.details !== undefined && { details: error.details }),
        ...(error?.innererror !== undefined && { innererror: error.innererror }),
        ...(serviceRequestId !== undefined && { serviceRequestId }),
        ...(retryAfterMillis !== undefined && { retryAfterMillis })
      })
    }

    /**
     * Sends one request (with retries and timeouts) and decodes the expected
     * status's body with `decode`.
     */
    const send = <A>(
      operation: string,
      method: "GET" | "POST" | "DELETE",
      path: string,
      body: unknown,
      expected: number,
      decode: (json: unknown) => Effect.Effect<A, ParseResult.ParseError>,
      idempotent = true,
      userToken?: Redacted.Redacted<string>
    ): Effect.Effect<A, IdentityError> =>
      Effect.flatMap(crypto.randomUUID, (requestId) => {
        let request = HttpClientRequest.make(method)(endpoint + path.slice(1) + query, {
          headers: { ...baseHeaders, "x-ms-client-request-id": requestId }
        })
        if (body !== undefined) request = HttpClientRequest.bodyText(request, JSON.stringify(body), "application/json")
        if (userToken !== undefined) request = HttpClientRequest.bearerToken(request, Redacted.value(userToken))
        const execute = (userToken === undefined ? client : userClient).execute(request)
        const attempt = (nativeTimeouts ? Effect.locally(execute, Transport.currentAttemptTimeout, firstAttemptMillis) : execute).pipe(
          Effect.mapError(transportError(operation, requestId)),
          Effect.flatMap((response) =>
            Effect.flatMap(
              Effect.mapError(response.text, transportError(operation, requestId)),
              (text): Effect.Effect<A, IdentityError> => {
                if (response.status !== expected) {
                  return Effect.flatMap(
                    Clock.currentTimeMillis,
                    (now) => Effect.fail(serviceError(operation, requestId, expected, response, text, now))
                  )
                }
                let json: unknown = undefined
                if (text !== "") {
                  try {
                    json = JSON.parse(text)
                  } catch {
                    return Effect.fail(
                      new DecodeError({ operation, status: response.status, requestId, message: "The response body is not JSON." })
                    )
                  }
                }
                return Effect.mapError(decode(json), (error) =>
                  new DecodeError({
                    operation,
                    status: response.status,
                    requestId,
                    message: `The response body is not a valid ${operation} result: ${describeParseError(error)}`
                  }))
              }
            )
          ),
          nativeTimeouts ? identity : Effect.timeoutFail({
            duration: firstAttemptMillis,
            onTimeout: () =>
              new TransportError({
                operation,
                requestId,
                timedOut: true,
                message: `${operation}: no response within ${Duration.format(firstAttemptMillis)}`
              })
          })
        )
        // The happy path pays for no retry machinery: the schedule starts only after a
        // retryable failure, replaying that failure as its first input, and the retries
        // share what is left of the overall timeout.
        return Effect.flatMap(Clock.currentTimeMillis, (start) =>
          Effect.catchAll(attempt, (first) => {
            if (!Retry.isRetryable(first, idempotent)) return Effect.fail(first)
            let replay = true
            const again = Effect.suspend(() => replay ? ((replay = false), Effect.fail(first)) : attempt)
            return Effect.flatMap(Clock.currentTimeMillis, (now) =>
              again.pipe(
                // a wait that would reach the deadline is not made: the last error surfaces at once
                Effect.retry(Retry.schedule(retry, idempotent, start + Duration.toMillis(timeout))),
                Effect.timeoutFail({
                  duration: Duration.millis(Math.max(0, Duration.toMillis(timeout) - (now - start))),
                  onTimeout: () =>
                    new TransportError({
                      operation,
                      requestId,
                      timedOut: true,
                      message: `${operation}: not completed within ${Duration.format(timeout)}`
                    })
                })
              ))
          }))
      }).pipe(
        Effect.tapError((error) =>
          Effect.annotateCurrentSpan({
            "error.type": error._tag,
            ...("status" in error && { "http.response.status_code": error.status })
          })
        ),
        Effect.withSpan(`CommunicationIdentityClient.${operation}`, {
          kind: "client",
          captureStackTrace: false,
          attributes: { ...spanAttributes, "acs.operation": operation }
        })
      )

    const decodeResult = Schema.decodeUnknown(Models.CommunicationIdentityAccessTokenResult)
    const decodeToken = Schema.decodeUnknown(Models.CommunicationIdentityAccessToken)
    const decodeIdentity = Schema.decodeUnknown(Models.CommunicationIdentity)
    const decodeNothing = Schema.decodeUnknown(Schema.Undefined)
    const decodeUserAndToken = Schema.decodeUnknown(Schema.Struct({
      identity: Models.CommunicationIdentity,
      accessToken: Models.CommunicationIdentityAccessToken
    }))
    const toToken = (token: Models.CommunicationIdentityAccessToken): AccessToken => ({
      token: token.token,
      expiresOn: token.expiresOn
    })

    const create = <A>(
      operation: string,
      request: Models.CommunicationIdentityCreateRequest,
      decode: (json: unknown) => Effect.Effect<A, ParseResult.ParseError>
    ) =>
      Effect.andThen(
        checkCustomId(request.customId, apiVersion),
        send(
          operation,
          "POST",
          "/identities",
          Object.keys(request).length === 0 ? undefined : request,
          201,
          decode,
          request.customId !== undefined
        )
      )

    const service: CommunicationIdentityClient.Service = {
      apiVersion,
      createUser: (options = {}) =>
        create(
          "createUser",
          options.customId === undefined ? {} : { customId: options.customId },
          (json) => Effect.map(decodeResult(json), (result) => ({ communicationUserId: result.identity.id }))
        ),
      createUserAndToken: (scopes, options = {}) =>
        Effect.andThen(
          Effect.zipRight(checkScopes(scopes, apiVersion), checkExpiry(options.expiresInMinutes)),
          create(
            "createUserAndToken",
            {
              createTokenWithScopes: scopes,
              ...(options.expiresInMinutes !== undefined && { expiresInMinutes: options.expiresInMinutes }),
              ...(options.customId !== undefined && { customId: options.customId })
            },
            (json) =>
              Effect.map(decodeUserAndToken(json), (result) => ({
                ...toToken(result.accessToken),
                user: { communicationUserId: result.identity.id }
              }))
          )
        ),
      getToken: (user, scopes, options = {}) =>
        Effect.gen(function*() {
          const id = yield* checkUser(user)
          yield* checkScopes(scopes, apiVersion)
          yield* checkExpiry(options.expiresInMinutes)
          const body: Models.CommunicationIdentityAccessTokenRequest = {
            scopes,
            ...(options.expiresInMinutes !== undefined && { expiresInMinutes: options.expiresInMinutes })
          }
          return yield* send(
            "getToken",
            "POST",
            `/identities/${id}/:issueAccessToken`,
            body,
            200,
            (json) => Effect.map(decodeToken(json), toToken)
          )
        }),
      revokeTokens: (user) =>
        Effect.flatMap(
          checkUser(user),
          (id) => send("revokeTokens", "POST", `/identities/${id}/:revokeAccessTokens`, undefined, 204, decodeNothing)
        ),
      deleteUser: (user) =>
        Effect.flatMap(
          checkUser(user),
          (id) => send("deleteUser", "DELETE", `/identities/${id}`, undefined, 204, decodeNothing)
        ),
      getUser: (user) =>
        ApiVersion.supports(apiVersion, "customId")
          ? Effect.flatMap(checkUser(user), (id) =>
            send("getUser", "GET", `/identities/${id}`, undefined, 200, (json) =>
              Effect.map(decodeIdentity(json), (identity) => ({
                user: { communicationUserId: identity.id },
                ...(identity.customId !== undefined && { customId: identity.customId }),
                ...(identity.lastTokenIssuedAt !== undefined && { lastTokenIssuedAt: identity.lastTokenIssuedAt })
              }))))
          : invalid("apiVersion", `getUser needs api-version ${ApiVersion.versionsWith("customId").join(" or ")}`),
      getTokenForTeamsUser: (exchange) =>
        Effect.gen(function*() {
          const token = Redacted.isRedacted(exchange?.teamsUserAadToken)
            ? exchange.teamsUserAadToken
            : Redacted.make(exchange?.teamsUserAadToken ?? "")
          if (Redacted.value(token) === "") return yield* invalid("teamsUserAadToken", "teamsUserAadToken is empty")
          const appId = yield* checkId(exchange.clientId, "clientId")
          const userId = yield* checkId(exchange.userObjectId, "userObjectId")
          return yield* send(
            "getTokenForTeamsUser",
            "POST",
            "/teamsUser/:exchangeAccessToken",
            { token: Redacted.value(token), appId, userId },
            200,
            (json) => Effect.map(decodeToken(json), toToken)
          )
        }),
      getTokenForTeamsExtensionUser: (entraToken) => {
        const token = Redacted.isRedacted(entraToken) ? entraToken : Redacted.make(entraToken ?? "")
        if (!ApiVersion.supports(apiVersion, "teamsExtension")) {
          return invalid(
            "apiVersion",
            `getTokenForTeamsExtensionUser needs api-version ${ApiVersion.versionsWith("teamsExtension").join(" or ")}`
          )
        }
        if (typeof Redacted.value(token) !== "string" || Redacted.value(token).trim() === "") {
          return invalid("entraToken", "entraToken is empty")
        }
        return send(
          "getTokenForTeamsExtensionUser",
          "POST",
          "/access/teamsExtension/:exchangeAccessToken",
          {},
          200,
          (json) =>
            Effect.map(decodeUserAndToken(json), (result) => ({
              ...toToken(result.accessToken),
              user: { communicationUserId: result.identity.id }
            })),
          true,
          token
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
