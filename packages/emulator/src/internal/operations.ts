import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as ApiVersion from "@effect-acs/identity-protocol/ApiVersion"
import * as Rules from "@effect-acs/identity-protocol/Rules"
import type { Crypto } from "@effect-acs/identity/Crypto"
import * as Models from "@effect-acs/identity/Models"
import * as Effect from "effect/Effect"
import * as Encoding from "effect/Encoding"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Retry from "@effect-acs/identity-protocol/Retry"
import type { Fault, Operation, TokenStatus } from "../Emulator.js"
import * as Auth from "./auth.js"
import { ApiError, encoded, parseObject, validation } from "./http.js"
import * as Jwt from "./jwt.js"
import type { Identities, Store, TokenRecord, User } from "./state.js"
import { setUser, teamsAssignmentKey } from "./state.js"
import type { Counters } from "./stats.js"

/** What the operations work with. */
export interface Env {
  readonly resourceId: string
  /** Signs the emulator's access tokens. */
  readonly tokenKey: Crypto.HmacKey
  readonly crypto: Crypto.Service
  readonly store: Store
  readonly stats: Counters
  /** The most Entra assignments in one listed page (`undefined`: all). */
  readonly pageSize: number | undefined
}

/** One authenticated request. */
interface Call {
  readonly version: ApiVersion.ApiVersion
  /** The decoded `{id}` path segment, when the route has one. */
  readonly id: string | undefined
  /** Every decoded path parameter (`id`, `tenantId`, `objectId`). */
  readonly params: Readonly<Record<string, string | undefined>>
  /** The fault that hit the request, for the operations that act on one (`customIdRace`). */
  readonly fault: Fault | undefined
  readonly body: Uint8Array
  readonly request: HttpServerRequest.HttpServerRequest
  readonly now: number
}

const encoder = new TextEncoder()

const scopesRequired = () => validation("Invalid scopes - Scopes field is required.", "scopes")

const checkScopes = (
  value: unknown,
  version: ApiVersion.ApiVersion
): Effect.Effect<ReadonlyArray<Models.TokenScope>, ApiError> => {
  if (!Array.isArray(value) || value.length === 0) return Effect.fail(scopesRequired())
  const scopes = new Set<Models.TokenScope>()
  for (const scope of value as ReadonlyArray<unknown>) {
    if (!Rules.isScope(scope)) {
      return Effect.fail(validation(`Invalid scopes - Scope ${JSON.stringify(scope)} is not valid.`, "scopes"))
    }
    if (Rules.isJoinScope(scope) && !ApiVersion.supports(version, "joinScopes")) {
      return Effect.fail(
        validation(`Invalid scopes - Scope "${scope}" is not supported by api-version ${version}.`, "scopes")
      )
    }
    scopes.add(scope)
  }
  return Effect.succeed([...scopes])
}

const checkMinutes = (value: unknown): Effect.Effect<number, ApiError> =>
  value === undefined
    ? Effect.succeed(Rules.expiresInMinutes.default)
    : Rules.isExpiry(value)
    ? Effect.succeed(value)
    : Effect.fail(validation(
      `ExpiresInMinutes value ${typeof value === "number" ? String(value) : JSON.stringify(value)} is invalid. ` +
        `Value must be within the [${Rules.expiresInMinutes.min}, ${Rules.expiresInMinutes.max}] interval.`,
      "ExpiresInMinutes"
    ))

const checkCustomId = (value: unknown, version: ApiVersion.ApiVersion): Effect.Effect<string | undefined, ApiError> => {
  if (value === undefined) return Effect.succeed(undefined)
  if (!ApiVersion.supports(version, "customId")) {
    return Effect.fail(validation(`customId is not supported by api-version ${version}.`, "customId"))
  }
  return Rules.isCustomId(value) ? Effect.succeed(value) : Effect.fail(validation(
    `Invalid customId - CustomId must be between ${Rules.customIdLength.min} and ${Rules.customIdLength.max} characters long.`,
    "customId"
  ))
}

const stateNotSaved = () =>
  new ApiError({ status: 500, code: "InternalServerError", message: "The emulator could not save its state." })

const modify = <A>(env: Env, f: (identities: Identities) => Effect.Effect<readonly [A, Identities], ApiError>) =>
  Effect.catchTag(env.store.modify(f), "EmulatorError", () => Effect.fail(stateNotSaved()))

const wireIdentity = (user: User, version: ApiVersion.ApiVersion): Models.CommunicationIdentity =>
  ApiVersion.supports(version, "customId")
    ? {
      id: user.id,
      ...(user.customId !== undefined && { customId: user.customId }),
      ...(user.lastTokenIssuedAt !== undefined && { lastTokenIssuedAt: new Date(user.lastTokenIssuedAt) })
    }
    : { id: user.id }

/** 401 `IdentityNotOwned` unless `id` is an identity id of this resource. */
const owned = (env: Env, id: string | undefined): Effect.Effect<string, ApiError> => {
  const prefix = `8:acs:${env.resourceId}_`
  return id !== undefined && id.startsWith(prefix) && id.length > prefix.length
    ? Effect.succeed(id)
    : Effect.fail(
      new ApiError({
        status: 401,
        code: "IdentityNotOwned",
        message: "Provided identity doesn't belong to the resource."
      })
    )
}

const notFound = (id: string, deleted: boolean) =>
  new ApiError({
    status: 404,
    code: "IdentityNotFound",
    message: deleted ? `The identity ${id} has been deleted.` : `The identity ${id} does not exist.`
  })

/** The identity `id` of this resource, including a deleted one (404 when it never existed). */
const lookup = (env: Env, identities: Identities, id: string | undefined): Effect.Effect<User, ApiError> =>
  Effect.flatMap(owned(env, id), (id) =>
    Option.match(HashMap.get(identities.users, id), {
      onNone: () => Effect.fail(notFound(id, false)),
      onSome: Effect.succeed
    }))

/** A live (not deleted) identity of this resource. */
const live = (env: Env, identities: Identities, id: string | undefined): Effect.Effect<User, ApiError> =>
  Effect.filterOrFail(
    lookup(env, identities, id),
    (user) => user.deletedAt === undefined,
    (user) => notFound(user.id, true)
  )

const revokeAll = (tokens: ReadonlyArray<TokenRecord>) =>
  tokens.map((token) => token.revoked ? token : { ...token, revoked: true })

const digest = (env: Env, token: string) => Effect.map(env.crypto.sha256(encoder.encode(token)), Encoding.encodeBase64)

/**
 * Mints an access token (`exp - iat` is exactly the lifetime in seconds). A
 * random `jti` keeps two tokens issued in the same second apart, so revoking
 * one never touches the other.
 */
const mint = (env: Env, subject: string, scopes: string, now: number, expiresAt: number) =>
  Effect.flatMap(env.crypto.randomUUID, (jti) => {
    const iat = Math.floor(now / 1000)
    return Jwt.mint(env.tokenKey, {
      skypeid: subject,
      scp: 1792,
      csi: String(iat),
      exp: Math.floor(expiresAt / 1000),
      acsScope: scopes,
      resourceId: env.resourceId,
      iat,
      jti
    })
  })

/** Issues a token to `user`, recording it (and dropping the user's expired records). */
const issue = (env: Env, user: User, scopes: ReadonlyArray<Models.TokenScope>, minutes: number, now: number) =>
  Effect.gen(function*() {
    const expiresAt = now + minutes * 60_000
    const token = yield* mint(env, user.id.slice(2), scopes.join(","), now, expiresAt)
    const record: TokenRecord = { digest: yield* digest(env, token), issuedAt: now, expiresAt, scopes, revoked: false }
    return {
      user: { ...user, lastTokenIssuedAt: now, tokens: [...user.tokens.filter((t) => t.expiresAt > now), record] },
      token: { token: Redacted.make(token), expiresOn: new Date(expiresAt) }
    }
  })

/**
 * The live identity of `customId`, if any; 409 `MultipleIdentitiesForCustomId`
 * once racing creates made more than one. The code is the service's (reported in
 * Azure/azure-sdk-for-js#38531: creates that raced made two identities and later
 * creates "fail with a `MultipleIdentitiesForCustomId` error"); its status and
 * message are documented nowhere (not in that issue, the REST spec or its
 * examples): 409 and this message are the emulator's.
 */
const withCustomId = (identities: Identities, customId: string): Effect.Effect<User | undefined, ApiError> => {
  const ids = Option.getOrElse(HashMap.get(identities.customIds, customId), (): ReadonlyArray<string> => [])
  if (ids.length > 1) {
    return Effect.fail(
      new ApiError({
        status: 409,
        code: Retry.multipleIdentitiesForCustomId,
        message: `Multiple identities exist for the customId ${JSON.stringify(customId)}.`
      })
    )
  }
  return Effect.succeed(ids[0] === undefined ? undefined : Option.getOrUndefined(HashMap.get(identities.users, ids[0])))
}

const createIdentity = (env: Env, call: Call) =>
  Effect.gen(function*() {
    const request = yield* parseObject(call.body)
    const requested = request?.["createTokenWithScopes"]
    const scopes = requested === undefined || (Array.isArray(requested) && requested.length === 0)
      ? undefined
      : yield* checkScopes(requested, call.version)
    const minutes = yield* checkMinutes(request?.["expiresInMinutes"])
    const customId = yield* checkCustomId(request?.["customId"], call.version)
    // the race window of the service's non-atomic create: the lookup happens before the wait, the store after
    const raced = customId !== undefined && call.fault?.kind === "customIdRace" &&
      (yield* Effect.flatMap(env.store.current, (identities) => withCustomId(identities, customId))) === undefined
    if (raced && call.fault?.kind === "customIdRace") yield* Effect.sleep(call.fault.millis)
    const result = yield* modify(env, (identities) =>
      Effect.gen(function*() {
        const existing = customId === undefined || raced ? undefined : yield* withCustomId(identities, customId)
        const user: User = existing ?? {
          id: `8:acs:${env.resourceId}_${yield* env.crypto.randomUUID}`,
          createdAt: call.now,
          tokens: [],
          ...(customId !== undefined && { customId })
        }
        const issued = scopes === undefined ? undefined : yield* issue(env, user, scopes, minutes, call.now)
        const stored = issued?.user ?? user
        // a repeated customId create without a token changes nothing (and saves nothing)
        const next = stored === existing ? identities : setUser(identities, stored)
        return [{ user: stored, token: issued?.token, created: existing === undefined }, next] as const
      }))
    if (result.created) yield* env.stats.add("identitiesCreated")
    if (result.token !== undefined) yield* env.stats.add("tokensIssued")
    return yield* encoded(Models.CommunicationIdentityAccessTokenResult, 201, {
      identity: wireIdentity(result.user, call.version),
      ...(result.token !== undefined && { accessToken: result.token })
    })
  })

const noContent = HttpServerResponse.empty({ status: 204 })

const deleteIdentity = (env: Env, call: Call) =>
  Effect.as(
    modify(env, (identities) =>
      Effect.map(lookup(env, identities, call.id), (user) =>
        // deleting a deleted identity succeeds again, so a retried delete is harmless
        [
          undefined,
          user.deletedAt !== undefined ? identities : setUser(identities, {
            ...user,
            deletedAt: call.now,
            tokensRevokedAt: call.now,
            tokens: revokeAll(user.tokens)
          })
        ] as const)),
    noContent
  )

const revokeAccessTokens = (env: Env, call: Call) =>
  Effect.as(
    modify(env, (identities) =>
      Effect.map(live(env, identities, call.id), (user) =>
        [
          undefined,
          setUser(identities, { ...user, tokensRevokedAt: call.now, tokens: revokeAll(user.tokens) })
        ] as const)),
    noContent
  )

const issueAccessToken = (env: Env, call: Call) =>
  Effect.gen(function*() {
    const request = yield* parseObject(call.body)
    const scopes = yield* checkScopes(request?.["scopes"], call.version)
    const minutes = yield* checkMinutes(request?.["expiresInMinutes"])
    const token = yield* modify(env, (identities) =>
      Effect.gen(function*() {
        const user = yield* live(env, identities, call.id)
        const issued = yield* issue(env, user, scopes, minutes, call.now)
        return [issued.token, setUser(identities, issued.user)] as const
      }))
    yield* env.stats.add("tokensIssued")
    return yield* encoded(Models.CommunicationIdentityAccessToken, 200, token)
  })

const getIdentity = (env: Env, call: Call) =>
  Effect.flatMap(
    Effect.flatMap(env.store.current, (identities) => live(env, identities, call.id)),
    (user) => encoded(Models.CommunicationIdentity, 200, wireIdentity(user, call.version))
  )

const exchangeTeamsUserAccessToken = (env: Env, call: Call) =>
  Effect.gen(function*() {
    const request = yield* parseObject(call.body)
    const { claims, expiresAt } = yield* Auth.userClaims(request?.["token"], call.now)
    const appId = Jwt.stringClaim(claims, "appid") ?? Jwt.stringClaim(claims, "azp")
    if (typeof request?.["appId"] !== "string" || request["appId"] !== appId) {
      return yield* validation("Provided AppId has invalid format.", "appId")
    }
    const userId = Jwt.stringClaim(claims, "oid")
    if (typeof request["userId"] !== "string" || request["userId"] !== userId) {
      return yield* validation("Provided UserId has invalid format.", "userId")
    }
    const token = yield* mint(env, `orgid:${userId}`, "chat,voip", call.now, expiresAt)
    yield* env.stats.add("tokensIssued")
    return yield* encoded(Models.CommunicationIdentityAccessToken, 200, {
      token: Redacted.make(token),
      expiresOn: new Date(expiresAt)
    })
  })

/**
 * An exchange of an end user's Entra token (bearer, claims `tid` and `oid`)
 * for an identity `idOf(tenantId, objectId)` and a token that expires with it.
 */
const userExchange = (idOf: (env: Env, tenantId: string, objectId: string) => string) => (env: Env, call: Call) =>
  Effect.gen(function*() {
    const { claims, expiresAt } = yield* Auth.userBearer(call.request, call.now)
    const tenantId = Jwt.stringClaim(claims, "tid")
    const userId = Jwt.stringClaim(claims, "oid")
    if (tenantId === undefined || userId === undefined) {
      return yield* new ApiError({
        status: 401,
        code: "InvalidAccessToken",
        message: "Provided access token is not valid."
      })
    }
    yield* parseObject(call.body)
    const id = idOf(env, tenantId, userId)
    const token = yield* mint(env, id.slice(2), "voip", call.now, expiresAt)
    yield* env.stats.add("tokensIssued")
    return yield* encoded(Models.CommunicationIdentityAccessTokenResult, 200, {
      identity: { id },
      accessToken: { token: Redacted.make(token), expiresOn: new Date(expiresAt) }
    })
  })

const exchangeTeamsExtensionAccessToken = userExchange((env, tenantId, objectId) =>
  `8:acs:${env.resourceId}_${tenantId}_${objectId}`
)

/** The Entra user's identity: `8:acs:<resourceId>_wf_<tenantId>_<objectId>` (the official example's form). */
const exchangeEntraAccessToken = userExchange((env, tenantId, objectId) =>
  `8:acs:${env.resourceId}_wf_${tenantId}_${objectId}`
)

// ---------------------------------------------------------------------------
// access assignments
//
// What the REST spec documents of their failures (Azure/azure-rest-api-specs, specification/communication/
// data-plane/Identity: routes.tsp, the 2025-03-02-preview and 2025-06-30 swaggers and every versioned
// examples/ folder, as of the revisions in test/fixtures/examples) is only the envelope: every operation
// answers `default` → `CommunicationErrorResponse` (`{ error: { code, message, target? } }`), and no example
// has an error response. So the statuses, codes and messages below (400 `ValidationError` for a malformed id,
// principal type or client id, 400 `BadRequest` for a missing body, 404 `AssignmentNotFound` for a get or delete
// of a missing assignment) are the emulator's, not the service's: kept as they are, until a recording says more.

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const isGuid = (value: unknown): value is string => typeof value === "string" && guidPattern.test(value)

/** 400 unless `value` is a GUID, worded as the service words its other id checks (`Provided AppId has invalid format.`). */
const checkGuid = (value: unknown, field: string): Effect.Effect<string, ApiError> =>
  isGuid(value)
    ? Effect.succeed(value)
    : Effect.fail(validation(`Provided ${field[0]!.toUpperCase()}${field.slice(1)} has invalid format.`, field))

/** The GUIDs of the path parameters `names`, in order. */
const pathGuids = (call: Call, names: ReadonlyArray<string>) =>
  Effect.forEach(names, (name) => checkGuid(call.params[name], name))

/**
 * 400 unless `value` is one of the `known` principal types; with `extensible`,
 * any other non-empty string is taken too: `EntraPrincipalType` is an extensible
 * enum (`modelAsString`) and the spec's own `CreateOrReplaceEntraAssignment`
 * example has the service answer 200/201 to `"teamsResourceAccount"`, which is
 * not one of its listed values. No example shows `TeamsExtensionPrincipalType`
 * taking another value: the emulator keeps to its listed ones.
 */
const checkPrincipalType = (
  value: unknown,
  known: ReadonlyArray<string>,
  extensible: boolean
): Effect.Effect<string, ApiError> =>
  typeof value === "string" && (known.includes(value) || (extensible && value !== ""))
    ? Effect.succeed(value)
    : Effect.fail(
      validation(
        `Invalid principalType - must be ${extensible ? "a non-empty string such as" : "one of"} ${known.join(", ")}.`,
        "principalType"
      )
    )

const checkClientIds = (value: unknown): Effect.Effect<ReadonlyArray<string>, ApiError> =>
  Array.isArray(value) && value.every(isGuid)
    ? Effect.succeed(value)
    : Effect.fail(validation("Provided ClientIds have invalid format.", "clientIds"))

const assignmentNotFound = (objectId: string) =>
  new ApiError({
    status: 404,
    code: "AssignmentNotFound",
    message: `The assignment for object ${objectId} does not exist.`
  })

/** 400 unless the body is a JSON object. */
const requiredBody = (call: Call) =>
  Effect.flatMap(parseObject(call.body), (body) =>
    body === undefined
      ? Effect.fail(new ApiError({ status: 400, code: "BadRequest", message: "The request body is required." }))
      : Effect.succeed(body))

const getTeamsExtensionAssignment = (env: Env, call: Call) =>
  Effect.gen(function*() {
    const [tenantId, objectId] = yield* pathGuids(call, ["tenantId", "objectId"])
    const identities = yield* env.store.current
    const found = HashMap.get(identities.teamsAssignments, teamsAssignmentKey(tenantId!, objectId!))
    if (Option.isNone(found)) return yield* assignmentNotFound(objectId!)
    return yield* encoded(Models.TeamsExtensionAssignmentResponse, 200, found.value)
  })

const upsertTeamsExtensionAssignment = (env: Env, call: Call) =>
  Effect.gen(function*() {
    const [tenantId, objectId] = yield* pathGuids(call, ["tenantId", "objectId"])
    const body = yield* requiredBody(call)
    const principalType = yield* checkPrincipalType(body["principalType"], ["resourceAccount", "user"], false)
    const clientIds = body["clientIds"] === undefined ? undefined : yield* checkClientIds(body["clientIds"])
    const assignment: Models.TeamsExtensionAssignmentResponse = {
      objectId: objectId!,
      tenantId: tenantId!,
      principalType,
      ...(clientIds !== undefined && { clientIds })
    }
    const key = teamsAssignmentKey(tenantId!, objectId!)
    const created = yield* modify(env, (identities) =>
      Effect.succeed(
        [
          !HashMap.has(identities.teamsAssignments, key),
          { ...identities, teamsAssignments: HashMap.set(identities.teamsAssignments, key, assignment) }
        ] as const
      ))
    return yield* encoded(Models.TeamsExtensionAssignmentResponse, created ? 201 : 200, assignment)
  })

const deleteTeamsExtensionAssignment = (env: Env, call: Call) =>
  Effect.gen(function*() {
    const [tenantId, objectId] = yield* pathGuids(call, ["tenantId", "objectId"])
    const key = teamsAssignmentKey(tenantId!, objectId!)
    yield* modify(env, (identities) =>
      HashMap.has(identities.teamsAssignments, key)
        ? Effect.succeed(
          [undefined, { ...identities, teamsAssignments: HashMap.remove(identities.teamsAssignments, key) }] as const
        )
        : Effect.fail(assignmentNotFound(objectId!)))
    return noContent
  })

/** An Entra assignment of `objectId` from a request body (`EntraAssignmentCreateOrUpdateRequest`). */
const entraAssignment = (objectId: string, body: unknown): Effect.Effect<Models.EntraAssignment, ApiError> =>
  Effect.gen(function*() {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return yield* validation(`Invalid assignment for object ${objectId} - must be an object.`, objectId)
    }
    const request = body as Readonly<Record<string, unknown>>
    return {
      objectId,
      tenantId: yield* checkGuid(request["tenantId"], "tenantId"),
      principalType: yield* checkPrincipalType(request["principalType"], ["user", "group", "tenant"], true),
      clientIds: yield* checkClientIds(request["clientIds"])
    }
  })

const byObjectId = (a: Models.EntraAssignment, b: Models.EntraAssignment) =>
  a.objectId.toLowerCase() < b.objectId.toLowerCase() ? -1 : 1

/**
 * The assignments by object id, `pageSize` a page: a page that is not the last
 * has a `nextLink` (path-absolute: the emulator does not know the scheme and
 * host its callers use) whose `skipToken` is the page's last object id, so a
 * listing goes on where it stopped even when assignments change meanwhile.
 */
const listEntraAssignments = (env: Env, call: Call) =>
  Effect.flatMap(env.store.current, (identities) => {
    const after = new URL(call.request.url, "http://emulator").searchParams.get("skipToken")?.toLowerCase()
    const rest = [...HashMap.values(identities.entraAssignments)].sort(byObjectId)
      .filter((assignment) => after === undefined || assignment.objectId.toLowerCase() > after)
    const value = env.pageSize === undefined ? rest : rest.slice(0, env.pageSize)
    const last = value.length < rest.length ? value[value.length - 1] : undefined
    return encoded(Models.EntraAssignmentsResponse, 200, {
      value,
      ...(last !== undefined && {
        nextLink: `/access/entra/assignments?api-version=${call.version}&skipToken=${last.objectId.toLowerCase()}`
      })
    })
  })

/** One entry of a merge patch: the assignment to set, or `undefined` to remove it. */
interface EntraChange {
  readonly objectId: string
  readonly assignment: Models.EntraAssignment | undefined
}

/** A merge patch: every entry checked first, then all applied at once; 200 with those set, 204 when none was. */
const updateEntraAssignments = (env: Env, call: Call) =>
  Effect.gen(function*() {
    const body = yield* requiredBody(call)
    const changes = yield* Effect.forEach(Object.entries(body), ([objectId, value]) =>
      Effect.flatMap(checkGuid(objectId, "objectId"), (objectId): Effect.Effect<EntraChange, ApiError> =>
        value === null
          ? Effect.succeed({ objectId, assignment: undefined })
          : Effect.map(entraAssignment(objectId, value), (assignment) => ({ objectId, assignment }))))
    yield* modify(env, (identities) =>
      Effect.succeed(
        [
          undefined,
          {
            ...identities,
            entraAssignments: changes.reduce(
              (assignments, { assignment, objectId }) =>
                assignment === undefined
                  ? HashMap.remove(assignments, objectId.toLowerCase())
                  : HashMap.set(assignments, objectId.toLowerCase(), assignment),
              identities.entraAssignments
            )
          }
        ] as const
      ))
    const set = changes.flatMap(({ assignment }) =>
      assignment === undefined ? [] : [assignment]
    ).sort(byObjectId)
    return set.length === 0 ? noContent : yield* encoded(Models.EntraAssignmentsResponse, 200, { value: set })
  })

const getEntraAssignment = (env: Env, call: Call) =>
  Effect.gen(function*() {
    const [objectId] = yield* pathGuids(call, ["objectId"])
    const identities = yield* env.store.current
    const found = HashMap.get(identities.entraAssignments, objectId!.toLowerCase())
    if (Option.isNone(found)) return yield* assignmentNotFound(objectId!)
    return yield* encoded(Models.EntraAssignment, 200, found.value)
  })

const upsertEntraAssignment = (env: Env, call: Call) =>
  Effect.gen(function*() {
    const [objectId] = yield* pathGuids(call, ["objectId"])
    const assignment = yield* entraAssignment(objectId!, yield* requiredBody(call))
    const key = objectId!.toLowerCase()
    const created = yield* modify(env, (identities) =>
      Effect.succeed(
        [
          !HashMap.has(identities.entraAssignments, key),
          { ...identities, entraAssignments: HashMap.set(identities.entraAssignments, key, assignment) }
        ] as const
      ))
    return yield* encoded(Models.EntraAssignment, created ? 201 : 200, assignment)
  })

const deleteEntraAssignment = (env: Env, call: Call) =>
  Effect.gen(function*() {
    const [objectId] = yield* pathGuids(call, ["objectId"])
    const key = objectId!.toLowerCase()
    yield* modify(env, (identities) =>
      HashMap.has(identities.entraAssignments, key)
        ? Effect.succeed(
          [undefined, { ...identities, entraAssignments: HashMap.remove(identities.entraAssignments, key) }] as const
        )
        : Effect.fail(assignmentNotFound(objectId!)))
    return noContent
  })

/** The handler of each operation. */
export const handlers: Record<
  Operation,
  (env: Env, call: Call) => Effect.Effect<HttpServerResponse.HttpServerResponse, ApiError>
> = {
  createIdentity,
  deleteIdentity,
  getIdentity,
  revokeAccessTokens,
  issueAccessToken,
  exchangeTeamsUserAccessToken,
  exchangeTeamsExtensionAccessToken,
  exchangeEntraAccessToken,
  getTeamsExtensionAssignment,
  upsertTeamsExtensionAssignment,
  deleteTeamsExtensionAssignment,
  listEntraAssignments,
  updateEntraAssignments,
  getEntraAssignment,
  upsertEntraAssignment,
  deleteEntraAssignment
}

/** The status of a token this emulator issued to one of its identities. */
export const tokenStatus = (env: Env, token: string, now: number): Effect.Effect<TokenStatus> =>
  Effect.gen(function*() {
    const claims = Jwt.claims(token)
    const subject = claims === undefined ? undefined : Jwt.stringClaim(claims, "skypeid")
    if (subject === undefined || !(yield* Jwt.verify(env.tokenKey, token))) return "unknown"
    const identities = yield* env.store.current
    const found = yield* digest(env, token)
    const record = Option.getOrUndefined(HashMap.get(identities.users, `8:${subject}`))?.tokens.find(
      (candidate) => candidate.digest === found
    )
    const expiresAt = record?.expiresAt ?? Jwt.expiresAt(claims!)
    if (expiresAt !== undefined && expiresAt <= now) return "expired"
    return record === undefined ? "unknown" : record.revoked ? "revoked" : "active"
  })
