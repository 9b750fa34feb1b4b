/**
 * The Identity client: every operation of the service as an Effect, over an
 * `HttpClient` (`make`, `layer`) or a direct transport (`makeDirect`,
 * `layerDirect`), and a `Crypto`.
 *
 * @since 0.1.0
 */
import type * as Paging from "@effect-acs/identity-protocol/Paging"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type * as ApiVersion from "./ApiVersion.js"
import { Crypto } from "./Crypto.js"
import type { IdentityError } from "./IdentityError.js"
import type * as Identifier from "./Identifier.js"
import type * as Models from "./Models.js"
import * as Operations from "./internal/client.js"
import * as Executor from "./internal/executor.js"
import * as Send from "./internal/send.js"
import * as Settings from "./internal/settings.js"
import * as Transport from "./Transport.js"

/**
 * A Communication Services user: its identifier.
 *
 * @since 0.1.0
 * @category models
 */
export type CommunicationUser = Identifier.CommunicationUserIdentifier

/**
 * An access token (the wire model); the token itself stays `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export type AccessToken = Models.CommunicationIdentityAccessToken

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
  /**
   * Your own id for the user (api-version `2025-03-02-preview`). Creating with it again after the first
   * create finished returns the same user; concurrent creates of one `customId` can make two
   * (then `MultipleIdentitiesForCustomId`), so a create with it is not retried without a response.
   */
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
 * A Teams Phone extension access assignment (the wire model).
 *
 * @since 0.1.0
 * @category models
 */
export type TeamsExtensionAssignment = Models.TeamsExtensionAssignmentResponse

/**
 * What a Teams Phone extension assignment grants: `principalType`
 * `"resourceAccount"` or `"user"`, and optionally the client (application) ids.
 *
 * @since 0.1.0
 * @category models
 */
export type TeamsExtensionAssignmentRequest = Models.TeamsExtensionAssignmentCreateOrUpdateRequest

/**
 * An Entra ID access assignment (the wire model).
 *
 * @since 0.1.0
 * @category models
 */
export type EntraAssignment = Models.EntraAssignment

/**
 * What an Entra ID assignment grants: the principal's tenant, `principalType`
 * `"user"`, `"group"` or `"tenant"`, and the client (application) ids.
 *
 * @since 0.1.0
 * @category models
 */
export type EntraAssignmentRequest = Models.EntraAssignmentCreateOrUpdateRequest

/**
 * Entra ID assignments as the service lists them: `value`, and `nextLink`
 * when the service has more.
 *
 * @since 0.1.0
 * @category models
 */
export type EntraAssignments = Models.EntraAssignmentsResponse

/**
 * Where a listing's next page is: its path and query after the endpoint (the
 * previous page's `nextLink`, checked) and the pages read before it.
 *
 * @since 0.31.0
 * @category models
 */
export type PageCursor = Paging.Cursor

/**
 * A page of Entra ID assignments as `listEntraAssignmentsPage` reads it: its
 * assignments, and the cursor of the next page (absent on the last).
 *
 * @since 0.31.0
 * @category models
 */
export interface EntraAssignmentsPage {
  readonly value: ReadonlyArray<EntraAssignment>
  readonly next?: PageCursor
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
    /**
     * `POST /access/entra/:exchangeAccessToken` (api-version `2025-03-02-preview`): an Entra ID
     * user's token (for `https://communication.azure.com/clients/…` scopes) for an ACS token and
     * identity. Authenticated by that Entra token, not by the client's credential.
     */
    readonly getTokenForEntraUser: (
      entraToken: string | Redacted.Redacted<string>
    ) => Effect.Effect<CommunicationUserToken, IdentityError>
    /** `GET /access/teamsExtension/tenants/{tenantId}/assignments/{objectId}` (the Teams Phone extension versions). */
    readonly getTeamsExtensionAssignment: (
      tenantId: string,
      objectId: string
    ) => Effect.Effect<TeamsExtensionAssignment, IdentityError>
    /** `PUT` of that assignment: creates or replaces it. */
    readonly upsertTeamsExtensionAssignment: (
      tenantId: string,
      objectId: string,
      assignment: TeamsExtensionAssignmentRequest
    ) => Effect.Effect<TeamsExtensionAssignment, IdentityError>
    /** `DELETE` of that assignment. */
    readonly deleteTeamsExtensionAssignment: (tenantId: string, objectId: string) => Effect.Effect<void, IdentityError>
    /** `GET /access/entra/assignments` (api-version `2025-03-02-preview`): the first page of Entra assignments. */
    readonly listEntraAssignments: () => Effect.Effect<EntraAssignments, IdentityError>
    /**
     * A page of Entra assignments: the first, or the one `cursor` (a page's `next`) points to. A
     * `nextLink` is followed only on the endpoint's origin and path, for at most 1,000 pages (the
     * protocol's `Paging.next`): a page whose `nextLink` may not be followed is a `DecodeError`, a
     * cursor that may not be followed an `InvalidInput` (nothing sent).
     * `Paging.listEntraAssignmentsAll` streams every page.
     */
    readonly listEntraAssignmentsPage: (cursor?: PageCursor) => Effect.Effect<EntraAssignmentsPage, IdentityError>
    /**
     * `PATCH /access/entra/assignments` (a JSON merge patch): sets the assignment of each object id,
     * removes those given as `null`. Answers the assignments set (`value` is empty when the service
     * answered 204 No Content).
     */
    readonly updateEntraAssignments: (
      changes: Readonly<Record<string, EntraAssignmentRequest | null>>
    ) => Effect.Effect<EntraAssignments, IdentityError>
    /** `GET /access/entra/assignments/{objectId}` (api-version `2025-03-02-preview`). */
    readonly getEntraAssignment: (objectId: string) => Effect.Effect<EntraAssignment, IdentityError>
    /** `PUT /access/entra/assignments/{objectId}`: creates or replaces it. */
    readonly upsertEntraAssignment: (
      objectId: string,
      assignment: EntraAssignmentRequest
    ) => Effect.Effect<EntraAssignment, IdentityError>
    /** `DELETE /access/entra/assignments/{objectId}`. */
    readonly deleteEntraAssignment: (objectId: string) => Effect.Effect<void, IdentityError>
  }

  /**
   * Where and how to connect.
   *
   * @since 0.1.0
   * @category models
   */
  export type Options = DirectOptions & {
    /** A hook over the underlying client (logging, proxies, extra middleware). */
    readonly transformClient?: (client: Client) => Client
  }

  /**
   * Where and how to connect, for a client on a direct transport (no
   * `HttpClient`, so no `transformClient` hook).
   *
   * @since 0.1.0
   * @category models
   */
  export type DirectOptions = Settings.Options
}

/**
 * The authenticated client that operations send through.
 *
 * @since 0.1.0
 * @category models
 */
export type Client = Send.Client

/**
 * The REST operation (of the protocol's operation table) each method calls.
 *
 * @since 0.1.0
 * @category constants
 */
export const operations: typeof Operations.operations = Operations.operations

/**
 * The `User-Agent` this library sends.
 *
 * @since 0.1.0
 * @category constants
 */
export const userAgent: string = Settings.userAgent

/**
 * Builds a client that sends through the `HttpClient` in context (fetch, the
 * browser, node:http, your own), with its middleware and the
 * `transformClient` hook.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: CommunicationIdentityClient.Options
): Effect.Effect<CommunicationIdentityClient.Service, IdentityError, HttpClient.HttpClient | Crypto> =>
  Effect.gen(function*() {
    const settings = yield* Settings.resolve(options)
    const attempt = Send.viaClient(settings, yield* HttpClient.HttpClient, options.transformClient ?? identity)
    return Operations.make(settings, Executor.make(settings, yield* Crypto, attempt))
  })

/**
 * Builds a client that sends through a direct transport (`Transport.Direct`,
 * which the node package provides): one callback per request, signed in one
 * step when the crypto is synchronous — the fast path.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeDirect = (
  options: CommunicationIdentityClient.DirectOptions
): Effect.Effect<CommunicationIdentityClient.Service, IdentityError, Transport.Direct | Crypto> =>
  Effect.gen(function*() {
    const settings = yield* Settings.resolve(options)
    const attempt = Send.viaDirect(settings, yield* Transport.Direct)
    return Operations.make(settings, Executor.make(settings, yield* Crypto, attempt))
  })

/**
 * A layer for the client over an `HttpClient` and a `Crypto` (the node and
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
 * A layer for the client over a direct transport and a `Crypto`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerDirect = (
  options: CommunicationIdentityClient.DirectOptions
): Layer.Layer<CommunicationIdentityClient, IdentityError, Transport.Direct | Crypto> =>
  Layer.effect(CommunicationIdentityClient, makeDirect(options))

/**
 * Options of the config layers: everything but the connection.
 *
 * @since 0.1.0
 * @category models
 */
export type ConfigOptions = Omit<CommunicationIdentityClient.Options, "connectionString" | "endpoint" | "credential">

/**
 * A layer that reads the connection string from `ACS_CONNECTION_STRING`
 * (as a redacted config value) and sends through the `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: ConfigOptions = {},
  name = "ACS_CONNECTION_STRING"
): Layer.Layer<CommunicationIdentityClient, IdentityError | ConfigError.ConfigError, HttpClient.HttpClient | Crypto> =>
  Layer.effect(
    CommunicationIdentityClient,
    Effect.flatMap(Config.redacted(name), (connectionString) => make({ ...options, connectionString }))
  )

/**
 * {@link layerConfig} over a direct transport.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfigDirect = (
  options: Omit<ConfigOptions, "transformClient"> = {},
  name = "ACS_CONNECTION_STRING"
): Layer.Layer<CommunicationIdentityClient, IdentityError | ConfigError.ConfigError, Transport.Direct | Crypto> =>
  Layer.effect(
    CommunicationIdentityClient,
    Effect.flatMap(Config.redacted(name), (connectionString) => makeDirect({ ...options, connectionString }))
  )
