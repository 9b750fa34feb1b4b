import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import { assert, describe, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestEmulator from "../../test/emulator.js"

/** A user of another resource: the service answers 401 `IdentityNotOwned`. */
const foreignId = "8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081"

const client = Layer.unwrap(
  Effect.map(TestEmulator.connectionString, (connectionString) => Client.layer({ connectionString }))
).pipe(Layer.provide([TestEmulator.httpClient, NodeCrypto.layer]))

const failure = <A>(effect: Effect.Effect<A, IdentityError>) => Effect.flip(effect)

// the emulator keeps real time (signatures carry the date), so these run on the live clock
layer(Layer.provideMerge(client, TestEmulator.layer()), { excludeTestServices: true })("CommunicationIdentityClient (Effect 4) against the emulator", (it) => {
  it.effect("runs the whole lifecycle: create with a token, issue, revoke, delete", () =>
    Effect.gen(function*() {
      const identity = yield* Client.CommunicationIdentityClient
      const emulator = yield* TestEmulator.TestEmulator
      const created = yield* identity.createUserAndToken(["chat"], { expiresInMinutes: 60 })
      assert.match(created.user.communicationUserId, /^8:acs:/)
      assert.strictEqual(yield* Effect.promise(() => emulator.tokenStatus(Redacted.value(created.token))), "active")
      const issued = yield* identity.getToken(created.user, ["voip"])
      assert.instanceOf(issued.expiresOn, Date)
      yield* identity.revokeTokens(created.user)
      assert.strictEqual(yield* Effect.promise(() => emulator.tokenStatus(Redacted.value(issued.token))), "revoked")
      yield* identity.deleteUser(created.user)
      const gone = yield* failure(identity.getToken(created.user, ["chat"]))
      assert.strictEqual(gone._tag, "ServiceError")
      assert.strictEqual(gone._tag === "ServiceError" ? gone.status : 0, 404)
    }))

  it.effect("a user of another resource is the service's 401, as a typed ServiceError with its code", () =>
    Effect.gen(function*() {
      const identity = yield* Client.CommunicationIdentityClient
      const error = yield* failure(identity.getToken({ communicationUserId: foreignId }, ["chat"]))
      assert(error._tag === "ServiceError")
      assert.strictEqual(error.status, 401)
      assert.strictEqual(error.code, "IdentityNotOwned")
      assert.match(error.requestId, /^[0-9a-f-]{36}$/)
    }))

  it.effect("bad input is an InvalidInput and nothing is sent", () =>
    Effect.gen(function*() {
      const identity = yield* Client.CommunicationIdentityClient
      const emulator = yield* TestEmulator.TestEmulator
      const before = yield* Effect.promise(() => emulator.stats())
      const expiry = yield* failure(identity.createUserAndToken(["chat"], { expiresInMinutes: 59 }))
      const scopes = yield* failure(identity.getToken({ communicationUserId: foreignId }, []))
      assert.deepStrictEqual([expiry._tag, scopes._tag], ["InvalidInput", "InvalidInput"])
      const after = yield* Effect.promise(() => emulator.stats())
      assert.deepStrictEqual(after.requests, before.requests)
    }))
})

describe("CommunicationIdentityClient (Effect 4) construction", () => {
  it.effect("a malformed connection string fails the layer with an InvalidInput naming it, without the key", () =>
    Effect.gen(function*() {
      const error = yield* Layer.build(Client.layer({ connectionString: "endpoint=https://x/;accesskey=" })).pipe(
        Effect.scoped,
        Effect.flip,
        Effect.provide([TestEmulator.httpClient, NodeCrypto.layer]),
        Effect.provide(TestEmulator.layer())
      )
      assert.strictEqual(error._tag, "InvalidInput")
    }))
})
