/**
 * Request logging: with the minimum log level at Debug, every HTTP attempt of
 * both send paths is one Debug line ("ACS Identity request") whose
 * annotations name the operation, method, secret-free URL, status (or the
 * failure's tag), the service's request id, the attempt's number and its
 * duration on the `Clock`; at the default level nothing is logged. Against
 * the in-process emulator, on the `TestClock` (and a scripted server that
 * never answers, for an interrupted attempt).
 */
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import type { Crypto } from "@effect-acs/identity/Crypto"
import type { IdentityError } from "@effect-acs/identity/IdentityError"
import * as Transport from "@effect-acs/identity/Transport"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorHttpClient from "@effect-acs/identity-emulator/EmulatorHttpClient"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as RequestLog from "@effect-acs/identity-protocol/RequestLog"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as fc from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Scripted from "./utils/scripted.js"

const scriptedConnectionString = "endpoint=https://contoso.communication.azure.com/;accesskey=a2V5"

/** A direct transport over the in-process emulator's `HttpClient` (the node package's goes over a socket). */
const emulatorDirect = Layer.effect(
  Transport.Direct,
  Effect.map(HttpClient.HttpClient, (http): Transport.Direct.Service => ({
    send: (request) => {
      const base = HttpClientRequest.make(request.method as "GET")(request.url, { headers: request.headers })
      return http.execute(request.body === undefined ? base : HttpClientRequest.bodyText(base, request.body)).pipe(
        Effect.flatMap((response) =>
          Effect.map(
            response.text,
            (text) => ({ status: response.status, header: (name: string) => response.headers[name], text })
          )
        ),
        Effect.mapError((error) => new Transport.RequestFailed({ cause: error })),
        Effect.timeoutFail({
          duration: request.timeoutMillis,
          onTimeout: () =>
            new Transport.RequestFailed({ cause: new Transport.AttemptTimeoutError(request.timeoutMillis) })
        })
      )
    }
  }))
)

const vias = ["HttpClient", "direct"] as const
type Via = typeof vias[number]

/** The emulator in-process, with `Crypto` and both transports over it. */
const environment = (options: Emulator.Options = {}) =>
  Layer.provideMerge(
    emulatorDirect,
    EmulatorHttpClient.layer.pipe(Layer.provideMerge(Emulator.layer(options)), Layer.provideMerge(NodeCrypto.layer))
  )

type Made = Effect.Effect<
  Client.CommunicationIdentityClient.Service,
  IdentityError,
  HttpClient.HttpClient | Transport.Direct | Crypto
>

/** The client of `via` for the emulator. */
const makeClient = (via: Via) =>
  Effect.flatMap(Emulator.Emulator, (emulator): Made => {
    const options = { connectionString: emulator.connectionString(EmulatorHttpClient.endpoint) }
    return via === "direct" ? Client.makeDirect(options) : Client.make(options)
  })

const inject = (fault: Emulator.Fault, selection: Emulator.FaultSelection) =>
  Effect.flatMap(Emulator.Emulator, (emulator) => emulator.faults.inject(fault, selection))

interface Line {
  readonly level: string
  readonly message: unknown
  readonly annotations: Readonly<Record<string, unknown>>
}

/** A logger that keeps every line it is given. */
const capturing = () => {
  const lines: Array<Line> = []
  const logger = Logger.make<unknown, void>(({ annotations, logLevel, message }) => {
    lines.push({
      level: logLevel.label,
      message: Array.isArray(message) ? message.join(" ") : message,
      annotations: Object.fromEntries(annotations)
    })
  })
  return { lines, layer: Logger.add(logger) }
}

/** Runs `effect` forked and gives it plenty of `TestClock` time (retry waits, latency faults). */
const settle = <A>(effect: Effect.Effect<A, IdentityError>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(Effect.either(effect))
    yield* TestClock.adjust("30 minutes")
    return yield* Fiber.join(fiber)
  })

const debug = Logger.minimumLogLevel(LogLevel.Debug)

describe("request logging", () => {
  for (const via of vias) {
    describe(via, () => {
      it.effect("a 503 then a 201: one Debug line per attempt, with its fields", () => {
        const { layer, lines } = capturing()
        return Effect.gen(function*() {
          const client = yield* makeClient(via)
          yield* inject({ kind: "status", status: 503, retryAfterMs: 250 }, {
            count: 1,
            operations: ["createIdentity"]
          })
          yield* inject({ kind: "latency", millis: 1500 }, { count: 1, operations: ["createIdentity"] })
          const result = yield* settle(client.createUser())
          assert.strictEqual(result._tag, "Right")
          assert.deepStrictEqual(lines.map((line) => [line.level, line.message]), [
            ["DEBUG", RequestLog.message],
            ["DEBUG", RequestLog.message]
          ])
          const [first, second] = lines.map((line) => line.annotations)
          const common = {
            "acs.operation": "createUser",
            "http.request.method": "POST",
            "url.full": `${EmulatorHttpClient.endpoint}identities?api-version=2023-10-01`
          }
          assert.deepInclude(first, {
            ...common,
            "acs.attempt": 1,
            "http.response.status_code": 503,
            "acs.duration_ms": 0
          })
          // the retry waited 250 ms, which is no part of the attempt; the attempt itself waited the 1500 ms latency
          assert.deepInclude(second, {
            ...common,
            "acs.attempt": 2,
            "http.response.status_code": 201,
            "acs.duration_ms": 1500
          })
          for (const fields of [first!, second!]) {
            assert.match(String(fields["acs.service_request_id"]), /^\S+$/, "the emulator's ms-cv")
            assert.notProperty(fields, "error.type")
          }
          assert.notStrictEqual(first!["acs.service_request_id"], second!["acs.service_request_id"])
          assert.strictEqual(first!["acs.client_request_id"], second!["acs.client_request_id"])
        }).pipe(Effect.provide(Layer.mergeAll(environment(), layer, debug)))
      })

      it.effect("no response: the failure's tag and no status; then the retry's 200", () => {
        const { layer, lines } = capturing()
        return Effect.gen(function*() {
          const client = yield* makeClient(via)
          const created = yield* client.createUser()
          yield* inject({ kind: "reset" }, { count: 1, operations: ["issueAccessToken"] })
          assert.strictEqual((yield* settle(client.getToken(created, ["chat"])))._tag, "Right")
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

      it.effect("an attempt cut short by interruption is logged as Interrupted, with the time it ran", () => {
        const { layer, lines } = capturing()
        return Effect.gen(function*() {
          const { client } = yield* Scripted.client(via, [Scripted.hang], {
            connectionString: scriptedConnectionString
          })
          const fiber = yield* Effect.fork(client.createUser())
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

      it.effect("at the default level (Info) nothing is logged", () => {
        const { layer, lines } = capturing()
        return Effect.gen(function*() {
          const client = yield* makeClient(via)
          yield* inject({ kind: "status", status: 503, retryAfterMs: 250 }, {
            count: 1,
            operations: ["createIdentity"]
          })
          assert.strictEqual((yield* settle(client.createUser()))._tag, "Right")
          assert.deepStrictEqual(lines, [])
          // the logger is in place: an Info line reaches it
          yield* Effect.log("probe")
          assert.deepStrictEqual(lines.map((line) => line.message), ["probe"])
        }).pipe(Effect.provide(Layer.mergeAll(environment(), layer)))
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

  it.effect.prop(
    "no access key, issued token or Entra token appears in the log lines",
    { keyBytes: fc.uint8Array({ minLength: 16, maxLength: 64 }).noBias(), entra: entraToken },
    ({ entra, keyBytes }) =>
      Effect.gen(function*() {
        const accessKey = Buffer.from(keyBytes).toString("base64")
        const { layer, lines } = capturing()
        const secrets = [accessKey, entra]
        for (const via of vias) {
          yield* Effect.gen(function*() {
            const client = yield* makeClient(via)
            yield* inject({ kind: "status", status: 503, retryAfterMs: 0 }, { count: 1 })
            const created = yield* settle(client.createUserAndToken(["chat"]))
            assert.strictEqual(created._tag, "Right")
            if (created._tag === "Right") {
              secrets.push(Redacted.value(created.right.token))
              yield* inject({ kind: "reset" }, { count: 1 })
              const issued = yield* settle(client.getToken(created.right.user, ["voip"]))
              if (issued._tag === "Right") secrets.push(Redacted.value(issued.right.token))
              yield* settle(client.revokeTokens(created.right.user))
            }
            yield* settle(
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
    { timeout: 60_000, fastCheck: { numRuns: 5 } }
  )
})
