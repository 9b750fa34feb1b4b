/**
 * The Effect credential of an Entra ID user (`TokenCredential.fromEntra`)
 * against the in-process emulator's exchanges, on the `TestClock`: one
 * exchange per Communication Services token, refresh on expiry or
 * proactively (10 minutes before expiry, then at half the remaining
 * lifetime), a second exchange only when the Entra token changed, and the
 * Teams Phone extension variant.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Auth from "@effect-acs/identity/Auth"
import { CredentialError } from "@effect-acs/identity/IdentityError"
import * as TokenCredential from "@effect-acs/identity/TokenCredential"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { emulator } from "./utils.js"

/** The in-process emulator over https (bearer tokens are never sent over plain http). */
const resourceEndpoint = "https://emulator.local/"

const tenantId = "11111111-2222-3333-4444-555555555555"
const objectId = "66666666-7777-8888-9999-000000000000"

const jwt = (claims: Record<string, unknown>) =>
  `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${
    Buffer.from(JSON.stringify(claims)).toString("base64url")
  }.sig`

const claimsOf = (token: Redacted.Redacted<string>) =>
  JSON.parse(Buffer.from(Redacted.value(token).split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>

/**
 * An Entra credential as `@azure/identity` behaves: it caches its one-hour token
 * and gets a new one `renewMinutes` before expiry. Records the scopes it was asked for.
 */
const entraUser = (renewMinutes: number) => {
  const asked: Array<string> = []
  let current: { readonly token: Redacted.Redacted<string>; readonly expiresOnTimestamp: number } | undefined
  const credential = Auth.entraTokenCredential((scope) =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      asked.push(scope)
      if (current === undefined || now >= current.expiresOnTimestamp - renewMinutes * 60_000) {
        const exp = Math.floor(now / 1000) + 3600
        current = {
          token: Redacted.make(jwt({ tid: tenantId, oid: objectId, iat: now, exp })),
          expiresOnTimestamp: exp * 1000
        }
      }
      return current
    })
  )
  return { credential, asked }
}

const exchanges = Effect.map(Effect.flatMap(Emulator.Emulator, (e) => e.stats), (stats) => ({
  entra: stats.requests.exchangeEntraAccessToken,
  teamsExtension: stats.requests.exchangeTeamsExtensionAccessToken
}))

const minutes = (n: number) => TestClock.adjust(`${n} minutes`)

describe("TokenCredential.fromEntra", () => {
  it.scoped("exchanges once, returns the cached token until it expires, then exchanges again", () =>
    Effect.gen(function*() {
      const user = entraUser(5)
      const credential = yield* TokenCredential.fromEntra({ resourceEndpoint, credential: user.credential })
      const resourceId = (yield* Emulator.Emulator).resourceId
      assert.deepStrictEqual(yield* exchanges, { entra: 0, teamsExtension: 0 })
      const first = yield* credential.getToken
      assert.strictEqual(first.expiresOnTimestamp, 3600 * 1000)
      assert.strictEqual(claimsOf(first.token)["skypeid"], `acs:${resourceId}_wf_${tenantId}_${objectId}`)
      assert.deepStrictEqual(user.asked, ["https://communication.azure.com/clients/.default"])
      yield* minutes(59)
      // still valid (inside the expiring-soon window): returned as-is, nothing asked or sent
      assert.strictEqual(yield* credential.getToken, first)
      assert.deepStrictEqual(yield* exchanges, { entra: 1, teamsExtension: 0 })
      yield* minutes(1)
      const second = yield* credential.getToken
      assert.strictEqual(second.expiresOnTimestamp, (3600 + 3600) * 1000)
      assert.deepStrictEqual(yield* exchanges, { entra: 2, teamsExtension: 0 })
      assert.strictEqual(user.asked.length, 2)
    }).pipe(Effect.provide(emulator)))

  it.scoped("concurrent callers share one exchange", () =>
    Effect.gen(function*() {
      const credential = yield* TokenCredential.fromEntra({ resourceEndpoint, credential: entraUser(5).credential })
      const tokens = yield* Effect.all(Array.from({ length: 10 }, () => credential.getToken), {
        concurrency: "unbounded"
      })
      assert.strictEqual(new Set(tokens.map((t) => Redacted.value(t.token))).size, 1)
      assert.deepStrictEqual(yield* exchanges, { entra: 1, teamsExtension: 0 })
    }).pipe(Effect.provide(emulator)))

  it.scoped("proactive refresh: 10 minutes before expiry, exchanging again only once the Entra token changed", () =>
    Effect.gen(function*() {
      const user = entraUser(5)
      const credential = yield* TokenCredential.fromEntra({
        resourceEndpoint,
        credential: user.credential,
        refreshProactively: true
      })
      // no token yet: the first refresh runs at once
      yield* TestClock.adjust(0)
      assert.deepStrictEqual(yield* exchanges, { entra: 1, teamsExtension: 0 })
      yield* minutes(49)
      assert.deepStrictEqual(yield* exchanges, { entra: 1, teamsExtension: 0 })
      // at 50 min (10 before expiry) the Entra token is unchanged: no exchange
      yield* minutes(1)
      assert.strictEqual(user.asked.length, 2)
      assert.deepStrictEqual(yield* exchanges, { entra: 1, teamsExtension: 0 })
      // the next try is at half the remaining lifetime (55 min), when the Entra token has been renewed
      yield* minutes(5)
      assert.strictEqual(user.asked.length, 3)
      assert.deepStrictEqual(yield* exchanges, { entra: 2, teamsExtension: 0 })
      const token = yield* credential.getToken
      assert.strictEqual(token.expiresOnTimestamp, (55 + 60) * 60_000)
      assert.deepStrictEqual(yield* exchanges, { entra: 2, teamsExtension: 0 })
    }).pipe(Effect.provide(emulator)))

  it.scoped("Teams Phone extension scopes go to the Teams Phone extension exchange", () =>
    Effect.gen(function*() {
      const user = entraUser(5)
      const scopes = [
        "https://auth.msft.communication.azure.com/TeamsExtension.ManageCalls",
        "https://auth.msft.communication.azure.com/TeamsExtension.ManageChats"
      ]
      const credential = yield* TokenCredential.fromEntra({ resourceEndpoint, credential: user.credential, scopes })
      const resourceId = (yield* Emulator.Emulator).resourceId
      const token = yield* credential.getToken
      assert.strictEqual(claimsOf(token.token)["skypeid"], `acs:${resourceId}_${tenantId}_${objectId}`)
      assert.deepStrictEqual(user.asked, [scopes.join(" ")])
      assert.deepStrictEqual(yield* exchanges, { entra: 0, teamsExtension: 1 })
      yield* minutes(60)
      yield* credential.getToken
      assert.deepStrictEqual(yield* exchanges, { entra: 0, teamsExtension: 2 })
    }).pipe(Effect.provide(emulator)))

  it.scoped("empty or mixed scopes are an InvalidInput; nothing is asked or sent", () =>
    Effect.gen(function*() {
      const user = entraUser(5)
      for (
        const scopes of [[], [
          "https://communication.azure.com/clients/VoIP",
          "https://auth.msft.communication.azure.com/x"
        ], [
          "https://graph.microsoft.com/.default"
        ]]
      ) {
        const error = yield* Effect.flip(
          TokenCredential.fromEntra({ resourceEndpoint, credential: user.credential, scopes })
        )
        assert.deepStrictEqual([error._tag, "field" in error && error.field], ["InvalidInput", "scopes"])
        assert.match(error.message, /^Scopes validation failed/)
      }
      assert.deepStrictEqual(user.asked, [])
      assert.deepStrictEqual(yield* exchanges, { entra: 0, teamsExtension: 0 })
    }).pipe(Effect.provide(emulator)))

  it.scoped("an Entra credential failure and a rejected Entra token surface as typed errors; the token stays out of them", () =>
    Effect.gen(function*() {
      const failing = yield* TokenCredential.fromEntra({
        resourceEndpoint,
        credential: Auth.entraTokenCredential(() =>
          Effect.fail(new CredentialError({ message: "The token credential failed to get a token." }))
        ),
        scopes: ["https://communication.azure.com/clients/VoIP"]
      })
      const failed = yield* Effect.flip(failing.getToken)
      assert.strictEqual(failed._tag, "CredentialError")
      assert.deepStrictEqual(yield* exchanges, { entra: 0, teamsExtension: 0 })
      const expiredEntraToken = jwt({ tid: tenantId, oid: objectId, exp: 1 })
      const rejected = yield* TokenCredential.fromEntra({
        resourceEndpoint,
        credential: Auth.entraTokenCredential(() =>
          Effect.succeed({ token: Redacted.make(expiredEntraToken), expiresOnTimestamp: 1000 })
        )
      })
      yield* minutes(1)
      const error = yield* Effect.flip(rejected.getToken)
      assert.deepStrictEqual([error._tag, "status" in error && error.status], ["ServiceError", 401])
      assert.notInclude(JSON.stringify(error), expiredEntraToken)
    }).pipe(Effect.provide(emulator)))
})
