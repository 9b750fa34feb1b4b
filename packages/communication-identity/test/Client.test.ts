/**
 * The drop-in package against the emulator on a loopback socket: the whole
 * lifecycle, the official errors, key rotation.
 */
import { AzureKeyCredential } from "@azure/core-auth"
import { CommunicationIdentityClient, dispose, RestError } from "@effect-acs/communication-identity"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorServer from "@effect-acs/identity-emulator/EmulatorServer"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const runtime = ManagedRuntime.make(Emulator.layer().pipe(Layer.provideMerge(NodeCrypto.layer)))
const scope = Effect.runSync(Scope.make())
let served: EmulatorServer.Served

beforeAll(async () => {
  served = await runtime.runPromise(Scope.extend(EmulatorServer.serve({ port: 0 }), scope))
})

afterAll(async () => {
  await dispose()
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await runtime.dispose()
})

const insecure = { allowInsecureConnection: true }

describe("@effect-acs/communication-identity against the emulator", () => {
  it("creates, issues, revokes and deletes", async () => {
    const client = new CommunicationIdentityClient(Redacted.value(served.connectionString), insecure)
    const { expiresOn, token, user } = await client.createUserAndToken(["chat"], { tokenExpiresInMinutes: 60 })
    expect(user.communicationUserId).toMatch(/^8:acs:/)
    expect(token.split(".")).toHaveLength(3)
    expect(expiresOn).toBeInstanceOf(Date)
    const voip = await client.getToken(user, ["voip"])
    expect(Object.keys(voip).sort()).toEqual(["expiresOn", "token"])
    expect(await client.revokeTokens(user)).toBeUndefined()
    expect(await client.deleteUser(user)).toBeUndefined()
    const created = await client.createUser()
    expect(Object.keys(created)).toEqual(["communicationUserId"])
  })

  it("rejects with the service's error as a RestError with details", async () => {
    const client = new CommunicationIdentityClient(Redacted.value(served.connectionString), insecure)
    const error = await client.getToken({ communicationUserId: "8:acs:someone-else" }, ["chat"]).catch((e: unknown) =>
      e
    )
    expect(error).toBeInstanceOf(RestError)
    expect(error).toMatchObject({ name: "RestError", statusCode: 401, code: "IdentityNotOwned" })
    expect((error as RestError).details).toEqual({
      error: { code: "IdentityNotOwned", message: (error as RestError).message }
    })
  })

  it("refuses plain http without allowInsecureConnection, at the request, with the official message", async () => {
    const client = new CommunicationIdentityClient(Redacted.value(served.connectionString))
    const error = await client.createUser().catch((e: Error) => e)
    expect(Object.getPrototypeOf(error)).toBe(Error.prototype)
    expect((error as Error).message).toBe(
      `Cannot connect to ${served.url}identities?api-version=2023-10-01 while allowInsecureConnection is false.`
    )
  })

  it("refuses plain http for a method the official client lacks with the URL it would call, no route placeholder", async () => {
    const client = new CommunicationIdentityClient(Redacted.value(served.connectionString), {
      apiVersion: "2025-03-02-preview"
    })
    const tenantId = "c70d068c-2f32-484d-9455-73070cd5aadd"
    const objectId = "b27b64b9-39d2-44a3-869d-67700b74e805"
    const refusal = (path: string) =>
      `Cannot connect to ${served.url}${path}?api-version=2025-03-02-preview while allowInsecureConnection is false.`
    const messages = await Promise.all([
      client.getTeamsExtensionAssignment(tenantId, objectId),
      client.deleteEntraAssignment(objectId),
      client.listEntraAssignments()
    ].map((call) => call.then(() => "resolved", (e: Error) => e.message)))
    expect(messages).toEqual([
      refusal(`access/teamsExtension/tenants/${tenantId}/assignments/${objectId}`),
      refusal(`access/entra/assignments/${objectId}`),
      refusal("access/entra/assignments")
    ])
  })

  it("reads an AzureKeyCredential's key on every request", async () => {
    const [endpoint, accessKey] = Redacted.value(served.connectionString).split(";").map((part) =>
      part.slice(part.indexOf("=") + 1)
    )
    const credential = new AzureKeyCredential(Buffer.alloc(32, 9).toString("base64"))
    const client = new CommunicationIdentityClient(endpoint!, credential, insecure)
    const refused = await client.createUser().catch((e: RestError) => e)
    expect(refused).toMatchObject({ statusCode: 401 })
    credential.update(accessKey!)
    expect((await client.createUser()).communicationUserId).toMatch(/^8:acs:/)
  })

  it("throws a RestError from the constructor for a bad connection string, without the key", () => {
    expect(() => new CommunicationIdentityClient("endpoint=https://x.example.com/;accesskey=not base64!")).toThrow(
      RestError
    )
  })
})
