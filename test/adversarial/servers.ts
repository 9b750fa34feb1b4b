/**
 * The scenarios of Servers.test.ts (on this line's faces) and of
 * packages/effect4/test (on the Effect 4 client's):
 *
 * Servers that lie or stall: slow headers, endless and lying bodies, resets,
 * hostile error bodies (catastrophic-backtracking text, envelopes nested
 * thousands deep, echoed credentials), garbage `Retry-After`. Every call ends
 * in a typed outcome within the client's limits, with nothing secret in it.
 */
import { assert } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Http from "node:http"
import { loopback, type Scenario } from "../reliability/harness.js"
import { bounded, connection, entra, type Face, key, noLeaks, typedFailure } from "./harness.js"

const user = { communicationUserId: "8:acs:resource_user" }
/** An opaque (not JWT-shaped) bearer token, which a server may echo. */
const opaque = "opaque-bearer-token-value-0123456789"

const nested = (depth: number) => {
  let inner = "{\"code\":\"Deepest\",\"message\":\"bottom\"}"
  for (let i = 0; i < depth; i++) inner = `{"code":"Level${i}","message":"m","innererror":${inner}}`
  return `{"error":${inner}}`
}

const answer =
  (status: number, body: string, headers: Http.OutgoingHttpHeaders = {}) =>
  (_: Http.IncomingMessage, res: Http.ServerResponse) => {
    res.writeHead(status, { "content-type": "text/plain", ...headers }).end(body)
  }

/** The title the scenarios run under, with the face's name. */
export const title = "hostile servers"

/** The scenarios on `face`. */
export const scenarios = (face: Face): ReadonlyArray<Scenario> => {
  const all: Array<Scenario> = []
  const live = (name: string, run: () => Effect.Effect<unknown, unknown>, timeout?: number) =>
    all.push({ name, run: () => Effect.asVoid(run()), ...(timeout !== undefined && { timeout }) })
  const call = (handle: (req: Http.IncomingMessage, res: Http.ServerResponse) => void, limits = bounded) =>
    Effect.gen(function*() {
      const server = yield* loopback(handle)
      const client = yield* face.make({ connectionString: connection(server.url), ...limits })
      return { server, client }
    })

  live(
    "a body of repeated `eyJ` (quadratic for a backtracking pattern) is described at once",
    () =>
      noLeaks(Effect.gen(function*() {
        const { client } = yield* call(answer(400, "eyJ".repeat(300_000)))
        const error = yield* typedFailure(client.revokeTokens(user), "ServiceError", [key])
        assert.isAtMost(error.message.length, 200)
      }))
  )

  live("an envelope nested 20,000 levels deep is a ServiceError with its code", () =>
    noLeaks(Effect.gen(function*() {
      const { client } = yield* call(answer(400, nested(20_000), { "content-type": "application/json" }))
      const error = yield* typedFailure(client.revokeTokens(user), "ServiceError", [key])
      assert.strictEqual(error.code, "Level19999")
    })))

  live(
    "a server that echoes the credential it was sent: the key and an opaque token are redacted",
    () =>
      noLeaks(Effect.gen(function*() {
        const echo = (req: Http.IncomingMessage, res: Http.ServerResponse) =>
          res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({
            error: { code: "Echo", message: `you sent ${req.headers.authorization} with key ${key}`, target: opaque }
          }))
        const keyed = yield* call(echo)
        yield* typedFailure(keyed.client.revokeTokens(user), "ServiceError", [key])
        const server = yield* loopback(echo)
        const bearer = yield* face.make({
          endpoint: server.url,
          credential: entra(() => Promise.resolve({ token: opaque, expiresOnTimestamp: Date.now() + 3_600_000 })),
          ...bounded
        })
        yield* typedFailure(bearer.revokeTokens(user), "ServiceError", [opaque])
        const plain = yield* loopback((req, res) =>
          res.writeHead(502).end(`upstream said: ${req.headers.authorization}`)
        )
        const viaText = yield* face.make({
          endpoint: plain.url,
          credential: entra(() => Promise.resolve({ token: opaque, expiresOnTimestamp: Date.now() + 3_600_000 })),
          ...bounded,
          retry: { maxRetries: 0 }
        })
        yield* typedFailure(viaText.revokeTokens(user), "ServiceError", [opaque])
      }))
  )

  live(
    "garbage and enormous Retry-After values: a typed error within the overall timeout",
    () =>
      noLeaks(Effect.gen(function*() {
        for (const value of ["soon", "-5", "9".repeat(400), "Fri, 31 Dec 9999 23:59:59 GMT", "1e400"]) {
          const { client } = yield* call(answer(503, "busy", { "retry-after": value }))
          yield* typedFailure(client.revokeTokens(user), "ServiceError", [key])
        }
      }))
  )

  live("no response headers at all: TransportError, timed out", () =>
    noLeaks(Effect.gen(function*() {
      const { client } = yield* call(() => {})
      const error = yield* typedFailure(client.revokeTokens(user), "TransportError", [key])
      assert.isTrue(error.timedOut)
    })))

  live("a body that stops half-way, or lies about its length: TransportError", () =>
    noLeaks(Effect.gen(function*() {
      for (
        const handle of [
          (_: Http.IncomingMessage, res: Http.ServerResponse) => {
            res.writeHead(200, { "content-type": "application/json", "content-length": "1000" })
            res.write("{\"token\":")
            res.socket?.destroy()
          },
          (_: Http.IncomingMessage, res: Http.ServerResponse) => {
            res.writeHead(200, { "content-type": "application/json" })
            res.write("{\"token\":")
          }
        ]
      ) {
        const { client } = yield* call(handle)
        yield* typedFailure(client.getToken(user, ["chat"]), "TransportError", [key])
      }
    })))

  live(
    "an endless body: the response size limit ends it (TransportError, not a timeout)",
    () =>
      noLeaks(Effect.gen(function*() {
        const chunk = Buffer.alloc(64 * 1024, 97)
        const { client } = yield* call((_, res) => {
          res.writeHead(200, { "content-type": "application/json" })
          // bounded: at most 64 MiB, and stops when the client goes away
          let sent = 0
          const pump = () => {
            while (sent < 1024 && !res.destroyed && res.write(chunk)) sent++
            if (sent < 1024 && !res.destroyed) res.once("drain", pump)
            else res.end()
          }
          pump()
        }, { ...bounded, attemptTimeout: "30 seconds", timeout: "60 seconds" })
        const error = yield* typedFailure(client.getToken(user, ["chat"]), "TransportError", [key])
        assert.isFalse(error.timedOut, error.message)
      }))
  )
  return all
}
