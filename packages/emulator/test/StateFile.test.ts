import { describe, expect, it } from "@effect/vitest"
import * as CommunicationIdentityClient from "@effect-acs/identity/CommunicationIdentityClient"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import { EmulatorError } from "@effect-acs/identity-emulator/EmulatorError"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as NodeHttpClient from "@effect-acs/identity-node/NodeHttpClient"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as HashMap from "effect/HashMap"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Scope from "effect/Scope"
import * as ChildProcess from "node:child_process"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { firstLine, spawnScript } from "../../core/test/utils/child.js"
import * as State from "../src/internal/state.js"
import { inProcess, makeClient } from "./utils.js"

/** A state file path in a temporary directory, removed with the scope. */
const tempState = Effect.map(
  Effect.acquireRelease(
    Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "acs-emulator-state-"))),
    (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
  ),
  (dir) => Path.join(dir, "state.json")
)

const user = (i: number): State.User => ({ id: `u${i}`, createdAt: 0, tokens: [] })

/** A change adding user `i`; it answers the number of users it saw. */
const add = (i: number) => (identities: State.Identities) =>
  Effect.succeed([HashMap.size(identities.users), State.setUser(identities, user(i))] as const)

/** A change that changes nothing; it answers the number of users it saw. */
const look = (identities: State.Identities) => Effect.succeed([HashMap.size(identities.users), identities] as const)

/** A write under way: how many users it holds; completing `release` ends it (with that outcome). */
interface Write {
  readonly users: number
  readonly release: Deferred.Deferred<void, EmulatorError>
}

/** A `save` that reports each write and blocks it until released; `log` records the completed writes. */
const blockingSave = Effect.map(Queue.unbounded<Write>(), (writes) => {
  const log: Array<string> = []
  const save = (identities: State.Identities) =>
    Effect.gen(function*() {
      const release = yield* Deferred.make<void, EmulatorError>()
      const users = HashMap.size(identities.users)
      yield* Queue.offer(writes, { users, release })
      yield* Deferred.await(release)
      log.push(`write ${users}`)
    })
  return { writes, log, save }
})

const snapshot = (identities: State.Identities) => ({
  version: 1 as const,
  resourceId: "00000000-0000-0000-0000-000000000001",
  accessKey: Buffer.alloc(32, 1).toString("base64"),
  tokenSecret: Buffer.alloc(32, 2).toString("base64"),
  users: [...HashMap.values(identities.users)]
})

const bin = Path.join(import.meta.dirname, "../src/bin.ts")

/** The pid of a process that has exited. */
const deadPid = () => ChildProcess.spawnSync(process.execPath, ["-e", ""]).pid

describe("state file lock", () => {
  it.scoped("a second store on the file is refused naming the file and the holder, until the first one's scope closes", () =>
    Effect.gen(function*() {
      const path = yield* tempState
      const first = yield* Scope.make()
      yield* Scope.extend(State.open(path), first)
      const lock = JSON.parse(Fs.readFileSync(`${path}.lock`, "utf8"))
      expect(lock).toMatchObject({ pid: process.pid, host: Os.hostname() })

      const refused = yield* Effect.flip(Effect.scoped(State.open(path)))
      expect(refused).toBeInstanceOf(EmulatorError)
      expect(refused.reason).toBe("StateFile")
      expect(refused.message).toBe(
        `The state file ${path} is in use by another emulator (process ${process.pid} on ${Os.hostname()}); stop it or use another file.`
      )
      // the refused one left the holder's lock alone
      expect(JSON.parse(Fs.readFileSync(`${path}.lock`, "utf8"))).toEqual(lock)

      yield* Scope.close(first, Exit.void)
      expect(Fs.existsSync(`${path}.lock`)).toBe(false)
      yield* Effect.scoped(State.open(path))
      expect(Fs.readdirSync(Path.dirname(path))).toEqual([])
    }))

  it.scoped("of 8 stores opening the file at once exactly one gets it, the others are refused", () =>
    Effect.gen(function*() {
      const path = yield* tempState
      const scope = yield* Effect.scope
      const opened = yield* Effect.all(
        Array.from({ length: 8 }, () => Effect.either(Scope.extend(State.open(path), scope))),
        { concurrency: "unbounded" }
      )
      expect(opened.filter(Either.isRight)).toHaveLength(1)
      for (const refused of opened.filter(Either.isLeft)) {
        expect(refused.left.message).toContain(`is in use by another emulator (process ${process.pid} on`)
      }
      expect(Fs.readdirSync(Path.dirname(path))).toEqual(["state.json.lock"])
    }))

  it.scoped("two emulators on one state file: the second is refused, a later one starts after the first stops", () =>
    Effect.gen(function*() {
      const path = yield* tempState
      const make = Effect.provide(Emulator.make({ statePath: path }), NodeCrypto.layer)
      const first = yield* Scope.make()
      const emulator = yield* Scope.extend(make, first)
      const refused = yield* Effect.flip(Effect.scoped(make))
      expect(refused).toMatchObject({ _tag: "EmulatorError", reason: "StateFile" })
      expect(refused.message).toContain(path)
      expect(refused.message).toContain(`process ${process.pid}`)
      yield* Scope.close(first, Exit.void)
      expect((yield* Effect.scoped(make)).resourceId).toBe(emulator.resourceId)
    }))

  it.scoped("a lock whose process is gone is taken over; one of another host or not an emulator's is refused", () =>
    Effect.gen(function*() {
      const path = yield* tempState
      const lockPath = `${path}.lock`
      const stale = [
        { pid: deadPid(), host: Os.hostname(), id: "a" },
        // this pid, but not a lock this process took: a previous process's with the same pid (a container restart)
        { pid: process.pid, host: Os.hostname(), id: "b" }
      ]
      for (const holder of stale) {
        Fs.writeFileSync(lockPath, JSON.stringify(holder))
        yield* Effect.scoped(Effect.gen(function*() {
          yield* State.open(path)
          expect(JSON.parse(Fs.readFileSync(lockPath, "utf8"))).toMatchObject({ pid: process.pid })
          expect(JSON.parse(Fs.readFileSync(lockPath, "utf8")).id).not.toBe(holder.id)
        }))
        expect(Fs.readdirSync(Path.dirname(path))).toEqual([])
      }

      Fs.writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: `not-${Os.hostname()}`, id: "c" }))
      expect((yield* Effect.flip(Effect.scoped(State.open(path)))).message).toContain(
        `(process ${process.pid} on not-${Os.hostname()})`
      )
      Fs.writeFileSync(lockPath, "held")
      expect((yield* Effect.flip(Effect.scoped(State.open(path)))).message).toBe(
        `The state file ${path} is locked by ${lockPath}, which is not an emulator's lock; remove it if no emulator uses the file.`
      )
      expect(Fs.readFileSync(lockPath, "utf8")).toBe("held")
    }))

  it.scoped("the temporary files a killed emulator left (they hold the key) are removed at start, and only those", () =>
    Effect.gen(function*() {
      const path = yield* tempState
      const dir = Path.dirname(path)
      const left = `.state.json.${Crypto.randomUUID()}.tmp`
      const others = [
        `.other.json.${Crypto.randomUUID()}.tmp`,
        ".state.json.not-a-uuid.tmp",
        `.state.json.${Crypto.randomUUID()}.tmp.bak`,
        "state.json.bak"
      ]
      for (const name of [left, ...others]) Fs.writeFileSync(Path.join(dir, name), "{\"accessKey\":\"secret\"")
      Fs.writeFileSync(`${path}.lock`, JSON.stringify({ pid: deadPid(), host: Os.hostname(), id: "crashed" }))
      yield* Effect.scoped(Effect.provide(Emulator.make({ statePath: path }), NodeCrypto.layer))
      expect(Fs.readdirSync(dir).sort()).toEqual([...others, "state.json"].sort())
    }))
})

describe("state file lock of the CLI", () => {
  it.live(
    "a second CLI on the file exits 1 naming it; after a kill -9 the next one starts, cleans up and has every change",
    () =>
      Effect.gen(function*() {
        const state = yield* tempState
        const start = Effect.gen(function*() {
          const cli = yield* spawnScript(bin, ["--port", "0", "--state", state])
          const line = yield* firstLine(cli)
          const client = yield* CommunicationIdentityClient.make({
            connectionString: line.slice("ACS_CONNECTION_STRING=".length),
            apiVersion: "2025-03-02-preview"
          })
          return { cli, client }
        })
        const first = yield* start
        const user = yield* first.client.createUser({ customId: "frank" })

        const second = yield* spawnScript(bin, ["--port", "0", "--state", state])
        expect(yield* second.exited).toBe(1)
        expect(second.stdout()).toBe("")
        expect(second.stderr()).toContain(
          `The state file ${state} is in use by another emulator (process ${first.cli.process.pid} on ${Os.hostname()})`
        )

        first.cli.process.kill("SIGKILL")
        expect(yield* first.cli.exited).toBe(null)
        // as if it had been killed while writing
        const left = Path.join(Path.dirname(state), `.state.json.${Crypto.randomUUID()}.tmp`)
        Fs.writeFileSync(left, "{\"accessKey\":\"secret\"")

        const third = yield* start
        expect(Fs.existsSync(left)).toBe(false)
        expect(yield* third.client.createUser({ customId: "frank" })).toEqual(user)
        third.cli.process.kill("SIGTERM")
        expect(yield* third.cli.exited).toBe(0)
        expect(Fs.readdirSync(Path.dirname(state))).toEqual(["state.json"])
      }).pipe(Effect.scoped, Effect.provide(Layer.mergeAll(NodeHttpClient.layer(), NodeCrypto.layer))),
    90_000
  )
})

describe("group commit", () => {
  it.scoped("changes made during a write go out together in the next one; each is acknowledged after its write", () =>
    Effect.gen(function*() {
      const { log, save, writes } = yield* blockingSave
      const store = yield* State.makeStore(State.fromUsers([]), save)
      const acks: Array<string> = []
      const change = (i: number) => Effect.tap(store.modify(add(i)), () => Effect.sync(() => acks.push(`ack ${i}`)))

      const first = yield* Effect.fork(change(0))
      const write1 = yield* Queue.take(writes)
      expect(write1.users).toBe(1)

      // 99 more changes while the first write is under way; each sees the one before
      const more = 99
      let ran = 0
      const allRan = yield* Deferred.make<void>()
      const rest = yield* Effect.fork(Effect.all(
        Array.from({ length: more }, (_, i) =>
          Effect.tap(
            store.modify((identities) =>
              Effect.tap(
                add(i + 1)(identities),
                () => ++ran === more ? Deferred.succeed(allRan, undefined) : Effect.void
              )
            ),
            () => Effect.sync(() => acks.push(`ack ${i + 1}`))
          )),
        { concurrency: "unbounded" }
      ))
      yield* Deferred.await(allRan)
      // a change that changes nothing still waits until the state it saw is saved
      const lookRan = yield* Deferred.make<void>()
      const looked = yield* Effect.fork(
        Effect.tap(
          store.modify((identities) => Effect.zipLeft(look(identities), Deferred.succeed(lookRan, undefined))),
          () => Effect.sync(() => acks.push("ack look"))
        )
      )
      // when `look` ran, every change before it had been queued
      yield* Deferred.await(lookRan)
      expect(acks).toEqual([])
      expect((yield* store.current).users).toEqual(HashMap.empty())

      yield* Deferred.succeed(write1.release, undefined)
      expect(yield* Fiber.join(first)).toBe(0)
      const write2 = yield* Queue.take(writes)
      expect(write2.users).toBe(1 + more)
      expect(acks).toEqual(["ack 0"])
      yield* Deferred.succeed(write2.release, undefined)
      const seen = yield* Fiber.join(rest)
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: more }, (_, i) => i + 1))
      expect(yield* Fiber.join(looked)).toBe(1 + more)

      expect(log).toEqual(["write 1", `write ${1 + more}`])
      expect(yield* Queue.size(writes)).toBe(0)
      expect(acks.slice(0, 1)).toEqual(["ack 0"])
      expect(new Set(acks.slice(1))).toEqual(
        new Set([...Array.from({ length: more }, (_, i) => `ack ${i + 1}`), "ack look"])
      )
      expect(HashMap.size((yield* store.current).users)).toBe(1 + more)
    }))

  it.scoped("a failed write fails its changes and those made on top of them, and commits none", () =>
    Effect.gen(function*() {
      const { save, writes } = yield* blockingSave
      const store = yield* State.makeStore(State.fromUsers([user(0)]), save)
      const first = yield* Effect.fork(store.modify(add(1)))
      const write = yield* Queue.take(writes)
      const secondRan = yield* Deferred.make<void>()
      const second = yield* Effect.fork(
        store.modify((identities) => Effect.zipLeft(add(2)(identities), Deferred.succeed(secondRan, undefined)))
      )
      yield* Deferred.await(secondRan)
      const failure = new EmulatorError({ reason: "StateFile", message: "disk full" })
      yield* Deferred.fail(write.release, failure)
      expect(yield* Effect.flip(Fiber.join(first))).toBe(failure)
      expect(yield* Effect.flip(Fiber.join(second))).toBe(failure)
      expect([...HashMap.keys((yield* store.current).users)]).toEqual(["u0"])

      // the next change starts from the saved state
      const next = yield* Effect.fork(store.modify(add(3)))
      const retry = yield* Queue.take(writes)
      expect(retry.users).toBe(2)
      yield* Deferred.succeed(retry.release, undefined)
      expect(yield* Fiber.join(next)).toBe(1)
      expect([...HashMap.keys((yield* store.current).users)].sort()).toEqual(["u0", "u3"])
    }))

  it.scoped("closing saves the pending changes (also of callers gone), then refuses changes", () =>
    Effect.gen(function*() {
      const { log, save, writes } = yield* blockingSave
      const scope = yield* Scope.make()
      const store = yield* Scope.extend(State.makeStore(State.fromUsers([]), save), scope)
      const first = yield* Effect.fork(store.modify(add(0)))
      const write1 = yield* Queue.take(writes)
      const gone = yield* Effect.fork(store.modify(add(1)))
      const lookRan = yield* Deferred.make<void>()
      const looked = yield* Effect.fork(
        store.modify((identities) => Effect.zipLeft(look(identities), Deferred.succeed(lookRan, undefined)))
      )
      yield* Deferred.await(lookRan)
      yield* Fiber.interrupt(gone)
      const closing = yield* Effect.fork(Scope.close(scope, Exit.void))
      yield* Deferred.succeed(write1.release, undefined)
      const write2 = yield* Queue.take(writes)
      expect(write2.users).toBe(2)
      yield* Deferred.succeed(write2.release, undefined)
      yield* Fiber.join(closing)
      expect(yield* Fiber.join(first)).toBe(0)
      expect(yield* Fiber.join(looked)).toBe(2)
      expect(log).toEqual(["write 1", "write 2"])
      expect(yield* Effect.flip(store.modify(add(2)))).toMatchObject({
        reason: "StateFile",
        message: "The emulator has stopped: the change was not saved."
      })
    }))

  it.scoped("500 concurrent changes to a state file: all acknowledged, all there after reopening, in at most as many writes", () =>
    Effect.gen(function*() {
      const path = yield* tempState
      const count = 500
      let written = 0
      yield* Effect.scoped(Effect.gen(function*() {
        expect(yield* State.open(path)).toEqual(Option.none())
        const store = yield* State.makeStore(State.fromUsers([]), (identities) => {
          written++
          return State.save(path, snapshot(identities))
        })
        yield* Effect.all(Array.from({ length: count }, (_, i) => store.modify(add(i))), { concurrency: "unbounded" })
      }))
      expect(written).toBeGreaterThan(0)
      expect(written).toBeLessThanOrEqual(count)
      const reopened = yield* Effect.scoped(State.open(path))
      expect(Option.map(reopened, (saved) => saved.users.map((u) => u.id).sort())).toEqual(
        Option.some(Array.from({ length: count }, (_, i) => `u${i}`).sort())
      )
      expect(Fs.readdirSync(Path.dirname(path))).toEqual(["state.json"])
    }))

  it.scoped("500 concurrent creates with --state are all answered and saved", () =>
    Effect.gen(function*() {
      const statePath = yield* tempState
      const users = yield* Effect.gen(function*() {
        const client = yield* makeClient("2025-03-02-preview")
        return yield* Effect.all(
          Array.from({ length: 500 }, (_, i) => client.createUser({ customId: `c${i}` })),
          { concurrency: "unbounded" }
        )
      }).pipe(Effect.provide(inProcess({ statePath })))
      const saved = JSON.parse(Fs.readFileSync(statePath, "utf8")) as { users: ReadonlyArray<{ id: string }> }
      expect(saved.users.map((u) => u.id).sort()).toEqual(users.map((u) => u.communicationUserId).sort())
      expect(new Set(saved.users.map((u) => u.id)).size).toBe(500)
    }), 120_000)
})
