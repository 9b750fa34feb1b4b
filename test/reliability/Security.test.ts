/**
 * The emulator on a socket rejects tampered and stale requests: a request
 * altered after it was signed (body, path, query, method, host) or signed
 * with a clock far off is 401 `Denied` with the reason, is not retried, and
 * changes nothing. (The signature and content hash are compared in constant
 * time by `Signing.verify`, which the emulator uses; timing is not asserted.)
 */
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as NodeHttpClient from "@effect-acs/identity-node/NodeHttpClient"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorServer from "@effect-acs/identity-emulator/EmulatorServer"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { delta, failedWith, fastRetry, outcome, succeeded } from "./harness.js"

type Tamper = (request: HttpClientRequest.HttpClientRequest) => HttpClientRequest.HttpClientRequest

/** The node transport, with `tamper` applied to each request as it goes on the wire (after signing). */
const tampering = (tamper: { current: Tamper }) =>
  Layer.scoped(
    HttpClient.HttpClient,
    Effect.map(NodeHttpClient.make(), (node) => HttpClient.make((request) => node.client.execute(tamper.current(request))))
  )

const emulatorLayer = Emulator.layer().pipe(Layer.provideMerge(NodeCrypto.layer))

/** A clock `offset` ms away from the real one (for the client only; the server keeps the real time). */
const skewed = (offset: number): Clock.Clock => {
  const live = Clock.make()
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => live.unsafeCurrentTimeMillis() + offset,
    currentTimeMillis: Effect.sync(() => live.unsafeCurrentTimeMillis() + offset),
    unsafeCurrentTimeNanos: () => live.unsafeCurrentTimeNanos() + BigInt(offset) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => live.unsafeCurrentTimeNanos() + BigInt(offset) * 1_000_000n),
    sleep: (duration) => live.sleep(duration)
  }
}

describe("the emulator rejects tampered and stale requests (socket)", () => {
  it.live("a request altered after signing is 401 Denied with the reason, not retried, and changes nothing", () =>
    Effect.gen(function*() {
      const server = yield* EmulatorServer.serve({ port: 0 })
      const emulator = yield* Emulator.Emulator
      const tamper = { current: ((r) => r) as Tamper }
      const client = yield* Client.make({ connectionString: server.connectionString, retry: fastRetry }).pipe(
        Effect.provide(Layer.merge(tampering(tamper), NodeCrypto.layer))
      )
      const user = yield* client.createUser()
      const cases: ReadonlyArray<readonly [string, Tamper, string]> = [
        ["the body", (r) => HttpClientRequest.bodyText(r, "{\"createTokenWithScopes\":[\"voip\"]}", "application/json"), "ContentHashMismatch"],
        ["the path", (r) => HttpClientRequest.setUrl(r, r.url.replace("/identities", "/identities/")), "SignatureMismatch"],
        ["the query", (r) => HttpClientRequest.setUrl(r, r.url.replace("api-version=2023-10-01", "api-version=2022-10-01")), "SignatureMismatch"],
        ["the signature", (r) => HttpClientRequest.setHeader(r, "authorization", r.headers["authorization"]!.replace(/Signature=(.)/, (_, c: string) => `Signature=${c === "A" ? "B" : "A"}`)), "SignatureMismatch"],
        ["the signature's last character", (r) => HttpClientRequest.setHeader(r, "authorization", r.headers["authorization"]!.replace(/(.)=?$/, (m) => m.startsWith("A") ? "B" + m.slice(1) : "A" + m.slice(1))), "SignatureMismatch"],
        ["the date", (r) => HttpClientRequest.setHeader(r, "x-ms-date", new Date(Date.parse(r.headers["x-ms-date"]!) + 1000).toUTCString()), "SignatureMismatch"],
        ["the scheme", (r) => HttpClientRequest.setHeader(r, "authorization", r.headers["authorization"]!.replace("HMAC-SHA256", "HMAC-SHA1")), "MalformedAuthorization"],
        ["no signature", (r) => HttpClientRequest.setHeaders(r, { authorization: "" }), "MalformedAuthorization"]
      ]
      for (const [what, alter, reason] of cases) {
        tamper.current = alter
        const before = yield* emulator.stats
        const create = failedWith(yield* outcome(client.createUserAndToken(["chat"])), "ServiceError")
        assert.strictEqual(create.status, 401, what)
        assert.strictEqual(create.code, "Denied", what)
        assert.strictEqual(create.innererror?.code, reason, what)
        const issue = failedWith(yield* outcome(client.getToken(user, ["chat"])), "ServiceError")
        assert.strictEqual(issue.status, 401, what)
        const stats = delta(before, yield* emulator.stats)
        assert.strictEqual(stats.requests.createIdentity, 1, `${what}: not retried`)
        assert.strictEqual(stats.requests.issueAccessToken, 1, `${what}: not retried`)
        assert.strictEqual(stats.identitiesCreated, 0, what)
        assert.strictEqual(stats.tokensIssued, 0, what)
      }
      // untouched, the same client works
      tamper.current = (r) => r
      succeeded(yield* outcome(client.getToken(user, ["chat"])))
    }).pipe(Effect.scoped, Effect.provide(emulatorLayer)))

  it.live("a request signed with a clock more than 15 minutes off is 401 StaleDate; within the skew it is accepted", () =>
    Effect.gen(function*() {
      const server = yield* EmulatorServer.serve({ port: 0 })
      const emulator = yield* Emulator.Emulator
      const client = yield* Client.make({ connectionString: server.connectionString, retry: fastRetry })
      const before = yield* emulator.stats
      for (const minutes of [-16, 16, -60 * 24]) {
        const stale = failedWith(
          yield* outcome(Effect.withClock(client.createUser(), skewed(minutes * 60_000))),
          "ServiceError"
        )
        assert.strictEqual(stale.status, 401, `${minutes} minutes`)
        assert.strictEqual(stale.innererror?.code, "StaleDate", `${minutes} minutes`)
      }
      const stats = delta(before, yield* emulator.stats)
      assert.strictEqual(stats.requests.createIdentity, 3)
      assert.strictEqual(stats.identitiesCreated, 0)
      for (const minutes of [-14, 14]) {
        succeeded(yield* outcome(Effect.withClock(client.createUser(), skewed(minutes * 60_000))))
      }
    }).pipe(Effect.scoped, Effect.provide(Layer.mergeAll(emulatorLayer, NodeHttpClient.layer()).pipe(Layer.provideMerge(NodeCrypto.layer)))))
})
