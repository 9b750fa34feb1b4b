/**
 * The security scenarios (run by Security.test.ts on this line's client and
 * by packages/effect4/test on the Effect 4 one): the emulator on a socket
 * rejects tampered and stale requests — a request altered after it was
 * signed (body, path, query, method, host) or signed with a clock far off is
 * 401 `Denied` with the reason, is not retried, and changes nothing. (The
 * signature and content hash are compared in constant time by
 * `Signing.verify`, which the emulator uses; timing is not asserted.)
 */
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorServer from "@effect-acs/identity-emulator/EmulatorServer"
import { assert } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import {
  delta,
  emulatorLayer,
  failedWith,
  fastRetry,
  type Line,
  outcome,
  type Scenario,
  succeeded,
  type Tamper,
  type Wire
} from "./harness.js"

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

/** The title the scenarios run under. */
export const title = "the emulator rejects tampered and stale requests (socket)"

/** The security scenarios on `line`'s client (the clock skew is the calling fiber's `Clock`). */
export const scenarios = (line: Line): ReadonlyArray<Scenario> => {
  const all: Array<Scenario> = []
  const live = (name: string, run: () => Effect.Effect<unknown, unknown>) =>
    all.push({ name, run: () => Effect.asVoid(run()) })
  live(
    "a request altered after signing is 401 Denied with the reason, not retried, and changes nothing",
    () =>
      Effect.gen(function*() {
        const server = yield* EmulatorServer.serve({ port: 0 })
        const emulator = yield* Emulator.Emulator
        const tamper: Tamper = { current: (wire) => wire }
        const client = yield* (yield* line.transport({}, tamper))({
          connectionString: server.connectionString,
          retry: fastRetry
        })
        const user = yield* client.createUser()
        const header = (wire: Wire, name: string, value: string): Wire => ({
          ...wire,
          headers: { ...wire.headers, [name]: value }
        })
        const authorization = (wire: Wire) => wire.headers["authorization"]!
        const cases: ReadonlyArray<readonly [string, (wire: Wire) => Wire, string]> = [
          ["the body", (w) => ({ ...w, body: "{\"createTokenWithScopes\":[\"voip\"]}" }), "ContentHashMismatch"],
          ["the path", (w) => ({ ...w, url: w.url.replace("/identities", "/identities/") }), "SignatureMismatch"],
          [
            "the query",
            (w) => ({ ...w, url: w.url.replace("api-version=2023-10-01", "api-version=2022-10-01") }),
            "SignatureMismatch"
          ],
          ["the signature", (w) =>
            header(
              w,
              "authorization",
              authorization(w).replace(/Signature=(.)/, (_, c: string) => `Signature=${c === "A" ? "B" : "A"}`)
            ), "SignatureMismatch"],
          ["the signature's last character", (w) =>
            header(
              w,
              "authorization",
              authorization(w).replace(/(.)=?$/, (m) => m.startsWith("A") ? "B" + m.slice(1) : "A" + m.slice(1))
            ), "SignatureMismatch"],
          [
            "the date",
            (w) => header(w, "x-ms-date", new Date(Date.parse(w.headers["x-ms-date"]!) + 1000).toUTCString()),
            "SignatureMismatch"
          ],
          [
            "the scheme",
            (w) => header(w, "authorization", authorization(w).replace("HMAC-SHA256", "HMAC-SHA1")),
            "MalformedAuthorization"
          ],
          ["no signature", (w) => header(w, "authorization", ""), "MalformedAuthorization"]
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
        tamper.current = (wire) => wire
        succeeded(yield* outcome(client.getToken(user, ["chat"])))
      }).pipe(Effect.scoped, Effect.provide(emulatorLayer()))
  )

  live(
    "a request signed with a clock more than 15 minutes off is 401 StaleDate; within the skew it is accepted",
    () =>
      Effect.gen(function*() {
        const server = yield* EmulatorServer.serve({ port: 0 })
        const emulator = yield* Emulator.Emulator
        const client = yield* (yield* line.transport({}))({
          connectionString: server.connectionString,
          retry: fastRetry
        })
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
      }).pipe(Effect.scoped, Effect.provide(emulatorLayer()))
  )
  return all
}
