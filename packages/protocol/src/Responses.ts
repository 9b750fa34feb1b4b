/**
 * The success bodies of the operations, read from parsed JSON without a
 * schema library: each reader checks the shape of its model (exact casing,
 * unknown keys dropped, timestamps parsed strictly) and answers the value or
 * the first problem — its path and what was expected, never the actual value
 * (a body may echo a secret). Tokens stay plain strings: the caller decides
 * how to hold them.
 *
 * @since 0.1.0
 */
import * as DateTime from "./DateTime.js"
import { at, object, optional, Problem, read, type Reader, string, strings } from "./internal/reader.js"
import type * as Rules from "./Rules.js"

/**
 * A read body, or the problem (`field`: the path, `message`: what was expected).
 *
 * @since 0.1.0
 * @category models
 */
export type Result<A> = Rules.Result<A>

/**
 * `CommunicationIdentity`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Identity {
  readonly id: string
  readonly customId?: string
  readonly lastTokenIssuedAt?: Date
}

/**
 * `CommunicationIdentityAccessToken`.
 *
 * @since 0.1.0
 * @category models
 */
export interface AccessToken {
  readonly token: string
  readonly expiresOn: Date
}

/**
 * `CommunicationIdentityAccessTokenResult`: the answer of a create.
 *
 * @since 0.1.0
 * @category models
 */
export interface IdentityAndToken {
  readonly identity: Identity
  readonly accessToken?: AccessToken
}

/**
 * `TeamsExtensionAssignmentResponse`.
 *
 * @since 0.1.0
 * @category models
 */
export interface TeamsExtensionAssignment {
  readonly objectId: string
  readonly tenantId: string
  readonly principalType: string
  readonly clientIds?: ReadonlyArray<string>
}

/**
 * `EntraAssignment`.
 *
 * @since 0.1.0
 * @category models
 */
export interface EntraAssignment {
  readonly objectId: string
  readonly tenantId: string
  readonly principalType: string
  readonly clientIds: ReadonlyArray<string>
}

/**
 * `EntraAssignmentsResponse`: a page of assignments.
 *
 * @since 0.1.0
 * @category models
 */
export interface EntraAssignments {
  readonly value: ReadonlyArray<EntraAssignment>
  readonly nextLink?: string
}

const date: Reader<Date> = (value, path) => {
  const millis = DateTime.parse(string(value, path))
  if (millis === undefined) throw new Problem(path, "Expected an RFC 3339 date-time")
  return new Date(millis)
}

const identity: Reader<Identity> = (value, path) => {
  const record = object(value, path)
  const customId = optional(record, "customId", path, string)
  const lastTokenIssuedAt = optional(record, "lastTokenIssuedAt", path, date)
  return {
    id: string(record["id"], at(path, "id")),
    ...(customId !== undefined && { customId }),
    ...(lastTokenIssuedAt !== undefined && { lastTokenIssuedAt })
  }
}

const accessToken: Reader<AccessToken> = (value, path) => {
  const record = object(value, path)
  return {
    token: string(record["token"], at(path, "token")),
    expiresOn: date(record["expiresOn"], at(path, "expiresOn"))
  }
}

const identityAndToken: Reader<IdentityAndToken> = (value, path) => {
  const record = object(value, path)
  const token = optional(record, "accessToken", path, accessToken)
  return {
    identity: identity(record["identity"], at(path, "identity")),
    ...(token !== undefined && { accessToken: token })
  }
}

const teamsAssignment: Reader<TeamsExtensionAssignment> = (value, path) => {
  const record = object(value, path)
  const clientIds = optional(record, "clientIds", path, strings)
  return {
    objectId: string(record["objectId"], at(path, "objectId")),
    tenantId: string(record["tenantId"], at(path, "tenantId")),
    principalType: string(record["principalType"], at(path, "principalType")),
    ...(clientIds !== undefined && { clientIds })
  }
}

const entraAssignment: Reader<EntraAssignment> = (value, path) => {
  const record = object(value, path)
  return {
    objectId: string(record["objectId"], at(path, "objectId")),
    tenantId: string(record["tenantId"], at(path, "tenantId")),
    principalType: string(record["principalType"], at(path, "principalType")),
    clientIds: strings(record["clientIds"], at(path, "clientIds"))
  }
}

const entraAssignments: Reader<EntraAssignments> = (value, path) => {
  const record = object(value, path)
  const list = record["value"]
  if (!Array.isArray(list))
    throw new Problem(at(path, "value"), list === undefined ? "is missing" : "Expected an array")
  const nextLink = optional(record, "nextLink", path, string)
  return {
    value: list.map((item, i) => entraAssignment(item, at(at(path, "value"), i))),
    ...(nextLink !== undefined && { nextLink })
  }
}

/**
 * The answer of a create: the identity, and its token when scopes were asked.
 *
 * @since 0.1.0
 * @category readers
 */
export const readIdentityAndToken: (json: unknown) => Result<IdentityAndToken> = /* @__PURE__ */ read(identityAndToken)

/**
 * A `CommunicationIdentity` (get user).
 *
 * @since 0.1.0
 * @category readers
 */
export const readIdentity: (json: unknown) => Result<Identity> = /* @__PURE__ */ read(identity)

/**
 * A `CommunicationIdentityAccessToken` (issue, Teams user exchange).
 *
 * @since 0.1.0
 * @category readers
 */
export const readAccessToken: (json: unknown) => Result<AccessToken> = /* @__PURE__ */ read(accessToken)

/**
 * The answer of an Entra user exchange: `{ identity, accessToken }`, both required.
 *
 * @since 0.1.0
 * @category readers
 */
export const readExchange: (json: unknown) => Result<Required<IdentityAndToken>> = /* @__PURE__ */ read(
  (value, path) => {
    const result = identityAndToken(value, path)
    if (result.accessToken === undefined) throw new Problem(at(path, "accessToken"), "is missing")
    return result as Required<IdentityAndToken>
  }
)

/**
 * A Teams Phone extension assignment.
 *
 * @since 0.1.0
 * @category readers
 */
export const readTeamsExtensionAssignment: (json: unknown) => Result<TeamsExtensionAssignment> = /* @__PURE__ */ read(
  teamsAssignment
)

/**
 * An Entra assignment.
 *
 * @since 0.1.0
 * @category readers
 */
export const readEntraAssignment: (json: unknown) => Result<EntraAssignment> = /* @__PURE__ */ read(entraAssignment)

/**
 * A page of Entra assignments.
 *
 * @since 0.1.0
 * @category readers
 */
export const readEntraAssignments: (json: unknown) => Result<EntraAssignments> = /* @__PURE__ */ read(entraAssignments)

/**
 * The answer of the Entra assignments merge patch: the assignments set, or
 * none for no body (the service's 204).
 *
 * @since 0.1.0
 * @category readers
 */
export const readEntraUpdate = (json: unknown): Result<EntraAssignments> =>
  json === undefined ? { ok: true, value: { value: [] } } : readEntraAssignments(json)

/**
 * No body (a 204): anything else is a problem.
 *
 * @since 0.1.0
 * @category readers
 */
export const readNothing = (json: unknown): Result<void> =>
  json === undefined
    ? { ok: true, value: undefined }
    : { ok: false, violation: { field: "body", message: "Expected no body" } }

/**
 * A reader whose value is mapped by `f` (its problem, if any, unchanged): a
 * model read into the shape a client returns.
 *
 * @since 0.1.0
 * @category combinators
 */
export const map = <A, B>(reader: (json: unknown) => Result<A>, f: (a: A) => B) => (json: unknown): Result<B> => {
  const result = reader(json)
  return result.ok ? { ok: true, value: f(result.value) } : result
}
