/**
 * The error-mapping cases both Effect lines run (packages/core/test/Errors.test.ts,
 * packages/effect4/core/test/Errors.test.ts): the official client's error
 * mapping (official-wire-shapes.json), wrong success statuses, an envelope
 * with details, and success bodies that do not decode, with what each call
 * must fail with.
 */
import { readFileSync } from "node:fs"
import type { Call } from "./Call.js"
import * as Wire from "./Wire.js"

/** A response the official client mapped to an error, and the error it threw. */
export interface FixtureErrorCase {
  readonly response: {
    readonly status: number
    readonly headers?: Readonly<Record<string, string>>
    readonly contentType: string
    readonly body: unknown
  }
  readonly thrown: {
    readonly name: string
    readonly code: string | null
    readonly statusCode: number
    readonly message: string
  }
  readonly httpCalls: number
}

/** official-wire-shapes.json's error mapping. */
export const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/official-wire-shapes.json", import.meta.url), "utf8")
) as {
  readonly errorMapping: { readonly cases: ReadonlyArray<FixtureErrorCase> }
}

/** The recorded response of a fixture case, as the scripted server answers it. */
export const replyFor = (response: FixtureErrorCase["response"]): Wire.Response =>
  Wire.response(response.status, typeof response.body === "string" ? response.body : JSON.stringify(response.body), {
    "content-type": response.contentType,
    ...response.headers
  })

/** A connection string, a user and a token body of the cases. */
export const connectionString =
  "endpoint=https://contoso.communication.azure.com/;accesskey=68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e"
export const user = {
  communicationUserId: "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001"
}
/** A token response body. */
export const validToken = { token: "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", expiresOn: "2030-01-01T00:00:00.0000000+00:00" }

/** Answers with a success status the operation does not expect, in the order of {@link wrongStatusCalls}. */
export const wrongStatusReplies: ReadonlyArray<Wire.Response> = [
  // create needs 201
  Wire.json(200, { identity: { id: user.communicationUserId } }),
  Wire.json(200, { identity: { id: user.communicationUserId }, accessToken: validToken }),
  // delete / revoke need 204
  Wire.empty(200),
  Wire.json(200, {}),
  // issue / exchange / get need 200
  Wire.json(201, validToken),
  Wire.json(201, validToken),
  Wire.json(204, validToken)
]

const exchange = { teamsUserAadToken: "a.b.c", clientId: "app", userObjectId: "oid" }

/** The calls answered by {@link wrongStatusReplies}: [operation, status answered, status expected, call]. */
export const wrongStatusCalls: ReadonlyArray<readonly [string, number, number, Call]> = [
  ["createUser", 200, 201, ["createUser", []]],
  ["createUserAndToken", 200, 201, ["createUserAndToken", [["chat"]]]],
  ["deleteUser", 200, 204, ["deleteUser", [user]]],
  ["revokeTokens", 200, 204, ["revokeTokens", [user]]],
  ["getToken", 201, 200, ["getToken", [user, ["chat"]]]],
  ["getTokenForTeamsUser", 201, 200, ["getTokenForTeamsUser", [exchange]]],
  ["getToken", 204, 200, ["getToken", [user, ["chat"]]]]
]

/** An envelope with nested details and innererror, all kept. */
export const detailedEnvelope = {
  code: "ValidationError",
  message: "Several problems.",
  target: "body",
  details: [
    { code: "ValidationError", message: "ExpiresInMinutes value 59 is invalid.", target: "ExpiresInMinutes" },
    {
      code: "ValidationError",
      message: "Invalid scopes",
      target: "scopes",
      details: [{ code: "Nested", message: "deeper" }]
    }
  ],
  innererror: { code: "InnerCode", message: "inner", innererror: { code: "InnerInner", message: "innermost" } }
}

/** A token-shaped secret no decode message may show. */
export const secret = "eyJzZWNyZXQiOiJ2YWx1ZSJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJlLXZhbHVl"

/** Success bodies that do not decode: [name, reply, call, the path parts the message names]. */
export const undecodable: ReadonlyArray<readonly [string, Wire.Response, Call, ReadonlyArray<string>]> = [
  [
    "token missing",
    Wire.json(200, { expiresOn: "2030-01-01T00:00:00Z", tokn: secret }),
    ["getToken", [user, ["chat"]]],
    ["token"]
  ],
  ["token wrong-typed", Wire.json(200, { token: { value: secret }, expiresOn: "2030-01-01T00:00:00Z" }), ["getToken", [
    user,
    ["chat"]
  ]], ["token"]],
  ["expiresOn garbage", Wire.json(200, { token: secret, expiresOn: `not a date ${secret}` }), ["getToken", [user, [
    "chat"
  ]]], ["expiresOn"]],
  ["expiresOn missing", Wire.json(200, { token: secret }), ["getTokenForTeamsUser", [exchange]], ["expiresOn"]],
  ["identity.id wrong-typed", Wire.json(201, { identity: { id: 42, extra: secret } }), ["createUser", []], [
    "identity",
    "id"
  ]],
  ["accessToken missing", Wire.json(201, { identity: { id: "8:acs:x" } }), ["createUserAndToken", [["chat"]]], [
    "accessToken"
  ]],
  [
    "accessToken.token wrong-typed",
    Wire.json(201, {
      identity: { id: "8:acs:x" },
      accessToken: { token: [secret], expiresOn: "2030-01-01T00:00:00Z" }
    }),
    ["createUserAndToken", [["chat"]]],
    ["accessToken", "token"]
  ],
  ["body is a string", Wire.json(200, secret), ["getToken", [user, ["chat"]]], ["body"]],
  ["body is null", Wire.json(200, null), ["getToken", [user, ["chat"]]], ["body"]],
  ["empty 200 body", Wire.empty(200), ["getToken", [user, ["chat"]]], ["body"]],
  ["204 with a body", Wire.json(204, { token: secret }), ["revokeTokens", [user]], ["body"]]
]
