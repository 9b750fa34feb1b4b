/**
 * The newest service features against the emulator: `customId` (the same user again,
 * also under concurrent creates unless the emulator's `customIdRace` fault opens the
 * service's race window), `getUser`, the Teams Phone extension
 * exchange, and their api-version gates — through the Effect API in-process
 * and through the drop-in Promise client over a loopback socket.
 */
import { assert, describe, it } from "@effect/vitest"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as ApiVersion from "@effect-acs/identity/ApiVersion"
import * as TokenParser from "@effect-acs/identity/TokenParser"
import { CommunicationIdentityClient as PromiseIdentityClient, RestError } from "@effect-acs/identity-node"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorHttpClient from "@effect-acs/identity-emulator/EmulatorHttpClient"
import * as EmulatorServer from "@effect-acs/identity-emulator/EmulatorServer"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { client, emulator, requestCount } from "./utils.js"

/** `[tag, field]` of an error, to compare in one assertion. */
const tagAndField = (error: { readonly _tag: string }) => [error._tag, "field" in error ? error.field : undefined]

/** An unsigned JWT-shaped Entra token with the given claims. */
const entraToken = (claims: Record<string, unknown>) =>
  `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${
    Buffer.from(JSON.stringify(claims)).toString("base64url")
  }.sig`

const tenantId = "11111111-2222-3333-4444-555555555555"
const objectId = "66666666-7777-8888-9999-000000000000"

describe("customId and getUser (2025-03-02-preview)", () => {
  it.effect("the same customId returns the same user; createUserAndToken too", () =>
    Effect.gen(function*() {
      const identity = yield* client("2025-03-02-preview")
      const first = yield* identity.createUser({ customId: "alice@contoso" })
      const again = yield* identity.createUser({ customId: "alice@contoso" })
      const withToken = yield* identity.createUserAndToken(["chat"], { customId: "alice@contoso" })
      const other = yield* identity.createUser({ customId: "bob@contoso" })
      assert.strictEqual(again.communicationUserId, first.communicationUserId)
      assert.strictEqual(withToken.user.communicationUserId, first.communicationUserId)
      assert.notStrictEqual(other.communicationUserId, first.communicationUserId)
      const stats = yield* Effect.flatMap(Emulator.Emulator, (e) => e.stats)
      assert.strictEqual(stats.identitiesCreated, 2)
    }).pipe(Effect.provide(emulator)))

  it.effect("20 concurrent creates with one customId make one user", () =>
    Effect.gen(function*() {
      const identity = yield* client("2025-03-02-preview")
      const users = yield* Effect.all(
        Array.from({ length: 20 }, () => identity.createUser({ customId: "concurrent" })),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(new Set(users.map((u) => u.communicationUserId)).size, 1)
      const stats = yield* Effect.flatMap(Emulator.Emulator, (e) => e.stats)
      assert.strictEqual(stats.identitiesCreated, 1)
    }).pipe(Effect.provide(emulator)))

  it.effect("getUser returns customId and, once a token was issued, lastTokenIssuedAt", () =>
    Effect.gen(function*() {
      yield* TestClock.adjust("1000 days")
      const identity = yield* client("2025-03-02-preview")
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
    }).pipe(Effect.provide(emulator)))

  it.effect("versions without the feature fail before any request", () =>
    Effect.gen(function*() {
      for (const version of ApiVersion.all.filter((v) => !ApiVersion.supports(v, "customId"))) {
        const identity = yield* client(version)
        const create = yield* Effect.flip(identity.createUser({ customId: "x" }))
        const createWithToken = yield* Effect.flip(identity.createUserAndToken(["chat"], { customId: "x" }))
        const get = yield* Effect.flip(identity.getUser({ communicationUserId: "8:acs:r_u" }))
        assert.deepStrictEqual(tagAndField(create), ["InvalidInput", "customId"])
        assert.deepStrictEqual(tagAndField(createWithToken), ["InvalidInput", "customId"])
        assert.deepStrictEqual(tagAndField(get), ["InvalidInput", "apiVersion"])
        assert.include(get.message, "2025-03-02-preview")
      }
      assert.strictEqual(yield* requestCount, 0)
    }).pipe(Effect.provide(emulator)))

  it.effect("customId longer than 256 characters is refused before sending", () =>
    Effect.gen(function*() {
      const identity = yield* client("2025-03-02-preview")
      const error = yield* Effect.flip(identity.createUser({ customId: "x".repeat(257) }))
      assert.deepStrictEqual(tagAndField(error), ["InvalidInput", "customId"])
      assert.strictEqual(yield* requestCount, 0)
    }).pipe(Effect.provide(emulator)))
})

describe("Teams Phone extension exchange", () => {
  for (const version of ApiVersion.versionsWith("teamsExtension")) {
    it.effect(`exchanges an Entra token for an ACS identity and token (${version})`, () =>
      Effect.gen(function*() {
        yield* TestClock.adjust("1000 days")
        const exp = 1000 * 86_400 + 3600
        const identity = yield* client(version)
        const emulatorService = yield* Emulator.Emulator
        const result = yield* identity.getTokenForTeamsExtensionUser(
          entraToken({ tid: tenantId, oid: objectId, exp, aud: "https://auth.msft.communication.azure.com" })
        )
        assert.strictEqual(
          result.user.communicationUserId,
          `8:acs:${emulatorService.resourceId}_${tenantId}_${objectId}`
        )
        assert.strictEqual(result.expiresOn.getTime(), exp * 1000)
        const info = Either.getOrThrow(TokenParser.parse(result.token, { now: 0 }))
        assert.strictEqual(info.expiresOnTimestamp, exp * 1000)
      }).pipe(Effect.provide(emulator)))
  }

  it.effect("an invalid Entra token is a 401 ServiceError; an empty one never leaves the client", () =>
    Effect.gen(function*() {
      const identity = yield* client("2025-06-30")
      const bad = yield* Effect.flip(identity.getTokenForTeamsExtensionUser("not-a-jwt"))
      assert.deepStrictEqual([bad._tag, bad._tag === "ServiceError" && bad.status], ["ServiceError", 401])
      const empty = yield* Effect.flip(identity.getTokenForTeamsExtensionUser(Redacted.make("  ")))
      assert.deepStrictEqual(tagAndField(empty), ["InvalidInput", "entraToken"])
      assert.notInclude(String(bad), "not-a-jwt")
    }).pipe(Effect.provide(emulator)))

  it.effect("versions without the exchange fail before any request", () =>
    Effect.gen(function*() {
      for (const version of ApiVersion.all.filter((v) => !ApiVersion.supports(v, "teamsExtension"))) {
        const identity = yield* client(version)
        const error = yield* Effect.flip(
          identity.getTokenForTeamsExtensionUser(entraToken({ tid: tenantId, oid: objectId }))
        )
        assert.deepStrictEqual(tagAndField(error), ["InvalidInput", "apiVersion"])
      }
      assert.strictEqual(yield* requestCount, 0)
    }).pipe(Effect.provide(emulator)))
})

describe("Entra user exchange (2025-03-02-preview)", () => {
  it.effect("exchanges an Entra token for an ACS identity 8:acs:<resource>_wf_<tenant>_<object> and a token expiring with it", () =>
    Effect.gen(function*() {
      yield* TestClock.adjust("1000 days")
      const exp = 1000 * 86_400 + 3600
      const identity = yield* client("2025-03-02-preview")
      const resourceId = (yield* Emulator.Emulator).resourceId
      const result = yield* identity.getTokenForEntraUser(
        entraToken({ tid: tenantId, oid: objectId, exp, aud: "https://communication.azure.com/clients" })
      )
      assert.strictEqual(result.user.communicationUserId, `8:acs:${resourceId}_wf_${tenantId}_${objectId}`)
      assert.strictEqual(result.expiresOn.getTime(), exp * 1000)
      const bad = yield* Effect.flip(identity.getTokenForEntraUser(entraToken({ tid: tenantId, exp })))
      assert.deepStrictEqual([bad._tag, bad._tag === "ServiceError" && bad.code], [
        "ServiceError",
        "InvalidAccessToken"
      ])
    }).pipe(Effect.provide(emulator)))

  it.effect("versions without the exchange fail before any request; the emulator answers 404 to them", () =>
    Effect.gen(function*() {
      for (const version of ApiVersion.all.filter((v) => !ApiVersion.supports(v, "entra"))) {
        const identity = yield* client(version)
        const error = yield* Effect.flip(identity.getTokenForEntraUser(entraToken({ tid: tenantId, oid: objectId })))
        assert.deepStrictEqual(tagAndField(error), ["InvalidInput", "apiVersion"])
      }
      assert.strictEqual(yield* requestCount, 0)
      const token = entraToken({ tid: tenantId, oid: objectId, exp: 3600 })
      for (const version of ApiVersion.all) {
        const response = yield* HttpClient.execute(
          HttpClientRequest.post(
            `${EmulatorHttpClient.endpoint}access/entra/:exchangeAccessToken?api-version=${version}`
          )
            .pipe(HttpClientRequest.bearerToken(token), HttpClientRequest.bodyText("{}", "application/json"))
        )
        assert.deepStrictEqual([version, response.status], [version, ApiVersion.supports(version, "entra") ? 200 : 404])
      }
    }).pipe(Effect.provide(emulator)))
})

describe("the drop-in Promise client over a socket", () => {
  it.live("customId, getUser and the Teams extension exchange", () =>
    Effect.gen(function*() {
      const served = yield* EmulatorServer.serve({ port: 0 })
      const preview = new PromiseIdentityClient(Redacted.value(served.connectionString), {
        apiVersion: "2025-03-02-preview",
        allowInsecureConnection: true
      })
      const user = yield* Effect.promise(() => preview.createUser({ customId: "dave" }))
      const same = yield* Effect.promise(() => preview.createUserAndToken(["chat"], { customId: "dave" }))
      assert.strictEqual(same.user.communicationUserId, user.communicationUserId)
      assert.isString(same.token)
      const detail = yield* Effect.promise(() => preview.getUserDetail(user))
      // getUser: the documented alias
      assert.deepStrictEqual(yield* Effect.promise(() => preview.getUser(user)), detail)
      assert.strictEqual(detail.customId, "dave")
      assert.instanceOf(detail.lastTokenIssuedAt, Date)
      const exp = Math.floor(Date.now() / 1000) + 3600
      const exchanged = yield* Effect.promise(() =>
        preview.getTokenForTeamsExtensionUser(entraToken({ tid: tenantId, oid: objectId, exp }))
      )
      assert.strictEqual(exchanged.expiresOn.getTime(), exp * 1000)
      assert.match(exchanged.user.communicationUserId, new RegExp(`_${tenantId}_${objectId}$`))
      const entra = yield* Effect.promise(() =>
        preview.getTokenForEntraUser(entraToken({ tid: tenantId, oid: objectId, exp }))
      )
      assert.strictEqual(entra.expiresOn.getTime(), exp * 1000)
      assert.match(entra.user.communicationUserId, new RegExp(`_wf_${tenantId}_${objectId}$`))
      assert.isString(entra.token)

      const stable = new PromiseIdentityClient(Redacted.value(served.connectionString), {
        allowInsecureConnection: true
      })
      const refused = yield* Effect.promise(() =>
        stable.createUser({ customId: "erin" }).then(() => undefined, (e) => e)
      )
      assert.instanceOf(refused, RestError)
      assert.strictEqual(refused.code, "InvalidInput")
      assert.isUndefined(refused.statusCode)
    }).pipe(Effect.scoped, Effect.provide(Emulator.layer()), Effect.provide(NodeCrypto.layer)))
})
