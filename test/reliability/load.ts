/**
 * The load scenario (run by Load.test.ts on this line's client and by
 * packages/effect4/test on the Effect 4 one). Load: 10,000 operations (a mix of createUserAndToken and getToken) with 256
 * in flight, through the real client and `node:http` transport against the
 * emulator on a loopback socket, in one process. Then: every operation
 * succeeded; the server's open connections are back to at most the agent's
 * idle pool, and to 0 once the client's scope closes; no fiber is left
 * (client-side under a supervisor, and no new root fiber anywhere, the
 * server's request fibers included); with the session closed, the heap after
 * a GC is back near where it was after a warm session. The emulator runs in
 * this process (so its fibers and sockets are visible), in a scope per session.
 */
import type { IdentityError } from "@effect-acs/identity/IdentityError"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorServer from "@effect-acs/identity-emulator/EmulatorServer"
import { assert } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as ExecutionStrategy from "effect/ExecutionStrategy"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as Supervisor from "effect/Supervisor"
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import { eventually, fastRetry, type Line, type Scenario } from "./harness.js"

const operations = 10_000
const inFlight = 256
const warmup = 500

/** A full GC: `global.gc` when exposed, else exposed at runtime through V8 flags. */
const gc = (): (() => void) | undefined => {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (typeof exposed === "function") return exposed
  try {
    V8.setFlagsFromString("--expose-gc")
    const fn = Vm.runInNewContext("gc") as unknown
    return typeof fn === "function" ? (fn as () => void) : undefined
  } catch {
    return undefined
  }
}

/** The heap in use after (up to three) full GCs. */
const settledHeap = (collect: (() => void) | undefined) =>
  Effect.gen(function*() {
    for (let i = 0; i < 3; i++) {
      collect?.()
      yield* Effect.sleep("20 millis")
    }
    return process.memoryUsage().heapUsed
  })

/**
 * One session in its own scope: an emulator served on a socket and a client
 * with its own transport; runs `n` operations, checks every outcome, the
 * sockets and the fibers, then closes everything.
 */
const session = (line: Line, n: number) =>
  Effect.gen(function*() {
    const rootsBefore = new Set(yield* Fiber.roots)
    const scope = yield* Scope.make()
    const emulatorContext = yield* Layer.buildWithScope(
      Emulator.layer().pipe(Layer.provideMerge(NodeCrypto.layer)),
      scope
    )
    const server = yield* EmulatorServer.serve({ port: 0 }).pipe(Effect.provide(emulatorContext), Scope.extend(scope))
    const emulator = Context.get(emulatorContext, Emulator.Emulator)
    const clientScope = yield* Scope.fork(scope, ExecutionStrategy.sequential)
    const make = yield* Scope.extend(line.transport({}), clientScope)
    const client = yield* make({
      connectionString: server.connectionString,
      retry: fastRetry,
      // generous: a guard against a hang, not a latency target
      attemptTimeout: "60 seconds",
      timeout: "90 seconds"
    })
    const users = yield* Effect.forEach(Array.from({ length: 64 }), () => client.createUser(), { concurrency: 16 })
    // Open the pool first: with the server in this process, Node accepts new connections only
    // when its loop has a moment, so connections opened while 256 others keep it busy wait
    // in the accept queue until the load ends (a test artefact, not a client behaviour).
    yield* Effect.forEach(Array.from({ length: inFlight }), (_, i) =>
      client.getToken(users[i % users.length]!, ["chat"]), {
      concurrency: inFlight,
      discard: true
    })
    const statsBefore = yield* emulator.stats
    const supervisor = yield* Supervisor.track

    // every 4th operation creates a user with a token, the rest issue tokens
    let succeeded = 0
    let firstFailure: Cause.Cause<IdentityError> | undefined
    yield* Effect.forEach(
      Array.from({ length: n }, (_, i) =>
        i),
      (i) =>
        Effect.exit(
          i % 4 === 0
            ? client.createUserAndToken(["chat"])
            : client.getToken(users[i % users.length]!, i % 2 === 0 ? ["voip"] : ["chat", "voip"])
        ).pipe(Effect.map((exit) => {
          if (Exit.isSuccess(exit))
            succeeded++
          else firstFailure ??= exit.cause
        })),
      { concurrency: inFlight, discard: true }
    ).pipe(Effect.supervised(supervisor))
    assert.isUndefined(firstFailure, firstFailure && Cause.pretty(firstFailure))
    assert.strictEqual(succeeded, n)

    const stats = yield* emulator.stats
    assert.strictEqual(stats.requests.createIdentity - statsBefore.requests.createIdentity, n / 4)
    assert.strictEqual(stats.requests.issueAccessToken - statsBefore.requests.issueAccessToken, n * 3 / 4)
    assert.strictEqual(stats.identitiesCreated - statsBefore.identitiesCreated, n / 4, "no create was sent twice")

    // sockets: at most the agent's idle pool stays open while the client lives ...
    const idle = yield* server.connections
    assert.isAtMost(idle, inFlight)
    assert.isAbove(idle, 0, "keep-alive sockets are reused, not closed after each request")
    // ... and none once its scope closes
    yield* Scope.close(clientScope, Exit.void)
    assert.strictEqual(
      yield* eventually(server.connections, (open) =>
        open === 0),
      0,
      "sockets left open"
    )

    // fibers: none left under the supervisor, and no new root fiber (the server's request fibers included)
    assert.strictEqual((yield* supervisor.value).length, 0, "client fibers left running")
    const leftover = (roots: ReadonlyArray<Fiber.RuntimeFiber<unknown, unknown>>) =>
      roots.filter((fiber) => !rootsBefore.has(fiber)).length
    assert.strictEqual(
      yield* eventually(Effect.map(Fiber.roots, leftover), (count) => count === 0),
      0,
      "root fibers left running"
    )
    yield* Scope.close(scope, Exit.void)
  })

/** The title the scenario runs under. */
export const title = "load (emulator socket, node:http)"

/** The load scenario on `line`'s client. */
export const scenarios = (line: Line): ReadonlyArray<Scenario> => [{
  name: `${operations} operations, ${inFlight} in flight: all succeed; no socket, fiber or memory left behind`,
  run: () =>
    Effect.gen(function*() {
      const collect = gc()
      // a warm session first (JIT, module state, pools), then the baseline
      yield* session(line, warmup)
      const heapBefore = yield* settledHeap(collect)

      yield* session(line, operations)

      // memory: with the session closed, the heap after a GC is back near the start; a leak
      // of the emulator's state alone (each identity and token record, ~1.3 KiB an operation)
      // or of a few hundred bytes an operation on the client would exceed the allowance
      const heapAfter = yield* settledHeap(collect)
      const growth = heapAfter - heapBefore
      const allowance = (collect === undefined ? 16 : 4) * 1024 * 1024
      assert.isBelow(
        growth,
        allowance,
        `heap grew by ${Math.round(growth / 1024)} KiB (allowed ${allowance / 1024} KiB)`
      )
    }),
  timeout: 180_000
}]
