/**
 * What each client method sends: its input checked with the rules (nothing
 * is sent when one is broken), then its REST operation, the route's `{id}`
 * and the request body in its model's shape. Every face of the client (both
 * Effect lines) builds its requests here and adds only how it sends them.
 *
 * @since 0.1.0
 */
import type * as ApiVersion from "./ApiVersion.js"
import * as Operation from "./Operation.js"
import * as Rules from "./Rules.js"
import { at, object, optional, read, type Reader, string, strings } from "./internal/reader.js"

/**
 * A request to send: the operation, its `{id}`, its body (`Secret` is how
 * the caller holds secrets in it, e.g. a `Redacted`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Request<Body = unknown> {
  readonly name: Operation.Name
  readonly id?: string
  /** The named parameters of the route (`{tenantId}`, `{objectId}`). */
  readonly params?: Readonly<Record<string, string>>
  readonly body?: Body
  /** A create with a `customId` (idempotent, see the operation table). */
  readonly hasCustomId?: boolean
}

/**
 * A request, or the rule its input breaks.
 *
 * @since 0.1.0
 * @category models
 */
export type Checked<Body = unknown> = Rules.Result<Request<Body>>

/**
 * Token options.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenOptions {
  readonly expiresInMinutes?: number
}

/**
 * Create options.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateOptions {
  readonly customId?: string
}

const check = <Body>(violation: Rules.Violation | undefined, request: () => Request<Body>): Checked<Body> =>
  violation === undefined ? { ok: true, value: request() } : { ok: false, violation }

const withExpiry = (options: TokenOptions) =>
  options.expiresInMinutes === undefined ? undefined : { expiresInMinutes: options.expiresInMinutes }

/**
 * `POST /identities`, with a token when `scopes` are given.
 *
 * @since 0.1.0
 * @category requests
 */
export const createIdentity = (
  version: ApiVersion.ApiVersion,
  options: TokenOptions & CreateOptions,
  scopes?: ReadonlyArray<Rules.TokenScope>
): Checked =>
  check(
    (scopes === undefined
      ? undefined
      : Rules.checkScopes(scopes, version) ?? Rules.checkExpiry(options.expiresInMinutes)) ??
      Rules.checkCustomId(options.customId, version),
    () => {
      const body = {
        ...(scopes !== undefined && { createTokenWithScopes: scopes, ...withExpiry(options) }),
        ...(options.customId !== undefined && { customId: options.customId })
      }
      return {
        name: "createIdentity",
        ...(Object.keys(body).length > 0 && { body }),
        hasCustomId: options.customId !== undefined
      }
    }
  )

/**
 * `POST /identities/{id}/:issueAccessToken`.
 *
 * @since 0.1.0
 * @category requests
 */
export const issueAccessToken = (
  version: ApiVersion.ApiVersion,
  userId: string,
  scopes: ReadonlyArray<Rules.TokenScope>,
  options: TokenOptions
): Checked =>
  check(
    Rules.checkUserId(userId) ?? Rules.checkScopes(scopes, version) ?? Rules.checkExpiry(options.expiresInMinutes),
    () => ({ name: "issueAccessToken", id: userId, body: { scopes, ...withExpiry(options) } })
  )

/**
 * An operation on one user without a body: revoke, delete, get (the last
 * only where the api-version has it).
 *
 * @since 0.1.0
 * @category requests
 */
export const onUser = (
  version: ApiVersion.ApiVersion,
  name: "revokeAccessTokens" | "deleteIdentity" | "getIdentity",
  userId: string,
  method: string
): Checked =>
  check(
    (name === "getIdentity" ? Rules.checkFeature(version, "customId", method) : undefined) ?? Rules.checkUserId(userId),
    () => ({ name, id: userId })
  )

/**
 * `POST /teamsUser/:exchangeAccessToken`: `token` is the Teams user's Entra
 * token as the caller holds it, `text` the same in clear (checked only).
 *
 * @since 0.1.0
 * @category requests
 */
export const exchangeTeamsUserAccessToken = <Secret>(
  token: Secret,
  text: string,
  clientId: string,
  userObjectId: string
): Checked<{ readonly token: Secret; readonly appId: string; readonly userId: string }> =>
  check(
    text === ""
      ? { field: "teamsUserAadToken", message: "teamsUserAadToken is empty" }
      : Rules.checkId(clientId, "clientId") ?? Rules.checkId(userObjectId, "userObjectId"),
    () => ({ name: "exchangeTeamsUserAccessToken", body: { token, appId: clientId, userId: userObjectId } })
  )

/**
 * An exchange of an end user's Entra token (`POST /access/teamsExtension/…` or
 * `/access/entra/:exchangeAccessToken`), authenticated by that token (`text`,
 * checked to fit a header) instead of the client's credential.
 *
 * @since 0.1.0
 * @category requests
 */
export const exchangeUserAccessToken = (
  version: ApiVersion.ApiVersion,
  name: "exchangeTeamsExtensionAccessToken" | "exchangeEntraAccessToken",
  text: string,
  method: string
): Checked =>
  check(
    Rules.checkFeature(version, Operation.get(name).feature, method) ?? Rules.checkHeaderSecret(text, "entraToken"),
    () => ({ name, body: {} })
  )

/**
 * An assignment operation: the api-version's feature and each path parameter
 * checked, then its route parameters and body.
 *
 * @since 0.1.0
 * @category requests
 */
export const assignment = (
  version: ApiVersion.ApiVersion,
  name: Operation.Name,
  params: Readonly<Record<string, string>>,
  method: string,
  body?: unknown
): Checked =>
  check(
    Object.entries(params).reduce<Rules.Violation | undefined>(
      (found, [field, value]) => found ?? Rules.checkUserId(value, field),
      Rules.checkFeature(version, Operation.get(name).feature, method)
    ),
    () => ({ name, params, ...(body !== undefined && { body }) })
  )

/**
 * `PATCH /access/entra/assignments`: a merge patch whose keys are object ids.
 *
 * @since 0.1.0
 * @category requests
 */
export const updateEntraAssignments = (
  version: ApiVersion.ApiVersion,
  changes: Readonly<Record<string, unknown>>,
  method: string
): Checked => {
  const violation = Object.keys(changes).reduce<Rules.Violation | undefined>(
    (found, objectId) => found ?? Rules.checkId(objectId, "objectId"),
    undefined
  )
  return violation === undefined
    ? assignment(version, "updateEntraAssignments", {}, method, changes)
    : { ok: false, violation }
}

/** An assignment request: `principalType`, and `clientIds` (optional for a Teams Phone extension), known keys only. */
const assignmentBody = (entra: boolean): Reader<unknown> => (value, path) => {
  const record = object(value, path)
  const clientIds = entra
    ? strings(record["clientIds"], at(path, "clientIds"))
    : optional(record, "clientIds", path, strings)
  return {
    ...(entra && { tenantId: string(record["tenantId"], at(path, "tenantId")) }),
    principalType: string(record["principalType"], at(path, "principalType")),
    ...(clientIds !== undefined && { clientIds })
  }
}

const teamsAssignmentBody = assignmentBody(false)
const entraAssignmentBody = assignmentBody(true)

/** The bulk update of Entra assignments: each change an assignment or `null`, by object id. */
const entraUpdateBody: Reader<unknown> = (value, path) =>
  // fromEntries defines own properties, so an object id such as `__proto__` stays a key
  Object.fromEntries(
    Object.entries(object(value, path)).map((
      [objectId, change]
    ) => [objectId, change === null ? null : entraAssignmentBody(change, at(path, objectId))])
  )

/** The request readers by model, each reading from the path `body`. */
const bodies: Partial<Record<Operation.ModelName, (json: unknown) => Rules.Result<unknown>>> = {
  TeamsExtensionAssignmentCreateOrUpdateRequest: read((value) => teamsAssignmentBody(value, "body")),
  EntraAssignmentCreateOrUpdateRequest: read((value) => entraAssignmentBody(value, "body")),
  EntraAssignmentUpdateBulkRequest: read((value) => entraUpdateBody(value, "body"))
}

/**
 * A body the caller supplies (an assignment, or the bulk update of Entra
 * assignments) in its request model's shape: the model's keys only, or the
 * first value that does not fit. Other models are built here in full and pass
 * as they are.
 *
 * @since 0.1.0
 * @category requests
 */
export const shapeBody = (model: Operation.ModelName, body: unknown): Rules.Result<unknown> =>
  bodies[model]?.(body) ?? { ok: true, value: body }
