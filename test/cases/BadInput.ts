/**
 * The bad-input cases both Effect lines run (packages/core/test/BadInput.test.ts,
 * packages/effect4/core/test/BadInput.test.ts): each row is a call through the
 * client's public surface (or the options it is made with) and the
 * `InvalidInput` it must fail with — the exact `field` and a fragment of the
 * message — with no request on the wire.
 */
import { Buffer } from "node:buffer"
import type { Method } from "./Call.js"

/** The access key of the rows: its text must never show in an error. */
export const KEY = Buffer.from("bad-input-test-key-0123456789abcdef").toString("base64")
const ENDPOINT = "https://contoso.communication.azure.com/"
/** A valid connection string. */
export const connectionString = `endpoint=${ENDPOINT};accesskey=${KEY}`
/** A well-formed user id. */
export const user = {
  communicationUserId: "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001"
}

/** A row over an operation: its name, the call, the expected `field` and a fragment of the message. */
export type Row = readonly [name: string, method: Method, args: ReadonlyArray<unknown>, field: string, fragment: string]

/** A row over construction: its name, the options (besides a runner's), the expected `field` and fragment. */
export type MakeRow = readonly [
  name: string,
  options: Readonly<Record<string, unknown>>,
  field: string,
  fragment: string
]

const cs = "connectionString"
const endpoint = "connectionString endpoint"
const accesskey = "connectionString accesskey"

/** Bad connection strings: [name, input, field, fragment]. */
export const connectionStrings: ReadonlyArray<readonly [string, string, string, string]> = [
  ["empty", "", cs, "empty setting"],
  ["whitespace only", "   ", cs, "empty setting"],
  ["missing endpoint", `accesskey=${KEY}`, cs, "has no endpoint"],
  ["missing accesskey", `endpoint=${ENDPOINT}`, cs, "has no accesskey"],
  ["missing ';' between the parts", `endpoint=${ENDPOINT}accesskey=${KEY}`, cs, "has no accesskey"],
  ["empty endpoint", `endpoint=;accesskey=${KEY}`, cs, "empty endpoint"],
  ["empty accesskey", `endpoint=${ENDPOINT};accesskey=`, cs, "empty accesskey"],
  [
    "duplicate endpoint",
    `endpoint=${ENDPOINT};endpoint=${ENDPOINT};accesskey=${KEY}`,
    cs,
    "sets endpoint more than once"
  ],
  [
    "duplicate accesskey",
    `endpoint=${ENDPOINT};accesskey=${KEY};ACCESSKEY=${KEY}`,
    cs,
    "sets accesskey more than once"
  ],
  ["unknown setting", `endpoint=${ENDPOINT};accesskey=${KEY};SharedAccessKeyName=x`, cs, "unknown setting"],
  ["junk text", "hello world", cs, "not key=value"],
  ["junk separators", ";;;", cs, "empty setting"],
  ["junk '='", "=", cs, "unknown setting"],
  ["a bare key", KEY, cs, "unknown setting"],
  ["leading ';'", `;endpoint=${ENDPOINT};accesskey=${KEY}`, cs, "empty setting"],
  [
    "bad base64: a bad character",
    `endpoint=${ENDPOINT};accesskey=${KEY.slice(0, -4)}$$$$`,
    accesskey,
    "not valid base64"
  ],
  ["bad base64: cut short", `endpoint=${ENDPOINT};accesskey=${KEY.slice(0, -1)}`, accesskey, "not valid base64"],
  ["bad base64: url-safe alphabet", `endpoint=${ENDPOINT};accesskey=ab-_cd==`, accesskey, "not valid base64"],
  ["bad base64: non-canonical padding bits", `endpoint=${ENDPOINT};accesskey=px==`, accesskey, "not canonical base64"],
  [
    "bad base64: inner space",
    `endpoint=${ENDPOINT};accesskey=${KEY.slice(0, 8)} ${KEY.slice(8)}`,
    accesskey,
    "not valid base64"
  ],
  ["endpoint not a URL", `endpoint=contoso;accesskey=${KEY}`, endpoint, "not an absolute URL"],
  ["endpoint with a path", `endpoint=${ENDPOINT}identities;accesskey=${KEY}`, endpoint, "must not have a path"]
]

/** How many of {@link connectionStrings} are tried again as a `Redacted` connection string. */
export const redactedConnectionStrings = 6

/** Connection strings that are not strings. */
export const notStrings: ReadonlyArray<MakeRow> = [
  ["not a string", { connectionString: 42 }, cs, "must be a string"],
  ["undefined", { connectionString: undefined }, cs, "must be a string"]
]

/** Bad endpoints beside a key credential: [name, endpoint, fragment] (the field is `endpoint`). */
export const endpoints: ReadonlyArray<readonly [string, unknown, string]> = [
  ["ftp scheme", "ftp://contoso.communication.azure.com/", "must use http or https, not ftp"],
  ["ws scheme", "ws://contoso.communication.azure.com/", "must use http or https, not ws"],
  ["file scheme", "file:///etc/passwd", "must use http or https, not file"],
  ["javascript scheme", "javascript:alert(1)", "must use http or https, not javascript"],
  ["no scheme", "contoso.communication.azure.com", "not an absolute URL"],
  ["relative", "/identities", "not an absolute URL"],
  ["empty", "", "not an absolute URL"],
  ["a path", "https://contoso.communication.azure.com/identities", "must not have a path, query or fragment"],
  ["a nested path", "https://contoso.communication.azure.com/a/b/", "must not have a path, query or fragment"],
  [
    "a query",
    "https://contoso.communication.azure.com/?api-version=2023-10-01",
    "must not have a path, query or fragment"
  ],
  ["an empty query", "https://contoso.communication.azure.com/?", "must not have a path, query or fragment"],
  ["a fragment", "https://contoso.communication.azure.com/#x", "must not have a path, query or fragment"],
  ["credentials in the URL", "https://user:secret@contoso.communication.azure.com/", "must not contain credentials"],
  ["a user name in the URL", "https://user@contoso.communication.azure.com/", "must not contain credentials"],
  ["a trailing dot", "https://contoso.communication.azure.com./", "trailing dot"],
  ["a lone dot host", "https://./", "trailing dot"],
  ["an IPv6 literal without brackets", "https://::1/", "not an absolute URL"],
  ["an unclosed IPv6 literal", "https://[::1/", "not an absolute URL"],
  ["an IPv6 literal with a zone id", "https://[fe80::1%25eth0]/", "not an absolute URL"],
  ["an invalid IPv6 literal", "https://[gggg::1]/", "not an absolute URL"],
  ["a bad port", "https://contoso.communication.azure.com:99999/", "not an absolute URL"]
]

/** An endpoint that is neither a string nor a URL. */
export const notAnEndpoint: readonly [string, unknown, string] = ["not a string or URL", 7, "must be a string or a URL"]

/** Well-formed IPv6 literals are endpoints like any other (the emulator listens on [::1]): input → origin. */
export const ipv6Endpoints: ReadonlyArray<readonly [string, string]> = [
  ["http://[::1]:8080", "http://[::1]:8080/"],
  ["https://[2001:db8::1]/", "https://[2001:db8::1]/"]
]

/** Bad scopes. */
export const scopes: ReadonlyArray<Row> = [
  ["getToken: empty", "getToken", [user, []], "scopes", "non-empty array"],
  ["getToken: not an array", "getToken", [user, "chat"], "scopes", "non-empty array"],
  ["getToken: unknown", "getToken", [user, ["chat", "admin"]], "scopes", "unknown scope \"admin\""],
  ["getToken: wrong case", "getToken", [user, ["Chat"]], "scopes", "unknown scope \"Chat\""],
  ["getToken: not a string", "getToken", [user, [1]], "scopes", "unknown scope 1"],
  ["getToken: empty string", "getToken", [user, [""]], "scopes", "unknown scope \"\""],
  ["getToken: duplicates", "getToken", [user, ["chat", "voip", "chat"]], "scopes", "scope chat is given twice"],
  ["createUserAndToken: empty", "createUserAndToken", [[]], "scopes", "non-empty array"],
  ["createUserAndToken: unknown", "createUserAndToken", [["video"]], "scopes", "unknown scope \"video\""],
  ["createUserAndToken: duplicates", "createUserAndToken", [["voip", "voip"]], "scopes", "scope voip is given twice"]
]

/** Scopes the client's api-version (2022-10-01) does not have. */
export const joinScopesOn20221001: ReadonlyArray<Row> = [
  ["join scopes on 2022-10-01", "getToken", [user, ["chat.join"]], "scopes", "scope chat.join needs api-version"]
]

const minutes: ReadonlyArray<readonly [string, unknown, string]> = [
  ["59", 59, "got 59"],
  ["1441", 1441, "got 1441"],
  ["60.5", 60.5, "got 60.5"],
  ["NaN", NaN, "got NaN"],
  ["Infinity", Infinity, "got Infinity"],
  ["0", 0, "got 0"],
  ["-60", -60, "got -60"],
  ["the string \"60\"", "60", "got 60"],
  ["the string \"sixty\"", "sixty", "got sixty"],
  ["null", null, "got null"]
]

/** Bad `expiresInMinutes`, on both operations that take it. */
export const expiresInMinutes: ReadonlyArray<Row> = [
  ...minutes.flatMap(([name, value, fragment]): ReadonlyArray<Row> => [
    [`getToken: ${name}`, "getToken", [user, ["chat"], { expiresInMinutes: value }], "expiresInMinutes", fragment],
    [
      `createUserAndToken: ${name}`,
      "createUserAndToken",
      [["chat"], { expiresInMinutes: value }],
      "expiresInMinutes",
      fragment
    ]
  ]),
  [
    "the message names the allowed range",
    "getToken",
    [user, ["chat"], { expiresInMinutes: 59 }],
    "expiresInMinutes",
    "an integer from 60 to 1440"
  ]
]

const userField = "user.communicationUserId"
const printable = "1 to 1024 printable ASCII characters without spaces"
const ids: ReadonlyArray<readonly [string, unknown, string]> = [
  ["empty", "", printable],
  ["a space", " ", printable],
  ["whitespace around", " 8:acs:abc ", printable],
  ["a space inside", "8:acs:a b", printable],
  ["a tab", "8:acs:a\tb", printable],
  ["a newline", "8:acs:a\nb", printable],
  ["very long (1025)", `8:acs:${"a".repeat(1019)}`, printable],
  ["very long (100,000)", "x".repeat(100_000), printable],
  ["unicode letters", "8:acs:ü", printable],
  ["unicode emoji", "8:acs:😀", printable],
  ["a zero-width space", "8:acs:a\u200bb", printable],
  ["a NUL", "8:acs:a\u0000b", printable],
  ["not a string", 42, printable],
  [".", ".", "must not be a dot segment"],
  ["..", "..", "must not be a dot segment"]
]

/** Bad user ids, on every operation that takes a user. */
export const userIds: ReadonlyArray<Row> = [
  ...ids.flatMap(([name, id, fragment]): ReadonlyArray<Row> => {
    const u = { communicationUserId: id }
    return [
      [`getToken: ${name}`, "getToken", [u, ["chat"]], userField, fragment],
      [`revokeTokens: ${name}`, "revokeTokens", [u], userField, fragment],
      [`deleteUser: ${name}`, "deleteUser", [u], userField, fragment]
    ]
  }),
  ["no user at all", "getToken", [undefined, ["chat"]], userField, printable],
  ["a user without an id", "deleteUser", [{}], userField, printable]
]

/** Bad user ids for `getUser` (on 2025-03-02-preview). */
export const getUserIds: ReadonlyArray<Row> = ids.slice(0, 4).map(([name, id, fragment]): Row => [
  `getUser: ${name}`,
  "getUser",
  [{ communicationUserId: id }],
  userField,
  fragment
])

/** The longest valid user id: exactly 1024 printable characters. */
export const longestUserId = `8:acs:${"a".repeat(1018)}`

/** An id of another resource: only the service can tell. */
export const foreignUser = {
  communicationUserId: "8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081"
}

/** Features the client's api-version (its default, 2023-10-01) does not have. */
export const featuresOnDefault: ReadonlyArray<Row> = [
  ["customId on 2023-10-01", "createUser", [{ customId: "alice" }], "customId", "customId needs api-version"],
  ["getUser on 2023-10-01", "getUser", [user], "apiVersion", "getUser needs api-version"]
]

/** Bad `customId`s (on 2025-03-02-preview). */
export const customIds: ReadonlyArray<Row> = [
  ["customId empty", "createUser", [{ customId: "" }], "customId", "1 to 256 characters"],
  [
    "customId too long",
    "createUserAndToken",
    [["chat"], { customId: "x".repeat(257) }],
    "customId",
    "1 to 256 characters"
  ],
  ["customId not a string", "createUser", [{ customId: 7 }], "customId", "1 to 256 characters"]
]

/** A well-formed Teams exchange. */
export const teams = { teamsUserAadToken: "eyJ0.eyJ0.c2ln", clientId: "app", userObjectId: "oid" }

/** Bad Teams exchanges (a runner adds its line's empty `Redacted` token). */
export const teamsExchanges: ReadonlyArray<Row> = [
  [
    "Teams: empty token",
    "getTokenForTeamsUser",
    [{ ...teams, teamsUserAadToken: "" }],
    "teamsUserAadToken",
    "is empty"
  ],
  ["Teams: empty clientId", "getTokenForTeamsUser", [{ ...teams, clientId: "" }], "clientId", "printable ASCII"],
  [
    "Teams: userObjectId with a space",
    "getTokenForTeamsUser",
    [{ ...teams, userObjectId: "a b" }],
    "userObjectId",
    "printable ASCII"
  ]
]

/** An api-version the client does not know. */
export const unknownApiVersion: MakeRow = [
  "unknown apiVersion",
  { connectionString, apiVersion: "2020-01-01" },
  "apiVersion",
  "apiVersion must be one of"
]
