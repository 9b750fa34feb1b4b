/**
 * The client with the surface of `@azure/communication-identity` 1.3.1, over
 * the executor and a platform: it converts arguments, results and errors, and
 * leaves the input checks the official client leaves to the service to the
 * service.
 */
import * as ApiVersion from "@effect-acs/identity-protocol/ApiVersion"
import * as ConnectionString from "@effect-acs/identity-protocol/ConnectionString"
import * as Operation from "@effect-acs/identity-protocol/Operation"
import * as Paging from "@effect-acs/identity-protocol/Paging"
import * as Requests from "@effect-acs/identity-protocol/Requests"
import * as Responses from "@effect-acs/identity-protocol/Responses"
import * as Retry from "@effect-acs/identity-protocol/Retry"
import * as Rules from "@effect-acs/identity-protocol/Rules"
import { invalid, type RestError } from "./errors.js"
import {
  type Authorizer,
  bearerAuthorizer,
  type Call,
  execute,
  hmacAuthorizer,
  type Platform,
  type Settings,
  type TokenCredential
} from "./executor.js"

/** A token scope. */
export type TokenScope = Rules.TokenScope

/** `{ communicationUserId }`. */
export interface CommunicationUserIdentifier {
  communicationUserId: string
}

/** An access token as the official client returns it. */
export interface CommunicationAccessToken {
  token: string
  expiresOn: Date
}

/** A new user and its token. */
export interface CommunicationUserToken extends CommunicationAccessToken {
  user: CommunicationUserIdentifier
}

/** A user's details (api-version `2025-03-02-preview`). */
export interface CommunicationUserDetail {
  readonly user: CommunicationUserIdentifier
  readonly customId?: string
  readonly lastTokenIssuedAt?: Date
}

/** What the official `AbortSignalLike` requires of a signal (an `AbortSignal` is one). */
export interface AbortSignalLike {
  readonly aborted: boolean
  addEventListener(type: "abort", listener: (this: AbortSignalLike, ev: unknown) => unknown, options?: unknown): void
  removeEventListener(type: "abort", listener: (this: AbortSignalLike, ev: unknown) => unknown, options?: unknown): void
}

/** Per-call options (the official `OperationOptions`' `abortSignal`). */
export interface OperationOptions {
  abortSignal?: AbortSignalLike
}

/** Options of `getUserDetail`, as the official beta's. */
export interface GetUserDetailOptions extends OperationOptions {}

/** Options of `getToken`. */
export interface GetTokenOptions extends OperationOptions {
  tokenExpiresInMinutes?: number
}

/** Options of `createUser`. */
export interface CreateUserOptions extends OperationOptions {
  /**
   * api-version `2025-03-02-preview`: creating again with the same `customId` (after the first create
   * finished) returns the same user; concurrent creates of one `customId` can make two.
   */
  customId?: string
}

/** Options of `createUserAndToken`. */
export interface CreateUserAndTokenOptions extends GetTokenOptions {
  customId?: string
}

/** Options of `getTokenForTeamsUser`. */
export interface GetTokenForTeamsUserOptions extends OperationOptions {
  teamsUserAadToken: string
  clientId: string
  userObjectId: string
}

/**
 * Constructor options (the official `CommunicationIdentityClientOptions`: its pipeline options are accepted and
 * those listed here are used).
 */
export interface CommunicationIdentityClientOptions {
  /** Default `2023-10-01`. */
  apiVersion?: ApiVersion.ApiVersion
  /** As in the Azure core pipeline. */
  retryOptions?: {
    maxRetries?: number
    retryDelayInMs?: number
    maxRetryDelayInMs?: number
  }
  /**
   * As in the official client: a plain `http` endpoint (the emulator, loopback included) needs `true` with an
   * access key, or every request rejects with "Cannot connect to <url> while allowInsecureConnection is false.";
   * a `TokenCredential` is refused over `http` whatever this says.
   */
  allowInsecureConnection?: boolean
}

/** Anything with a string `key`, read on every request (`AzureKeyCredential` works, rotation included). */
export interface KeyCredential {
  readonly key: string
}

export type { TokenCredential }

/** A Teams Phone extension access assignment. */
export type TeamsExtensionAssignment = Responses.TeamsExtensionAssignment

/** What `upsertTeamsExtensionAssignment` sets: `principalType` `resourceAccount` or `user`. */
export interface TeamsExtensionAssignmentRequest {
  readonly principalType: string
  readonly clientIds?: ReadonlyArray<string>
}

/** An Entra ID access assignment. */
export type EntraAssignment = Responses.EntraAssignment

/** A page of Entra ID access assignments. */
export type EntraAssignments = Responses.EntraAssignments

/** `@azure/core-paging`'s `PageSettings`: `continuationToken` resumes a listing at a `nextLink`; `maxPageSize` is not sent. */
export interface PageSettings {
  continuationToken?: string
  maxPageSize?: number
}

/** `@azure/core-paging`'s `PagedAsyncIterableIterator`: the elements one by one, or `byPage()` page by page. */
export interface PagedAsyncIterableIterator<
  TElement,
  TPage = Array<TElement>,
  TPageSettings extends PageSettings = PageSettings
> {
  next(): Promise<IteratorResult<TElement>>
  [Symbol.asyncIterator](): PagedAsyncIterableIterator<TElement, TPage, TPageSettings>
  byPage(settings?: TPageSettings): AsyncIterableIterator<TPage>
}

/** A page of Entra assignments and the path and query of the next page, if any. */
type Page = Paging.Page<EntraAssignment>

/** What `upsertEntraAssignment` sets: `principalType` `user`, `group` or `tenant`. */
export interface EntraAssignmentRequest {
  readonly tenantId: string
  readonly principalType: string
  readonly clientIds: ReadonlyArray<string>
}

/** The constructor arguments of the official client. */
export type ClientArguments = readonly [
  string,
  (CommunicationIdentityClientOptions | KeyCredential | TokenCredential)?,
  CommunicationIdentityClientOptions?
]

/** How the official pipeline refuses a plain `http` endpoint: always with a bearer token, with a key unless allowed. */
type Refusal = "bearer" | "insecure" | undefined

/** What a platform's clients share: the platform and the dispose generation. */
export interface Runtime {
  readonly platform: Platform
  generation: number
}

const isCredential = (value: unknown): value is KeyCredential | TokenCredential =>
  typeof value === "object" && value !== null && ("key" in value || "getToken" in value)

const fail = <A>(result: Rules.Result<A>): A => {
  if (!result.ok) throw invalid(result.violation)
  return result.value
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

const toUser = Responses.map(Responses.readIdentityAndToken, (result): CommunicationUserIdentifier => ({
  communicationUserId: result.identity.id
}))

// an answer without a token (an empty scope list) resolves to the user alone, as the official client's
const toUserMaybeToken = Responses.map(
  Responses.readIdentityAndToken,
  (result): CommunicationUserToken =>
    result.accessToken === undefined
      ? { user: { communicationUserId: result.identity.id } } as CommunicationUserToken
      : { ...result.accessToken, user: { communicationUserId: result.identity.id } }
)

const toToken = Responses.map(Responses.readAccessToken, (token): CommunicationAccessToken => ({ ...token }))

const toUserToken = Responses.map(Responses.readExchange, (result): CommunicationUserToken => ({
  ...result.accessToken,
  user: { communicationUserId: result.identity.id }
}))

const toDetail = Responses.map(Responses.readIdentity, (identity): CommunicationUserDetail => ({
  user: { communicationUserId: identity.id },
  ...(identity.customId !== undefined && { customId: identity.customId }),
  ...(identity.lastTokenIssuedAt !== undefined && { lastTokenIssuedAt: identity.lastTokenIssuedAt })
}))

/**
 * The client. Arguments are validated in the constructor (it throws a
 * `RestError` for a bad connection string or endpoint, as the official one
 * throws); every other failure is a rejection.
 */
export class PromiseClient {
  readonly #settings: Settings
  readonly #apiVersion: string
  readonly #refusal: Refusal
  readonly #versionProblem: RestError | undefined

  constructor(runtime: Runtime, ...args: ClientArguments) {
    const [first, second, third] = args
    const options: CommunicationIdentityClientOptions = (isCredential(second) ? third : second) ?? {}
    let endpoint: string
    let authorizer: Authorizer
    if (isCredential(second)) {
      endpoint = fail(ConnectionString.parseEndpoint(first))
      authorizer = "getToken" in second
        ? bearerAuthorizer(second)
        : hmacAuthorizer(runtime.platform, () => (second as KeyCredential).key)
    } else {
      const parsed = fail(ConnectionString.parse(first))
      endpoint = parsed.endpoint
      authorizer = hmacAuthorizer(runtime.platform, () => parsed.accessKey)
    }
    const version = options.apiVersion ?? ApiVersion.defaultVersion
    this.#apiVersion = version
    this.#versionProblem = ApiVersion.isApiVersion(version)
      ? undefined
      : invalid({ field: "apiVersion", message: `apiVersion must be one of ${ApiVersion.all.join(", ")}` })
    this.#refusal = !endpoint.toLowerCase().startsWith("http:")
      ? undefined
      : isCredential(second) && "getToken" in second
      ? "bearer"
      : options.allowInsecureConnection === true
      ? undefined
      : "insecure"
    const retry = options.retryOptions
    this.#settings = {
      platform: runtime.platform,
      endpoint,
      query: `?api-version=${version}`,
      authorizer,
      maxRetries: retry?.maxRetries ?? Retry.defaults.maxRetries,
      baseDelayMillis: retry?.retryDelayInMs ?? Retry.defaults.baseDelayMillis,
      maxDelayMillis: retry?.maxRetryDelayInMs ?? Retry.defaults.maxDelayMillis,
      generation: () => runtime.generation,
      log: runtime.platform.logger()
    }
  }

  /** The api-version, as a checked one (calls reject before use when it is not). */
  get #version(): ApiVersion.ApiVersion {
    return this.#apiVersion as ApiVersion.ApiVersion
  }

  /**
   * One call of `method` (on the user `user`, when its route has an id), as
   * the official client makes it: the id checked, a plain `http` endpoint
   * refused, then the api-version and the rules the service does not answer
   * for, then sent — every failure a rejection, none a synchronous throw.
   */
  #run<A>(
    method: keyof typeof methods,
    user: CommunicationUserIdentifier | null,
    call: (id: string) => Call<A> | Rules.Violation,
    options: OperationOptions | undefined,
    params?: Readonly<Record<string, string>>
  ): Promise<A> {
    return new Promise<A>((resolve) => {
      const id = user === null ? "" : userId(user)
      if (this.#refusal !== undefined) {
        // the URL the call would have, its route parameters filled in (never a `{objectId}`)
        const path = params === undefined
          ? Operation.path(methods[method], user === null ? undefined : id)
          : Operation.pathWith(methods[method], params)
        const url = new URL(`${this.#settings.endpoint}${path.slice(1)}?api-version=${this.#apiVersion}`).href
        throw new Error(
          this.#refusal === "bearer"
            ? "Bearer token authentication is not permitted for non-TLS protected (non-https) URLs."
            : `Cannot connect to ${url} while allowInsecureConnection is false.`
        )
      }
      if (this.#versionProblem !== undefined) throw this.#versionProblem
      const prepared = call(id)
      if ("field" in prepared) throw invalid(prepared)
      resolve(execute(this.#settings, prepared, abortSignal(options?.abortSignal)))
    })
  }

  /** A request the protocol built, as a call (or the rule it breaks). */
  #request<A>(
    operation: string,
    request: Requests.Checked,
    read: Call<A>["read"],
    userToken?: string
  ): Call<A> | Rules.Violation {
    if (!request.ok) return request.violation
    const { body, id, name, params } = request.value
    return {
      operation,
      name,
      path: params === undefined ? Operation.path(name, id) : Operation.pathWith(name, params),
      body: body === undefined ? undefined : JSON.stringify(body),
      read,
      ...(userToken !== undefined && { userToken })
    }
  }

  /** A create, with a token when `scopes` are given; only `customId` is checked here. */
  #create<A>(
    operation: string,
    body: Record<string, unknown>,
    customId: string | undefined,
    read: Call<A>["read"]
  ): Call<A> | Rules.Violation {
    return Rules.checkCustomId(customId, this.#version) ?? {
      operation,
      name: "createIdentity",
      path: Operation.path("createIdentity"),
      body: Object.keys(body).length === 0 ? undefined : JSON.stringify(body),
      read,
      hasCustomId: customId !== undefined
    }
  }

  /** Creates a user. */
  createUser(options?: CreateUserOptions): Promise<CommunicationUserIdentifier> {
    const customId = options?.customId
    return this.#run(
      "createUser",
      null,
      () => this.#create("createUser", customId === undefined ? {} : { customId }, customId, toUser),
      options
    )
  }

  /** Creates a user and issues it a token. */
  createUserAndToken(scopes: Array<TokenScope>, options?: CreateUserAndTokenOptions): Promise<CommunicationUserToken> {
    return this.#run("createUserAndToken", null, () =>
      this.#create(
        "createUserAndToken",
        {
          createTokenWithScopes: scopes,
          ...(options?.tokenExpiresInMinutes !== undefined && { expiresInMinutes: options.tokenExpiresInMinutes }),
          ...(options?.customId !== undefined && { customId: options.customId })
        },
        options?.customId,
        toUserMaybeToken
      ), options)
  }

  /** Issues a token for a user. */
  getToken(
    user: CommunicationUserIdentifier,
    scopes: Array<TokenScope>,
    options?: GetTokenOptions
  ): Promise<CommunicationAccessToken> {
    return this.#run("getToken", user, (id) => ({
      operation: "getToken",
      name: "issueAccessToken",
      path: Operation.path("issueAccessToken", id),
      body: JSON.stringify({
        scopes,
        ...(options?.tokenExpiresInMinutes !== undefined && { expiresInMinutes: options.tokenExpiresInMinutes })
      }),
      read: toToken
    }), options)
  }

  /** Revokes every token of a user. */
  revokeTokens(user: CommunicationUserIdentifier, options?: OperationOptions): Promise<void> {
    return this.#run("revokeTokens", user, (id) => ({
      operation: "revokeTokens",
      name: "revokeAccessTokens",
      path: Operation.path("revokeAccessTokens", id),
      read: Responses.readNothing
    }), options)
  }

  /** Deletes a user and revokes its tokens. */
  deleteUser(user: CommunicationUserIdentifier, options?: OperationOptions): Promise<void> {
    return this.#run("deleteUser", user, (id) => ({
      operation: "deleteUser",
      name: "deleteIdentity",
      path: Operation.path("deleteIdentity", id),
      read: Responses.readNothing
    }), options)
  }

  /** A user's details (api-version `2025-03-02-preview`), as the official beta's and .NET's `getUserDetail`. */
  getUserDetail(user: CommunicationUserIdentifier, options?: GetUserDetailOptions): Promise<CommunicationUserDetail> {
    return this.#run("getUser", user, (id) =>
      Rules.checkFeature(this.#version, "customId", "getUser") ?? {
        operation: "getUser",
        name: "getIdentity",
        path: Operation.path("getIdentity", id),
        read: toDetail
      }, options)
  }

  /** An alias of {@link getUserDetail}, the name of earlier releases of this package. */
  getUser(user: CommunicationUserIdentifier, options?: GetUserDetailOptions): Promise<CommunicationUserDetail> {
    return this.getUserDetail(user, options)
  }

  /** Exchanges a Teams user's Entra ID token for an ACS token. */
  getTokenForTeamsUser(options: GetTokenForTeamsUserOptions): Promise<CommunicationAccessToken> {
    return this.#run("getTokenForTeamsUser", null, () => {
      const token: unknown = options.teamsUserAadToken ?? ""
      return {
        operation: "getTokenForTeamsUser",
        name: "exchangeTeamsUserAccessToken",
        path: Operation.path("exchangeTeamsUserAccessToken"),
        body: JSON.stringify({ token, appId: options.clientId, userId: options.userObjectId }),
        read: toToken,
        secrets: typeof token === "string" ? [token] : []
      }
    }, options)
  }

  /**
   * Exchanges a Teams Phone extension user's Entra ID token for an ACS token
   * and identity (api-version `2025-03-02-preview` or `2025-06-30`).
   */
  getTokenForTeamsExtensionUser(entraToken: string, options?: OperationOptions): Promise<CommunicationUserToken> {
    return this.#userExchange("getTokenForTeamsExtensionUser", entraToken, options)
  }

  /** Exchanges an Entra ID user's token for an ACS token and identity (api-version `2025-03-02-preview`). */
  getTokenForEntraUser(entraToken: string, options?: OperationOptions): Promise<CommunicationUserToken> {
    return this.#userExchange("getTokenForEntraUser", entraToken, options)
  }

  #userExchange(
    method: "getTokenForTeamsExtensionUser" | "getTokenForEntraUser",
    entraToken: string,
    options: OperationOptions | undefined
  ): Promise<CommunicationUserToken> {
    return this.#run(method, null, () =>
      this.#request(
        method,
        Requests.exchangeUserAccessToken(this.#version, methods[method], entraToken, method),
        toUserToken,
        entraToken
      ), options)
  }

  /** An assignment operation: its feature and path parameters checked, then sent. */
  #assignment<A>(
    method: keyof typeof methods & `${string}Assignment${string}`,
    params: Readonly<Record<string, string>>,
    read: Call<A>["read"],
    options: OperationOptions | undefined,
    body?: unknown
  ): Promise<A> {
    return this.#run(
      method,
      null,
      () => this.#request(method, Requests.assignment(this.#version, methods[method], params, method, body), read),
      options,
      params
    )
  }

  /** A Teams Phone extension access assignment (api-version `2025-03-02-preview`, `2025-06-30` or later). */
  getTeamsExtensionAssignment(
    tenantId: string,
    objectId: string,
    options?: OperationOptions
  ): Promise<TeamsExtensionAssignment> {
    return this.#assignment(
      "getTeamsExtensionAssignment",
      { tenantId, objectId },
      Responses.readTeamsExtensionAssignment,
      options
    )
  }

  /** Creates or replaces a Teams Phone extension access assignment. */
  upsertTeamsExtensionAssignment(
    tenantId: string,
    objectId: string,
    assignment: TeamsExtensionAssignmentRequest,
    options?: OperationOptions
  ): Promise<TeamsExtensionAssignment> {
    return this.#assignment(
      "upsertTeamsExtensionAssignment",
      { tenantId, objectId },
      Responses.readTeamsExtensionAssignment,
      options,
      assignment
    )
  }

  /** Removes a Teams Phone extension access assignment. */
  deleteTeamsExtensionAssignment(tenantId: string, objectId: string, options?: OperationOptions): Promise<void> {
    return this.#assignment("deleteTeamsExtensionAssignment", { tenantId, objectId }, Responses.readNothing, options)
  }

  /** The Entra ID access assignments (api-version `2025-03-02-preview`): the service's first page. */
  listEntraAssignments(options?: OperationOptions): Promise<EntraAssignments> {
    return this.#assignment("listEntraAssignments", {}, Responses.readEntraAssignments, options)
  }

  /**
   * Every Entra ID access assignment (api-version `2025-03-02-preview`), one by one or, with
   * `byPage()`, page by page: each page's `nextLink` is followed only on the endpoint's origin and
   * path, for at most 1,000 pages (`Paging.next`); a page whose `nextLink` may not be followed
   * rejects with a `RestError` (code `DecodeError`). `byPage({ continuationToken })` starts at a
   * `nextLink` that `listEntraAssignments` answered. Nothing is sent until the first `next()`.
   */
  listEntraAssignmentsAll(
    options?: OperationOptions
  ): PagedAsyncIterableIterator<EntraAssignment, Array<EntraAssignment>, PageSettings> {
    const endpoint = this.#settings.endpoint
    /** The `pagesRead`-th page, from `page` (a checked `nextLink`) or the route. */
    const fetch = (page: string | undefined, pagesRead: number): Promise<Page> =>
      this.#run("listEntraAssignmentsAll", null, () => {
        const call = this.#request(
          "listEntraAssignmentsAll",
          Requests.assignment(this.#version, methods.listEntraAssignmentsAll, {}, "listEntraAssignmentsAll"),
          (json): Rules.Result<Page> => {
            const read = Responses.readEntraAssignments(json)
            return read.ok ? Paging.page(endpoint, this.#version, pagesRead, read.value) : read
          }
        )
        return "field" in call || page === undefined ? call : { ...call, page }
      }, options)
    const version = () => this.#version
    async function* pages(settings?: PageSettings): AsyncIterableIterator<Array<EntraAssignment>> {
      let page: string | undefined = undefined
      if (settings?.continuationToken !== undefined) {
        const start = Paging.next(endpoint, settings.continuationToken, version(), 0)
        if (!start.ok) throw invalid({ field: "continuationToken", message: start.violation.message })
        page = start.value
      }
      for (let pagesRead = 1; pagesRead <= Paging.maxPages; pagesRead++) {
        const read: Page = await fetch(page, pagesRead)
        yield [...read.value]
        if (read.next === undefined) return
        page = read.next
      }
    }
    async function* elements(): AsyncIterableIterator<EntraAssignment> {
      for await (const page of pages()) yield* page
    }
    const iterator = elements()
    const paged: PagedAsyncIterableIterator<EntraAssignment, Array<EntraAssignment>, PageSettings> = {
      next: () => iterator.next(),
      [Symbol.asyncIterator]: () => paged,
      byPage: (settings) => pages(settings)
    }
    return paged
  }

  /** Sets (or, given `null`, removes) the Entra ID access assignment of each object id in one merge patch. */
  updateEntraAssignments(
    changes: Readonly<Record<string, EntraAssignmentRequest | null>>,
    options?: OperationOptions
  ): Promise<EntraAssignments> {
    return this.#run(
      "updateEntraAssignments",
      null,
      () =>
        this.#request(
          "updateEntraAssignments",
          Requests.updateEntraAssignments(this.#version, changes, "updateEntraAssignments"),
          Responses.readEntraUpdate
        ),
      options
    )
  }

  /** An Entra ID access assignment. */
  getEntraAssignment(objectId: string, options?: OperationOptions): Promise<EntraAssignment> {
    return this.#assignment("getEntraAssignment", { objectId }, Responses.readEntraAssignment, options)
  }

  /** Creates or replaces an Entra ID access assignment. */
  upsertEntraAssignment(
    objectId: string,
    assignment: EntraAssignmentRequest,
    options?: OperationOptions
  ): Promise<EntraAssignment> {
    return this.#assignment("upsertEntraAssignment", { objectId }, Responses.readEntraAssignment, options, assignment)
  }

  /** Removes an Entra ID access assignment. */
  deleteEntraAssignment(objectId: string, options?: OperationOptions): Promise<void> {
    return this.#assignment("deleteEntraAssignment", { objectId }, Responses.readNothing, options)
  }
}

/** Each client method's REST operation (the protocol's table); the compiler checks each is a method here. */
const methods = Operation.byMethod satisfies Partial<Record<keyof PromiseClient, Operation.Name>>

/**
 * The client class of a platform, with the official constructors.
 */
export interface ClientConstructor {
  /** From a connection string (`endpoint=https://…;accesskey=…`). */
  new(connectionString: string, options?: CommunicationIdentityClientOptions): PromiseClient
  /** From an endpoint and a key credential (`AzureKeyCredential`: its `key` is read on every request). */
  new(endpoint: string, credential: KeyCredential, options?: CommunicationIdentityClientOptions): PromiseClient
  /** From an endpoint and an Entra ID token credential (https only). */
  new(endpoint: string, credential: TokenCredential, options?: CommunicationIdentityClientOptions): PromiseClient
}

/**
 * The client class of a platform and its `dispose`: every instance shares the
 * platform; `dispose()` releases it (calls in flight reject) and the next call
 * starts afresh, so a dispose never breaks a client for good.
 */
export const forPlatform = (platform: Platform): {
  readonly CommunicationIdentityClient: ClientConstructor
  readonly dispose: () => Promise<void>
} => {
  const runtime: Runtime = { platform, generation: 0 }
  return {
    CommunicationIdentityClient: class CommunicationIdentityClient extends PromiseClient {
      constructor(...args: ClientArguments) {
        super(runtime, ...args)
      }
    },
    dispose: () => {
      runtime.generation++
      platform.release()
      return Promise.resolve()
    }
  }
}
