/**
 * The operations of the client: one short method each, over the executor.
 * Each builds its request with the protocol (which checks its input: nothing
 * is sent when a rule is broken) and names its decoder.
 */
import * as Operation from "@effect-acs/identity-protocol/Operation"
import * as Paging from "@effect-acs/identity-protocol/Paging"
import * as Requests from "@effect-acs/identity-protocol/Requests"
import * as Responses from "@effect-acs/identity-protocol/Responses"
import type * as Rules from "@effect-acs/identity-protocol/Rules"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Api from "../CommunicationIdentityClient.js"
import { InvalidInput } from "../IdentityError.js"
import type { IdentityError } from "../IdentityError.js"
import type * as Models from "../Models.js"
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

const toToken = Responses.map(
  Responses.readAccessToken,
  (token): Api.AccessToken => ({ token: Redacted.make(token.token), expiresOn: token.expiresOn })
)

const toUser = Responses.map(
  Responses.readIdentityAndToken,
  (result): Api.CommunicationUser => ({ communicationUserId: result.identity.id })
)

const toUserToken = Responses.map(Responses.readExchange, (result): Api.CommunicationUserToken => ({
  token: Redacted.make(result.accessToken.token),
  expiresOn: result.accessToken.expiresOn,
  user: { communicationUserId: result.identity.id }
}))

const toDetail = Responses.map(Responses.readIdentity, (identity): Api.CommunicationUserDetail => ({
  user: { communicationUserId: identity.id },
  ...(identity.customId !== undefined && { customId: identity.customId }),
  ...(identity.lastTokenIssuedAt !== undefined && { lastTokenIssuedAt: identity.lastTokenIssuedAt })
}))

const redacted = (value: string | Redacted.Redacted<string> | undefined): Redacted.Redacted<string> =>
  Redacted.isRedacted(value) ? value : Redacted.make(value ?? "")

/** A page of Entra assignments and the path and query of the next page, if any. */
type Page = Paging.Page<Models.EntraAssignment>

/** The service over an executor: each method checks and builds its request with the protocol, then sends it. */
export const make = (
  settings: Settings,
  execute: <A>(call: Call<A>) => Effect.Effect<A, IdentityError>
): Api.CommunicationIdentityClient.Service => {
  const { apiVersion } = settings
  const send = <A>(
    operation: string,
    request: Requests.Checked,
    decode: Call<A>["decode"],
    extra?: Pick<Call<A>, "userToken" | "secrets" | "page">
  ): Effect.Effect<A, IdentityError> =>
    request.ok
      ? execute({ operation, ...request.value, decode, ...extra })
      : Effect.fail(new InvalidInput(request.violation))
  /** An exchange of an end user's Entra token, sent with that token instead of the client's credential. */
  const userExchange = (
    operation: "getTokenForTeamsExtensionUser" | "getTokenForEntraUser",
    name: "exchangeTeamsExtensionAccessToken" | "exchangeEntraAccessToken",
    entraToken: string | Redacted.Redacted<string>
  ) => {
    const token = redacted(entraToken)
    return send(
      operation,
      Requests.exchangeUserAccessToken(apiVersion, name, Redacted.value(token), operation),
      toUserToken,
      {
        userToken: token
      }
    )
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
  const decodePage = (pagesRead: number) => (json: unknown): Rules.Result<Page> => {
    const listed = Responses.readEntraAssignments(json)
    return listed.ok ? Paging.page(settings.endpoint, apiVersion, pagesRead, listed.value) : listed
  }
  const listed = Requests.assignment(apiVersion, operations.listEntraAssignmentsPage, {}, "listEntraAssignmentsPage")
  return {
    apiVersion,
    createUser: (options = {}) => send("createUser", Requests.createIdentity(apiVersion, options), toUser),
    createUserAndToken: (scopes, options = {}) =>
      send("createUserAndToken", Requests.createIdentity(apiVersion, options, scopes ?? []), toUserToken),
    getToken: (user, scopes, options = {}) =>
      send("getToken", Requests.issueAccessToken(apiVersion, user?.communicationUserId, scopes, options), toToken),
    revokeTokens: (user) =>
      send(
        "revokeTokens",
        Requests.onUser(apiVersion, operations.revokeTokens, user?.communicationUserId, "revokeTokens"),
        Responses.readNothing
      ),
    deleteUser: (user) =>
      send(
        "deleteUser",
        Requests.onUser(apiVersion, operations.deleteUser, user?.communicationUserId, "deleteUser"),
        Responses.readNothing
      ),
    getUser: (user) =>
      send("getUser", Requests.onUser(apiVersion, operations.getUser, user?.communicationUserId, "getUser"), toDetail),
    getTokenForTeamsUser: (exchange) => {
      const token = redacted(exchange?.teamsUserAadToken)
      const text = Redacted.value(token)
      return send(
        "getTokenForTeamsUser",
        Requests.exchangeTeamsUserAccessToken(token, text, exchange?.clientId ?? "", exchange?.userObjectId ?? ""),
        toToken,
        { secrets: [text] }
      )
    },
    getTokenForTeamsExtensionUser: (entraToken) =>
      userExchange("getTokenForTeamsExtensionUser", "exchangeTeamsExtensionAccessToken", entraToken),
    getTokenForEntraUser: (entraToken) => userExchange("getTokenForEntraUser", "exchangeEntraAccessToken", entraToken),
    getTeamsExtensionAssignment: (tenantId, objectId) =>
      assignment("getTeamsExtensionAssignment", { tenantId, objectId }, Responses.readTeamsExtensionAssignment),
    upsertTeamsExtensionAssignment: (tenantId, objectId, request) =>
      assignment(
        "upsertTeamsExtensionAssignment",
        { tenantId, objectId },
        Responses.readTeamsExtensionAssignment,
        request
      ),
    deleteTeamsExtensionAssignment: (tenantId, objectId) =>
      assignment("deleteTeamsExtensionAssignment", { tenantId, objectId }, Responses.readNothing),
    listEntraAssignments: () => assignment("listEntraAssignments", {}, Responses.readEntraAssignments),
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
        Responses.readEntraUpdate
      ),
    getEntraAssignment: (objectId) => assignment("getEntraAssignment", { objectId }, Responses.readEntraAssignment),
    upsertEntraAssignment: (objectId, request) =>
      assignment("upsertEntraAssignment", { objectId }, Responses.readEntraAssignment, request),
    deleteEntraAssignment: (objectId) => assignment("deleteEntraAssignment", { objectId }, Responses.readNothing)
  }
}
