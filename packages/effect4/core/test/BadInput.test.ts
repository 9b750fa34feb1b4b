/**
 * Bad input, table-driven, through the client's public surface: every row
 * expects an `InvalidInput` with the exact `field` and a clear message
 * fragment, and no request on the wire. Ids of another resource can only be
 * told apart by the service: that row runs against the in-process emulator
 * and expects its 401 `IdentityNotOwned`.
 *
 * The Effect 3 line's `BadInput.test.ts` on Effect 4, row for row.
 */
import * as Auth from "@effect-acs/identity-effect4/Auth"
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import { InvalidInput } from "@effect-acs/identity-effect4/IdentityError"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import type { TokenScope } from "@effect-acs/identity-effect4/Models"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { inspect } from "node:util"
import * as TestEmulator from "../../test/emulator.js"
import * as Scripted from "./utils/scripted.js"

const KEY = Buffer.from("bad-input-test-key-0123456789abcdef").toString("base64")
const ENDPOINT = "https://contoso.communication.azure.com/"
const connectionString = `endpoint=${ENDPOINT};accesskey=${KEY}`
const user = { communicationUserId: "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001" }

type Service = Client.CommunicationIdentityClient.Service
type Options = Client.CommunicationIdentityClient.Options

/** A row: what to run, the expected `field`, a fragment of the message. */
type Row = readonly [name: string, run: (client: Service) => Effect.Effect<unknown, IdentityError>, field: string, fragment: string]

/** Checks a failure: an `InvalidInput` with `field` and `fragment`, rendered without the key. */
const expectInvalid = (error: IdentityError, field: string, fragment: string) => {
  assert.instanceOf(error, InvalidInput, `expected InvalidInput, got ${error._tag}: ${error.message}`)
  const invalid = error as InvalidInput
  assert.strictEqual(invalid.field, field)
  assert.include(invalid.message, fragment)
  for (const text of [invalid.message, String(invalid), JSON.stringify(invalid), inspect(invalid, { depth: 5 })]) {
    assert.notInclude(text, KEY.slice(0, 12))
  }
}

/** Builds a client over a scripted transport that must never be called. */
const build = (options: Options) =>
  Effect.gen(function*() {
    const server = Scripted.make([])
    const client = yield* Client.make(options).pipe(Effect.provide(Layer.merge(server.layer, NodeCrypto.layer)))
    return { client, server }
  })

/** Rows over an operation: the client is valid, the arguments are not. */
const runRows = (rows: ReadonlyArray<Row>, options: Options = { connectionString }) => {
  for (const [name, run, field, fragment] of rows) {
    it.effect(name, () =>
      Effect.gen(function*() {
        const { client, server } = yield* build(options)
        expectInvalid(yield* Effect.flip(run(client)), field, fragment)
        assert.strictEqual(server.requests.length, 0, "nothing may be sent")
      }))
  }
}

/** Rows over construction: `Client.make` itself fails. */
const makeRows = (rows: ReadonlyArray<readonly [name: string, options: Options, field: string, fragment: string]>) => {
  for (const [name, options, field, fragment] of rows) {
    it.effect(name, () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(build(options))
        expectInvalid(error, field, fragment)
      }))
  }
}

describe("bad input: connection strings", () => {
  const cs = "connectionString"
  const endpoint = "connectionString endpoint"
  const accesskey = "connectionString accesskey"
  const variants: ReadonlyArray<readonly [string, string, string, string]> = [
    ["empty", "", cs, "empty setting"],
    ["whitespace only", "   ", cs, "empty setting"],
    ["missing endpoint", `accesskey=${KEY}`, cs, "has no endpoint"],
    ["missing accesskey", `endpoint=${ENDPOINT}`, cs, "has no accesskey"],
    ["missing ';' between the parts", `endpoint=${ENDPOINT}accesskey=${KEY}`, cs, "has no accesskey"],
    ["empty endpoint", `endpoint=;accesskey=${KEY}`, cs, "empty endpoint"],
    ["empty accesskey", `endpoint=${ENDPOINT};accesskey=`, cs, "empty accesskey"],
    ["duplicate endpoint", `endpoint=${ENDPOINT};endpoint=${ENDPOINT};accesskey=${KEY}`, cs, "sets endpoint more than once"],
    ["duplicate accesskey", `endpoint=${ENDPOINT};accesskey=${KEY};ACCESSKEY=${KEY}`, cs, "sets accesskey more than once"],
    ["unknown setting", `endpoint=${ENDPOINT};accesskey=${KEY};SharedAccessKeyName=x`, cs, "unknown setting"],
    ["junk text", "hello world", cs, "not key=value"],
    ["junk separators", ";;;", cs, "empty setting"],
    ["junk '='", "=", cs, "unknown setting"],
    ["a bare key", KEY, cs, "unknown setting"],
    ["leading ';'", `;endpoint=${ENDPOINT};accesskey=${KEY}`, cs, "empty setting"],
    ["bad base64: a bad character", `endpoint=${ENDPOINT};accesskey=${KEY.slice(0, -4)}$$$$`, accesskey, "not valid base64"],
    ["bad base64: cut short", `endpoint=${ENDPOINT};accesskey=${KEY.slice(0, -1)}`, accesskey, "not valid base64"],
    ["bad base64: url-safe alphabet", `endpoint=${ENDPOINT};accesskey=ab-_cd==`, accesskey, "not valid base64"],
    ["bad base64: non-canonical padding bits", `endpoint=${ENDPOINT};accesskey=px==`, accesskey, "not canonical base64"],
    ["bad base64: inner space", `endpoint=${ENDPOINT};accesskey=${KEY.slice(0, 8)} ${KEY.slice(8)}`, accesskey, "not valid base64"],
    ["endpoint not a URL", `endpoint=contoso;accesskey=${KEY}`, endpoint, "not an absolute URL"],
    ["endpoint with a path", `endpoint=${ENDPOINT}identities;accesskey=${KEY}`, endpoint, "must not have a path"]
  ]
  makeRows(variants.map(([name, input, field, fragment]) => [name, { connectionString: input }, field, fragment] as const))
  makeRows(variants.slice(0, 6).map(([name, input, field, fragment]) =>
    [`${name} (Redacted)`, { connectionString: Redacted.make(input) }, field, fragment] as const
  ))
  makeRows([
    ["not a string", { connectionString: 42 as unknown as string }, cs, "must be a string"],
    ["undefined", { connectionString: undefined as unknown as string }, cs, "must be a string"]
  ])
})

describe("bad input: endpoints", () => {
  const credential = Auth.keyCredential(KEY)
  const rows: ReadonlyArray<readonly [string, string, string]> = [
    ["ftp scheme", "ftp://contoso.communication.azure.com/", "must use http or https, not ftp"],
    ["ws scheme", "ws://contoso.communication.azure.com/", "must use http or https, not ws"],
    ["file scheme", "file:///etc/passwd", "must use http or https, not file"],
    ["javascript scheme", "javascript:alert(1)", "must use http or https, not javascript"],
    ["no scheme", "contoso.communication.azure.com", "not an absolute URL"],
    ["relative", "/identities", "not an absolute URL"],
    ["empty", "", "not an absolute URL"],
    ["a path", "https://contoso.communication.azure.com/identities", "must not have a path, query or fragment"],
    ["a nested path", "https://contoso.communication.azure.com/a/b/", "must not have a path, query or fragment"],
    ["a query", "https://contoso.communication.azure.com/?api-version=2023-10-01", "must not have a path, query or fragment"],
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
  makeRows(rows.map(([name, endpoint, fragment]) => [name, { endpoint, credential }, "endpoint", fragment] as const))
  makeRows([["not a string or URL", { endpoint: 7 as unknown as string, credential }, "endpoint", "must be a string or a URL"]])

  // well-formed IPv6 literals are endpoints like any other (the emulator listens on [::1])
  for (const [input, expected] of [["http://[::1]:8080", "http://[::1]:8080/"], ["https://[2001:db8::1]/", "https://[2001:db8::1]/"]] as const) {
    it.effect(`accepted: ${input}`, () =>
      Effect.gen(function*() {
        const server = Scripted.make([Scripted.empty(204)])
        const client = yield* Client.make({ endpoint: input, credential }).pipe(
          Effect.provide(Layer.merge(server.layer, NodeCrypto.layer))
        )
        yield* client.revokeTokens(user)
        assert.strictEqual(server.last().url.origin + "/", expected)
      }))
  }
})

describe("bad input: scopes", () => {
  const scopes = (value: unknown) => value as ReadonlyArray<TokenScope>
  runRows([
    ["getToken: empty", (c) => c.getToken(user, []), "scopes", "non-empty array"],
    ["getToken: not an array", (c) => c.getToken(user, scopes("chat")), "scopes", "non-empty array"],
    ["getToken: unknown", (c) => c.getToken(user, scopes(["chat", "admin"])), "scopes", "unknown scope \"admin\""],
    ["getToken: wrong case", (c) => c.getToken(user, scopes(["Chat"])), "scopes", "unknown scope \"Chat\""],
    ["getToken: not a string", (c) => c.getToken(user, scopes([1])), "scopes", "unknown scope 1"],
    ["getToken: empty string", (c) => c.getToken(user, scopes([""])), "scopes", "unknown scope \"\""],
    ["getToken: duplicates", (c) => c.getToken(user, ["chat", "voip", "chat"]), "scopes", "scope chat is given twice"],
    ["createUserAndToken: empty", (c) => c.createUserAndToken([]), "scopes", "non-empty array"],
    ["createUserAndToken: unknown", (c) => c.createUserAndToken(scopes(["video"])), "scopes", "unknown scope \"video\""],
    ["createUserAndToken: duplicates", (c) => c.createUserAndToken(["voip", "voip"]), "scopes", "scope voip is given twice"]
  ])
  runRows([
    ["join scopes on 2022-10-01", (c) => c.getToken(user, ["chat.join"]), "scopes", "scope chat.join needs api-version"]
  ], { connectionString, apiVersion: "2022-10-01" })
})

describe("bad input: expiresInMinutes", () => {
  const minutes = (value: unknown) => ({ expiresInMinutes: value as number })
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
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
  runRows(cases.flatMap(([name, value, fragment]): ReadonlyArray<Row> => [
    [`getToken: ${name}`, (c) => c.getToken(user, ["chat"], minutes(value)), "expiresInMinutes", fragment],
    [`createUserAndToken: ${name}`, (c) => c.createUserAndToken(["chat"], minutes(value)), "expiresInMinutes", fragment]
  ]))
  runRows([["the message names the allowed range", (c) => c.getToken(user, ["chat"], minutes(59)), "expiresInMinutes", "an integer from 60 to 1440"]])
})

describe("bad input: user ids", () => {
  const field = "user.communicationUserId"
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
  const rows = ids.flatMap(([name, id, fragment]): ReadonlyArray<Row> => {
    const u = { communicationUserId: id as string }
    return [
      [`getToken: ${name}`, (c) => c.getToken(u, ["chat"]), field, fragment],
      [`revokeTokens: ${name}`, (c) => c.revokeTokens(u), field, fragment],
      [`deleteUser: ${name}`, (c) => c.deleteUser(u), field, fragment]
    ]
  })
  runRows([
    ...rows,
    ["no user at all", (c) => c.getToken(undefined as unknown as Client.CommunicationUser, ["chat"]), field, printable],
    ["a user without an id", (c) => c.deleteUser({} as Client.CommunicationUser), field, printable]
  ])
  runRows(
    ids.slice(0, 4).map(([name, id, fragment]): Row => [`getUser: ${name}`, (c) => c.getUser({ communicationUserId: id as string }), field, fragment]),
    { connectionString, apiVersion: "2025-03-02-preview" }
  )
  it.effect("exactly 1024 printable characters is accepted", () =>
    Effect.gen(function*() {
      const server = Scripted.make([Scripted.empty(204)])
      const client = yield* Client.make({ connectionString }).pipe(Effect.provide(Layer.merge(server.layer, NodeCrypto.layer)))
      yield* client.revokeTokens({ communicationUserId: `8:acs:${"a".repeat(1018)}` })
      assert.strictEqual(server.requests.length, 1)
    }))

  // the emulator keeps real time (signatures carry the date): a live test
  it.live("another resource's id: the service's 401 IdentityNotOwned, as a typed ServiceError", () =>
    Effect.gen(function*() {
      const client = yield* Client.make({ connectionString: yield* TestEmulator.connectionString, retry: { maxRetries: 0 } })
      const foreign = { communicationUserId: "8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081" }
      const runs: ReadonlyArray<Effect.Effect<unknown, IdentityError>> = [
        client.getToken(foreign, ["chat"]),
        client.revokeTokens(foreign),
        client.deleteUser(foreign)
      ]
      for (const run of runs) {
        const error = yield* Effect.flip(run)
        assert.strictEqual(error._tag, "ServiceError")
        if (error._tag !== "ServiceError") return
        assert.strictEqual(error.status, 401)
        assert.strictEqual(error.code, "IdentityNotOwned")
        assert.strictEqual(error.message, "Provided identity doesn't belong to the resource.")
      }
      // an id of this resource that does not exist is 404, not 401
      const resourceId = /^8:acs:([^_]+)_/.exec((yield* client.createUser()).communicationUserId)![1]
      const missing = yield* Effect.flip(client.getToken({ communicationUserId: `8:acs:${resourceId}_00000000-0000-0000-0000-000000000000` }, ["chat"]))
      assert.strictEqual(missing._tag === "ServiceError" && missing.status, 404)
    }).pipe(Effect.provide(Layer.mergeAll(TestEmulator.httpClient, NodeCrypto.layer).pipe(Layer.provideMerge(TestEmulator.layer())))))
})

describe("bad input: other options", () => {
  runRows([
    ["customId on 2023-10-01", (c) => c.createUser({ customId: "alice" }), "customId", "customId needs api-version"],
    ["getUser on 2023-10-01", (c) => c.getUser(user), "apiVersion", "getUser needs api-version"]
  ])
  runRows([
    ["customId empty", (c) => c.createUser({ customId: "" }), "customId", "1 to 256 characters"],
    ["customId too long", (c) => c.createUserAndToken(["chat"], { customId: "x".repeat(257) }), "customId", "1 to 256 characters"],
    ["customId not a string", (c) => c.createUser({ customId: 7 as unknown as string }), "customId", "1 to 256 characters"]
  ], { connectionString, apiVersion: "2025-03-02-preview" })
  const teams = { teamsUserAadToken: "eyJ0.eyJ0.c2ln", clientId: "app", userObjectId: "oid" }
  runRows([
    ["Teams: empty token", (c) => c.getTokenForTeamsUser({ ...teams, teamsUserAadToken: "" }), "teamsUserAadToken", "is empty"],
    ["Teams: empty Redacted token", (c) => c.getTokenForTeamsUser({ ...teams, teamsUserAadToken: Redacted.make("") }), "teamsUserAadToken", "is empty"],
    ["Teams: empty clientId", (c) => c.getTokenForTeamsUser({ ...teams, clientId: "" }), "clientId", "printable ASCII"],
    ["Teams: userObjectId with a space", (c) => c.getTokenForTeamsUser({ ...teams, userObjectId: "a b" }), "userObjectId", "printable ASCII"]
  ])
  makeRows([
    ["unknown apiVersion", { connectionString, apiVersion: "2020-01-01" as Options["apiVersion"] & string }, "apiVersion", "apiVersion must be one of"]
  ])
})
