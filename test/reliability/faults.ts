/**
 * The fault suite's scenarios (run by Faults.test.ts on this line's client and
 * by packages/effect4/test on the Effect 4 one): the real client on the
 * `node:http` transport against the
 * emulator on a loopback socket, under each injected fault. Every operation
 * ends in a success (after retries) or a specific typed error within a
 * generous time guard — never a hang, a defect or a wrong value — and the
 * emulator's counters show no duplicate side effects where the retry rule
 * says so (a create without `customId` is sent once unless the service
 * answered 429/503 before processing it). Nothing here depends on the
 * machine's speed: a short attempt timeout is given only to a call whose
 * every attempt stalls, and no count or duration that timing decides is
 * asserted.
 */
import type * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity/IdentityError"
import type * as NodeHttpClient from "@effect-acs/identity-node/NodeHttpClient"
import type * as Emulator from "@effect-acs/identity-emulator/Emulator"
import { assert } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as TestServices from "effect/TestServices"
import {
  connectionStringFor,
  delta,
  emulatorLayer,
  eventually,
  failedWith,
  fastRetry,
  type Line,
  loopback,
  outcome,
  type Scenario,
  served,
  succeeded
} from "./harness.js"

type Service = Client.CommunicationIdentityClient.Service

/** Injects `fault` for the next `count` requests of `operations`, runs `run`, returns its outcome and the stats delta. */
const under = <A>(
  env: { readonly emulator: Emulator.Emulator.Service },
  fault: Emulator.Fault,
  selection: Emulator.FaultSelection,
  run: Effect.Effect<A, IdentityError>
) =>
  Effect.gen(function*() {
    yield* env.emulator.faults.clear()
    yield* env.emulator.faults.inject(fault, selection)
    const before = yield* env.emulator.stats
    const result = yield* outcome(run)
    const after = yield* env.emulator.stats
    yield* env.emulator.faults.clear()
    return { result, stats: delta(before, after) }
  })

const newUser = (client: Service) => client.createUser()

/** The fault scenarios on `line`'s client. */
export const scenarios = (line: Line): ReadonlyArray<Scenario> => {
  /** Runs `body` against a fresh emulator on a socket, with the given transport options. */
  const withEmulator = <A, E>(
    body: (env: Effect.Effect.Success<ReturnType<typeof served>>) => Effect.Effect<A, E>,
    extra: Parameters<typeof served>[1] = {},
    http: NodeHttpClient.Options = {}
  ) =>
    Effect.asVoid(Effect.scoped(Effect.flatMap(served(line, extra, http), body)).pipe(Effect.provide(emulatorLayer())))
  /** A bare transport for a loopback server's test. */
  const transport = (http: NodeHttpClient.Options = {}) => line.transport(http)
  const all: Array<Scenario> = []
  const live = (
    name: string,
    run: () => Effect.Effect<unknown, unknown, Scope.Scope>,
    options?: { readonly timeout: number }
  ) => all.push({ name, run: () => Effect.asVoid(Effect.scoped(run())), ...(options && { timeout: options.timeout }) })
  const onTestClock = (name: string, run: () => Effect.Effect<unknown, unknown>) =>
    all.push({ name, run: () => Effect.asVoid(run()), testClock: true })

  live(
    "reset after processing: idempotent calls are retried and succeed",
    () =>
      withEmulator(({ client, emulator }) =>
        Effect.gen(function*() {
          const user = yield* newUser(client)
          const issued = yield* under(
            { emulator },
            { kind: "reset" },
            { count: 1, operations: ["issueAccessToken"] },
            client.getToken(user, ["chat"])
          )
          const token = succeeded(issued.result)
          assert.strictEqual(issued.stats.requests.issueAccessToken, 2)
          assert.strictEqual(issued.stats.faultsApplied, 1)
          // the value is right: a live token of this emulator
          assert.strictEqual(yield* emulator.tokenStatus(token.token), "active")
          const revoked = yield* under({ emulator }, { kind: "reset" }, {
            count: 2,
            operations: ["revokeAccessTokens"]
          }, client.revokeTokens(user))
          succeeded(revoked.result)
          assert.strictEqual(revoked.stats.requests.revokeAccessTokens, 3)
          assert.strictEqual(yield* emulator.tokenStatus(token.token), "revoked")
          const deleted = yield* under(
            { emulator },
            { kind: "reset" },
            { count: 1, operations: ["deleteIdentity"] },
            client.deleteUser(user)
          )
          succeeded(deleted.result)
          assert.strictEqual(deleted.stats.requests.deleteIdentity, 2)
        })
      )
  )

  live(
    "reset after processing: a create without customId is not retried — one identity, a TransportError",
    () =>
      withEmulator(({ client, emulator }) =>
        Effect.gen(function*() {
          const creates: ReadonlyArray<Effect.Effect<unknown, IdentityError>> = [
            client.createUser(),
            client.createUserAndToken(["chat"])
          ]
          for (const create of creates) {
            const { result, stats } = yield* under({ emulator }, { kind: "reset" }, {
              count: 1,
              operations: ["createIdentity"]
            }, create)
            const error = failedWith(result, "TransportError")
            assert.isFalse(error.timedOut)
            assert.strictEqual(stats.requests.createIdentity, 1)
            assert.strictEqual(stats.identitiesCreated, 1)
          }
        })
      )
  )

  live(
    "reset after processing: a create with customId is not retried (the first may still run); calling again returns its identity",
    () =>
      withEmulator(({ client, emulator }) =>
        Effect.gen(function*() {
          const { result, stats } = yield* under(
            { emulator },
            { kind: "reset" },
            { count: 2, operations: ["createIdentity"] },
            client.createUserAndToken(["chat"], { customId: "alice" })
          )
          failedWith(result, "TransportError")
          assert.strictEqual(stats.requests.createIdentity, 1)
          assert.strictEqual(stats.identitiesCreated, 1)
          yield* emulator.faults.clear()
          const created = yield* client.createUserAndToken(["chat"], { customId: "alice" })
          assert.strictEqual((yield* emulator.stats).identitiesCreated, 1)
          const detail = yield* client.getUser(created.user)
          assert.strictEqual(detail.customId, "alice")
          assert.strictEqual(yield* emulator.tokenStatus(created.token), "active")
        }), { apiVersion: "2025-03-02-preview" })
  )

  live(
    "truncated body: idempotent calls are retried; a create without customId fails once with a TransportError",
    () =>
      withEmulator(({ client, emulator }) =>
        Effect.gen(function*() {
          const user = yield* newUser(client)
          const issued = yield* under({ emulator }, { kind: "truncate" }, {
            count: 2,
            operations: ["issueAccessToken"]
          }, client.getToken(user, ["voip"]))
          assert.strictEqual(yield* emulator.tokenStatus(succeeded(issued.result).token), "active")
          assert.strictEqual(issued.stats.requests.issueAccessToken, 3)
          const created = yield* under(
            { emulator },
            { kind: "truncate" },
            { count: 1, operations: ["createIdentity"] },
            client.createUserAndToken(["chat"])
          )
          assert.isFalse(failedWith(created.result, "TransportError").timedOut)
          assert.strictEqual(created.stats.requests.createIdentity, 1)
          assert.strictEqual(created.stats.identitiesCreated, 1)
        })
      )
  )

  live(
    "stalled response: the attempt times out and is retried; a stalled create is not retried and changed nothing",
    () =>
      withEmulator(({ client, clientWith, emulator, server }) =>
        Effect.gen(function*() {
          const user = yield* newUser(client)
          // the third attempt is a normal one and must beat the attempt timeout: 2 s is a guard, not a target
          const patient = yield* clientWith({ attemptTimeout: "2 seconds" })
          const issued = yield* under(
            { emulator },
            { kind: "stall" },
            { count: 2, operations: ["issueAccessToken"] },
            patient.getToken(user, ["chat"])
          )
          succeeded(issued.result)
          assert.strictEqual(issued.stats.requests.issueAccessToken, 3)
          assert.strictEqual(issued.stats.tokensIssued, 1)
          // its only attempt stalls, so a short attempt timeout cannot cut a normal call short
          const quick = yield* clientWith({ attemptTimeout: "300 millis" })
          const created = yield* under(
            { emulator },
            { kind: "stall" },
            { count: 1, operations: ["createIdentity"] },
            quick.createUser()
          )
          const error = failedWith(created.result, "TransportError")
          assert.isTrue(error.timedOut)
          assert.match(error.message, /no response within 300ms/)
          assert.strictEqual(created.stats.requests.createIdentity, 1)
          assert.strictEqual(created.stats.identitiesCreated, 0)
          // the timed-out requests were aborted: their sockets closed, only idle keep-alive ones remain
          const open = yield* eventually(server.connections, (n) => n <= 1)
          assert.isAtMost(open, 1)
        })
      )
  )

  live(
    "every attempt stalls: TransportError timedOut after 4 attempts, within the budget",
    () =>
      withEmulator(({ client, clientWith, emulator }) =>
        Effect.gen(function*() {
          const user = yield* newUser(client)
          // every attempt of this call stalls: the short attempt timeout ends each one, whatever the machine's speed
          const quick = yield* clientWith({ attemptTimeout: "200 millis" })
          const { result, stats } = yield* under(
            { emulator },
            { kind: "stall" },
            { count: 10 },
            quick.getToken(user, ["chat"])
          )
          assert.isTrue(failedWith(result, "TransportError").timedOut)
          assert.strictEqual(stats.requests.issueAccessToken, 4)
          assert.strictEqual(stats.tokensIssued, 0)
        })
      )
  )

  live(
    "a stall longer than the overall timeout ends in TransportError timedOut (overall)",
    () =>
      withEmulator(({ client, clientWith, emulator }) =>
        Effect.gen(function*() {
          const user = yield* newUser(client)
          const bounded = yield* clientWith({ attemptTimeout: "5 seconds", timeout: "500 millis" })
          const { result, stats } = yield* under(
            { emulator },
            { kind: "stall" },
            { count: 10 },
            bounded.getToken(user, ["chat"])
          )
          const error = failedWith(result, "TransportError")
          assert.isTrue(error.timedOut)
          // the 500 ms overall limit ended it (not the 5 s attempt timeout), and no retry was sent past it
          assert.match(error.message, /within 500ms/)
          assert.strictEqual(stats.requests.issueAccessToken, 1)
        })
      )
  )

  live(
    "429 storm with retry-after-ms: each create waits as told, succeeds, one identity",
    () =>
      withEmulator(({ client, emulator }) =>
        Effect.gen(function*() {
          const { result, stats } = yield* under(
            { emulator },
            { kind: "status", status: 429, retryAfterMs: 30 },
            { count: 3, operations: ["createIdentity"] },
            client.createUserAndToken(["chat"])
          )
          const created = succeeded(result)
          assert.strictEqual(stats.requests.createIdentity, 4)
          assert.strictEqual(stats.identitiesCreated, 1)
          assert.strictEqual(yield* emulator.tokenStatus(created.token), "active")
        })
      )
  )

  live(
    "429 storm with Retry-After in seconds: honoured, then success",
    () =>
      withEmulator(({ client, emulator }) =>
        Effect.gen(function*() {
          const user = yield* newUser(client)
          const { result, stats } = yield* under(
            { emulator },
            { kind: "status", status: 429, retryAfterSeconds: 1 },
            { count: 1, operations: ["issueAccessToken"] },
            client.getToken(user, ["chat"])
          )
          succeeded(result)
          assert.strictEqual(stats.requests.issueAccessToken, 2)
        })
      )
  )

  live(
    "429 storm longer than the retries: the last 429 surfaces as a ServiceError; nothing was created",
    () =>
      withEmulator(({ client, emulator }) =>
        Effect.gen(function*() {
          const { result, stats } = yield* under(
            { emulator },
            { kind: "status", status: 429, retryAfterMs: 10 },
            { count: 50 },
            client.createUser()
          )
          const error = failedWith(result, "ServiceError")
          assert.strictEqual(error.status, 429)
          assert.strictEqual(error.code, "TooManyRequests")
          assert.strictEqual(error.retryAfterMillis, 10)
          assert.strictEqual(stats.requests.createIdentity, 4)
          assert.strictEqual(stats.identitiesCreated, 0)
        })
      )
  )

  onTestClock(
    "a Retry-After past the overall timeout fails at once with the ServiceError, not a timeout (TestClock)",
    () =>
      withEmulator(({ client, emulator }) =>
        Effect.gen(function*() {
          const user = yield* newUser(client)
          // the TestClock stands still: a call that waited (for the Retry-After or the 5 s timeout) would never end,
          // so ending at all is "at once"; the live 20 s bound only turns such a wait into a failure
          const fiber = yield* Effect.fork(under(
            { emulator },
            { kind: "status", status: 503, retryAfterSeconds: 60 },
            { count: 1 },
            client.getToken(user, ["chat"])
          ))
          const ended = yield* Effect.timeoutOption(Fiber.join(fiber), "20 seconds").pipe(TestServices.provideLive)
          assert.isTrue(Option.isSome(ended), "the call waited on the clock instead of failing at once")
          const { result, stats } = Option.getOrThrow(ended)
          const error = failedWith(result, "ServiceError")
          assert.strictEqual(error.status, 503)
          assert.strictEqual(error.retryAfterMillis, 60_000)
          assert.strictEqual(stats.requests.issueAccessToken, 1)
        }), { timeout: "5 seconds" })
  )

  live(
    "503 bursts: retried with backoff; creates too (not processed) — one identity each",
    () =>
      withEmulator(({ client, emulator }) =>
        Effect.gen(function*() {
          const user = yield* newUser(client)
          const issued = yield* under(
            { emulator },
            { kind: "status", status: 503 },
            { count: 3 },
            client.getToken(user, ["chat"])
          )
          succeeded(issued.result)
          assert.strictEqual(issued.stats.requests.issueAccessToken, 4)
          const created = yield* under({ emulator }, { kind: "status", status: 503 }, { count: 2 }, client.createUser())
          succeeded(created.result)
          assert.strictEqual(created.stats.requests.createIdentity, 3)
          assert.strictEqual(created.stats.identitiesCreated, 1)
          const exhausted = yield* under(
            { emulator },
            { kind: "status", status: 503 },
            { count: 4 },
            client.createUserAndToken(["voip"])
          )
          assert.strictEqual(failedWith(exhausted.result, "ServiceError").status, 503)
          assert.strictEqual(exhausted.stats.requests.createIdentity, 4)
          assert.strictEqual(exhausted.stats.identitiesCreated, 0)
        })
      )
  )

  live(
    "500 and 502 bursts: idempotent calls retried; a create without customId is not (and created nothing)",
    () =>
      withEmulator(({ client, emulator }) =>
        Effect.gen(function*() {
          const user = yield* newUser(client)
          for (const status of [500, 502] as const) {
            const issued = yield* under(
              { emulator },
              { kind: "status", status },
              { count: 2 },
              client.getToken(user, ["chat"])
            )
            succeeded(issued.result)
            assert.strictEqual(issued.stats.requests.issueAccessToken, 3)
            const created = yield* under({ emulator }, { kind: "status", status }, { count: 1 }, client.createUser())
            const error = failedWith(created.result, "ServiceError")
            assert.strictEqual(error.status, status)
            if (status === 502) assert.strictEqual(error.message, "Bad Gateway")
            assert.strictEqual(created.stats.requests.createIdentity, 1)
            assert.strictEqual(created.stats.identitiesCreated, 0)
          }
        })
      )
  )

  live(
    "malformed JSON after processing: DecodeError, never retried; the create happened once",
    () =>
      withEmulator(({ client, emulator }) =>
        Effect.gen(function*() {
          const created = yield* under(
            { emulator },
            { kind: "malformed" },
            { count: 1 },
            client.createUserAndToken(["chat"])
          )
          const error = failedWith(created.result, "DecodeError")
          assert.strictEqual(error.status, 201)
          assert.match(error.message, /not JSON/)
          assert.strictEqual(created.stats.requests.createIdentity, 1)
          assert.strictEqual(created.stats.identitiesCreated, 1)
          const user = yield* newUser(client)
          const issued = yield* under(
            { emulator },
            { kind: "malformed" },
            { count: 1 },
            client.getToken(user, ["chat"])
          )
          failedWith(issued.result, "DecodeError")
          assert.strictEqual(issued.stats.requests.issueAccessToken, 1)
          // an operation answering 204 gets malformed JSON under 200: a wrong success status
          const revoked = yield* under({ emulator }, { kind: "malformed" }, { count: 1 }, client.revokeTokens(user))
          const unexpected = failedWith(revoked.result, "ServiceError")
          assert.strictEqual(unexpected.status, 200)
          assert.match(unexpected.message, /expected 204/)
          assert.strictEqual(revoked.stats.requests.revokeAccessTokens, 1)
        })
      )
  )

  live(
    "wrong content type: an HTML error page is retried like its status; the result is right",
    () =>
      withEmulator(({ client, emulator }) =>
        Effect.gen(function*() {
          const user = yield* newUser(client)
          const { result, stats } = yield* under(
            { emulator },
            { kind: "status", status: 502, contentType: "text/html", body: "<html><body>Bad Gateway</body></html>" },
            { count: 2 },
            client.getToken(user, ["chat"], { expiresInMinutes: 60 })
          )
          const token = succeeded(result)
          assert.strictEqual(stats.requests.issueAccessToken, 3)
          assert.strictEqual(yield* emulator.tokenStatus(token.token), "active")
          const lifetime = token.expiresOn.getTime() - Date.now()
          assert.isTrue(lifetime > 58 * 60_000 && lifetime <= 60 * 60_000, `a 60-minute token, got ${lifetime} ms`)
        })
      )
  )

  live(
    "wrong content type: an HTML success body is a DecodeError (not retried); an HTML 404 a ServiceError",
    () =>
      Effect.gen(function*() {
        const html = "<!DOCTYPE html><html><body>Welcome to nginx!</body></html>"
        const server = yield* loopback((req, res) => {
          const status = req.method === "DELETE" ? 404 : req.url!.startsWith("/identities?") ? 201 : 200
          res.writeHead(status, { "content-type": "text/html; charset=utf-8" })
          res.end(html)
        })
        const client = yield* (yield* transport())({
          connectionString: connectionStringFor(server.url),
          retry: fastRetry
        })
        const user = {
          communicationUserId: "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001"
        }
        const issued = failedWith(yield* outcome(client.getToken(user, ["chat"])), "DecodeError")
        assert.strictEqual(issued.status, 200)
        assert.strictEqual(issued.message, "The response body is not JSON.")
        failedWith(yield* outcome(client.createUserAndToken(["chat"])), "DecodeError")
        const missing = failedWith(yield* outcome(client.deleteUser(user)), "ServiceError")
        assert.strictEqual(missing.status, 404)
        assert.include(missing.message, "Welcome to nginx!")
        assert.strictEqual(server.requests(), 3)
      })
  )

  live(
    "oversized body: the size limit ends it in a TransportError, never retried, even when idempotent",
    () =>
      withEmulator(
        ({ client, emulator }) =>
          Effect.gen(function*() {
            // a bare identity fits in 256 bytes; anything with a token does not
            const user = yield* newUser(client)
            const before = yield* emulator.stats
            const issued = failedWith(yield* outcome(client.getToken(user, ["chat"])), "TransportError")
            assert.isFalse(issued.timedOut)
            assert.isTrue(line.isResponseTooLarge(issued.cause))
            assert.match(issued.message, /exceeds 256 bytes/)
            const created = failedWith(yield* outcome(client.createUserAndToken(["chat"])), "TransportError")
            assert.isTrue(line.isResponseTooLarge(created.cause))
            const stats = delta(before, yield* emulator.stats)
            assert.strictEqual(stats.requests.issueAccessToken, 1)
            assert.strictEqual(stats.requests.createIdentity, 1)
            assert.strictEqual(stats.identitiesCreated, 1)
            // the transport still works after closing the oversized responses' sockets
            succeeded(yield* outcome(client.deleteUser(user)))
          }),
        {},
        { maxResponseBytes: 256 }
      )
  )

  live(
    "oversized body from a server: a huge content-length or an endless stream fails fast, once, and frees the socket",
    () =>
      Effect.gen(function*() {
        const endless = yield* loopback((req, res) => {
          if (req.url!.includes(":issueAccessToken")) {
            // announces 64 MiB
            res.writeHead(200, { "content-type": "application/json", "content-length": String(64 * 1024 * 1024) })
            res.write("{\"token\":\"")
            return
          }
          // no content-length: streams until the client hangs up (bounded by the client's limit)
          res.writeHead(200, { "content-type": "application/json" })
          const chunk = Buffer.alloc(16 * 1024, 0x61)
          let sent = 0
          const pump = () => {
            while (!res.destroyed && sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.length
            if (!res.destroyed && sent < 64 * 1024 * 1024) res.once("drain", pump)
          }
          pump()
        })
        const client = yield* (yield* transport({ maxResponseBytes: 64 * 1024 }))({
          connectionString: connectionStringFor(endless.url),
          retry: fastRetry
        })
        const user = {
          communicationUserId: "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001"
        }
        const announced = failedWith(yield* outcome(client.getToken(user, ["chat"])), "TransportError")
        assert.isTrue(line.isResponseTooLarge(announced.cause))
        const streamed = failedWith(yield* outcome(client.revokeTokens(user)), "TransportError")
        assert.isTrue(line.isResponseTooLarge(streamed.cause))
        assert.strictEqual(endless.requests(), 2)
        // both connections were closed by the client, not left open
        const open = yield* eventually(endless.connections, (n) => n === 0)
        assert.strictEqual(open, 0)
      }),
    { timeout: 30_000 }
  )

  live(
    "a seeded mix of faults under concurrency: every call ends well or typed; creates with customId never duplicate",
    () =>
      withEmulator(({ client, clientWith, emulator }) =>
        Effect.gen(function*() {
          const faults: ReadonlyArray<Emulator.Fault> = [
            { kind: "reset" },
            { kind: "truncate" },
            { kind: "malformed" },
            { kind: "stall" },
            { kind: "status", status: 429, retryAfterMs: 5 },
            { kind: "status", status: 503 },
            { kind: "status", status: 500 },
            { kind: "latency", millis: 20 }
          ]
          for (const [i, fault] of faults.entries()) {
            yield* emulator.faults.inject(fault, { fraction: 0.05, seed: `mix-${i}`, limit: 15 })
          }
          // a short attempt timeout ends the stalls; on a slow machine it cuts normal attempts short too,
          // which only adds retries: how many calls succeed is up to timing and is not asserted
          const mixed = yield* clientWith({ attemptTimeout: "300 millis", timeout: "10 seconds" })
          const before = yield* emulator.stats
          const customIds = Array.from({ length: 60 }, (_, i) => `user-${i}`)
          const ids = [...customIds, ...customIds]
          const results = yield* Effect.forEach(
            ids,
            (customId) => outcome(mixed.createUserAndToken(["chat"], { customId })),
            { concurrency: 16 }
          )
          const after = delta(before, yield* emulator.stats)
          yield* emulator.faults.clear()
          for (const result of results) {
            if (result._tag === "Failure") {
              assert.include(["TransportError", "ServiceError", "DecodeError"], result.error._tag)
            }
          }
          // the seeded faults fired, and the failed attempts were retried (the first 120 draws are fixed by the seeds)
          assert.isAbove(after.faultsApplied, 0)
          assert.isAbove(after.requests.createIdentity, ids.length, "no create was retried")
          assert.isAtMost(after.identitiesCreated, customIds.length)
          // the same customId always maps to one identity, however often it was retried
          const byCustomId = new Map<string, string>()
          results.forEach((result, i) => {
            if (result._tag !== "Success") return
            const known = byCustomId.get(ids[i]!)
            if (known !== undefined) assert.strictEqual(result.value.user.communicationUserId, known)
            byCustomId.set(ids[i]!, result.value.user.communicationUserId)
          })
          // with the faults gone, each customId (whatever its calls ended in) resolves to its one identity:
          // a call that failed after the service processed it left that identity, never a second one
          const again = yield* Effect.forEach(
            customIds,
            (customId) => client.createUserAndToken(["chat"], { customId }),
            { concurrency: 4 }
          )
          for (const [i, created] of again.entries()) {
            const customId = customIds[i]!
            const known = byCustomId.get(customId)
            if (known !== undefined) assert.strictEqual(created.user.communicationUserId, known)
            const detail = yield* client.getUser(created.user)
            assert.strictEqual(detail.customId, customId)
          }
          assert.strictEqual(new Set(again.map((created) => created.user.communicationUserId)).size, customIds.length)
          assert.strictEqual(delta(before, yield* emulator.stats).identitiesCreated, customIds.length)
        }), { apiVersion: "2025-03-02-preview" }),
    { timeout: 120_000 }
  )
  return all
}
