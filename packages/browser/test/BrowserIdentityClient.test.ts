/**
 * The browser layers: WebCrypto signing (through the scripted client, checked
 * against node:crypto) and `BrowserIdentityClient.layer` / `layerConfig` over
 * Node 20's `fetch` against a tiny loopback Identity service that verifies
 * every signature with `Signing.verify` + node:crypto.
 */
import * as BrowserCrypto from "@effect-acs/identity-browser/BrowserCrypto"
import * as BrowserIdentityClient from "@effect-acs/identity-browser/BrowserIdentityClient"
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import * as Signing from "@effect-acs/identity/Signing"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import { assert, describe, it } from "@effect/vitest"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { type LoopbackService, serveScripted } from "../../core/test/utils/loopback.js"
import * as Scripted from "../../core/test/utils/scripted.js"

const accessKey = "68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e"
const endpoint = "https://contoso.communication.azure.com/"
const connectionString = `endpoint=${endpoint};accesskey=${accessKey}`
const now = Date.parse("2024-05-01T12:34:56Z")

/** Strict verification with node:crypto, as the service would. */
const verifyWithNode = (recorded: Scripted.RecordedRequest, at: number) =>
  Effect.gen(function*() {
    const key = yield* Effect.orDie(NodeCrypto.make.hmacKey(Buffer.from(accessKey, "base64")))
    return yield* Signing.verify(key, Scripted.toReceived(recorded), { now: at, tolerant: false })
  }).pipe(Effect.provide(NodeCrypto.layer))

// ---------------------------------------------------------------------------
// WebCrypto through the scripted client
// ---------------------------------------------------------------------------

const scriptedClient = (
  crypto: Layer.Layer<import("@effect-acs/identity/Crypto").Crypto>,
  apiVersion: Client.CommunicationIdentityClient.Options["apiVersion"] = "2023-10-01"
) =>
  Effect.gen(function*() {
    const rejected: Array<string> = []
    const server = Scripted.make(Scripted.identityService({
      // the scripted server runs on the test's clock: verify at the time the request was sent
      check: (recorded) =>
        verifyWithNode(recorded, recorded.sentAt).pipe(
          Effect.as(undefined),
          Effect.catchAll((error) =>
            Effect.sync(() => {
              rejected.push(`${recorded.method} ${recorded.target}: ${error.reason}`)
              return Scripted.error(401, { code: "Denied", message: "Denied by the resource provider." })
            })
          )
        )
    }))
    const client = yield* Client.make({ connectionString, apiVersion, userAgentHeader: "x-ms-useragent" }).pipe(
      Effect.provide(Layer.merge(server.layer, crypto))
    )
    return { client, server, rejected }
  })

describe("BrowserCrypto through the scripted client", () => {
  it.effect("every operation is signed with WebCrypto and verifies with node:crypto", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(now)
      const { client, rejected, server } = yield* scriptedClient(BrowserCrypto.layer, "2025-03-02-preview")
      yield* Scripted.lifecycle(client, true)
      assert.deepStrictEqual(rejected, [])
      assert.deepStrictEqual(server.requests.map(Scripted.routeOf), Scripted.lifecycleRoutes(true))
      for (const request of server.requests) {
        assert.strictEqual(request.header("x-ms-useragent"), Client.userAgent)
        assert.strictEqual(request.header("user-agent"), undefined)
        assert.strictEqual(request.header("x-ms-date"), Signing.formatDate(now))
        assert.match(
          request.header("x-ms-client-request-id")!,
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
        )
        assert.strictEqual(request.header("traceparent"), undefined)
        assert.strictEqual(request.header("b3"), undefined)
      }
    }))

  it.effect("WebCrypto and node:crypto produce byte-identical signatures for the same requests", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(now)
      const web = yield* scriptedClient(BrowserCrypto.layer, "2025-03-02-preview")
      const node = yield* scriptedClient(NodeCrypto.layer, "2025-03-02-preview")
      yield* Scripted.lifecycle(web.client, true)
      yield* Scripted.lifecycle(node.client, true)
      assert.strictEqual(web.server.requests.length, node.server.requests.length)
      web.server.requests.forEach((request, i) => {
        const twin = node.server.requests[i]!
        assert.strictEqual(request.target, twin.target)
        assert.strictEqual(request.body, twin.body)
        assert.strictEqual(request.header("x-ms-content-sha256"), twin.header("x-ms-content-sha256"))
        assert.strictEqual(request.header("authorization"), twin.header("authorization"))
      })
      // and the ids still differ per request
      const ids = [...web.server.requests, ...node.server.requests].map((r) => r.header("x-ms-client-request-id"))
      assert.strictEqual(new Set(ids).size, ids.length)
    }))

  it.effect("a wrong key is caught by the verifier (the check is not vacuous)", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(now)
      const server = Scripted.make([Scripted.json(201, { identity: { id: "8:acs:x" } })])
      const client = yield* Client.make({
        connectionString: `endpoint=${endpoint};accesskey=${Buffer.alloc(32, 1).toString("base64")}`
      }).pipe(
        Effect.provide(Layer.merge(server.layer, BrowserCrypto.layer))
      )
      yield* client.createUser()
      const error = yield* Effect.flip(verifyWithNode(server.last(), now))
      assert.strictEqual(error.reason, "SignatureMismatch")
    }))
})

// ---------------------------------------------------------------------------
// BrowserIdentityClient over fetch, against a loopback service
// ---------------------------------------------------------------------------

const assertBrowserWire = (service: LoopbackService, apiVersion: string) => {
  assert.deepStrictEqual(service.rejected, [])
  for (const request of service.requests) {
    assert.strictEqual(request.query["api-version"], apiVersion)
    // browsers cannot set User-Agent: the library names itself in x-ms-useragent
    assert.strictEqual(request.header("x-ms-useragent"), Client.userAgent)
    assert.notInclude(request.header("user-agent") ?? "", "effect-acs")
    // no trace headers: they would fail a CORS preflight against ACS
    for (const name of ["traceparent", "tracestate", "b3", "x-b3-traceid"])
      assert.strictEqual(request.header(name), undefined, name)
    assert.strictEqual(request.header("accept"), "application/json")
    if (request.body === undefined) assert.strictEqual(request.header("content-type"), undefined)
    else assert.strictEqual(request.header("content-type"), "application/json")
  }
}

describe("BrowserIdentityClient over fetch", () => {
  it.scopedLive("layer: every operation against a verifying loopback service", () =>
    Effect.gen(function*() {
      const service = yield* serveScripted(Scripted.identityService(), accessKey)
      yield* Effect.flatMap(Client.CommunicationIdentityClient, (client) => Scripted.lifecycle(client, true)).pipe(
        Effect.provide(BrowserIdentityClient.layer({
          connectionString: `endpoint=${service.endpoint};accesskey=${accessKey}`,
          apiVersion: "2025-03-02-preview"
        }))
      )
      assert.deepStrictEqual(service.requests.map(Scripted.routeOf), Scripted.lifecycleRoutes(true))
      assertBrowserWire(service, "2025-03-02-preview")
    }))

  it.scopedLive("layer: the loopback verifier rejects a wrong key (401 Denied)", () =>
    Effect.gen(function*() {
      const service = yield* serveScripted(Scripted.identityService(), accessKey)
      const error = yield* Effect.flip(
        Effect.flatMap(Client.CommunicationIdentityClient, (client) =>
          client.getToken({ communicationUserId: "8:acs:x_y" }, ["chat"])).pipe(
            Effect.provide(BrowserIdentityClient.layer({
              connectionString: `endpoint=${service.endpoint};accesskey=${Buffer.alloc(48, 3).toString("base64")}`
            }))
          )
      )
      assert.strictEqual(error._tag, "ServiceError")
      assert.strictEqual((error as { code?: string }).code, "Denied")
      assert.strictEqual(service.rejected.length, 1)
    }))

  it.scopedLive("layerConfig reads ACS_CONNECTION_STRING from the ConfigProvider", () =>
    Effect.gen(function*() {
      const service = yield* serveScripted(Scripted.identityService(), accessKey)
      const provider = ConfigProvider.fromMap(
        new Map([["ACS_CONNECTION_STRING", `endpoint=${service.endpoint};accesskey=${accessKey}`]])
      )
      yield* Effect.flatMap(Client.CommunicationIdentityClient, (client) => Scripted.lifecycle(client, false)).pipe(
        Effect.provide(BrowserIdentityClient.layerConfig()),
        Effect.withConfigProvider(provider)
      )
      assert.deepStrictEqual(service.requests.map(Scripted.routeOf), Scripted.lifecycleRoutes(false))
      assertBrowserWire(service, "2023-10-01")
    }))

  it.live("layerConfig: a missing ACS_CONNECTION_STRING is a ConfigError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.flatMap(Client.CommunicationIdentityClient, (client) => client.createUser()).pipe(
          Effect.provide(BrowserIdentityClient.layerConfig()),
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
        )
      )
      assert.isTrue(ConfigError.isConfigError(error), `expected a ConfigError, got ${String(error)}`)
      assert.isTrue(ConfigError.isMissingData(error as ConfigError.ConfigError))
    }))
})
