/**
 * The operations of the client: one short method each, over the executor.
 * Each checks its input with the protocol's rules (nothing is sent when a rule
 * is broken), then names its REST operation, `{id}`, body and decoder.
 */
import * as Operation from "@effect-acs/identity-protocol/Operation"
import * as Paging from "@effect-acs/identity-protocol/Paging"
import * as Requests from "@effect-acs/identity-protocol/Requests"
import * as Rules from "@effect-acs/identity-protocol/Rules"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Api from "../CommunicationIdentityClient.js"
import { InvalidInput } from "../IdentityError.js"
import type { IdentityError } from "../IdentityError.js"
import * as Models from "../Models.js"
import type { Call } from "./executor.js"
import type { Settings } from "./settings.js"

/**
 * The REST operation each method calls (the protocol's table); every method
 * of the service has one, and every operation is reached by a method.
 */
export const operations = Operation.byMethod satisfies Record<
  Exclude<keyof Api.CommunicationIdentityClient.Service, "apiVersion">,
  Operation.Name
>

/** The call `effect` makes, unless a rule is broken (then nothing is built or sent). */
const strictly = <A>(
  violation: Rules.Violation | undefined,
  effect: () => Effect.Effect<A, IdentityError>
): Effect.Effect<A, IdentityError> => violation === undefined ? effect() : Effect.fail(new InvalidInput(violation))

const decodeResult = Schema.decodeUnknownEither(Models.CommunicationIdentityAccessTokenResult)
const decodeToken = Schema.decodeUnknownEither(Models.CommunicationIdentityAccessToken)
const decodeIdentity = Schema.decodeUnknownEither(Models.CommunicationIdentity)
const decodeNothing = Schema.decodeUnknownEither(Schema.Undefined)
const decodeUserAndToken = Schema.decodeUnknownEither(Schema.Struct({
  identity: Models.CommunicationIdentity,
  accessToken: Models.CommunicationIdentityAccessToken
}))

const decodeTeamsAssignment = Schema.decodeUnknownEither(Models.TeamsExtensionAssignmentResponse)
const decodeEntraAssignment = Schema.decodeUnknownEither(Models.EntraAssignment)
const decodeEntraAssignments = Schema.decodeUnknownEither(Models.EntraAssignmentsResponse)
// 204 No Content: nothing set
const decodeEntraUpdate = (json: unknown): ReturnType<typeof decodeEntraAssignments> =>
  json === undefined ? Either.right({ value: [] }) : decodeEntraAssignments(json)

const toToken = (json: unknown) =>
  Either.map(decodeToken(json), (token): Api.AccessToken => ({ token: token.token, expiresOn: token.expiresOn }))

const toUser = (json: unknown) =>
  Either.map(decodeResult(json), (result): Api.CommunicationUser => ({ communicationUserId: result.identity.id }))

const toUserToken = (json: unknown) =>
  Either.map(decodeUserAndToken(json), (result): Api.CommunicationUserToken => ({
    token: result.accessToken.token,
    expiresOn: result.accessToken.expiresOn,
    user: { communicationUserId: result.identity.id }
  }))

const toDetail = (json: unknown) =>
  Either.map(decodeIdentity(json), (identity): Api.CommunicationUserDetail => ({
    user: { communicationUserId: identity.id },
    ...(identity.customId !== undefined && { customId: identity.customId }),
    ...(identity.lastTokenIssuedAt !== undefined && { lastTokenIssuedAt: identity.lastTokenIssuedAt })
  }))

const redacted = (value: string | Redacted.Redacted<string> | undefined): Redacted.Redacted<string> =>
  Redacted.isRedacted(value) ? value : Redacted.make(value ?? "")

/** A page of Entra assignments and the path and query of the next page, if any. */
type Page = Paging.Page<Models.EntraAssignment>

/** The service over an executor. */
export const make = (
  settings: Settings,
  execute: <A>(call: Call<A>) => Effect.Effect<A, IdentityError>
): Api.CommunicationIdentityClient.Service => {
  const { apiVersion } = settings

  const create = <A>(
    operation: string,
    body: Models.CommunicationIdentityCreateRequest,
    decode: Call<A>["decode"]
  ) =>
    strictly(Rules.checkCustomId(body.customId, apiVersion), () =>
      execute({
        operation,
        name: operations.createUser,
        body: Object.keys(body).length === 0 ? undefined : body,
        decode,
        hasCustomId: body.customId !== undefined
      }))

  /** A request the protocol built (its rules checked there), or the rule it breaks as an `InvalidInput`. */
  const send = <A>(
    operation: string,
    request: Requests.Checked,
    decode: Call<A>["decode"],
    extra?: Pick<Call<A>, "userToken" | "page">
  ): Effect.Effect<A, IdentityError> =>
    request.ok
      ? execute({ operation, ...request.value, decode, ...extra })
      : Effect.fail(new InvalidInput(request.violation))

  /** An exchange of an end user's Entra token, sent with that token instead of the client's credential. */
  const userExchange = (
    operation: "getTokenForTeamsExtensionUser" | "getTokenForEntraUser",
    entraToken: string | Redacted.Redacted<string>
  ) => {
    const token = redacted(entraToken)
    const request = Requests.exchangeUserAccessToken(
      apiVersion,
      operations[operation],
      Redacted.value(token),
      operation
    )
    return send(operation, request, toUserToken, { userToken: token })
  }

  /** An assignment operation: its feature and path parameters checked, then sent. */
  const assignment = <A>(
    operation: keyof typeof operations & `${string}Assignment${string}`,
    params: Readonly<Record<string, string>>,
    decode: Call<A>["decode"],
    body?: unknown
  ) => send(operation, Requests.assignment(apiVersion, operations[operation], params, operation, body), decode)

  /**
   * A page of Entra assignments, the `pagesRead`-th, and the path of the next
   * page (`Paging.next`); a `nextLink` that may not be followed fails the
   * decoding, so the call ends in a `DecodeError` with the page's status and request id.
   */
  const decodePage = (pagesRead: number) => (json: unknown): Either.Either<Page, ParseResult.ParseError> =>
    Either.flatMap(decodeEntraAssignments(json), (listed) => {
      const page = Paging.page(settings.endpoint, apiVersion, pagesRead, listed)
      return page.ok ? Either.right(page.value) : Either.left(
        new ParseResult.ParseError({
          issue: new ParseResult.Pointer(
            "nextLink",
            json,
            new ParseResult.Type(Schema.String.ast, listed.nextLink, page.violation.message)
          )
        })
      )
    })

  const listed = Requests.assignment(apiVersion, operations.listEntraAssignmentsPage, {}, "listEntraAssignmentsPage")

  return {
    apiVersion,
    createUser: (options = {}) =>
      create("createUser", options.customId === undefined ? {} : { customId: options.customId }, toUser),
    createUserAndToken: (scopes, options = {}) =>
      strictly(
        Rules.checkScopes(scopes, apiVersion) ?? Rules.checkExpiry(options.expiresInMinutes),
        () =>
          create("createUserAndToken", {
            createTokenWithScopes: scopes,
            ...(options.expiresInMinutes !== undefined && { expiresInMinutes: options.expiresInMinutes }),
            ...(options.customId !== undefined && { customId: options.customId })
          }, toUserToken)
      ),
    getToken: (user, scopes, options = {}) =>
      strictly(
        Rules.checkUserId(user?.communicationUserId) ?? Rules.checkScopes(scopes, apiVersion) ??
          Rules.checkExpiry(options.expiresInMinutes),
        () =>
          execute({
            operation: "getToken",
            name: operations.getToken,
            id: user.communicationUserId,
            body: {
              scopes,
              ...(options.expiresInMinutes !== undefined && { expiresInMinutes: options.expiresInMinutes })
            } satisfies Models.CommunicationIdentityAccessTokenRequest,
            decode: toToken
          })
      ),
    revokeTokens: (user) =>
      strictly(Rules.checkUserId(user?.communicationUserId), () =>
        execute({
          operation: "revokeTokens",
          name: operations.revokeTokens,
          id: user.communicationUserId,
          decode: decodeNothing
        })),
    deleteUser: (user) =>
      strictly(Rules.checkUserId(user?.communicationUserId), () =>
        execute({
          operation: "deleteUser",
          name: operations.deleteUser,
          id: user.communicationUserId,
          decode: decodeNothing
        })),
    getUser: (user) =>
      strictly(
        Rules.checkFeature(apiVersion, "customId", "getUser") ?? Rules.checkUserId(user?.communicationUserId),
        () =>
          execute({
            operation: "getUser",
            name: operations.getUser,
            id: user.communicationUserId,
            decode: toDetail
          })
      ),
    getTokenForTeamsUser: (exchange) => {
      const token = redacted(exchange?.teamsUserAadToken)
      return strictly(
        Redacted.value(token) === ""
          ? { field: "teamsUserAadToken", message: "teamsUserAadToken is empty" }
          : Rules.checkId(exchange.clientId, "clientId") ?? Rules.checkId(exchange.userObjectId, "userObjectId"),
        () =>
          execute({
            operation: "getTokenForTeamsUser",
            name: operations.getTokenForTeamsUser,
            body: {
              token,
              appId: exchange.clientId,
              userId: exchange.userObjectId
            } satisfies Models.TeamsUserExchangeTokenRequest,
            decode: toToken,
            secrets: [Redacted.value(token)]
          })
      )
    },
    getTokenForTeamsExtensionUser: (entraToken) => userExchange("getTokenForTeamsExtensionUser", entraToken),
    getTokenForEntraUser: (entraToken) => userExchange("getTokenForEntraUser", entraToken),
    getTeamsExtensionAssignment: (tenantId, objectId) =>
      assignment("getTeamsExtensionAssignment", { tenantId, objectId }, decodeTeamsAssignment),
    upsertTeamsExtensionAssignment: (tenantId, objectId, request) =>
      assignment("upsertTeamsExtensionAssignment", { tenantId, objectId }, decodeTeamsAssignment, request),
    deleteTeamsExtensionAssignment: (tenantId, objectId) =>
      assignment("deleteTeamsExtensionAssignment", { tenantId, objectId }, decodeNothing),
    listEntraAssignments: () => assignment("listEntraAssignments", {}, decodeEntraAssignments),
    listEntraAssignmentsPage: (cursor) => {
      const page = cursor && Paging.resume(settings.endpoint, cursor.page, apiVersion, cursor.pagesRead)
      if (listed.ok && page?.ok === false) return Effect.fail(new InvalidInput(page.violation))
      const pagesRead = (cursor?.pagesRead ?? 0) + 1
      return Effect.map(
        send("listEntraAssignmentsPage", listed, decodePage(pagesRead), page?.ok ? { page: page.value } : undefined),
        ({ next, value }): Api.EntraAssignmentsPage =>
          next === undefined ? { value } : { value, next: { page: next, pagesRead } }
      )
    },
    updateEntraAssignments: (changes) =>
      send(
        "updateEntraAssignments",
        Requests.updateEntraAssignments(apiVersion, changes, "updateEntraAssignments"),
        decodeEntraUpdate
      ),
    getEntraAssignment: (objectId) => assignment("getEntraAssignment", { objectId }, decodeEntraAssignment),
    upsertEntraAssignment: (objectId, request) =>
      assignment("upsertEntraAssignment", { objectId }, decodeEntraAssignment, request),
    deleteEntraAssignment: (objectId) => assignment("deleteEntraAssignment", { objectId }, decodeNothing)
  }
}
