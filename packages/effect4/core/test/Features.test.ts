/**
 * The preview and newer features on the Effect 4 client, against the
 * emulator in-process: the Entra user exchange and the access assignments
 * (Teams Phone extension and Entra), with their api-version gates.
 */
import * as ApiVersion from "@effect-acs/identity-effect4/ApiVersion"
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import { entraToken } from "../../../../test/interop/cases.js"
import * as TestEmulator from "../../test/emulator.js"

const tenant = "c70d068c-2f32-484d-9455-73070cd5aadd"
const objectA = "b27b64b9-39d2-44a3-869d-67700b74e805"
const objectB = "fd63f3cb-3731-4d15-8e47-9d062aba58c5"
const app = "617d08b5-f35b-4270-87d6-56833d2dee1b"

/** A client of the given api-version over a fresh in-process emulator (live clock: signatures carry the date). */
const withClient = <A, E>(
  apiVersion: ApiVersion.ApiVersion,
  body: (identity: Client.CommunicationIdentityClient.Service) => Effect.Effect<A, E, TestEmulator.TestEmulator>
) =>
  Effect.gen(function*() {
    const connectionString = yield* TestEmulator.connectionString
    const identity = yield* Client.make({ connectionString, apiVersion })
    return yield* body(identity)
  }).pipe(
    Effect.provide(Layer.provideMerge(Layer.merge(TestEmulator.httpClient, NodeCrypto.layer), TestEmulator.layer()))
  )

const failure = (
  error: { readonly _tag: string; readonly status?: number; readonly code?: string; readonly field?: string }
) => error._tag === "ServiceError" ? [error._tag, error.status, error.code] : [error._tag, error.field]

describe("Effect 4 client: Teams Phone extension assignments", () => {
  for (const version of ApiVersion.versionsWith("teamsExtension")) {
    it.live(`create, read, replace, delete; 404 once gone (${version})`, () =>
      withClient(version, (identity) =>
        Effect.gen(function*() {
          assert.deepStrictEqual(failure(yield* Effect.flip(identity.getTeamsExtensionAssignment(tenant, objectA))), [
            "ServiceError",
            404,
            "AssignmentNotFound"
          ])
          const created = yield* identity.upsertTeamsExtensionAssignment(tenant, objectA, {
            principalType: "resourceAccount"
          })
          assert.deepStrictEqual(created, { objectId: objectA, tenantId: tenant, principalType: "resourceAccount" })
          const replaced = yield* identity.upsertTeamsExtensionAssignment(tenant, objectA, {
            principalType: "user",
            clientIds: [app]
          })
          assert.deepStrictEqual(yield* identity.getTeamsExtensionAssignment(tenant, objectA), replaced)
          yield* identity.deleteTeamsExtensionAssignment(tenant, objectA)
          assert.deepStrictEqual(
            failure(yield* Effect.flip(identity.deleteTeamsExtensionAssignment(tenant, objectA))),
            [
              "ServiceError",
              404,
              "AssignmentNotFound"
            ]
          )
        })))
  }

  it.live("versions without the feature fail before any request", () =>
    withClient("2023-10-01", (identity) =>
      Effect.gen(function*() {
        assert.deepStrictEqual(failure(yield* Effect.flip(identity.getTeamsExtensionAssignment(tenant, objectA))), [
          "InvalidInput",
          "apiVersion"
        ])
        assert.deepStrictEqual(failure(yield* Effect.flip(identity.getEntraAssignment(".."))), [
          "InvalidInput",
          "apiVersion"
        ])
      })))

  it.live("dot segments as path parameters fail before any request", () =>
    withClient("2025-06-30", (identity) =>
      Effect.gen(function*() {
        assert.deepStrictEqual(failure(yield* Effect.flip(identity.getTeamsExtensionAssignment(tenant, ".."))), [
          "InvalidInput",
          "objectId"
        ])
        const emulator = yield* TestEmulator.TestEmulator
        assert.strictEqual((yield* Effect.promise(() => emulator.stats())).requests.getTeamsExtensionAssignment, 0)
      })))
})

describe("Effect 4 client: Entra assignments and exchange (2025-03-02-preview)", () => {
  it.live("put, get, list, merge-patch (set and remove), delete", () =>
    withClient("2025-03-02-preview", (identity) =>
      Effect.gen(function*() {
        const a = yield* identity.upsertEntraAssignment(objectA, {
          tenantId: tenant,
          principalType: "user",
          clientIds: [app]
        })
        assert.deepStrictEqual(yield* identity.getEntraAssignment(objectA), a)
        const patched = yield* identity.updateEntraAssignments({
          [objectA]: null,
          [objectB]: { tenantId: tenant, principalType: "group", clientIds: [app] }
        })
        assert.deepStrictEqual(patched.value.map((assignment) => assignment.objectId), [objectB])
        const listed = yield* identity.listEntraAssignments()
        assert.deepStrictEqual(listed.value.map((assignment) => assignment.objectId), [objectB])
        yield* identity.deleteEntraAssignment(objectB)
        assert.deepStrictEqual(failure(yield* Effect.flip(identity.getEntraAssignment(objectB))), [
          "ServiceError",
          404,
          "AssignmentNotFound"
        ])
        assert.deepStrictEqual(failure(yield* Effect.flip(identity.updateEntraAssignments({ "a b": null }))), [
          "InvalidInput",
          "objectId"
        ])
      })))

  it.live("the Entra user exchange: an identity of the Entra user and a token that expires with the Entra token", () =>
    withClient("2025-03-02-preview", (identity) =>
      Effect.gen(function*() {
        const exp = Math.floor(Date.now() / 1000) + 3600
        const result = yield* identity.getTokenForEntraUser(
          entraToken({ tid: tenant, oid: objectA, exp, aud: "https://communication.azure.com/clients" })
        )
        assert.match(result.user.communicationUserId, new RegExp(`_wf_${tenant}_${objectA}$`))
        assert.strictEqual(result.expiresOn.getTime(), exp * 1000)
        const bad = yield* Effect.flip(identity.getTokenForEntraUser(entraToken({ tid: tenant, exp })))
        assert.deepStrictEqual(failure(bad), ["ServiceError", 401, "InvalidAccessToken"])
      })))

  it.live("a version without it fails before sending", () =>
    withClient(
      "2025-06-30",
      (identity) =>
        Effect.map(Effect.flip(identity.getTokenForEntraUser(entraToken({ tid: tenant, oid: objectA }))), (error) =>
          assert.deepStrictEqual(failure(error), ["InvalidInput", "apiVersion"]))
    ))
})

describe("Effect 4 client: assignment bodies are checked before sending", () => {
  const connectionString = "endpoint=https://contoso.communication.azure.com/;accesskey=c2VjcmV0"
  /** A client whose transport fails the test if it is ever called. */
  const unsent = HttpClient.make((request) => Effect.die(`sent ${request.method} ${request.url}`))
  const bad = (body: unknown) => body as Client.EntraAssignmentRequest

  it.effect("a body that does not fit its model is an InvalidInput naming the path; nothing is sent", () =>
    Effect.gen(function*() {
      const identity = yield* Client.make({ connectionString, apiVersion: "2025-03-02-preview" })
      const cases: ReadonlyArray<[Effect.Effect<unknown, IdentityError>, string]> = [
        [
          identity.upsertEntraAssignment(objectA, bad({ tenantId: tenant, principalType: 7, clientIds: [] })),
          "body.principalType"
        ],
        [identity.upsertEntraAssignment(objectA, bad({ tenantId: tenant, principalType: "user" })), "body.clientIds"],
        [
          identity.upsertEntraAssignment(
            objectA,
            bad({ tenantId: tenant, principalType: "user", clientIds: [app, 1] })
          ),
          "body.clientIds.1"
        ],
        [
          identity.upsertTeamsExtensionAssignment(
            tenant,
            objectA,
            { principalType: null } as unknown as Client.TeamsExtensionAssignmentRequest
          ),
          "body.principalType"
        ],
        [
          identity.updateEntraAssignments({ [objectB]: bad({ tenantId: 1, principalType: "user", clientIds: [] }) }),
          `body.${objectB}.tenantId`
        ]
      ]
      for (const [call, field] of cases) {
        const error = yield* Effect.flip(call)
        assert.deepStrictEqual([error._tag, error._tag === "InvalidInput" && error.field], ["InvalidInput", field])
      }
    }).pipe(Effect.provide(Layer.merge(Layer.succeed(HttpClient.HttpClient, unsent), NodeCrypto.layer))))
})
