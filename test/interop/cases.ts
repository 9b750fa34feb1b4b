/**
 * The interop case table: one list of scenarios that `Official.test.ts` runs
 * with three clients against the same emulator socket: the official
 * `@azure/communication-identity` 1.3.1, our drop-in Promise client and our
 * Effect client. Every step states what the official client observes — the
 * drop-in observes exactly that, always; a step where the Effect client
 * deliberately differs (it checks its input before sending) states that too
 * (`effectRejects`), with the reason.
 *
 * Outcomes are normalised to comparable values (`Observed`): a success keeps
 * its shape (user id pattern, JWT claims, expiry relative to now), a failure
 * its `{ statusCode, code, message }` (ids in messages replaced by `<user id>`).
 */
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import type { TokenScope } from "@effect-acs/identity/Models"
import type { Operation, TokenStatus } from "@effect-acs/identity-emulator/Emulator"
import * as Effect from "effect/Effect"

// ---------------------------------------------------------------------------
// normalised outcomes

/** A success, by shape. */
export interface Success {
  readonly ok: true
  /** The result's own keys, sorted and comma-joined; `(void)` for `undefined`. */
  readonly keys: string
  /** {@link userPattern} when the id matches `^8:acs:<resourceId>_<uuid>$`, else the id itself. */
  readonly user?: string
  /** `JWT` when the token is a decodable JWT, else a description of what it is. */
  readonly token?: string
  /** The token's `acsScope` claim. */
  readonly acsScope?: string
  /** `the user` when `skypeid` is the user's id without `8:`, else `skypeid`. */
  readonly subject?: string
  /** `now + <m> min` (within a minute), `the Entra token's exp` (exactly), else the ISO date or what it is. */
  readonly expiresOn?: string
}

/** A failure, by status and code (and the service's message, when there was a response). */
export interface Failure {
  readonly ok: false
  readonly statusCode: number | undefined
  readonly code: string | undefined
  readonly message?: string
  /** The argument an `InvalidInput` names. */
  readonly field?: string
}

/** @see Success @see Failure */
export type Observed = Success | Failure

/** What the official client (and the drop-in) observes, and where the Effect client deliberately observes something else. */
export interface Expectation {
  readonly official: Observed
  readonly effect?: { readonly observed: Observed; readonly reason: string }
}

export const userPattern = "8:acs:<resourceId>_<uuid>"
export const teamsExpiry = "the Entra token's exp"

const ok = (observed: Omit<Success, "ok">): Expectation => ({ official: { ok: true, ...observed } })

/** `createUser` → `{ communicationUserId }`. */
export const newUser: Expectation = ok({ keys: "communicationUserId", user: userPattern })

/** `createUserAndToken` → `{ token, expiresOn, user }`. */
export const newUserAndToken = (scopes: ReadonlyArray<TokenScope>, minutes = 1440): Expectation =>
  ok({
    keys: "expiresOn,token,user",
    user: userPattern,
    token: "JWT",
    acsScope: scopes.join(","),
    subject: "the user",
    expiresOn: `now + ${minutes} min`
  })

/** `getToken` → `{ token, expiresOn }`. */
export const issued = (scopes: ReadonlyArray<TokenScope>, minutes = 1440): Expectation =>
  ok({
    keys: "expiresOn,token",
    token: "JWT",
    acsScope: scopes.join(","),
    subject: "the user",
    expiresOn: `now + ${minutes} min`
  })

/** `getTokenForTeamsUser` → `{ token, expiresOn }` expiring with the Entra token. */
export const teamsToken = (userObjectId: string): Expectation =>
  ok({ keys: "expiresOn,token", token: "JWT", subject: `orgid:${userObjectId}`, expiresOn: teamsExpiry })

/** `revokeTokens` / `deleteUser` → `undefined`. */
export const done: Expectation = ok({ keys: "(void)" })

/** An error response, as every client observes it. */
export const fails = (statusCode: number, code: string, message: string): Expectation => ({
  official: { ok: false, statusCode, code, message }
})

/** The Effect API's documented stricter check: the official client and the drop-in observe `official`, the Effect client rejects `field` before sending. */
export const effectRejects = (official: Expectation, field: string, reason: string): Expectation => ({
  official: official.official,
  effect: { observed: { ok: false, statusCode: undefined, code: "InvalidInput", field }, reason }
})

// ---------------------------------------------------------------------------
// the service's (and the emulator's) error bodies

const scopesRequired = "Invalid scopes - Scopes field is required."
const minutesInvalid = (value: number) =>
  `ExpiresInMinutes value ${value} is invalid. Value must be within the [60, 1440] interval.`
export const notOwned = fails(401, "IdentityNotOwned", "Provided identity doesn't belong to the resource.")
export const denied = fails(401, "Denied", "Denied by the resource provider.")
export const invalidAccessToken = fails(401, "InvalidAccessToken", "Provided access token is not valid.")
/** The emulator's answer for a route it does not have (an empty id leaves `/identities//…`). */
const notFound = (method: string, path: string) => fails(404, "NotFound", `${method} ${path} does not exist.`)
/** The emulator's answer for a deleted identity (the service's is unverified, §13.5). */
export const deletedUser = fails(404, "IdentityNotFound", "The identity <user id> has been deleted.")

/** What every client observes for a user id the Effect client refuses to send (empty, non-ASCII, over 1024 characters). */
const idRefused = (official: Expectation): Expectation =>
  effectRejects(
    official,
    "user.communicationUserId",
    "the Effect client sends only ids of 1 to 1024 printable ASCII characters (no request); the official client sends any"
  )

/**
 * The official client's refusal of a plain-http endpoint without `allowInsecureConnection`: a plain `Error`
 * naming the URL (`<endpoint>/`: the emulator's), nothing sent; the Effect client has no such option and
 * observes `effect`.
 */
const insecureRefused = (path: string, effect: Expectation): Expectation => ({
  official: {
    ok: false,
    statusCode: undefined,
    code: undefined,
    message: `Cannot connect to <endpoint>/${path}?api-version=2023-10-01 while allowInsecureConnection is false.`
  },
  effect: {
    observed: effect.official,
    reason: "the Effect client has no allowInsecureConnection: it sends to the plain-http endpoint it is given"
  }
})

const validatedBeforeSending =
  "the Effect client validates the range 60..1440 before sending (no request); the service answers 400"

// ---------------------------------------------------------------------------
// Entra tokens of Teams users (the emulator checks no signature)

/** An unsigned, JWT-shaped Entra token with `claims`. */
export const entraToken = (claims: Readonly<Record<string, unknown>>): string =>
  [{ alg: "RS256", typ: "JWT" }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString("base64url")).join(
    "."
  ) +
  ".c2lnbmF0dXJl"

/** The payload of a JWT, or `undefined` when it is not one. */
export const jwtPayload = (token: unknown): Readonly<Record<string, unknown>> | undefined => {
  if (typeof token !== "string") return undefined
  const parts = token.split(".")
  if (parts.length !== 3 || parts.some((part) => !/^[\w-]+$/.test(part))) return undefined
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"))
    return typeof payload === "object" && payload !== null ? payload as Record<string, unknown> : undefined
  } catch {
    return undefined
  }
}

export const appId = "2c3e1e83-8fd7-4615-ad2b-b8c1229845ac"
export const userObjectId = "32c0a5db-05ec-78ea-51ab-3f06b329397e"
/** An identity id of another resource. */
export const foreignId = "8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081"

/** An Entra token of the Teams user, expiring in an hour (whole seconds). */
export const teamsUserToken = (claims: Readonly<Record<string, unknown>> = {}) =>
  entraToken({ appid: appId, oid: userObjectId, exp: Math.floor(Date.now() / 1000) + 3600, ...claims })

// ---------------------------------------------------------------------------
// what a case runs against

export interface User {
  readonly communicationUserId: string
}

export interface TeamsExchange {
  readonly teamsUserAadToken: string
  readonly clientId: string
  readonly userObjectId: string
}

/**
 * One client, as a case drives it: every call records its normalised outcome
 * against the expectation, and returns what later steps need (a failed call
 * returns a placeholder, so the case runs on and the comparison shows it all).
 */
export interface Run {
  readonly createUser: (expect: Expectation) => Effect.Effect<User>
  readonly createUserAndToken: (
    scopes: ReadonlyArray<TokenScope>,
    minutes: number | undefined,
    expect: Expectation
  ) => Effect.Effect<{ readonly user: User; readonly token: string }>
  readonly getToken: (
    user: User,
    scopes: ReadonlyArray<TokenScope>,
    minutes: number | undefined,
    expect: Expectation
  ) => Effect.Effect<string>
  readonly revokeTokens: (user: User, expect: Expectation) => Effect.Effect<void>
  readonly deleteUser: (user: User, expect: Expectation) => Effect.Effect<void>
  readonly getTokenForTeamsUser: (exchange: TeamsExchange, expect: Expectation) => Effect.Effect<void>
  /** The emulator's view of a token issued in this case (no request). */
  readonly tokenStatus: (token: string, expected: TokenStatus) => Effect.Effect<void>
}

/** How the three clients are constructed. */
export type Construction =
  /** `new Client(connectionString, { allowInsecureConnection: true })`; `NodeIdentityClient.layer({ connectionString })`. */
  | "connectionString"
  /** `new Client(endpoint, new AzureKeyCredential(key), { allowInsecureConnection: true })`; `{ endpoint, credential }`. */
  | "keyCredential"
  /** A connection string with another (valid base64) access key. */
  | "wrongKey"
  /** `new Client(connectionString)` without `allowInsecureConnection` (the emulator is plain http); `{ connectionString }`. */
  | "plainHttp"

export interface Case {
  readonly name: string
  readonly construction?: Construction
  readonly run: (client: Run) => Effect.Effect<void>
}

/** The operation each recorded call reaches. */
export const operationOf: Record<Exclude<keyof Run, "tokenStatus">, Operation> = Client.operations

// ---------------------------------------------------------------------------
// the table

const scopeSets: ReadonlyArray<ReadonlyArray<TokenScope>> = [
  ["chat"],
  ["voip"],
  ["chat", "voip"],
  ["chat.join"],
  ["chat.join.limited"],
  ["voip.join"],
  ["chat.join", "voip.join"]
]
const expiries: ReadonlyArray<number | undefined> = [undefined, 60, 1440]
const label = (scopes: ReadonlyArray<TokenScope>, minutes: number | undefined) =>
  `[${scopes.join(",")}]${minutes === undefined ? "" : `, ${minutes} min`}`

const gen = Effect.gen

/** The whole lifecycle of one user, tokens checked with the emulator after each change. */
const lifecycle = (client: Run) =>
  gen(function*() {
    const user = yield* client.createUser(newUser)
    const first = yield* client.getToken(user, ["chat"], undefined, issued(["chat"]))
    const second = yield* client.getToken(user, ["voip"], 60, issued(["voip"], 60))
    yield* client.tokenStatus(first, "active")
    yield* client.revokeTokens(user, done)
    yield* client.tokenStatus(first, "revoked")
    yield* client.tokenStatus(second, "revoked")
    const third = yield* client.getToken(user, ["chat", "voip"], 1440, issued(["chat", "voip"], 1440))
    yield* client.tokenStatus(third, "active")
    yield* client.revokeTokens(user, done)
    yield* client.revokeTokens(user, done)
    yield* client.tokenStatus(third, "revoked")
    const created = yield* client.createUserAndToken(["chat", "voip"], 60, newUserAndToken(["chat", "voip"], 60))
    yield* client.deleteUser(created.user, done)
    yield* client.tokenStatus(created.token, "revoked")
    yield* client.getToken(created.user, ["chat"], undefined, deletedUser)
    yield* client.revokeTokens(created.user, deletedUser)
    // a retried delete succeeds (the emulator's documented choice)
    yield* client.deleteUser(created.user, done)
    yield* client.deleteUser(user, done)
  })

export const cases: ReadonlyArray<Case> = [
  { name: "lifecycle (connection string)", run: lifecycle },
  { name: "lifecycle (endpoint + AzureKeyCredential)", construction: "keyCredential", run: lifecycle },

  ...scopeSets.flatMap((scopes) =>
    expiries.map((minutes): Case => ({
      name: `createUserAndToken ${label(scopes, minutes)}`,
      run: (client) =>
        gen(function*() {
          const created = yield* client.createUserAndToken(scopes, minutes, newUserAndToken(scopes, minutes))
          yield* client.tokenStatus(created.token, "active")
        })
    }))
  ),

  ...scopeSets.flatMap((scopes) =>
    expiries.map((minutes): Case => ({
      name: `getToken ${label(scopes, minutes)}`,
      run: (client) =>
        gen(function*() {
          const user = yield* client.createUser(newUser)
          const token = yield* client.getToken(user, scopes, minutes, issued(scopes, minutes))
          yield* client.tokenStatus(token, "active")
        })
    }))
  ),

  {
    name: "getToken with [] scopes",
    run: (client) =>
      gen(function*() {
        const user = yield* client.createUser(newUser)
        yield* client.getToken(
          user,
          [],
          undefined,
          effectRejects(
            fails(400, "ValidationError", scopesRequired),
            "scopes",
            "the Effect client rejects an empty scope list before sending (no request); the service answers 400"
          )
        )
      })
  },
  ...[59, 1441, 0, 1_000_000].map((minutes): Case => ({
    name: `getToken with expiresInMinutes ${minutes}`,
    run: (client) =>
      gen(function*() {
        const user = yield* client.createUser(newUser)
        yield* client.getToken(
          user,
          ["chat"],
          minutes,
          effectRejects(
            fails(400, "ValidationError", minutesInvalid(minutes)),
            "expiresInMinutes",
            validatedBeforeSending
          )
        )
      })
  })),
  ...[59, 1441].map((minutes): Case => ({
    name: `createUserAndToken with tokenExpiresInMinutes ${minutes}`,
    run: (client) =>
      gen(function*() {
        yield* client.createUserAndToken(
          ["chat"],
          minutes,
          effectRejects(
            fails(400, "ValidationError", minutesInvalid(minutes)),
            "expiresInMinutes",
            validatedBeforeSending
          )
        )
      })
  })),
  {
    name: "createUserAndToken with [] scopes",
    run: (client) =>
      gen(function*() {
        yield* client.createUserAndToken(
          [],
          undefined,
          effectRejects(
            // the emulator treats an empty createTokenWithScopes as none (the service's answer is unverified):
            // the official client then resolves a user without a token
            ok({ keys: "user", user: userPattern, token: "undefined", expiresOn: "undefined" }),
            "scopes",
            "the Effect client requires at least one scope for createUserAndToken (no request)"
          )
        )
      })
  },

  {
    name: "an identity of another resource: 401 IdentityNotOwned",
    run: (client) =>
      gen(function*() {
        const other = { communicationUserId: foreignId }
        yield* client.getToken(other, ["chat"], undefined, notOwned)
        yield* client.getToken(other, ["chat", "voip"], 60, notOwned)
        yield* client.revokeTokens(other, notOwned)
        yield* client.deleteUser(other, notOwned)
      })
  },
  {
    name: "odd user ids: %, /, ?, # and their mix are percent-encoded and reach the service (401, not ours)",
    run: (client) =>
      gen(function*() {
        for (const id of ["%", "a/b", "?", "#", "%2F/?#:&=+", `${foreignId}%`, `${foreignId}/x`]) {
          const other = { communicationUserId: id }
          yield* client.getToken(other, ["chat"], undefined, notOwned)
          yield* client.revokeTokens(other, notOwned)
          yield* client.deleteUser(other, notOwned)
        }
      })
  },
  {
    name: "odd user ids the Effect client refuses to send: unicode, very long, empty",
    run: (client) =>
      gen(function*() {
        for (const id of ["é", "\u{1f600}", `${foreignId}é`, "x".repeat(4096)]) {
          const other = { communicationUserId: id }
          yield* client.getToken(other, ["chat"], undefined, idRefused(notOwned))
          yield* client.revokeTokens(other, idRefused(notOwned))
          yield* client.deleteUser(other, idRefused(notOwned))
        }
        const empty = { communicationUserId: "" }
        yield* client.getToken(
          empty,
          ["chat"],
          undefined,
          idRefused(notFound("POST", "/identities//:issueAccessToken"))
        )
        yield* client.revokeTokens(empty, idRefused(notFound("POST", "/identities//:revokeAccessTokens")))
        yield* client.deleteUser(empty, idRefused(notFound("DELETE", "/identities/")))
      })
  },
  {
    name: "a plain http endpoint without allowInsecureConnection: the official client refuses it, nothing sent",
    construction: "plainHttp",
    run: (client) =>
      gen(function*() {
        yield* client.createUser(insecureRefused("identities", newUser))
        yield* client.createUserAndToken(["chat"], 60, insecureRefused("identities", newUserAndToken(["chat"], 60)))
        const other = { communicationUserId: foreignId }
        const path = `identities/${encodeURIComponent(foreignId)}`
        yield* client.getToken(other, ["chat"], undefined, insecureRefused(`${path}/:issueAccessToken`, notOwned))
        yield* client.revokeTokens(other, insecureRefused(`${path}/:revokeAccessTokens`, notOwned))
        yield* client.deleteUser(other, insecureRefused(path, notOwned))
        yield* client.getTokenForTeamsUser(
          { teamsUserAadToken: teamsUserToken(), clientId: appId, userObjectId },
          insecureRefused("teamsUser/:exchangeAccessToken", teamsToken(userObjectId))
        )
      })
  },
  {
    name: "a deleted user",
    run: (client) =>
      gen(function*() {
        const created = yield* client.createUserAndToken(["voip"], undefined, newUserAndToken(["voip"]))
        yield* client.deleteUser(created.user, done)
        yield* client.tokenStatus(created.token, "revoked")
        yield* client.getToken(created.user, ["voip"], 60, deletedUser)
        yield* client.revokeTokens(created.user, deletedUser)
      })
  },
  {
    name: "a wrong access key: 401 Denied",
    construction: "wrongKey",
    run: (client) =>
      gen(function*() {
        yield* client.createUser(denied)
        yield* client.createUserAndToken(["chat"], 60, denied)
        const other = { communicationUserId: foreignId }
        yield* client.getToken(other, ["chat"], undefined, denied)
        yield* client.revokeTokens(other, denied)
        yield* client.deleteUser(other, denied)
        yield* client.getTokenForTeamsUser(
          { teamsUserAadToken: teamsUserToken(), clientId: appId, userObjectId },
          denied
        )
      })
  },

  {
    name: "Teams user exchange",
    run: (client) =>
      client.getTokenForTeamsUser(
        { teamsUserAadToken: teamsUserToken(), clientId: appId, userObjectId },
        teamsToken(userObjectId)
      )
  },
  {
    name: "Teams user exchange with the endpoint + AzureKeyCredential",
    construction: "keyCredential",
    run: (client) =>
      client.getTokenForTeamsUser(
        { teamsUserAadToken: teamsUserToken(), clientId: appId, userObjectId },
        teamsToken(userObjectId)
      )
  },
  {
    name: "Teams user exchange with a bad token: 401",
    run: (client) =>
      gen(function*() {
        const exchange = { clientId: appId, userObjectId }
        yield* client.getTokenForTeamsUser({ ...exchange, teamsUserAadToken: "not-a-jwt" }, invalidAccessToken)
        yield* client.getTokenForTeamsUser(
          { ...exchange, teamsUserAadToken: teamsUserToken({ exp: Math.floor(Date.now() / 1000) - 60 }) },
          invalidAccessToken
        )
        yield* client.getTokenForTeamsUser(
          { ...exchange, teamsUserAadToken: entraToken({ appid: appId, oid: userObjectId }) },
          invalidAccessToken
        )
        yield* client.getTokenForTeamsUser(
          { ...exchange, teamsUserAadToken: "" },
          effectRejects(
            invalidAccessToken,
            "teamsUserAadToken",
            "the Effect client rejects an empty Entra token before sending (no request); the service answers 401"
          )
        )
      })
  },
  {
    name: "Teams user exchange with a mismatched clientId or userObjectId: 400",
    run: (client) =>
      gen(function*() {
        const token = teamsUserToken()
        yield* client.getTokenForTeamsUser(
          { teamsUserAadToken: token, clientId: "00000000-0000-0000-0000-000000000000", userObjectId },
          fails(400, "ValidationError", "Provided AppId has invalid format.")
        )
        yield* client.getTokenForTeamsUser(
          { teamsUserAadToken: token, clientId: appId, userObjectId: "11111111-1111-1111-1111-111111111111" },
          fails(400, "ValidationError", "Provided UserId has invalid format.")
        )
        // a token without appid cannot match any clientId
        yield* client.getTokenForTeamsUser(
          { teamsUserAadToken: teamsUserToken({ appid: undefined }), clientId: appId, userObjectId },
          fails(400, "ValidationError", "Provided AppId has invalid format.")
        )
      })
  }
]
