/**
 * Access assignments against the emulator: Teams Phone extension assignments
 * (every version with the Teams Phone extension) and Entra assignments
 * (`2025-03-02-preview`) — create, replace, read, list, merge-patch, delete,
 * the 404 of a missing one, validation, the api-version gates and listing in
 * pages (the emulator's `pageSize`) — through
 * the Effect API in-process and through the drop-in over a loopback socket.
 */
import { assert, describe, it } from "@effect/vitest"
import * as ApiVersion from "@effect-acs/identity/ApiVersion"
import * as Paging from "@effect-acs/identity/Paging"
import { CommunicationIdentityClient as PromiseIdentityClient, RestError } from "@effect-acs/identity-node"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorServer from "@effect-acs/identity-emulator/EmulatorServer"
import * as EmulatorHttpClient from "@effect-acs/identity-emulator/EmulatorHttpClient"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { client, emulator, requestCount } from "./utils.js"

/** What a failure is, in one comparable value. */
const failure = (error: { readonly _tag: string }) =>
  error._tag === "ServiceError"
    ? [
      error._tag,
      (error as { status?: number }).status,
      (error as { code?: string }).code,
      (error as { target?: string }).target
    ]
    : [error._tag, (error as { field?: string }).field]

const tenant = "c70d068c-2f32-484d-9455-73070cd5aadd"
const objectA = "b27b64b9-39d2-44a3-869d-67700b74e805"
const objectB = "fd63f3cb-3731-4d15-8e47-9d062aba58c5"
const objectC = "0a1b2c3d-0000-4000-8000-000000000003"
const app = "617d08b5-f35b-4270-87d6-56833d2dee1b"
const otherApp = "07474a86-625a-452f-977b-db4e13f21260"

describe("Teams Phone extension assignments", () => {
  for (const version of ApiVersion.versionsWith("teamsExtension")) {
    it.effect(`create, read, replace, delete; 404 once gone (${version})`, () =>
      Effect.gen(function*() {
        const identity = yield* client(version)
        const missing = yield* Effect.flip(identity.getTeamsExtensionAssignment(tenant, objectA))
        assert.deepStrictEqual(failure(missing), ["ServiceError", 404, "AssignmentNotFound", undefined])
        const created = yield* identity.upsertTeamsExtensionAssignment(tenant, objectA, {
          principalType: "resourceAccount"
        })
        assert.deepStrictEqual(created, { objectId: objectA, tenantId: tenant, principalType: "resourceAccount" })
        assert.deepStrictEqual(yield* identity.getTeamsExtensionAssignment(tenant, objectA), created)
        // the other tenant's object of the same id is another assignment
        const elsewhere = yield* Effect.flip(identity.getTeamsExtensionAssignment(objectB, objectA))
        assert.deepStrictEqual(failure(elsewhere), ["ServiceError", 404, "AssignmentNotFound", undefined])
        const replaced = yield* identity.upsertTeamsExtensionAssignment(tenant, objectA, {
          principalType: "user",
          clientIds: [app]
        })
        assert.deepStrictEqual(replaced, {
          objectId: objectA,
          tenantId: tenant,
          principalType: "user",
          clientIds: [app]
        })
        assert.deepStrictEqual(yield* identity.getTeamsExtensionAssignment(tenant, objectA), replaced)
        yield* identity.deleteTeamsExtensionAssignment(tenant, objectA)
        const gone = yield* Effect.flip(identity.getTeamsExtensionAssignment(tenant, objectA))
        assert.deepStrictEqual(failure(gone), ["ServiceError", 404, "AssignmentNotFound", undefined])
        const again = yield* Effect.flip(identity.deleteTeamsExtensionAssignment(tenant, objectA))
        assert.deepStrictEqual(failure(again), ["ServiceError", 404, "AssignmentNotFound", undefined])
      }).pipe(Effect.provide(emulator)))
  }

  it.effect("ids and bodies are validated: path segments before sending, formats and principal types by the service", () =>
    Effect.gen(function*() {
      const identity = yield* client("2025-06-30")
      for (const [tenantId, objectId, field] of [["..", objectA, "tenantId"], [tenant, "", "objectId"]] as const) {
        const error = yield* Effect.flip(identity.getTeamsExtensionAssignment(tenantId, objectId))
        assert.deepStrictEqual(failure(error), ["InvalidInput", field])
      }
      assert.strictEqual(yield* requestCount, 0)
      const notGuid = yield* Effect.flip(identity.getTeamsExtensionAssignment("contoso", objectA))
      assert.deepStrictEqual(failure(notGuid), ["ServiceError", 400, "ValidationError", "tenantId"])
      const principal = yield* Effect.flip(
        identity.upsertTeamsExtensionAssignment(tenant, objectA, { principalType: "group" })
      )
      assert.deepStrictEqual(failure(principal), ["ServiceError", 400, "ValidationError", "principalType"])
      const clients = yield* Effect.flip(
        identity.upsertTeamsExtensionAssignment(tenant, objectA, { principalType: "user", clientIds: ["app"] })
      )
      assert.deepStrictEqual(failure(clients), ["ServiceError", 400, "ValidationError", "clientIds"])
      // nothing was stored by the rejected requests
      const missing = yield* Effect.flip(identity.getTeamsExtensionAssignment(tenant, objectA))
      assert.deepStrictEqual(failure(missing), ["ServiceError", 404, "AssignmentNotFound", undefined])
    }).pipe(Effect.provide(emulator)))

  it.effect("versions without the Teams Phone extension fail before any request", () =>
    Effect.gen(function*() {
      for (const version of ApiVersion.all.filter((v) => !ApiVersion.supports(v, "teamsExtension"))) {
        const identity = yield* client(version)
        for (
          const call of [
            identity.getTeamsExtensionAssignment(tenant, objectA),
            identity.upsertTeamsExtensionAssignment(tenant, objectA, { principalType: "user" }),
            identity.deleteTeamsExtensionAssignment(tenant, objectA)
          ]
        ) {
          assert.deepStrictEqual(failure(yield* Effect.flip(call)), ["InvalidInput", "apiVersion"])
        }
      }
      assert.strictEqual(yield* requestCount, 0)
    }).pipe(Effect.provide(emulator)))
})

describe("Entra assignments (2025-03-02-preview)", () => {
  const entra = (tenantId: string, clientIds: ReadonlyArray<string> = [app]) => ({
    tenantId,
    principalType: "user",
    clientIds
  })

  it.effect("create, list, merge-patch (set and remove at once), read, delete; 404 once gone", () =>
    Effect.gen(function*() {
      const identity = yield* client("2025-03-02-preview")
      assert.deepStrictEqual(yield* identity.listEntraAssignments(), { value: [] })
      const b = yield* identity.upsertEntraAssignment(objectB, entra(tenant))
      const a = yield* identity.upsertEntraAssignment(objectA, { ...entra(tenant), principalType: "tenant" })
      assert.deepStrictEqual(b, { objectId: objectB, ...entra(tenant) })
      assert.deepStrictEqual(yield* identity.listEntraAssignments(), { value: [a, b] })
      const patched = yield* identity.updateEntraAssignments({
        [objectA]: null,
        [objectB]: entra(tenant, [app, otherApp]),
        [objectC]: { ...entra(tenant), principalType: "group" }
      })
      const b2 = { objectId: objectB, ...entra(tenant, [app, otherApp]) }
      const c = { objectId: objectC, ...entra(tenant), principalType: "group" }
      assert.deepStrictEqual(patched, { value: [c, b2] })
      assert.deepStrictEqual(yield* identity.listEntraAssignments(), { value: [c, b2] })
      // only removals: 204, nothing to answer (removing a missing one is no error)
      assert.deepStrictEqual(yield* identity.updateEntraAssignments({ [objectB]: null, [objectA]: null }), {
        value: []
      })
      assert.deepStrictEqual(yield* identity.getEntraAssignment(objectC), c)
      yield* identity.deleteEntraAssignment(objectC)
      assert.deepStrictEqual(failure(yield* Effect.flip(identity.getEntraAssignment(objectC))), [
        "ServiceError",
        404,
        "AssignmentNotFound",
        undefined
      ])
      assert.deepStrictEqual(failure(yield* Effect.flip(identity.deleteEntraAssignment(objectC))), [
        "ServiceError",
        404,
        "AssignmentNotFound",
        undefined
      ])
      assert.deepStrictEqual(yield* identity.listEntraAssignments(), { value: [] })
    }).pipe(Effect.provide(emulator)))

  it.effect("a merge patch with one bad entry is refused whole; bodies are validated", () =>
    Effect.gen(function*() {
      const identity = yield* client("2025-03-02-preview")
      const a = yield* identity.upsertEntraAssignment(objectA, entra(tenant))
      const refused = yield* Effect.flip(identity.updateEntraAssignments({
        [objectA]: null,
        // an extensible enum: another name is taken (the spec's example has "teamsResourceAccount"), an empty one not
        [objectB]: { ...entra(tenant), principalType: "" }
      }))
      assert.deepStrictEqual(failure(refused), ["ServiceError", 400, "ValidationError", "principalType"])
      assert.deepStrictEqual(yield* identity.listEntraAssignments(), { value: [a] })
      const badKey = yield* Effect.flip(identity.updateEntraAssignments({ "not-a-guid": null }))
      assert.deepStrictEqual(failure(badKey), ["ServiceError", 400, "ValidationError", "objectId"])
      const badTenant = yield* Effect.flip(identity.upsertEntraAssignment(objectB, entra("contoso")))
      assert.deepStrictEqual(failure(badTenant), ["ServiceError", 400, "ValidationError", "tenantId"])
      const badClients = yield* Effect.flip(identity.upsertEntraAssignment(objectB, entra(tenant, ["x"])))
      assert.deepStrictEqual(failure(badClients), ["ServiceError", 400, "ValidationError", "clientIds"])
      const dots = yield* Effect.flip(identity.getEntraAssignment(".."))
      assert.deepStrictEqual(failure(dots), ["InvalidInput", "objectId"])
      assert.deepStrictEqual(yield* identity.listEntraAssignments(), { value: [a] })
    }).pipe(Effect.provide(emulator)))

  it.effect("versions without Entra assignments fail before any request", () =>
    Effect.gen(function*() {
      for (const version of ApiVersion.all.filter((v) => !ApiVersion.supports(v, "entra"))) {
        const identity = yield* client(version)
        for (
          const call of [
            identity.listEntraAssignments(),
            identity.updateEntraAssignments({ [objectA]: null }),
            identity.getEntraAssignment(objectA),
            identity.upsertEntraAssignment(objectA, entra(tenant)),
            identity.deleteEntraAssignment(objectA)
          ]
        ) {
          assert.deepStrictEqual(failure(yield* Effect.flip(call)), ["InvalidInput", "apiVersion"])
        }
      }
      assert.strictEqual(yield* requestCount, 0)
    }).pipe(Effect.provide(emulator)))
})

describe("assignments through the drop-in over a socket", () => {
  it.live("Teams Phone extension and Entra assignments; a missing one rejects with a RestError 404", () =>
    Effect.gen(function*() {
      const served = yield* EmulatorServer.serve({ port: 0 })
      const preview = new PromiseIdentityClient(Redacted.value(served.connectionString), {
        apiVersion: "2025-03-02-preview",
        allowInsecureConnection: true
      })
      const teams = yield* Effect.promise(() =>
        preview.upsertTeamsExtensionAssignment(tenant, objectA, { principalType: "user", clientIds: [app] })
      )
      assert.deepStrictEqual(teams, { objectId: objectA, tenantId: tenant, principalType: "user", clientIds: [app] })
      assert.deepStrictEqual(yield* Effect.promise(() => preview.getTeamsExtensionAssignment(tenant, objectA)), teams)
      yield* Effect.promise(() => preview.deleteTeamsExtensionAssignment(tenant, objectA))
      const gone = yield* Effect.promise(() =>
        preview.getTeamsExtensionAssignment(tenant, objectA).then(() => undefined, (e: unknown) => e)
      )
      assert.instanceOf(gone, RestError)
      assert.deepStrictEqual([gone.statusCode, gone.code], [404, "AssignmentNotFound"])

      const entra = { tenantId: tenant, principalType: "user", clientIds: [app] }
      const a = yield* Effect.promise(() => preview.upsertEntraAssignment(objectA, entra))
      const patched = yield* Effect.promise(() => preview.updateEntraAssignments({ [objectB]: entra }))
      assert.deepStrictEqual(patched, { value: [{ objectId: objectB, ...entra }] })
      assert.deepStrictEqual(yield* Effect.promise(() => preview.listEntraAssignments()), {
        value: [a, { objectId: objectB, ...entra }]
      })
      assert.deepStrictEqual(yield* Effect.promise(() => preview.getEntraAssignment(objectA)), a)
      yield* Effect.promise(() => preview.deleteEntraAssignment(objectA))
      const missing = yield* Effect.promise(() =>
        preview.getEntraAssignment(objectA).then(() => undefined, (e: unknown) => e)
      )
      assert.instanceOf(missing, RestError)
      assert.deepStrictEqual([missing.statusCode, missing.code], [404, "AssignmentNotFound"])

      const stable = new PromiseIdentityClient(Redacted.value(served.connectionString), {
        apiVersion: "2025-06-30",
        allowInsecureConnection: true
      })
      const refused = yield* Effect.promise(() =>
        stable.listEntraAssignments().then(() => undefined, (e: unknown) => e)
      )
      assert.instanceOf(refused, RestError)
      assert.deepStrictEqual([refused.statusCode, refused.code], [undefined, "InvalidInput"])
    }).pipe(Effect.scoped, Effect.provide(Emulator.layer()), Effect.provide(NodeCrypto.layer)))
})

describe("Entra assignments in pages (the emulator's pageSize)", () => {
  const ids = [
    objectA,
    objectB,
    objectC,
    "0a1b2c3d-0000-4000-8000-000000000004",
    "0a1b2c3d-0000-4000-8000-000000000005"
  ]
  const sorted = [...ids].sort()
  const assignment = { tenantId: tenant, principalType: "user", clientIds: [app] }
  const paged = EmulatorHttpClient.layer.pipe(
    Layer.provideMerge(Emulator.layer({ pageSize: 2 })),
    Layer.provideMerge(NodeCrypto.layer)
  )
  const listRequests = Effect.map(
    Effect.flatMap(Emulator.Emulator, (e) => e.stats),
    (s) => s.requests.listEntraAssignments
  )

  it.effect("the Effect client: listEntraAssignments answers the first page with a nextLink; Paging.listEntraAssignmentsAll reads all", () =>
    Effect.gen(function*() {
      const identity = yield* client("2025-03-02-preview")
      yield* identity.updateEntraAssignments(Object.fromEntries(ids.map((id) => [id, assignment])))
      const first = yield* identity.listEntraAssignments()
      assert.deepStrictEqual(first.value.map((a) => a.objectId), sorted.slice(0, 2))
      assert.strictEqual(
        first.nextLink,
        `/access/entra/assignments?api-version=2025-03-02-preview&skipToken=${sorted[1]}`
      )
      const all = yield* Stream.runCollect(Paging.listEntraAssignmentsAll(identity))
      assert.deepStrictEqual(Chunk.toArray(all).map((a) => a.objectId), sorted)
      assert.strictEqual(yield* listRequests, 1 + 3)
      // a listing goes on after the last object id it saw, even when assignments change between pages
      const pulled: Array<string> = []
      yield* Stream.runForEach(Paging.listEntraAssignmentsAll(identity), (a) =>
        Effect.gen(function*() {
          pulled.push(a.objectId)
          if (pulled.length === 1) yield* identity.deleteEntraAssignment(sorted[2]!)
        }))
      assert.deepStrictEqual(pulled, sorted.filter((id) => id !== sorted[2]))
    }).pipe(Effect.provide(paged)))

  it.effect("a pageSize that is not a positive integer is refused", () =>
    Effect.gen(function*() {
      for (const pageSize of [0, -1, 1.5, Number.NaN]) {
        const error = yield* Effect.flip(Layer.build(Emulator.layer({ pageSize })))
        assert.deepStrictEqual([error._tag, error.reason], ["EmulatorError", "InvalidOptions"])
      }
    }).pipe(Effect.scoped, Effect.provide(NodeCrypto.layer)))

  it.live("the drop-in over a socket: listEntraAssignmentsAll element by element and byPage()", () =>
    Effect.gen(function*() {
      const served = yield* EmulatorServer.serve({ port: 0 })
      const preview = new PromiseIdentityClient(Redacted.value(served.connectionString), {
        apiVersion: "2025-03-02-preview",
        allowInsecureConnection: true
      })
      yield* Effect.promise(() => preview.updateEntraAssignments(Object.fromEntries(ids.map((id) => [id, assignment]))))
      const first = yield* Effect.promise(() => preview.listEntraAssignments())
      assert.deepStrictEqual(first.value.map((a) => a.objectId), sorted.slice(0, 2))
      assert.isString(first.nextLink)
      const all = yield* Effect.promise(async () => {
        const seen: Array<string> = []
        for await (const a of preview.listEntraAssignmentsAll()) seen.push(a.objectId)
        return seen
      })
      assert.deepStrictEqual(all, sorted)
      const pages = yield* Effect.promise(async () => {
        const seen: Array<ReadonlyArray<string>> = []
        for await (const page of preview.listEntraAssignmentsAll().byPage()) seen.push(page.map((a) => a.objectId))
        return seen
      })
      assert.deepStrictEqual(pages, [sorted.slice(0, 2), sorted.slice(2, 4), sorted.slice(4)])
      const resumed = yield* Effect.promise(async () => {
        const seen: Array<string> = []
        for await (const page of preview.listEntraAssignmentsAll().byPage({ continuationToken: first.nextLink! })) {
          seen.push(...page.map((a) => a.objectId))
        }
        return seen
      })
      assert.deepStrictEqual(resumed, sorted.slice(2))
    }).pipe(Effect.scoped, Effect.provide(Emulator.layer({ pageSize: 2 })), Effect.provide(NodeCrypto.layer)))
})
