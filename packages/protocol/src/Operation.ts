/**
 * The operation table: every REST operation of the Identity service as data.
 * The clients, the drop-in, the emulator's router and counters and the tests'
 * case tables derive their lists from it, so a face that misses an operation
 * fails to compile.
 *
 * @since 0.1.0
 */
import type { ApiVersion, Feature } from "./ApiVersion.js"
import type { Idempotency } from "./Retry.js"

/**
 * One REST operation.
 *
 * @since 0.1.0
 * @category models
 */
export interface Operation {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
  /**
   * The route; `{id}` is the percent-encoded identity id (`{tenantId}`, `{objectId}`
   * likewise), `:name` a literal action segment.
   */
  readonly route: string
  /** The status of success. */
  readonly status: 200 | 201 | 204
  /** A second status of success: 200 for a PUT that replaced (201 created), 204 for a PATCH with nothing to answer. */
  readonly alsoStatus?: 200 | 204
  /** The request body's media type when it is not `application/json`. */
  readonly contentType?: "application/merge-patch+json"
  /**
   * Whether sending it again is harmless: `true`, or `"withCustomId"` for a
   * create, which is not idempotent without a `customId` and, with one, only
   * once the earlier attempt is over (see `Retry.Idempotency`).
   */
  readonly idempotent: true | "withCustomId"
  /** Who authenticates it: the resource's credential, or the end user's own Entra token. */
  readonly auth: "resource" | "entraUser"
  /** The feature the api-version must have (the service answers 404 otherwise). */
  readonly feature?: Feature
  /** The request body's model, when it has one. */
  readonly request?: ModelName
  /** The success body's model, when it has one. */
  readonly response?: ModelName
}

/**
 * The names of the wire models (as in the REST spec).
 *
 * @since 0.1.0
 * @category models
 */
export type ModelName =
  | "CommunicationIdentity"
  | "CommunicationIdentityAccessToken"
  | "CommunicationIdentityAccessTokenResult"
  | "CommunicationIdentityCreateRequest"
  | "CommunicationIdentityAccessTokenRequest"
  | "TeamsUserExchangeTokenRequest"
  | "TeamsExtensionAssignmentCreateOrUpdateRequest"
  | "TeamsExtensionAssignmentResponse"
  | "EntraAssignment"
  | "EntraAssignmentCreateOrUpdateRequest"
  | "EntraAssignmentUpdateBulkRequest"
  | "EntraAssignmentsResponse"
  | "CommunicationErrorResponse"

/**
 * Every operation, by its REST name.
 *
 * @since 0.1.0
 * @category constants
 */
export const operations = {
  createIdentity: {
    method: "POST",
    route: "/identities",
    status: 201,
    idempotent: "withCustomId",
    auth: "resource",
    request: "CommunicationIdentityCreateRequest",
    response: "CommunicationIdentityAccessTokenResult"
  },
  deleteIdentity: { method: "DELETE", route: "/identities/{id}", status: 204, idempotent: true, auth: "resource" },
  getIdentity: {
    method: "GET",
    route: "/identities/{id}",
    status: 200,
    idempotent: true,
    auth: "resource",
    feature: "customId",
    response: "CommunicationIdentity"
  },
  revokeAccessTokens: {
    method: "POST",
    route: "/identities/{id}/:revokeAccessTokens",
    status: 204,
    idempotent: true,
    auth: "resource"
  },
  issueAccessToken: {
    method: "POST",
    route: "/identities/{id}/:issueAccessToken",
    status: 200,
    idempotent: true,
    auth: "resource",
    request: "CommunicationIdentityAccessTokenRequest",
    response: "CommunicationIdentityAccessToken"
  },
  exchangeTeamsUserAccessToken: {
    method: "POST",
    route: "/teamsUser/:exchangeAccessToken",
    status: 200,
    idempotent: true,
    auth: "resource",
    request: "TeamsUserExchangeTokenRequest",
    response: "CommunicationIdentityAccessToken"
  },
  exchangeTeamsExtensionAccessToken: {
    method: "POST",
    route: "/access/teamsExtension/:exchangeAccessToken",
    status: 200,
    idempotent: true,
    auth: "entraUser",
    feature: "teamsExtension",
    response: "CommunicationIdentityAccessTokenResult"
  },
  exchangeEntraAccessToken: {
    method: "POST",
    route: "/access/entra/:exchangeAccessToken",
    status: 200,
    idempotent: true,
    auth: "entraUser",
    feature: "entra",
    response: "CommunicationIdentityAccessTokenResult"
  },
  getTeamsExtensionAssignment: {
    method: "GET",
    route: "/access/teamsExtension/tenants/{tenantId}/assignments/{objectId}",
    status: 200,
    idempotent: true,
    auth: "resource",
    feature: "teamsExtension",
    response: "TeamsExtensionAssignmentResponse"
  },
  upsertTeamsExtensionAssignment: {
    method: "PUT",
    route: "/access/teamsExtension/tenants/{tenantId}/assignments/{objectId}",
    status: 201,
    alsoStatus: 200,
    idempotent: true,
    auth: "resource",
    feature: "teamsExtension",
    request: "TeamsExtensionAssignmentCreateOrUpdateRequest",
    response: "TeamsExtensionAssignmentResponse"
  },
  deleteTeamsExtensionAssignment: {
    method: "DELETE",
    route: "/access/teamsExtension/tenants/{tenantId}/assignments/{objectId}",
    status: 204,
    idempotent: true,
    auth: "resource",
    feature: "teamsExtension"
  },
  listEntraAssignments: {
    method: "GET",
    route: "/access/entra/assignments",
    status: 200,
    idempotent: true,
    auth: "resource",
    feature: "entra",
    response: "EntraAssignmentsResponse"
  },
  updateEntraAssignments: {
    method: "PATCH",
    route: "/access/entra/assignments",
    status: 200,
    alsoStatus: 204,
    idempotent: true,
    auth: "resource",
    feature: "entra",
    contentType: "application/merge-patch+json",
    request: "EntraAssignmentUpdateBulkRequest",
    response: "EntraAssignmentsResponse"
  },
  getEntraAssignment: {
    method: "GET",
    route: "/access/entra/assignments/{objectId}",
    status: 200,
    idempotent: true,
    auth: "resource",
    feature: "entra",
    response: "EntraAssignment"
  },
  upsertEntraAssignment: {
    method: "PUT",
    route: "/access/entra/assignments/{objectId}",
    status: 201,
    alsoStatus: 200,
    idempotent: true,
    auth: "resource",
    feature: "entra",
    request: "EntraAssignmentCreateOrUpdateRequest",
    response: "EntraAssignment"
  },
  deleteEntraAssignment: {
    method: "DELETE",
    route: "/access/entra/assignments/{objectId}",
    status: 204,
    idempotent: true,
    auth: "resource",
    feature: "entra"
  }
} as const satisfies Record<string, Operation>

/**
 * The REST name of an operation.
 *
 * @since 0.1.0
 * @category models
 */
export type Name = keyof typeof operations

/**
 * Every operation name, in table order.
 *
 * @since 0.1.0
 * @category constants
 */
export const names = /* @__PURE__ */ Object.keys(operations) as ReadonlyArray<Name>

/**
 * The operation called `name`.
 *
 * @since 0.1.0
 * @category getters
 */
export const get = (name: Name): Operation => operations[name]

/**
 * The REST operation each client method calls (by the methods' names in every
 * face: both Effect lines and the drop-in, whose `getUserDetail` is `getUser`;
 * the Effect lines read a listing with `listEntraAssignmentsPage`, the drop-in
 * with `listEntraAssignmentsAll`).
 * Every operation of the table is reached by a method: a table entry added
 * without one is a compile error here.
 *
 * @since 0.1.0
 * @category constants
 */
export const byMethod = /* @__PURE__ */ reachingAll(
  {
    createUser: "createIdentity",
    createUserAndToken: "createIdentity",
    getToken: "issueAccessToken",
    revokeTokens: "revokeAccessTokens",
    deleteUser: "deleteIdentity",
    getUser: "getIdentity",
    getTokenForTeamsUser: "exchangeTeamsUserAccessToken",
    getTokenForTeamsExtensionUser: "exchangeTeamsExtensionAccessToken",
    getTokenForEntraUser: "exchangeEntraAccessToken",
    getTeamsExtensionAssignment: "getTeamsExtensionAssignment",
    upsertTeamsExtensionAssignment: "upsertTeamsExtensionAssignment",
    deleteTeamsExtensionAssignment: "deleteTeamsExtensionAssignment",
    listEntraAssignments: "listEntraAssignments",
    listEntraAssignmentsPage: "listEntraAssignments",
    listEntraAssignmentsAll: "listEntraAssignments",
    updateEntraAssignments: "updateEntraAssignments",
    getEntraAssignment: "getEntraAssignment",
    upsertEntraAssignment: "upsertEntraAssignment",
    deleteEntraAssignment: "deleteEntraAssignment"
  } as const
)

/**
 * A client method's name.
 *
 * @since 0.1.0
 * @category models
 */
export type Method = keyof typeof byMethod

/** The table itself, if it reaches every operation (else `missing` names the rest). */
function reachingAll<const T extends Record<string, Name>>(
  table: T & ([Exclude<Name, T[keyof T]>] extends [never] ? unknown : { readonly missing: Exclude<Name, T[keyof T]> })
): T {
  return table
}

/**
 * The path of an operation, with `id` percent-encoded into `{id}`. The id
 * must have been checked (see `Rules.checkUserId`): dot segments would change
 * the route.
 *
 * @since 0.1.0
 * @category formatting
 */
export const path = (name: Name, id?: string): string => {
  const route: string = operations[name].route
  return id === undefined ? route : route.replace("{id}", encodeURIComponent(id))
}

/**
 * The path of an operation whose route has named parameters (`{tenantId}`,
 * `{objectId}`), each percent-encoded. The values must have been checked
 * (see `Rules.checkUserId`): dot segments would change the route.
 *
 * @since 0.1.0
 * @category formatting
 */
export const pathWith = (name: Name, params: Readonly<Record<string, string>>): string =>
  (operations[name].route as string).replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(params[key] ?? ""))

/**
 * Whether `status` is a success of `operation`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isSuccess = (operation: Operation, status: number): boolean =>
  status === operation.status || status === operation.alsoStatus

/**
 * How safe it is to send a request of `operation` again after a failure that
 * leaves its effect unknown (see `Retry.Idempotency`): a create without
 * `customId` is not idempotent, one with a `customId` only once the earlier
 * attempt is over.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isIdempotent = (operation: Operation, hasCustomId: boolean): Idempotency =>
  operation.idempotent === true ? true : hasCustomId ? "customId" : false

/**
 * The scope prefixes of an Entra user's token that pick its exchange: Teams
 * Phone extension scopes (`https://auth.msft.communication.azure.com/…`, and
 * the US government cloud's) or Communication Services client scopes
 * (`https://communication.azure.com/clients/…`), as `@azure/communication-common`
 * picks them.
 *
 * @since 0.1.0
 * @category constants
 */
export const exchangeScopePrefixes = {
  teamsExtension: ["https://auth.msft.communication.azure.com/", "https://auth.msft.communication.azure.us/"],
  entra: ["https://communication.azure.com/clients/"]
} as const

/**
 * The default scope of an Entra user's token for the exchange.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultExchangeScope = "https://communication.azure.com/clients/.default"

/**
 * The message for scopes that pick no exchange (the official text).
 *
 * @since 0.1.0
 * @category constants
 */
export const exchangeScopesMessage = `Scopes validation failed. Ensure all scopes start with one of ${
  [...exchangeScopePrefixes.teamsExtension, ...exchangeScopePrefixes.entra].join(", ")
}.`

/**
 * The exchange an Entra user's token with `scopes` goes to, and the
 * api-version it is sent with (`2025-06-30` for Teams Phone extension scopes,
 * `2025-03-02-preview` for client scopes); `undefined` when the scopes are
 * empty or mixed.
 *
 * @since 0.1.0
 * @category getters
 */
export const exchangeFor = (
  scopes: ReadonlyArray<string>
):
  | { readonly name: "exchangeTeamsExtensionAccessToken" | "exchangeEntraAccessToken"; readonly apiVersion: ApiVersion }
  | undefined =>
{
  if (scopes.length === 0) return undefined
  const all = (prefixes: ReadonlyArray<string>) =>
    scopes.every((scope) => prefixes.some((prefix) => scope.startsWith(prefix)))
  if (all(exchangeScopePrefixes.teamsExtension)) {
    return { name: "exchangeTeamsExtensionAccessToken", apiVersion: "2025-06-30" }
  }
  return all(exchangeScopePrefixes.entra)
    ? { name: "exchangeEntraAccessToken", apiVersion: "2025-03-02-preview" }
    : undefined
}
