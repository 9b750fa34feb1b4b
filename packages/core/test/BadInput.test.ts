/**
 * Bad input, table-driven (test/cases/BadInput.ts, shared with the other
 * Effect line's suite), through the client's public surface: every row
 * expects an `InvalidInput` with the exact `field` and a clear message
 * fragment, and no request on the wire. Ids of another resource can only be
 * told apart by the service: that row runs against the in-process emulator
 * and expects its 401 `IdentityNotOwned`.
 */
import * as Auth from "@effect-acs/identity/Auth"
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import { InvalidInput } from "@effect-acs/identity/IdentityError"
import type { IdentityError } from "@effect-acs/identity/IdentityError"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorHttpClient from "@effect-acs/identity-emulator/EmulatorHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { inspect } from "node:util"
import * as Cases from "../../../test/cases/BadInput.js"
import * as Scripted from "./utils/scripted.js"

type Service = Client.CommunicationIdentityClient.Service
type Options = Client.CommunicationIdentityClient.Options

/** A runnable row: what to run, the expected `field`, a fragment of the message. */
type Row = readonly [
  name: string,
  run: (client: Service) => Effect.Effect<unknown, IdentityError>,
  field: string,
  fragment: string
]

/** A shared row as a runnable one: the named method called with the row's arguments. */
const runnable = ([name, method, args, field, fragment]: Cases.Row): Row => [
  name,
  (client) => (client[method] as (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, IdentityError>)(...args),
  field,
  fragment
]

/** Checks a failure: an `InvalidInput` with `field` and `fragment`, rendered without the key. */
const expectInvalid = (error: IdentityError, field: string, fragment: string) => {
  assert.instanceOf(error, InvalidInput, `expected InvalidInput, got ${error._tag}: ${error.message}`)
  const invalid = error as InvalidInput
  assert.strictEqual(invalid.field, field)
  assert.include(invalid.message, fragment)
  for (const text of [invalid.message, String(invalid), JSON.stringify(invalid), inspect(invalid, { depth: 5 })]) {
    assert.notInclude(text, Cases.KEY.slice(0, 12))
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
const runRows = (
  rows: ReadonlyArray<Cases.Row | Row>,
  options: Options = { connectionString: Cases.connectionString }
) => {
  for (const row of rows) {
    const [name, run, field, fragment] = row.length === 5 ? runnable(row) : row
    it.effect(name, () =>
      Effect.gen(function*() {
        const { client, server } = yield* build(options)
        expectInvalid(yield* Effect.flip(run(client)), field, fragment)
        assert.strictEqual(server.requests.length, 0, "nothing may be sent")
      }))
  }
}

/** Rows over construction: `Client.make` itself fails. */
const makeRows = (rows: ReadonlyArray<Cases.MakeRow>) => {
  for (const [name, options, field, fragment] of rows) {
    it.effect(name, () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(build(options as Options))
        expectInvalid(error, field, fragment)
      }))
  }
}

describe("bad input: connection strings", () => {
  makeRows(
    Cases.connectionStrings.map(([name, input, field, fragment]) =>
      [name, { connectionString: input }, field, fragment] as const
    )
  )
  makeRows(
    Cases.connectionStrings.slice(0, Cases.redactedConnectionStrings).map(([name, input, field, fragment]) =>
      [`${name} (Redacted)`, { connectionString: Redacted.make(input) }, field, fragment] as const
    )
  )
  makeRows(Cases.notStrings)
})

describe("bad input: endpoints", () => {
  const credential = Auth.keyCredential(Cases.KEY)
  makeRows(
    [...Cases.endpoints, Cases.notAnEndpoint].map(([name, endpoint, fragment]) =>
      [name, { endpoint, credential }, "endpoint", fragment] as const
    )
  )

  for (const [input, expected] of Cases.ipv6Endpoints) {
    it.effect(`accepted: ${input}`, () =>
      Effect.gen(function*() {
        const server = Scripted.make([Scripted.empty(204)])
        const client = yield* Client.make({ endpoint: input, credential }).pipe(
          Effect.provide(Layer.merge(server.layer, NodeCrypto.layer))
        )
        yield* client.revokeTokens(Cases.user)
        assert.strictEqual(server.last().url.origin + "/", expected)
      }))
  }
})

describe("bad input: scopes", () => {
  runRows(Cases.scopes)
  runRows(Cases.joinScopesOn20221001, { connectionString: Cases.connectionString, apiVersion: "2022-10-01" })
})

describe("bad input: expiresInMinutes", () => {
  runRows(Cases.expiresInMinutes)
})

describe("bad input: user ids", () => {
  runRows(Cases.userIds)
  runRows(Cases.getUserIds, { connectionString: Cases.connectionString, apiVersion: "2025-03-02-preview" })
  it.effect("exactly 1024 printable characters is accepted", () =>
    Effect.gen(function*() {
      const server = Scripted.make([Scripted.empty(204)])
      const client = yield* Client.make({ connectionString: Cases.connectionString }).pipe(
        Effect.provide(Layer.merge(server.layer, NodeCrypto.layer))
      )
      yield* client.revokeTokens({ communicationUserId: Cases.longestUserId })
      assert.strictEqual(server.requests.length, 1)
    }))

  it.effect("another resource's id: the service's 401 IdentityNotOwned, as a typed ServiceError", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const client = yield* Client.make({
        connectionString: emulator.connectionString(EmulatorHttpClient.endpoint),
        retry: { maxRetries: 0 }
      })
      const foreign = Cases.foreignUser
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
      const missing = yield* Effect.flip(
        client.getToken({ communicationUserId: `8:acs:${emulator.resourceId}_00000000-0000-0000-0000-000000000000` }, [
          "chat"
        ])
      )
      assert.strictEqual(missing._tag === "ServiceError" && missing.status, 404)
    }).pipe(
      Effect.provide(
        EmulatorHttpClient.layer.pipe(Layer.provideMerge(Emulator.layer()), Layer.provideMerge(NodeCrypto.layer))
      )
    ))
})

describe("bad input: other options", () => {
  runRows(Cases.featuresOnDefault)
  runRows(Cases.customIds, { connectionString: Cases.connectionString, apiVersion: "2025-03-02-preview" })
  const [emptyToken, ...teams] = Cases.teamsExchanges
  runRows([
    emptyToken!,
    [
      "Teams: empty Redacted token",
      (c) => c.getTokenForTeamsUser({ ...Cases.teams, teamsUserAadToken: Redacted.make("") }),
      "teamsUserAadToken",
      "is empty"
    ],
    ...teams
  ])
  makeRows([Cases.unknownApiVersion])
})
