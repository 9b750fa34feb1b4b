/**
 * Request logging on the Effect 4 line: with `References.MinimumLogLevel` at
 * Debug, every HTTP attempt of both send paths is one Debug line ("ACS
 * Identity request") whose annotations name the operation, method,
 * secret-free URL, status (or the failure's tag), the service's request id,
 * the attempt's number and its duration on the `Clock`; at the default level
 * nothing is logged. Against the in-process emulator (on the live clock: its
 * handler answers on the event loop, which the `TestClock` does not wait
 * for), and a scripted server on the `TestClock` for the durations.
 */
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { Crypto } from "@effect-acs/identity-effect4/Crypto"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import * as Transport from "@effect-acs/identity-effect4/Transport"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import type * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as RequestLog from "@effect-acs/identity-protocol/RequestLog"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import * as TestClock from "effect/testing/TestClock"
import fc from "fast-check"
import * as TestEmulator from "../../test/emulator.js"
import { property } from "./utils/property.js"
import * as Scripted from "./utils/scripted.js"

/** A direct transport over the in-process emulator's web handler (the node package's goes over a socket). */
const emulatorDirect: Layer.Layer<Transport.Direct, never, TestEmulator.TestEmulator> = Layer.effect(
  Transport.Direct,
  Effect.map(Effect.service(TestEmulator.TestEmulator), (emulator): Transport.Direct.Service => ({
    send: (request) =>
      Effect.tryPromise({
        try: async (signal) => {
          const init = { method: request.method, headers: request.headers, body: request.body ?? null, signal }
          const response = await emulator.handler(new Request(request.url, init))
          return {
            status: response.status,
            header: (name: string) => response.headers.get(name) ?? undefined,
            text: await response.text()
          }
        },
        catch: (cause) => new Transport.RequestFailed({ cause })
      }).pipe(Effect.timeoutOrElse({
        duration: request.timeoutMillis,
        orElse: () =>
          Effect.fail(new Transport.RequestFailed({ cause: new Transport.AttemptTimeoutError(request.timeoutMillis) }))
      }))
  }))
)

const vias = Scripted.transports
type Via = Scripted.Via

/** A fresh in-process emulator, with `Crypto` and both transports over it. */
const environment = (options: Emulator.Options = {}) =>
  Layer.provideMerge(
    Layer.mergeAll(TestEmulator.httpClient, emulatorDirect, NodeCrypto.layer),
    TestEmulator.layer(options)
  )

type Made = Effect.Effect<
  Client.CommunicationIdentityClient.Service,
  IdentityError,
  HttpClient.HttpClient | Transport.Direct | Crypto
>

type Extra = Omit<Client.CommunicationIdentityClient.Options, "connectionString" | "endpoint" | "credential">

/** The client of `via` for the emulator. */
const makeClient = (via: Via, extra: Extra = {}) =>
  Effect.flatMap(TestEmulator.connectionString, (connectionString): Made => {
    const options = { connectionString, ...extra }
    return via === "direct" ? Client.makeDirect(options) : Client.make(options)
  })

const inject = (fault: Emulator.Fault, selection: Emulator.FaultSelection) =>
  Effect.flatMap(
    Effect.service(TestEmulator.TestEmulator),
    (emulator) => Effect.promise(() => emulator.inject(fault, selection))
  )

interface Line {
  readonly level: string
  readonly message: unknown
  readonly annotations: Readonly<Record<string, unknown>>
}

/** A logger that keeps every line it is given (in place of the default one). */
const capturing = () => {
  const lines: Array<Line> = []
  const logger = Logger.make<unknown, void>(({ fiber, logLevel, message }) => {
    lines.push({
      level: logLevel,
      message: Array.isArray(message) ? message.join(" ") : message,
      annotations: { ...fiber.getRef(References.CurrentLogAnnotations) }
    })
  })
  return { lines, layer: Logger.layer([logger]) }
}

const debug = Layer.succeed(References.MinimumLogLevel, "Debug")

const scriptedConnectionString = "endpoint=https://contoso.communication.azure.com/;accesskey=a2V5"

describe("request logging (Effect 4)", () => {
  for (const via of vias) {
    describe(via, () => {
      it.live("a 503 then a 201: one Debug line per attempt, with its fields", () => {
        const { layer, lines } = capturing()
        return Effect.gen(function*() {
          const client = yield* makeClient(via)
          yield* inject({ kind: "status", status: 503, retryAfterMs: 0 }, { count: 1, operations: ["createIdentity"] })
          yield* client.createUser()
          assert.deepStrictEqual(lines.map((line) => [line.level, line.message]), [
            ["Debug", RequestLog.message],
            ["Debug", RequestLog.message]
          ])
          const [first, second] = lines.map((line) => line.annotations)
          const common = {
            "acs.operation": "createUser",
            "http.request.method": "POST",
            "url.full": `${TestEmulator.endpoint}identities?api-version=2023-10-01`
          }
          assert.deepInclude(first, { ...common, "acs.attempt": 1, "http.response.status_code": 503 })
          assert.deepInclude(second, { ...common, "acs.attempt": 2, "http.response.status_code": 201 })
          for (const fields of [first!, second!]) {
            assert.match(String(fields["acs.service_request_id"]), /^\S+$/, "the emulator's ms-cv")
            assert.isAtLeast(fields["acs.duration_ms"] as number, 0)
            assert.notProperty(fields, "error.type")
          }
          assert.notStrictEqual(first!["acs.service_request_id"], second!["acs.service_request_id"])
          assert.strictEqual(first!["acs.client_request_id"], second!["acs.client_request_id"])
        }).pipe(Effect.provide(Layer.mergeAll(environment(), layer, debug)))
      })

      it.live("no response: the failure's tag and no status; then the retry's 200", () => {
        const { layer, lines } = capturing()
        return Effect.gen(function*() {
          const client = yield* makeClient(via, { retry: { baseDelay: 0 } })
          const created = yield* client.createUser()
          yield* inject({ kind: "reset" }, { count: 1, operations: ["issueAccessToken"] })
          yield* client.getToken(created, ["chat"])
          const fields = lines.slice(1).map((line) => line.annotations)
          assert.strictEqual(fields.length, 2)
          assert.deepInclude(fields[0], {
            "acs.operation": "getToken",
            "acs.attempt": 1,
            "error.type": "TransportError"
          })
          assert.notProperty(fields[0], "http.response.status_code")
          assert.notProperty(fields[0], "acs.service_request_id")
          assert.deepInclude(fields[1], {
            "acs.operation": "getToken",
            "acs.attempt": 2,
            "http.response.status_code": 200
          })
          assert.notProperty(fields[1], "error.type")
        }).pipe(Effect.provide(Layer.mergeAll(environment(), layer, debug)))
      })

      it.live("at the default level (Info) nothing is logged", () => {
        const { layer, lines } = capturing()
        return Effect.gen(function*() {
          const client = yield* makeClient(via)
          yield* inject({ kind: "status", status: 503, retryAfterMs: 0 }, { count: 1, operations: ["createIdentity"] })
          yield* client.createUser()
          assert.deepStrictEqual(lines, [])
          // the logger is in place: an Info line reaches it
          yield* Effect.log("probe")
          assert.deepStrictEqual(lines.map((line) => line.message), ["probe"])
        }).pipe(Effect.provide(Layer.mergeAll(environment(), layer)))
      })

      it.effect("an attempt cut short by interruption is logged as Interrupted, with the time it ran", () => {
        const { layer, lines } = capturing()
        return Effect.gen(function*() {
          const { client } = yield* Scripted.client(via, [Scripted.hang], {
            connectionString: scriptedConnectionString
          })
          const fiber = yield* Effect.forkChild(client.createUser())
          yield* TestClock.adjust("1 second")
          yield* Fiber.interrupt(fiber)
          assert.deepStrictEqual(
            lines.map((
              { annotations }
            ) => [annotations["acs.attempt"], annotations["error.type"], annotations["acs.duration_ms"]]),
            [[1, "Interrupted", 1000]]
          )
        }).pipe(Effect.provide(Layer.merge(layer, debug)))
      })

      it.effect("durations are the attempts' own time on the Clock, the retry's wait excluded", () => {
        const { layer, lines } = capturing()
        return Effect.gen(function*() {
          const { client } = yield* Scripted.client(via, [
            Scripted.delay(
              "1500 millis",
              Scripted.error(503, { code: "Busy", message: "busy" }, { "retry-after-ms": "250" })
            ),
            Scripted.delay("700 millis", Scripted.json(201, { identity: { id: "8:acs:r_u" } }))
          ], { connectionString: scriptedConnectionString })
          const fiber = yield* Effect.forkChild(client.createUser())
          yield* TestClock.adjust("30 minutes")
          yield* Fiber.join(fiber)
          assert.deepStrictEqual(
            lines.map((
              { annotations }
            ) => [
              annotations["acs.attempt"],
              annotations["http.response.status_code"],
              annotations["acs.duration_ms"]
            ]),
            [[1, 503, 1500], [2, 201, 700]]
          )
        }).pipe(Effect.provide(Layer.merge(layer, debug)))
      })
    })
  }

  /** A JWT-shaped Entra ID token, random base64url. */
  const entraToken = fc.tuple(
    fc.base64String({ minLength: 24, maxLength: 80 }),
    fc.base64String({ minLength: 24, maxLength: 80 })
  )
    .map(([payload, signature]) =>
      `eyJ0eXAiOiJKV1QifQ.${payload.replace(/[+/=]/g, "")}.${signature.replace(/[+/=]/g, "")}`
    )

  /** Every 12-character run of `secret`: a secret cut short still leaks. */
  const needles = (secret: string) =>
    Array.from({ length: Math.max(1, secret.length - 11) }, (_, i) => secret.slice(i, i + 12))

  it.live("no access key, issued token or Entra token appears in the log lines", () =>
    property(
      fc.record({ keyBytes: fc.uint8Array({ minLength: 16, maxLength: 64 }).noBias(), entra: entraToken }),
      ({ entra, keyBytes }) =>
        Effect.gen(function*() {
          const accessKey = Buffer.from(keyBytes).toString("base64")
          const { layer, lines } = capturing()
          const secrets = [accessKey, entra]
          for (const via of vias) {
            yield* Effect.gen(function*() {
              const client = yield* makeClient(via, { retry: { baseDelay: 0 } })
              yield* inject({ kind: "status", status: 503, retryAfterMs: 0 }, { count: 1 })
              const created = yield* client.createUserAndToken(["chat"])
              secrets.push(Redacted.value(created.token))
              yield* inject({ kind: "reset" }, { count: 1 })
              secrets.push(Redacted.value((yield* client.getToken(created.user, ["voip"])).token))
              yield* client.revokeTokens(created.user)
              yield* Effect.flip(
                client.getTokenForTeamsUser({
                  teamsUserAadToken: Redacted.make(entra),
                  clientId: "app",
                  userObjectId: "oid"
                })
              )
            }).pipe(Effect.provide(Layer.mergeAll(environment({ accessKey }), layer, debug)))
          }
          assert.isAtLeast(lines.length, 2 * 6, "every attempt of both paths was logged")
          const output = JSON.stringify(lines)
          for (const secret of secrets) {
            for (const needle of needles(secret)) assert.notInclude(output, needle)
          }
        }),
      { numRuns: 5, endOnFailure: true }
    ), 60_000)
})
