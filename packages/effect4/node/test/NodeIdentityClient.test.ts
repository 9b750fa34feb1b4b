/**
 * The ready Node layers end to end: `NodeIdentityClient.layer` / `layerConfig`
 * (the direct transport + node:crypto) against a tiny loopback Identity
 * service that verifies every HMAC signature with `Signing.verify`.
 */
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import * as NodeIdentityClient from "@effect-acs/identity-effect4-node/NodeIdentityClient"
import { assert, describe, it } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { type LoopbackService, serveScripted as serve } from "../../core/test/utils/loopback.js"
import * as Scripted from "../../core/test/utils/scripted.js"

const accessKey = "68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e"
const otherKey = Buffer.alloc(32, 9).toString("base64")

/** {@link Scripted.lifecycle} with the client from the context. */
const allOperations = (withPreview: boolean) =>
  Effect.flatMap(
    Effect.service(Client.CommunicationIdentityClient),
    (client) => Scripted.lifecycle(client, withPreview)
  )

/** Runs with `ACS_CONNECTION_STRING` (when given) as the only configuration. */
const withConnectionString = (connectionString: string | undefined) =>
  Effect.provideService(
    ConfigProvider.ConfigProvider,
    ConfigProvider.fromUnknown(
      connectionString === undefined ? { OTHER: "x" } : { ACS_CONNECTION_STRING: connectionString }
    )
  )

const assertWire = (service: LoopbackService, apiVersion: string) => {
  assert.deepStrictEqual(service.rejected, [])
  for (const request of service.requests) {
    assert.strictEqual(request.query["api-version"], apiVersion)
    assert.strictEqual(request.header("user-agent"), Client.userAgent)
    assert.strictEqual(request.header("accept"), "application/json")
    assert.strictEqual(request.header("traceparent"), undefined)
    assert.strictEqual(request.header("b3"), undefined)
    assert.strictEqual(request.header("host"), new URL(service.endpoint).host)
  }
}

describe("NodeIdentityClient", () => {
  it.live("layer({connectionString}): every operation against a verifying loopback service", () =>
    Effect.gen(function*() {
      const service = yield* serve(Scripted.identityService(), accessKey)
      yield* allOperations(false).pipe(
        Effect.provide(
          NodeIdentityClient.layer({ connectionString: `endpoint=${service.endpoint};accesskey=${accessKey}` })
        )
      )
      assert.deepStrictEqual(service.requests.map(Scripted.routeOf), Scripted.lifecycleRoutes(false))
      assertWire(service, "2023-10-01")
      // the direct transport keeps the connection alive across operations
      assert.strictEqual(service.connections(), 1)
    }))

  it.live("layer with apiVersion 2025-03-02-preview: customId and getUser too; a Redacted connection string", () =>
    Effect.gen(function*() {
      const service = yield* serve(Scripted.identityService(), accessKey)
      yield* allOperations(true).pipe(
        Effect.provide(NodeIdentityClient.layer({
          connectionString: Redacted.make(`endpoint=${service.endpoint};accesskey=${accessKey}`),
          apiVersion: "2025-03-02-preview"
        }))
      )
      assert.deepStrictEqual(service.requests.map(Scripted.routeOf), Scripted.lifecycleRoutes(true))
      assertWire(service, "2025-03-02-preview")
      assert.strictEqual(service.requests[5]!.body, `{"customId":"alice"}`)
    }))

  it.live("layer with transformClient: sends through the node:http HttpClient, through the hook", () =>
    Effect.gen(function*() {
      const service = yield* serve(Scripted.identityService(), accessKey)
      let hooked = 0
      yield* allOperations(false).pipe(
        Effect.provide(NodeIdentityClient.layer({
          connectionString: `endpoint=${service.endpoint};accesskey=${accessKey}`,
          transformClient: (client) => {
            hooked++
            return client
          }
        }))
      )
      assert.isAbove(hooked, 0)
      assert.deepStrictEqual(service.requests.map(Scripted.routeOf), Scripted.lifecycleRoutes(false))
      assertWire(service, "2023-10-01")
      assert.strictEqual(service.connections(), 1)
    }))

  it.live("the service's verification is real: a wrong key gets 401 Denied", () =>
    Effect.gen(function*() {
      const service = yield* serve(Scripted.identityService(), accessKey)
      const error = yield* Effect.flip(
        Effect.flatMap(Effect.service(Client.CommunicationIdentityClient), (client) => client.createUser()).pipe(
          Effect.provide(
            NodeIdentityClient.layer({ connectionString: `endpoint=${service.endpoint};accesskey=${otherKey}` })
          )
        )
      )
      assert.strictEqual(error._tag, "ServiceError")
      assert.strictEqual((error as { status?: number }).status, 401)
      assert.strictEqual((error as { code?: string }).code, "Denied")
      assert.strictEqual(service.rejected.length, 1)
      assert.match(service.rejected[0]!, /SignatureMismatch/)
    }))

  it.live("layerConfig reads ACS_CONNECTION_STRING from the ConfigProvider", () =>
    Effect.gen(function*() {
      const service = yield* serve(Scripted.identityService(), accessKey)
      const configured = withConnectionString(`endpoint=${service.endpoint};accesskey=${accessKey}`)
      yield* allOperations(false).pipe(Effect.provide(NodeIdentityClient.layerConfig()), configured)
      assert.deepStrictEqual(service.requests.map(Scripted.routeOf), Scripted.lifecycleRoutes(false))
      assertWire(service, "2023-10-01")
      // options pass through
      const preview = yield* Effect.map(
        Effect.service(Client.CommunicationIdentityClient),
        (client) => client.apiVersion
      ).pipe(
        Effect.provide(NodeIdentityClient.layerConfig({ apiVersion: "2025-03-02-preview" })),
        configured
      )
      assert.strictEqual(preview, "2025-03-02-preview")
    }))

  it.live("layerConfig: a missing ACS_CONNECTION_STRING is a ConfigError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.flatMap(Effect.service(Client.CommunicationIdentityClient), (client) => client.createUser()).pipe(
          Effect.provide(NodeIdentityClient.layerConfig()),
          withConnectionString(undefined)
        )
      )
      assert.instanceOf(error, Config.ConfigError)
      assert.include(String(error), "ACS_CONNECTION_STRING")
    }))

  it.live("layerConfig: a bad connection string is InvalidInput and never shows the key", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.flatMap(Effect.service(Client.CommunicationIdentityClient), (client) => client.createUser()).pipe(
          Effect.provide(NodeIdentityClient.layerConfig()),
          withConnectionString(`endpoint=ftp://x/;accesskey=${accessKey}`)
        )
      )
      assert.strictEqual(error._tag, "InvalidInput")
      assert.notInclude(String(error), accessKey.slice(0, 12))
    }))

  it.live("layer: a bad connection string fails the layer with InvalidInput", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.flatMap(Effect.service(Client.CommunicationIdentityClient), (client) => client.createUser()).pipe(
          Effect.provide(NodeIdentityClient.layer({ connectionString: "garbage" }))
        )
      )
      assert.strictEqual(error._tag, "InvalidInput")
      assert.strictEqual((error as { field?: string }).field, "connectionString")
    }))

  it.live("layerPlatform provides the transports and crypto for Client.layer and Client.layerDirect", () =>
    Effect.gen(function*() {
      const service = yield* serve(Scripted.identityService(), accessKey)
      const options = { connectionString: `endpoint=${service.endpoint};accesskey=${accessKey}` }
      const clients: ReadonlyArray<
        Layer.Layer<Client.CommunicationIdentityClient, IdentityError, NodeIdentityClient.Platform>
      > = [
        Client.layer(options),
        Client.layerDirect(options)
      ]
      for (const client of clients) {
        yield* allOperations(false).pipe(Effect.provide(Layer.provide(client, NodeIdentityClient.layerPlatform)))
      }
      assertWire(service, "2023-10-01")
      assert.strictEqual(service.requests.length, 2 * Scripted.lifecycleRoutes(false).length)
    }))
})
