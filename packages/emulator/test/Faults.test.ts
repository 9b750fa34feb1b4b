import { describe, expect, it } from "@effect/vitest"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import { identityPath, inProcess, makeClient, send } from "./utils.js"

const emulator = Emulator.Emulator
const inject = (fault: Emulator.Fault, selection: Emulator.FaultSelection) =>
  Effect.flatMap(emulator, (emulator) => emulator.faults.inject(fault, selection))
const stats = Effect.flatMap(emulator, (emulator) => emulator.stats)
const create = send({ method: "POST", path: "/identities?api-version=2023-10-01" })

describe("faults", () => {
  it.effect("status faults answer before processing: 429/503 with Retry-After, 500 envelope, 502 text", () =>
    Effect.gen(function*() {
      yield* inject({ kind: "status", status: 429, retryAfterMs: 250 }, { count: 1 })
      const throttled = yield* create
      expect(throttled.status).toBe(429)
      expect(throttled.headers["retry-after-ms"]).toBe("250")
      expect(throttled.json).toEqual({ error: { code: "TooManyRequests", message: "Too many requests; retry later." } })
      expect(throttled.headers["api-supported-versions"]).toBeDefined()
      yield* inject({ kind: "status", status: 503, retryAfterSeconds: 10 }, { count: 1 })
      const unavailable = yield* create
      expect([unavailable.status, unavailable.headers["retry-after"]]).toEqual([503, "10"])
      expect(unavailable.json).toMatchObject({ error: { code: "ServiceUnavailable" } })
      yield* inject({ kind: "status", status: 500 }, { count: 1 })
      expect((yield* create).json).toMatchObject({ error: { code: "InternalServerError" } })
      yield* inject({ kind: "status", status: 502 }, { count: 1 })
      const badGateway = yield* create
      expect([badGateway.status, badGateway.text]).toEqual([502, "Bad Gateway"])
      expect(badGateway.headers["content-type"]).toMatch(/^text\/plain/)
      yield* inject({ kind: "status", status: 503, body: "<html>down</html>", contentType: "text/html" }, { count: 1 })
      const custom = yield* create
      expect([custom.status, custom.text, custom.headers["content-type"]]).toEqual([
        503,
        "<html>down</html>",
        "text/html"
      ])
      const counters = yield* stats
      expect(counters.identitiesCreated).toBe(0)
      expect(counters.faultsApplied).toBe(5)
      expect(counters.requests.createIdentity).toBe(5)
      expect((yield* create).status).toBe(201)
    }).pipe(Effect.provide(inProcess())))

  it.effect("the client retries a throttled create without creating twice", () =>
    Effect.gen(function*() {
      yield* inject({ kind: "status", status: 429, retryAfterMs: 0 }, { count: 2 })
      const client = yield* makeClient()
      yield* client.createUser()
      const counters = yield* stats
      expect(counters.requests.createIdentity).toBe(3)
      expect(counters.identitiesCreated).toBe(1)
    }).pipe(Effect.provide(inProcess())))

  it.effect("reset after processing: the identity exists, and a create without customId is not retried", () =>
    Effect.gen(function*() {
      yield* inject({ kind: "reset" }, { count: 1, operations: ["createIdentity"] })
      const client = yield* makeClient("2025-03-02-preview", { retry: { baseDelay: 0 } })
      const error = yield* Effect.flip(client.createUser())
      expect(error._tag).toBe("TransportError")
      let counters = yield* stats
      expect([counters.requests.createIdentity, counters.identitiesCreated]).toEqual([1, 1])
      // with a customId neither: the first attempt may still be running in the service, and a repeat
      // racing it can make a second identity; calling again once it failed returns the one it made
      yield* inject({ kind: "reset" }, { count: 1, operations: ["createIdentity"] })
      expect((yield* Effect.flip(client.createUser({ customId: "carol" })))._tag).toBe("TransportError")
      counters = yield* stats
      expect([counters.requests.createIdentity, counters.identitiesCreated]).toEqual([2, 2])
      const user = yield* client.createUser({ customId: "carol" })
      expect(yield* client.createUser({ customId: "carol" })).toEqual(user)
      expect((yield* stats).identitiesCreated).toBe(2)
    }).pipe(Effect.provide(inProcess())))

  it.effect("customIdRace: two overlapping creates of one customId make two identities; later creates are 409, not retried", () =>
    Effect.gen(function*() {
      const client = yield* makeClient("2025-03-02-preview", { retry: { baseDelay: 0 } })
      yield* inject({ kind: "customIdRace", millis: 100 }, { count: 1, operations: ["createIdentity"] })
      // the first create looks dave up, then waits in the race window; the second makes dave meanwhile
      const first = yield* Effect.fork(client.createUser({ customId: "dave" }))
      yield* TestClock.adjust(0)
      const second = yield* client.createUser({ customId: "dave" })
      yield* TestClock.adjust(100)
      const raced = yield* Fiber.join(first)
      expect(raced.communicationUserId).not.toBe(second.communicationUserId)
      expect((yield* stats).identitiesCreated).toBe(2)
      const conflict = yield* Effect.flip(client.createUser({ customId: "dave" }))
      expect(conflict).toMatchObject({ _tag: "ServiceError", status: 409, code: "MultipleIdentitiesForCustomId" })
      const withToken = yield* Effect.flip(client.createUserAndToken(["chat"], { customId: "dave" }))
      expect(withToken).toMatchObject({ status: 409, code: "MultipleIdentitiesForCustomId" })
      expect((yield* stats).requests.createIdentity).toBe(4)
      // both identities are real; deleting one leaves the customId with the other
      expect((yield* client.getUser(raced)).customId).toBe("dave")
      yield* client.deleteUser(raced)
      expect(yield* client.createUser({ customId: "dave" })).toEqual(second)
      // without the fault, overlapping creates are serialised: one identity
      const [a, b] = yield* Effect.all([
        client.createUser({ customId: "erin" }),
        client.createUser({ customId: "erin" })
      ], {
        concurrency: "unbounded"
      })
      expect(a).toEqual(b)
    }).pipe(Effect.provide(inProcess())))

  it.effect("customIdRace with a seeded fraction is deterministic: the same seed races the same creates", () =>
    Effect.gen(function*() {
      const run = Effect.gen(function*() {
        const client = yield* makeClient("2025-03-02-preview")
        yield* inject({ kind: "customIdRace", millis: 50 }, {
          fraction: 0.5,
          seed: "race",
          limit: 100,
          operations: ["createIdentity"]
        })
        const customIds = Array.from({ length: 12 }, (_, i) => `user-${i}`)
        // each customId: two creates, one after the other in the same instant, then the window closes
        const pairs = yield* Effect.forEach(customIds, (customId) =>
          Effect.gen(function*() {
            const first = yield* Effect.fork(client.createUser({ customId }))
            yield* TestClock.adjust(0)
            const second = yield* Effect.fork(client.createUser({ customId }))
            yield* TestClock.adjust(50)
            const ids = [
              (yield* Fiber.join(first)).communicationUserId,
              (yield* Fiber.join(second)).communicationUserId
            ]
            return new Set(ids).size === 2
          }))
        return pairs
      }).pipe(Effect.provide(inProcess()))
      const once = yield* run
      expect(yield* run).toEqual(once)
      // the seed makes some pairs race and not others
      expect(once).toContain(true)
      expect(once).toContain(false)
    }))

  it.effect("truncate and malformed apply after processing", () =>
    Effect.gen(function*() {
      const client = yield* makeClient("2023-10-01", { retry: { maxRetries: 0 } })
      yield* inject({ kind: "truncate" }, { count: 1 })
      expect((yield* Effect.flip(client.createUser()))._tag).toBe("TransportError")
      yield* inject({ kind: "malformed" }, { count: 1 })
      const decode = yield* Effect.flip(client.createUser())
      expect(decode).toMatchObject({ _tag: "DecodeError", status: 201 })
      expect((yield* stats).identitiesCreated).toBe(2)
      const user = yield* client.createUser()
      yield* inject({ kind: "malformed" }, { count: 1 })
      const revoked = yield* send({
        method: "POST",
        path: identityPath(user.communicationUserId, "/:revokeAccessTokens", "2023-10-01")
      })
      expect([revoked.status, revoked.headers["content-type"]]).toEqual([200, "application/json; charset=utf-8"])
      expect(() => JSON.parse(revoked.text)).toThrow()
      // truncating a bodiless response resets it
      yield* inject({ kind: "truncate" }, { count: 1 })
      expect((yield* Effect.flip(client.revokeTokens(user)))._tag).toBe("TransportError")
      // a retrying client gets through a truncated issue
      yield* inject({ kind: "truncate" }, { count: 1 })
      const retrying = yield* makeClient("2023-10-01", { retry: { baseDelay: 0 } })
      yield* retrying.getToken(user, ["chat"])
      expect((yield* stats).requests.issueAccessToken).toBe(2)
    }).pipe(Effect.provide(inProcess())))

  it.effect("latency delays on the Clock; stall never answers and changes nothing", () =>
    Effect.gen(function*() {
      const client = yield* makeClient("2023-10-01", { retry: { maxRetries: 0 }, attemptTimeout: "10 seconds" })
      yield* inject({ kind: "latency", millis: 5_000 }, { count: 1 })
      const delayed = yield* Effect.fork(client.createUser())
      yield* TestClock.adjust("4999 millis")
      expect(Option.isNone(yield* Fiber.poll(delayed))).toBe(true)
      expect((yield* stats).identitiesCreated).toBe(0)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(delayed)
      yield* inject({ kind: "stall" }, { count: 1 })
      const stalled = yield* Effect.fork(Effect.flip(client.createUser()))
      yield* TestClock.adjust("10 seconds")
      expect(yield* Fiber.join(stalled)).toMatchObject({ _tag: "TransportError", timedOut: true })
      expect((yield* stats).identitiesCreated).toBe(1)
    }).pipe(Effect.provide(inProcess())))

  it.effect("count rules hit the next N matching requests only", () =>
    Effect.gen(function*() {
      const created = yield* create
      const id = (created.json as { identity: { id: string } }).identity.id
      yield* inject({ kind: "status", status: 500 }, { count: 2, operations: ["issueAccessToken"] })
      const issue = send({
        method: "POST",
        path: identityPath(id, "/:issueAccessToken", "2023-10-01"),
        body: "{\"scopes\":[\"chat\"]}"
      })
      expect((yield* create).status).toBe(201)
      expect([(yield* issue).status, (yield* issue).status, (yield* issue).status]).toEqual([500, 500, 200])
      yield* inject({ kind: "status", status: 500 }, { count: 5 })
      yield* Effect.flatMap(emulator, (emulator) => emulator.faults.clear())
      expect((yield* issue).status).toBe(200)
      expect((yield* stats).faultsApplied).toBe(2)
    }).pipe(Effect.provide(inProcess())))

  it.effect("fraction rules are seeded (reproducible) and bounded by their limit", () =>
    Effect.gen(function*() {
      const pattern = (selection: Emulator.FaultSelection) =>
        Effect.gen(function*() {
          yield* inject({ kind: "status", status: 503 }, selection)
          const statuses: Array<number> = []
          for (let i = 0; i < 40; i++) statuses.push((yield* create).status)
          return statuses.map((status) => status === 503 ? "x" : ".").join("")
        }).pipe(Effect.provide(inProcess()))
      const first = yield* pattern({ fraction: 0.3, seed: 42, limit: 5 })
      expect(yield* pattern({ fraction: 0.3, seed: 42, limit: 5 })).toBe(first)
      expect(first.replaceAll(".", "")).toBe("xxxxx")
      expect(first).not.toBe("xxxxx" + ".".repeat(35))
      expect(yield* pattern({ fraction: 1, seed: "s", limit: 3 })).toBe("xxx" + ".".repeat(37))
      expect(yield* pattern({ fraction: 0, seed: 1, limit: 3 })).toBe(".".repeat(40))
    }))

  it.effect("invalid faults are refused", () =>
    Effect.gen(function*() {
      const invalid: ReadonlyArray<readonly [Emulator.Fault, Emulator.FaultSelection]> = [
        [{ kind: "reset" }, { count: 0 }],
        [{ kind: "reset" }, { count: 1.5 }],
        [{ kind: "reset" }, { fraction: 1.5, seed: 1, limit: 1 }],
        [{ kind: "reset" }, { fraction: 0.5, seed: 1, limit: 0 }],
        [{ kind: "latency", millis: -1 }, { count: 1 }],
        [{ kind: "status", status: 418 as 500 }, { count: 1 }],
        [{ kind: "status", status: 429, retryAfterMs: Number.NaN }, { count: 1 }]
      ]
      for (const [fault, selection] of invalid) {
        const error = yield* Effect.flip(inject(fault, selection))
        expect(error).toMatchObject({ _tag: "EmulatorError", reason: "InvalidFault" })
      }
    }).pipe(Effect.provide(inProcess())))
})
