/**
 * The client cases both Effect lines run (packages/core/test/CommunicationIdentityClient.test.ts,
 * packages/effect4/core/test/CommunicationIdentityClient.test.ts): the official
 * client's recorded calls (official-wire-shapes.json) and ours for each, the
 * service's timestamps and what they decode to, and the bad inputs that must
 * fail with an `InvalidInput` naming their field before anything is sent.
 */
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import type { Call } from "./Call.js"

/** A call the official client made, what it sent, the mock answer and what it resolved to. */
export interface FixtureCall {
  readonly call: string
  readonly request: {
    readonly method: string
    readonly url: string
    readonly headers: Readonly<Record<string, string>>
    readonly body: string | null
  }
  readonly mockResponse: { readonly status: number; readonly body?: unknown }
  readonly sdkResult: unknown
}

/** official-wire-shapes.json: the official client's calls and its client-side validations. */
export const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/official-wire-shapes.json", import.meta.url), "utf8")
) as {
  readonly requests: { readonly calls: ReadonlyArray<FixtureCall> }
  readonly errorMapping: {
    readonly clientSideValidation: ReadonlyArray<
      { readonly call: string; readonly thrown: string; readonly httpCalls?: number }
    >
  }
}

/** The official tests' resource. */
export const endpoint = "https://contoso.communication.azure.com/"
/** The official tests' key. */
export const accessKey = "68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e"
/** Its connection string. */
export const connectionString = `endpoint=${endpoint};accesskey=${accessKey}`
/** A user, its id and the id percent-encoded as a path segment. */
export const userId = "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001"
export const encodedUserId = "8%3Aacs%3A00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001"
export const user = { communicationUserId: userId }
/** The clock of the cases. */
export const now = Date.parse("2024-05-01T12:34:56Z")
/** A v4 UUID, lower-case. */
export const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** Base64 SHA-256 of the UTF-8 of `text`. */
export const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("base64")

/** A Teams user's exchange. */
export const teams = {
  teamsUserAadToken: "eyJ0eXAiOiJKV1QifQ.eyJvaWQiOiJ4In0.c2ln",
  clientId: "0f0e5d3c-1111-4222-8333-444455556666",
  userObjectId: "a1b2c3d4-0000-4000-8000-000000000000"
}

/** Our call for each of the official client's recorded calls. */
export const officialCalls: Readonly<Record<string, Call>> = {
  "createUser()": ["createUser", []],
  "createUserAndToken(['chat','voip'])": ["createUserAndToken", [["chat", "voip"]]],
  "createUserAndToken(['chat'], {tokenExpiresInMinutes: 60})": ["createUserAndToken", [["chat"], {
    expiresInMinutes: 60
  }]],
  "getToken(user, ['chat'])": ["getToken", [user, ["chat"]]],
  "getToken(user, ['chat.join','voip.join'], {tokenExpiresInMinutes: 1440})": ["getToken", [user, [
    "chat.join",
    "voip.join"
  ], { expiresInMinutes: 1440 }]],
  "revokeTokens(user)": ["revokeTokens", [user]],
  "deleteUser(user)": ["deleteUser", [user]],
  "getTokenForTeamsUser({teamsUserAadToken, clientId, userObjectId})": ["getTokenForTeamsUser", [teams]]
}

/** The official body with the fixture's placeholders replaced by this test's values. */
export const expectedBody = (body: string | null) =>
  body === null ? undefined : body
    .replace("<aad jwt>", teams.teamsUserAadToken)
    .replace("<app id>", teams.clientId)
    .replace("<oid>", teams.userObjectId)

/** `expiresOn` as the service may write it → the instant it decodes to. */
export const expiresOns: ReadonlyArray<readonly [string, string]> = [
  ["2023-10-19T15:34:17.0493886+00:00", "2023-10-19T15:34:17.049Z"],
  ["2023-10-19T15:34:17.9999999-07:00", "2023-10-19T22:34:17.999Z"],
  ["2023-10-19T15:34:17.049388+05:30", "2023-10-19T10:04:17.049Z"],
  ["2023-10-19T15:34:17Z", "2023-10-19T15:34:17.000Z"],
  ["2023-10-19T15:34:17.5z", "2023-10-19T15:34:17.500Z"],
  ["2024-02-29T23:59:59.1+00:00", "2024-02-29T23:59:59.100Z"]
]

/** A bad input: its name, the field its `InvalidInput` names, the client's api-version when not the default, the call. */
export interface InvalidCase {
  readonly name: string
  readonly field: string
  readonly apiVersion?: "2022-10-01" | "2025-03-02-preview" | "2025-06-30"
  readonly call: Call
}

const badUsers: ReadonlyArray<readonly [string, unknown]> = [
  ["empty id", { communicationUserId: "" }],
  ["blank id", { communicationUserId: "   " }],
  ["2000-character id", { communicationUserId: `8:acs:${"a".repeat(1994)}` }],
  ["unicode id", { communicationUserId: "8:acs:ünïcødé_😀" }],
  ["id with a space", { communicationUserId: "8:acs:a b" }],
  ["missing id ({})", {}],
  ["undefined user", undefined],
  ["numeric id", { communicationUserId: 42 }],
  ["dot-segment id '.'", { communicationUserId: "." }],
  ["dot-segment id '..'", { communicationUserId: ".." }]
]

/** Bad inputs before the Teams exchange's (a runner adds its line's empty `Redacted` token among {@link invalidTeams}). */
export const invalidCases: ReadonlyArray<InvalidCase> = [
  // scopes
  { name: "getToken scopes []", field: "scopes", call: ["getToken", [user, []]] },
  { name: "createUserAndToken scopes []", field: "scopes", call: ["createUserAndToken", [[]]] },
  { name: "unknown scope", field: "scopes", call: ["getToken", [user, ["admin"]]] },
  { name: "unknown scope (case)", field: "scopes", call: ["createUserAndToken", [["Chat"]]] },
  { name: "duplicate scope", field: "scopes", call: ["getToken", [user, ["chat", "voip", "chat"]]] },
  { name: "scopes not an array", field: "scopes", call: ["getToken", [user, "chat"]] },
  { name: "scopes undefined", field: "scopes", call: ["getToken", [user, undefined]] },
  ...(["chat.join", "chat.join.limited", "voip.join"] as const).flatMap((scope): Array<InvalidCase> => [
    {
      name: `getToken ${scope} on 2022-10-01`,
      field: "scopes",
      apiVersion: "2022-10-01",
      call: ["getToken", [user, ["chat", scope]]]
    },
    {
      name: `createUserAndToken ${scope} on 2022-10-01`,
      field: "scopes",
      apiVersion: "2022-10-01",
      call: ["createUserAndToken", [[scope]]]
    }
  ]),
  // expiresInMinutes
  ...[59, 1441, 60.5, NaN, Infinity, -60, 0, "60"].flatMap((minutes): Array<InvalidCase> => [
    {
      name: `getToken expiresInMinutes ${JSON.stringify(minutes) ?? String(minutes)} (${String(minutes)})`,
      field: "expiresInMinutes",
      call: ["getToken", [user, ["chat"], { expiresInMinutes: minutes }]]
    },
    {
      name: `createUserAndToken expiresInMinutes ${String(minutes)} (${typeof minutes})`,
      field: "expiresInMinutes",
      call: ["createUserAndToken", [["chat"], { expiresInMinutes: minutes }]]
    }
  ]),
  // user ids
  ...badUsers.flatMap(([name, bad]): Array<InvalidCase> => [
    { name: `getToken ${name}`, field: "user.communicationUserId", call: ["getToken", [bad, ["chat"]]] },
    { name: `revokeTokens ${name}`, field: "user.communicationUserId", call: ["revokeTokens", [bad]] },
    { name: `deleteUser ${name}`, field: "user.communicationUserId", call: ["deleteUser", [bad]] },
    {
      name: `getUser ${name}`,
      field: "user.communicationUserId",
      apiVersion: "2025-03-02-preview",
      call: ["getUser", [bad]]
    }
  ]),
  // api-version gated features
  { name: "createUser customId on 2023-10-01", field: "customId", call: ["createUser", [{ customId: "alice" }]] },
  {
    name: "createUserAndToken customId on 2023-10-01",
    field: "customId",
    call: ["createUserAndToken", [["chat"], { customId: "alice" }]]
  },
  {
    name: "createUser customId on 2025-06-30",
    field: "customId",
    apiVersion: "2025-06-30",
    call: ["createUser", [{ customId: "alice" }]]
  },
  {
    name: "customId empty",
    field: "customId",
    apiVersion: "2025-03-02-preview",
    call: ["createUser", [{ customId: "" }]]
  },
  {
    name: "customId 257 characters",
    field: "customId",
    apiVersion: "2025-03-02-preview",
    call: ["createUser", [{ customId: "x".repeat(257) }]]
  },
  { name: "getUser on 2023-10-01", field: "apiVersion", call: ["getUser", [user]] },
  // Teams exchange
  {
    name: "empty Teams token",
    field: "teamsUserAadToken",
    call: ["getTokenForTeamsUser", [{ ...teams, teamsUserAadToken: "" }]]
  }
]

/** The Teams exchange's bad inputs after the empty tokens. */
export const invalidTeams: ReadonlyArray<InvalidCase> = [
  {
    name: "missing Teams token",
    field: "teamsUserAadToken",
    call: ["getTokenForTeamsUser", [{ clientId: teams.clientId, userObjectId: teams.userObjectId }]]
  },
  { name: "empty clientId", field: "clientId", call: ["getTokenForTeamsUser", [{ ...teams, clientId: "" }]] },
  {
    name: "empty userObjectId",
    field: "userObjectId",
    call: ["getTokenForTeamsUser", [{ ...teams, userObjectId: " " }]]
  }
]

/** The official client's own client-side validations: our call (or the options `make` refuses) and the field. */
export const officialValidations: Readonly<
  Record<string, readonly [field: string, Call | { readonly connectionString: string }]>
> = {
  "getToken({}, ['chat'])": ["user.communicationUserId", ["getToken", [{}, ["chat"]]]],
  "getToken(user, undefined)": ["scopes", ["getToken", [user, undefined]]],
  "deleteUser({})": ["user.communicationUserId", ["deleteUser", [{}]]],
  "new CommunicationIdentityClient('garbage')": ["connectionString", { connectionString: "garbage" }],
  "new CommunicationIdentityClient('endpoint=file://x;accesskey=abc')": ["connectionString endpoint", {
    connectionString: "endpoint=file://x;accesskey=abc"
  }]
}
