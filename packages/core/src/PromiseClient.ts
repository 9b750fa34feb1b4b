/**
 * A Promise client with the surface of `@azure/communication-identity`
 * 1.3.1 (same constructors, methods, options and result shapes; errors are
 * `RestError`-like), running on one shared Effect runtime. The node and
 * browser packages export it as `CommunicationIdentityClient`.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Operation from "@effect-acs/identity-protocol/Operation"
import * as ApiVersion from "./ApiVersion.js"
import * as Auth from "./Auth.js"
import * as Client from "./CommunicationIdentityClient.js"
import * as ConnectionString from "./ConnectionString.js"
import type { IdentityError } from "./IdentityError.js"
import type { TokenScope } from "./Models.js"

export type {
  /**
   * A token scope, as the official `TokenScope`.
   *
   * @since 0.1.0
   * @category models
   */
  TokenScope
}

/**
 * `{ communicationUserId }`.
 *
 * @since 0.1.0
 * @category models
 */
export type CommunicationUserIdentifier = Client.CommunicationUser

/**
 * An access token as the official client returns it.
 *
 * @since 0.1.0
 * @category models
 */
export interface CommunicationAccessToken {
  readonly token: string
  readonly expiresOn: Date
}

/**
 * A new user and its token.
 *
 * @since 0.1.0
 * @category models
 */
export interface CommunicationUserToken extends CommunicationAccessToken {
  readonly user: CommunicationUserIdentifier
}

/**
 * A user's details (api-version `2025-03-02-preview`).
 *
 * @since 0.1.0
 * @category models
 */
export interface CommunicationUserDetail {
  readonly user: CommunicationUserIdentifier
  readonly customId?: string
  readonly lastTokenIssuedAt?: Date
}

/**
 * What the official `AbortSignalLike` requires of a signal (an `AbortSignal` is one).
 *
 * @since 0.1.0
 * @category models
 */
export interface AbortSignalLike {
  readonly aborted: boolean
  addEventListener(type: "abort", listener: (this: AbortSignalLike, ev: unknown) => unknown, options?: unknown): void
  removeEventListener(type: "abort", listener: (this: AbortSignalLike, ev: unknown) => unknown, options?: unknown): void
}

/**
 * Per-call options (the official `OperationOptions`' `abortSignal`).
 *
 * @since 0.1.0
 * @category models
 */
export interface OperationOptions {
  readonly abortSignal?: AbortSignalLike
}

/**
 * Options of `getUserDetail`, as the official beta's.
 *
 * @since 0.1.0
 * @category models
 */
export interface GetUserDetailOptions extends OperationOptions {}

/**
 * @since 0.1.0
 * @category models
 */
export interface GetTokenOptions extends OperationOptions {
  readonly tokenExpiresInMinutes?: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface CreateUserOptions extends OperationOptions {
  /**
   * api-version `2025-03-02-preview`: creating again with the same `customId` (after the first create
   * finished) returns the same user; concurrent creates of one `customId` can make two.
   */
  readonly customId?: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface CreateUserAndTokenOptions extends GetTokenOptions {
  readonly customId?: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface GetTokenForTeamsUserOptions extends OperationOptions {
  readonly teamsUserAadToken: string
  readonly clientId: string
  readonly userObjectId: string
}

/**
 * Constructor options (the official `CommunicationIdentityClientOptions`: its pipeline options are accepted and
 * those listed here are used).
 *
 * @since 0.1.0
 * @category models
 */
export interface CommunicationIdentityClientOptions {
  /** Default `2023-10-01`. */
  readonly apiVersion?: ApiVersion.ApiVersion
  /** As in the Azure core pipeline. */
  readonly retryOptions?: {
    readonly maxRetries?: number
    readonly retryDelayInMs?: number
    readonly maxRetryDelayInMs?: number
  }
  /**
   * As in the official client: a plain `http` endpoint (the emulator, loopback included) needs `true` with an
   * access key, or every request rejects with "Cannot connect to <url> while allowInsecureConnection is false.";
   * a `TokenCredential` is refused over `http` whatever this says.
   */
  readonly allowInsecureConnection?: boolean
}

/**
 * Anything with a string `key` (`AzureKeyCredential` works).
 *
 * @since 0.1.0
 * @category models
 */
export interface KeyCredential {
  readonly key: string
}

/**
 * Anything with `getToken(scopes)` (every `@azure/identity` credential works).
 *
 * @since 0.1.0
 * @category models
 */
export type TokenCredential = Parameters<typeof Auth.fromAzureTokenCredential>[0]

/**
 * The error every method rejects with, shaped like `@azure/core-rest-pipeline`'s
 * `RestError`: `statusCode` and the service's `code` when there was a response.
 *
 * @since 0.1.0
 * @category errors
 */
export class RestError extends Error {
  override readonly name = "RestError"
  /** The HTTP status, when the service answered. */
  readonly statusCode: number | undefined
  /** The service's error code, or the error tag for client-side failures. */
  readonly code: string | undefined
  /** The parsed error body (`{ error: { code, message, … } }`), as the official `RestError`'s `details`. */
  readonly details: unknown
  /** The typed Effect error this came from. */
  readonly error: IdentityError

  constructor(error: IdentityError) {
    super(error.message)
    this.error = error
    this.statusCode = "status" in error ? error.status : undefined
    this.code = error._tag === "ServiceError" ? error.code : error._tag
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

/** How the official pipeline refuses a plain `http` endpoint: always with a bearer token, with a key unless allowed. */
type Refusal = "bearer" | "insecure" | undefined

const resolveArguments = (
  args: ClientArguments
): { readonly options: Client.CommunicationIdentityClient.Options; readonly refusal: Refusal } => {
  const [first, second, third] = args
  const options: CommunicationIdentityClientOptions = (typeof second === "object" && second !== null && !("key" in second) &&
      !("getToken" in second)
    ? second
    : third) ?? {}
  const common = {
    inputChecks: "service" as const,
    ...(options.apiVersion !== undefined && { apiVersion: options.apiVersion }),
    ...(options.retryOptions !== undefined && {
      retry: {
        ...(options.retryOptions.maxRetries !== undefined && { maxRetries: options.retryOptions.maxRetries }),
        ...(options.retryOptions.retryDelayInMs !== undefined && { baseDelay: options.retryOptions.retryDelayInMs }),
        ...(options.retryOptions.maxRetryDelayInMs !== undefined &&
          { maxDelay: options.retryOptions.maxRetryDelayInMs })
      }
    })
  }
  const fail = (error: IdentityError): never => {
    throw new RestError(error)
  }
  if (typeof second === "object" && second !== null && ("key" in second || "getToken" in second)) {
    const endpoint = Either.getOrElse(ConnectionString.parseEndpoint(first), fail)
    const credential = "getToken" in second
      ? Auth.fromAzureTokenCredential(second)
      : Auth.rotatingKeyCredential(second)
    return {
      options: { endpoint, credential, ...common },
      refusal: refusalOf(endpoint, "getToken" in second, options)
    }
  }
  // parsed once: here for the official constructor's synchronous throw, and reused by the client
  const { accessKey, endpoint } = Either.getOrElse(ConnectionString.parse(Redacted.make(first)), fail)
  return {
    options: { endpoint, credential: Auth.keyCredential(accessKey), ...common },
    refusal: refusalOf(endpoint, false, options)
  }
}

const refusalOf = (endpoint: string, bearer: boolean, options: CommunicationIdentityClientOptions): Refusal =>
  !endpoint.toLowerCase().startsWith("http:")
    ? undefined
    : bearer
    ? "bearer"
    : options.allowInsecureConnection === true
    ? undefined
    : "insecure"

/**
 * The official pipeline's error for a request to a plain `http` URL (loopback
 * included): a plain `Error`, at the request, not at construction.
 */
const refused = (refusal: "bearer" | "insecure", url: () => string): Error =>
  new Error(
    refusal === "bearer"
      ? "Bearer token authentication is not permitted for non-TLS protected (non-https) URLs."
      : `Cannot connect to ${url()} while allowInsecureConnection is false.`
  )

/**
 * Runs one call of a client made from `options` (the client is made once per
 * options object and runtime) and settles it as the official client would.
 *
 * @since 0.1.0
 * @category models
 */
export type Runner = <A>(
  options: Client.CommunicationIdentityClient.Options,
  f: (service: Client.CommunicationIdentityClient.Service) => Effect.Effect<A, IdentityError>,
  signal: AbortSignal | undefined
) => Promise<A>

/**
 * The Promise client on a {@link Runner}. Arguments are validated in the
 * constructor (it throws a `RestError` for a bad connection string or
 * endpoint, as the official one throws).
 *
 * @since 0.1.0
 * @category constructors
 */
export class PromiseClient {
  readonly #runner: Runner
  readonly #options: Client.CommunicationIdentityClient.Options
  readonly #refusal: Refusal

  constructor(runner: Runner, ...args: ClientArguments) {
    this.#runner = runner
    const { options, refusal } = resolveArguments(args)
    this.#options = options
    this.#refusal = refusal
  }

  /**
   * One call of `method` (on the user `user`, when its route has an id), as
   * the official client makes it: the id checked, a plain `http` endpoint
   * refused, then sent — every failure a rejection, none a synchronous throw.
   */
  #run<A>(
    method: keyof typeof methods,
    user: { readonly of: CommunicationUserIdentifier } | undefined,
    f: (service: Client.CommunicationIdentityClient.Service, id: string) => Effect.Effect<A, IdentityError>,
    options: OperationOptions | undefined
  ): Promise<A> {
    return new Promise<A>((resolve) => {
      const id = user === undefined ? "" : userId(user.of)
      if (this.#refusal !== undefined) {
        const endpoint = (this.#options as { readonly endpoint: string }).endpoint
        const version = this.#options.apiVersion ?? ApiVersion.defaultVersion
        const path = Operation.path(Client.operations[method], user === undefined ? undefined : id)
        throw refused(this.#refusal, () => new URL(`${endpoint}${path.slice(1)}?api-version=${version}`).href)
      }
      resolve(this.#runner(this.#options, (service) => f(service, id), abortSignal(options?.abortSignal)))
    })
  }

  /** Creates a user. */
  createUser(options?: CreateUserOptions): Promise<CommunicationUserIdentifier> {
    return this.#run(
      "createUser",
      undefined,
      (s) => s.createUser(options?.customId === undefined ? {} : { customId: options.customId }),
      options
    )
  }

  /** Creates a user and issues it a token. */
  createUserAndToken(scopes: Array<TokenScope>, options?: CreateUserAndTokenOptions): Promise<CommunicationUserToken> {
    return this.#run(
      "createUserAndToken",
      undefined,
      (s) =>
        Effect.map(
          s.createUserAndToken(scopes, {
            ...(options?.tokenExpiresInMinutes !== undefined && { expiresInMinutes: options.tokenExpiresInMinutes }),
            ...(options?.customId !== undefined && { customId: options.customId })
          }),
          // an answer without a token (an empty scope list) resolves to the user alone, as the official client's
          (result) =>
            result.token === undefined
              ? { user: result.user } as CommunicationUserToken
              : { token: Redacted.value(result.token), expiresOn: result.expiresOn, user: result.user }
        ),
      options
    )
  }

  /** Issues a token for a user. */
  getToken(
    user: CommunicationUserIdentifier,
    scopes: Array<TokenScope>,
    options?: GetTokenOptions
  ): Promise<CommunicationAccessToken> {
    return this.#run(
      "getToken",
      { of: user },
      (s, id) =>
        Effect.map(
          s.getToken(
            { communicationUserId: id },
            scopes,
            options?.tokenExpiresInMinutes === undefined ? {} : { expiresInMinutes: options.tokenExpiresInMinutes }
          ),
          plainToken
        ),
      options
    )
  }

  /** Revokes every token of a user. */
  revokeTokens(user: CommunicationUserIdentifier, options?: OperationOptions): Promise<void> {
    return this.#run("revokeTokens", { of: user }, (s, id) => s.revokeTokens({ communicationUserId: id }), options)
  }

  /** Deletes a user and revokes its tokens. */
  deleteUser(user: CommunicationUserIdentifier, options?: OperationOptions): Promise<void> {
    return this.#run("deleteUser", { of: user }, (s, id) => s.deleteUser({ communicationUserId: id }), options)
  }

  /** A user's details (api-version `2025-03-02-preview`), as the official beta's and .NET's `getUserDetail`. */
  getUserDetail(user: CommunicationUserIdentifier, options?: GetUserDetailOptions): Promise<CommunicationUserDetail> {
    return this.#run("getUser", { of: user }, (s, id) => s.getUser({ communicationUserId: id }), options)
  }

  /** An alias of {@link getUserDetail}, the name of earlier releases of this package. */
  getUser(user: CommunicationUserIdentifier, options?: GetUserDetailOptions): Promise<CommunicationUserDetail> {
    return this.getUserDetail(user, options)
  }

  /**
   * Exchanges a Teams Phone extension user's Entra ID token for an ACS token
   * and identity (api-version `2025-03-02-preview` or `2025-06-30`).
   */
  getTokenForTeamsExtensionUser(entraToken: string, options?: OperationOptions): Promise<CommunicationUserToken> {
    return this.#run(
      "getTokenForTeamsExtensionUser",
      undefined,
      (s) => Effect.map(s.getTokenForTeamsExtensionUser(entraToken), (result) => ({ ...plainToken(result), user: result.user })),
      options
    )
  }

  /**
   * Exchanges an Entra ID user's token for an ACS token and identity
   * (api-version `2025-03-02-preview`).
   */
  getTokenForEntraUser(entraToken: string, options?: OperationOptions): Promise<CommunicationUserToken> {
    return this.#run(
      "getTokenForEntraUser",
      undefined,
      (s) => Effect.map(s.getTokenForEntraUser(entraToken), (result) => ({ ...plainToken(result), user: result.user })),
      options
    )
  }

  /** A Teams Phone extension access assignment (api-version `2025-03-02-preview`, `2025-06-30` or later). */
  getTeamsExtensionAssignment(
    tenantId: string,
    objectId: string,
    options?: OperationOptions
  ): Promise<Client.TeamsExtensionAssignment> {
    return this.#run("getTeamsExtensionAssignment", undefined, (s) => s.getTeamsExtensionAssignment(tenantId, objectId), options)
  }

  /** Creates or replaces a Teams Phone extension access assignment. */
  upsertTeamsExtensionAssignment(
    tenantId: string,
    objectId: string,
    assignment: Client.TeamsExtensionAssignmentRequest,
    options?: OperationOptions
  ): Promise<Client.TeamsExtensionAssignment> {
    return this.#run("upsertTeamsExtensionAssignment", undefined, (s) => s.upsertTeamsExtensionAssignment(tenantId, objectId, assignment), options)
  }

  /** Removes a Teams Phone extension access assignment. */
  deleteTeamsExtensionAssignment(tenantId: string, objectId: string, options?: OperationOptions): Promise<void> {
    return this.#run("deleteTeamsExtensionAssignment", undefined, (s) => s.deleteTeamsExtensionAssignment(tenantId, objectId), options)
  }

  /** The Entra ID access assignments (api-version `2025-03-02-preview`). */
  listEntraAssignments(options?: OperationOptions): Promise<Client.EntraAssignments> {
    return this.#run("listEntraAssignments", undefined, (s) => s.listEntraAssignments(), options)
  }

  /** Sets (or, given `null`, removes) the Entra ID access assignment of each object id in one merge patch. */
  updateEntraAssignments(
    changes: Readonly<Record<string, Client.EntraAssignmentRequest | null>>,
    options?: OperationOptions
  ): Promise<Client.EntraAssignments> {
    return this.#run("updateEntraAssignments", undefined, (s) => s.updateEntraAssignments(changes), options)
  }

  /** An Entra ID access assignment. */
  getEntraAssignment(objectId: string, options?: OperationOptions): Promise<Client.EntraAssignment> {
    return this.#run("getEntraAssignment", undefined, (s) => s.getEntraAssignment(objectId), options)
  }

  /** Creates or replaces an Entra ID access assignment. */
  upsertEntraAssignment(
    objectId: string,
    assignment: Client.EntraAssignmentRequest,
    options?: OperationOptions
  ): Promise<Client.EntraAssignment> {
    return this.#run("upsertEntraAssignment", undefined, (s) => s.upsertEntraAssignment(objectId, assignment), options)
  }

  /** Removes an Entra ID access assignment. */
  deleteEntraAssignment(objectId: string, options?: OperationOptions): Promise<void> {
    return this.#run("deleteEntraAssignment", undefined, (s) => s.deleteEntraAssignment(objectId), options)
  }

  /** Exchanges a Teams user's Entra ID token for an ACS token. */
  getTokenForTeamsUser(options: GetTokenForTeamsUserOptions): Promise<CommunicationAccessToken> {
    return this.#run("getTokenForTeamsUser", undefined, (s) => Effect.map(s.getTokenForTeamsUser(options), plainToken), options)
  }
}

/**
 * The user's id, checked as the official client's serializer checks it (a
 * string; `TypeError` for a missing user, plain `Error`s with its messages
 * otherwise) — nothing more: the service answers for the rest.
 */
const userId = (user: CommunicationUserIdentifier): string => {
  const id: unknown = user.communicationUserId
  if (id === undefined || id === null) throw new Error("id cannot be null or undefined.")
  if (typeof id !== "string") throw new Error(`id with value "${String(id)}" must be of type string.`)
  return id
}

/** The signal as an `AbortSignal`: itself when it is one, else one that follows it. */
const abortSignal = (signal: AbortSignalLike | undefined): AbortSignal | undefined => {
  if (signal === undefined || signal instanceof AbortSignal) return signal
  const controller = new AbortController()
  if (signal.aborted) controller.abort()
  else signal.addEventListener("abort", () => controller.abort(), { once: true })
  return controller.signal
}

/** A call that the client's `dispose()` overtook. */
const disposedError = () =>
  Object.assign(new Error("The operation was aborted: the client was disposed."), { name: "AbortError" })

/**
 * The drop-in method for each method of the Effect client: a method added
 * there without a drop-in counterpart is a compile error here.
 *
 * @since 0.1.0
 * @category constants
 */
export const methods = {
  createUser: "createUser",
  createUserAndToken: "createUserAndToken",
  getToken: "getToken",
  revokeTokens: "revokeTokens",
  deleteUser: "deleteUser",
  getUser: "getUserDetail",
  getTokenForTeamsUser: "getTokenForTeamsUser",
  getTokenForTeamsExtensionUser: "getTokenForTeamsExtensionUser",
  getTokenForEntraUser: "getTokenForEntraUser",
  getTeamsExtensionAssignment: "getTeamsExtensionAssignment",
  upsertTeamsExtensionAssignment: "upsertTeamsExtensionAssignment",
  deleteTeamsExtensionAssignment: "deleteTeamsExtensionAssignment",
  listEntraAssignments: "listEntraAssignments",
  updateEntraAssignments: "updateEntraAssignments",
  getEntraAssignment: "getEntraAssignment",
  upsertEntraAssignment: "upsertEntraAssignment",
  deleteEntraAssignment: "deleteEntraAssignment"
} as const satisfies Record<Exclude<keyof Client.CommunicationIdentityClient.Service, "apiVersion">, keyof PromiseClient>

/** The value, or the `RestError` itself (not a fiber failure wrapper); an abort rejects with an `AbortError`. */
const settle = <A>(exit: Exit.Exit<A, RestError>): A => {
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) throw failure.value
  if (Cause.isInterruptedOnly(exit.cause)) {
    throw Object.assign(new Error("The operation was aborted."), { name: "AbortError" })
  }
  throw Cause.squash(exit.cause)
}

const plainToken = (token: Client.AccessToken): CommunicationAccessToken => ({
  token: Redacted.value(token.token),
  expiresOn: token.expiresOn
})

/**
 * The constructor arguments of the official client.
 *
 * @since 0.1.0
 * @category models
 */
export type ClientArguments = readonly [string, (CommunicationIdentityClientOptions | KeyCredential | TokenCredential)?, CommunicationIdentityClientOptions?]

/**
 * The drop-in client class for a platform: every instance shares one runtime
 * built from `platform` on first use, with clients made by `make` (e.g. the
 * direct transport's). `dispose()` releases it — calls in flight reject with
 * an `AbortError` — and the next call starts a fresh one, so a dispose never
 * breaks a client for good.
 *
 * @since 0.1.0
 * @category constructors
 */
export const forPlatform = <R>(
  platform: Layer.Layer<R>,
  make: (
    options: Client.CommunicationIdentityClient.Options
  ) => Effect.Effect<Client.CommunicationIdentityClient.Service, IdentityError, R>
): {
  readonly CommunicationIdentityClient: new(...args: ClientArguments) => PromiseClient
  readonly dispose: () => Promise<void>
} => {
  let runtime: ManagedRuntime.ManagedRuntime<R, never> | undefined
  let services = new WeakMap<object, Promise<Client.CommunicationIdentityClient.Service>>()
  const runner: Runner = (options, f, signal) => {
    const current = (runtime ??= ManagedRuntime.make(platform))
    let service = services.get(options)
    if (service === undefined) {
      service = current.runPromiseExit(Effect.mapError(make(options), (error) => new RestError(error))).then(settle)
      services.set(options, service)
    }
    return service.then((service) => {
      if (runtime !== current) throw disposedError()
      return current.runPromiseExit(
        Effect.mapError(f(service), (error) => new RestError(error)),
        signal === undefined ? undefined : { signal }
      ).then(settle)
    })
  }
  return {
    CommunicationIdentityClient: class CommunicationIdentityClient extends PromiseClient {
      constructor(...args: ClientArguments) {
        super(runner, ...args)
      }
    },
    dispose: () => {
      const disposed = runtime
      runtime = undefined
      services = new WeakMap()
      return disposed === undefined ? Promise.resolve() : disposed.dispose()
    }
  }
}
