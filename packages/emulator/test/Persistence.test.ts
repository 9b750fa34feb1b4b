import { describe, expect, it } from "@effect/vitest"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { inProcess, makeClient, send } from "./utils.js"

/** A temporary directory, removed with the scope. */
const tempDir = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "acs-emulator-"))),
  (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
)

const preview = "2025-03-02-preview"

describe("persistence", () => {
  it.scoped("assignments survive a restart", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const statePath = Path.join(dir, "state.json")
      const tenantId = "c70d068c-2f32-484d-9455-73070cd5aadd"
      const objectId = "b27b64b9-39d2-44a3-869d-67700b74e805"
      const entra = { tenantId, principalType: "group", clientIds: ["617d08b5-f35b-4270-87d6-56833d2dee1b"] }
      const saved = yield* Effect.gen(function*() {
        const client = yield* makeClient(preview)
        return {
          teams: yield* client.upsertTeamsExtensionAssignment(tenantId, objectId, { principalType: "resourceAccount" }),
          entra: yield* client.upsertEntraAssignment(objectId, entra)
        }
      }).pipe(Effect.provide(inProcess({ statePath })))
      yield* Effect.gen(function*() {
        const client = yield* makeClient(preview)
        expect(yield* client.getTeamsExtensionAssignment(tenantId, objectId)).toEqual(saved.teams)
        expect(yield* client.listEntraAssignments()).toEqual({ value: [saved.entra] })
      }).pipe(Effect.provide(inProcess({ statePath })))
    }))

  it.scoped("a restart with the same state file loses nothing", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const statePath = Path.join(dir, "nested", "state.json")
      const first = yield* Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const client = yield* makeClient(preview)
        const kept = yield* client.createUserAndToken(["chat"], { customId: "dave" })
        const revoked = yield* client.createUserAndToken(["voip"])
        yield* client.revokeTokens(revoked.user)
        const deleted = yield* client.createUser()
        yield* client.deleteUser(deleted)
        return {
          accessKey: Redacted.value(emulator.accessKey),
          resourceId: emulator.resourceId,
          kept,
          revoked,
          deleted,
          detail: yield* client.getUser(kept.user)
        }
      }).pipe(Effect.provide(inProcess({ statePath })))

      const text = Fs.readFileSync(statePath, "utf8")
      expect(Fs.statSync(statePath).mode & 0o777).toBe(0o600)
      // tokens are kept as digests only
      expect(text).not.toContain(Redacted.value(first.kept.token))
      expect(JSON.parse(text)).toMatchObject({ version: 1, resourceId: first.resourceId })
      // every save went through a temporary file that was renamed away
      expect(Fs.readdirSync(Path.dirname(statePath))).toEqual(["state.json"])

      yield* Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        expect(Redacted.value(emulator.accessKey)).toBe(first.accessKey)
        expect(emulator.resourceId).toBe(first.resourceId)
        const client = yield* makeClient(preview)
        expect(yield* client.getUser(first.kept.user)).toEqual(first.detail)
        expect(yield* client.createUser({ customId: "dave" })).toEqual(first.kept.user)
        expect(yield* emulator.tokenStatus(first.kept.token)).toBe("active")
        expect(yield* emulator.tokenStatus(first.revoked.token)).toBe("revoked")
        expect(yield* Effect.flip(client.getToken(first.deleted, ["chat"]))).toMatchObject({
          status: 404,
          code: "IdentityNotFound"
        })
        yield* client.getToken(first.revoked.user, ["chat"])
        expect((yield* emulator.stats).identitiesCreated).toBe(0)
      }).pipe(Effect.provide(inProcess({ statePath })))
    }))

  it.scoped("20 concurrent creates with one customId make one identity, also while each change is saved", () =>
    Effect.gen(function*() {
      const statePath = Path.join(yield* tempDir, "state.json")
      yield* Effect.gen(function*() {
        const client = yield* makeClient(preview)
        const users = yield* Effect.all(
          Array.from({ length: 20 }, (_, i) => client.createUser({ customId: i % 2 === 0 ? "even" : "odd" })),
          { concurrency: "unbounded" }
        )
        expect(new Set(users.map((user) => user.communicationUserId)).size).toBe(2)
        expect((yield* Effect.flatMap(Emulator.Emulator, (emulator) => emulator.stats)).identitiesCreated).toBe(2)
      }).pipe(Effect.provide(inProcess({ statePath })))
      const saved = JSON.parse(Fs.readFileSync(statePath, "utf8")) as { users: ReadonlyArray<{ customId: string }> }
      expect(saved.users.map((user) => user.customId).sort()).toEqual(["even", "odd"])
    }))

  it.scoped("a change whose state cannot be saved is answered 500 and not applied", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const stateDir = Path.join(dir, "state")
      const statePath = Path.join(stateDir, "state.json")
      yield* Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const create = send({ method: "POST", path: "/identities?api-version=2023-10-01" })
        expect((yield* create).status).toBe(201)
        // make the directory unusable: a file where it was
        Fs.rmSync(stateDir, { recursive: true })
        Fs.writeFileSync(stateDir, "")
        const failed = yield* create
        expect(failed.status).toBe(500)
        expect(failed.json).toEqual({
          error: { code: "InternalServerError", message: "The emulator could not save its state." }
        })
        expect((yield* emulator.stats).identitiesCreated).toBe(1)
        Fs.rmSync(stateDir)
        expect((yield* create).status).toBe(201)
      }).pipe(Effect.provide(inProcess({ statePath })))
      const saved = JSON.parse(Fs.readFileSync(statePath, "utf8")) as { users: ReadonlyArray<unknown> }
      expect(saved.users).toHaveLength(2)
    }))

  it.scoped("an invalid state file or another resource's file is refused without echoing the key", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const statePath = Path.join(dir, "state.json")
      const make = (options: Emulator.Options) =>
        Effect.flip(Effect.scoped(Effect.provide(Emulator.make({ statePath, ...options }), NodeCrypto.layer)))
      const key = Buffer.alloc(32, 7).toString("base64")
      Fs.writeFileSync(
        statePath,
        JSON.stringify({ version: 1, resourceId: 5, accessKey: key, tokenSecret: "", users: [] })
      )
      const invalid = yield* make({})
      expect(invalid).toMatchObject({ _tag: "EmulatorError", reason: "StateFile" })
      expect(invalid.message).toContain("resourceId")
      expect(invalid.message).not.toContain(key)
      Fs.writeFileSync(statePath, `{"accessKey":"${key}"`)
      expect((yield* make({})).message).not.toContain(key)
      Fs.rmSync(statePath)
      const created = yield* Effect.scoped(Effect.provide(
        Emulator.make({ statePath, resourceId: "00000000-0000-0000-0000-000000000001" }),
        NodeCrypto.layer
      ))
      expect(JSON.parse(Fs.readFileSync(statePath, "utf8")).resourceId).toBe(created.resourceId)
      const mismatch = yield* make({ resourceId: "00000000-0000-0000-0000-000000000002" })
      expect(mismatch).toMatchObject({ reason: "InvalidOptions" })
    }))

  it.scoped("invalid options are refused", () =>
    Effect.gen(function*() {
      for (
        const options of [
          { accessKey: "" },
          { accessKey: "not base64!" },
          { resourceId: "my-resource" },
          { maxSkewMillis: -1 }
        ]
      ) {
        const error = yield* Effect.flip(Effect.provide(Emulator.make(options), NodeCrypto.layer))
        expect(error).toMatchObject({ _tag: "EmulatorError", reason: "InvalidOptions" })
      }
      const key = Buffer.alloc(64, 1).toString("base64")
      const emulator = yield* Effect.provide(Emulator.make({ accessKey: key }), NodeCrypto.layer)
      expect(Redacted.value(emulator.connectionString("http://127.0.0.1:1/"))).toBe(
        `endpoint=http://127.0.0.1:1/;accesskey=${key}`
      )
      expect(String(emulator.accessKey)).not.toContain(key)
    }))
})
