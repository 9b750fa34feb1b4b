/**
 * The root suite's newest service features (test/features/Preview.test.ts) on
 * the Effect 4 client, against a fresh in-process emulator on the TestClock:
 * `customId` (idempotent, also under concurrent creates), `getUser`, the
 * Teams Phone extension exchange, and their api-version gates.
 */
import * as ApiVersion from "@effect-acs/identity-effect4/ApiVersion"
import * as TokenParser from "@effect-acs/identity-effect4/TokenParser"
import type * as EmulatorRuntime from "@effect-acs/identity-emulator/EmulatorRuntime"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as TestClock from "effect/testing/TestClock"
import { entraToken } from "../../../../test/interop/cases.js"
import * as Clocked from "../clocked.js"

const resourceId = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"

/** A fresh emulator on the TestClock and the client for `apiVersion`. */
const setup = (apiVersion: ApiVersion.ApiVersion) =>
  Effect.gen(function*() {
    const emulator = yield* Clocked.emulator({ resourceId })
    const identity = yield* Effect.orDie(Clocked.client(emulator, { apiVersion }))
    return { emulator, identity }
  })

const requestCount = (emulator: EmulatorRuntime.Running) =>
  Effect.promise(() => emulator.stats().then((stats) => Object.values(stats.requests).reduce((a, b) => a + b, 0)))

/** `[tag, field]` of an error, to compare in one assertion. */
const tagAndField = (error: { readonly _tag: string }) => [error._tag, "field" in error ? error.field : undefined]

const tenantId = "11111111-2222-3333-4444-555555555555"
const objectId = "66666666-7777-8888-9999-000000000000"

describe("customId and getUser (2025-03-02-preview), Effect 4", () => {
  it.effect("the same customId returns the same user; createUserAndToken too", () =>
    Effect.gen(function*() {
      const { emulator, identity } = yield* setup("2025-03-02-preview")
      const first = yield* identity.createUser({ customId: "alice@contoso" })
      const again = yield* identity.createUser({ customId: "alice@contoso" })
      const withToken = yield* identity.createUserAndToken(["chat"], { customId: "alice@contoso" })
      const other = yield* identity.createUser({ customId: "bob@contoso" })
      assert.strictEqual(again.communicationUserId, first.communicationUserId)
      assert.strictEqual(withToken.user.communicationUserId, first.communicationUserId)
      assert.notStrictEqual(other.communicationUserId, first.communicationUserId)
      assert.strictEqual((yield* Effect.promise(() => emulator.stats())).identitiesCreated, 2)
    }))

  it.effect("20 concurrent creates with one customId make one user", () =>
    Effect.gen(function*() {
      const { emulator, identity } = yield* setup("2025-03-02-preview")
      const users = yield* Effect.all(
        Array.from({ length: 20 }, () => identity.createUser({ customId: "concurrent" })),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(new Set(users.map((u) => u.communicationUserId)).size, 1)
      assert.strictEqual((yield* Effect.promise(() => emulator.stats())).identitiesCreated, 1)
    }))

  it.effect("getUser returns customId and, once a token was issued, lastTokenIssuedAt", () =>
    Effect.gen(function*() {
      yield* TestClock.adjust("1000 days")
      const { identity } = yield* setup("2025-03-02-preview")
      const user = yield* identity.createUser({ customId: "carol" })
      const before = yield* identity.getUser(user)
      assert.deepStrictEqual(before, { user, customId: "carol" })
      yield* TestClock.adjust("90 seconds")
      yield* identity.getToken(user, ["voip"])
      const after = yield* identity.getUser(user)
      assert.strictEqual(after.customId, "carol")
      assert.strictEqual(after.lastTokenIssuedAt?.getTime(), (1000 * 86_400 + 90) * 1000)
      const plain = yield* identity.getUser(yield* identity.createUser())
      assert.isUndefined(plain.customId)
    }))

  it.effect("versions without the feature fail before any request", () =>
    Effect.gen(function*() {
      const { emulator } = yield* setup("2025-03-02-preview")
      for (const version of ApiVersion.all.filter((v) => !ApiVersion.supports(v, "customId"))) {
        const identity = yield* Effect.orDie(Clocked.client(emulator, { apiVersion: version }))
        const create = yield* Effect.flip(identity.createUser({ customId: "x" }))
        const createWithToken = yield* Effect.flip(identity.createUserAndToken(["chat"], { customId: "x" }))
        const get = yield* Effect.flip(identity.getUser({ communicationUserId: "8:acs:r_u" }))
        assert.deepStrictEqual(tagAndField(create), ["InvalidInput", "customId"])
        assert.deepStrictEqual(tagAndField(createWithToken), ["InvalidInput", "customId"])
        assert.deepStrictEqual(tagAndField(get), ["InvalidInput", "apiVersion"])
        assert.include(get.message, "2025-03-02-preview")
      }
      assert.strictEqual(yield* requestCount(emulator), 0)
    }))

  it.effect("customId longer than 256 characters is refused before sending", () =>
    Effect.gen(function*() {
      const { emulator, identity } = yield* setup("2025-03-02-preview")
      const error = yield* Effect.flip(identity.createUser({ customId: "x".repeat(257) }))
      assert.deepStrictEqual(tagAndField(error), ["InvalidInput", "customId"])
      assert.strictEqual(yield* requestCount(emulator), 0)
    }))
})

describe("Teams Phone extension exchange, Effect 4", () => {
  for (const version of ApiVersion.versionsWith("teamsExtension")) {
    it.effect(`exchanges an Entra token for an ACS identity and token (${version})`, () =>
      Effect.gen(function*() {
        yield* TestClock.adjust("1000 days")
        const exp = 1000 * 86_400 + 3600
        const { identity } = yield* setup(version)
        const result = yield* identity.getTokenForTeamsExtensionUser(
          entraToken({ tid: tenantId, oid: objectId, exp, aud: "https://auth.msft.communication.azure.com" })
        )
        assert.strictEqual(result.user.communicationUserId, `8:acs:${resourceId}_${tenantId}_${objectId}`)
        assert.strictEqual(result.expiresOn.getTime(), exp * 1000)
        const info = Result.getOrThrow(TokenParser.parse(result.token, { now: 0 }))
        assert.strictEqual(info.expiresOnTimestamp, exp * 1000)
      }))
  }

  it.effect("an invalid Entra token is a 401 ServiceError; an empty one never leaves the client", () =>
    Effect.gen(function*() {
      const { identity } = yield* setup("2025-06-30")
      const bad = yield* Effect.flip(identity.getTokenForTeamsExtensionUser("not-a-jwt"))
      assert.deepStrictEqual([bad._tag, bad._tag === "ServiceError" && bad.status], ["ServiceError", 401])
      const empty = yield* Effect.flip(identity.getTokenForTeamsExtensionUser(Redacted.make("  ")))
      assert.deepStrictEqual(tagAndField(empty), ["InvalidInput", "entraToken"])
      assert.notInclude(String(bad), "not-a-jwt")
    }))

  it.effect("versions without the exchange fail before any request", () =>
    Effect.gen(function*() {
      const { emulator } = yield* setup("2025-06-30")
      for (const version of ApiVersion.all.filter((v) => !ApiVersion.supports(v, "teamsExtension"))) {
        const identity = yield* Effect.orDie(Clocked.client(emulator, { apiVersion: version }))
        const error = yield* Effect.flip(
          identity.getTokenForTeamsExtensionUser(entraToken({ tid: tenantId, oid: objectId }))
        )
        assert.deepStrictEqual(tagAndField(error), ["InvalidInput", "apiVersion"])
      }
      assert.strictEqual(yield* requestCount(emulator), 0)
    }))
})
