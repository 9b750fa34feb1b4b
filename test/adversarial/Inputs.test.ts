/**
 * Inputs: the scenarios of inputs.ts on every Effect face of this line, and
 * the drop-in under hostile input.
 */
import * as DropIn from "@effect-acs/identity-node/CommunicationIdentityClient"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as NodeHttpClient from "@effect-acs/identity-node/NodeHttpClient"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorServer from "@effect-acs/identity-emulator/EmulatorServer"
import { AzureKeyCredential } from "@azure/core-auth"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { eventually, loopback } from "../reliability/harness.js"
import { connection, faces, noSecrets } from "./harness.js"
import { scenarios, title } from "./inputs.js"

for (const face of faces) {
  describe(`${title}, ${face.name}`, () => {
    for (const scenario of scenarios(face)) it.live(scenario.name, scenario.run, scenario.timeout)
  })
}

/** The emulator is plain http: the drop-in, as the official client, needs this. */
const insecure = { allowInsecureConnection: true }

describe("the drop-in under hostile input", () => {
  it("a multi-megabyte key: the constructor throws a RestError, not a RangeError", () => {
    const huge = "A".repeat(8 * 1024 * 1024)
    for (const connectionString of [`endpoint=https://x.example.com/;accesskey=${huge}`, ";".repeat(1 << 20)]) {
      try {
        new DropIn.CommunicationIdentityClient(connectionString)
        assert.fail("the constructor accepted it")
      } catch (error) {
        assert.strictEqual((error as Error).name, "RestError")
        noSecrets(error, [huge.slice(0, 16)])
      }
    }
  })

  it.live("dispose: a call after it works on a fresh runtime, other clients too; a call in flight rejects with a clear Error", () =>
    Effect.gen(function*() {
      const server = yield* EmulatorServer.serve({ port: 0 })
      const connectionString = Redacted.value(server.connectionString)
      const first = new DropIn.CommunicationIdentityClient(connectionString, insecure)
      const second = new DropIn.CommunicationIdentityClient(connectionString, insecure)
      yield* Effect.promise(() => first.createUser())
      yield* Effect.promise(() => DropIn.dispose())
      // neither the disposed runtime nor a bare string: both clients go on
      yield* Effect.promise(() => first.createUser())
      yield* Effect.promise(() => second.createUser())
      const stalled = yield* loopback(() => {})
      const hanging = new DropIn.CommunicationIdentityClient(connection(stalled.url), insecure)
      const inFlight = hanging.createUser().then(() => undefined, (error: unknown) => error)
      yield* eventually(Effect.sync(() => stalled.requests()), (n) => n > 0)
      yield* Effect.promise(() => DropIn.dispose())
      const error = yield* Effect.promise(() => inFlight)
      // an Error with a name and a message (the abort, or the transport's RestError as the sockets close first)
      assert.instanceOf(error, Error)
      assert.include(["AbortError", "RestError"], (error as Error).name)
      assert.notInclude((error as Error).message, "ManagedRuntime")
    }).pipe(
      Effect.scoped,
      Effect.provide(
        Layer.mergeAll(Emulator.layer(), NodeHttpClient.layer()).pipe(Layer.provideMerge(NodeCrypto.layer))
      )
    ))

  it.live("key rotation: after credential.update(newKey) the next request is signed with the new key", () =>
    Effect.gen(function*() {
      const server = yield* EmulatorServer.serve({ port: 0 })
      const [endpoint, accessKey] = Redacted.value(server.connectionString).split(";").map((part) =>
        part.slice(part.indexOf("=") + 1)
      )
      const credential = new AzureKeyCredential(Buffer.alloc(32, 9).toString("base64"))
      const client = new DropIn.CommunicationIdentityClient(endpoint!, credential, insecure)
      const refused = yield* Effect.promise(() =>
        client.createUser().then(() => undefined, (error: { statusCode?: number }) => error)
      )
      assert.strictEqual(refused?.statusCode, 401)
      credential.update(accessKey!)
      const user = yield* Effect.promise(() => client.createUser())
      assert.match(user.communicationUserId, /^8:acs:/)
    }).pipe(
      Effect.scoped,
      Effect.provide(
        Layer.mergeAll(Emulator.layer(), NodeHttpClient.layer()).pipe(Layer.provideMerge(NodeCrypto.layer))
      )
    ))
})
