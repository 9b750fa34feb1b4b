/**
 * Aborting a call of the drop-in Promise client (`abortSignal`) aborts the
 * request in flight: the promise rejects with an `AbortError` and the server
 * sees the socket close; an abort during a retry wait sends nothing more.
 */
import { CommunicationIdentityClient, dispose } from "@effect-acs/identity-node/CommunicationIdentityClient"
import { afterAll, assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { connectionStringFor, eventually, loopback } from "./harness.js"

const user = { communicationUserId: "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001" }

afterAll(() => dispose())

/** The promise's rejection (fails the test if it resolves), bounded by `guard` ms. */
const rejection = (promise: Promise<unknown>, guard = 10_000) =>
  Effect.promise(() =>
    Promise.race([
      promise.then(
        () => new Error("resolved, expected a rejection"),
        (error: unknown) => error
      ),
      new Promise<Error>((resolve) => setTimeout(() => resolve(new Error(`still pending after ${guard} ms`)), guard).unref())
    ])
  )

describe("Promise client: abortSignal", () => {
  it.live("aborting an in-flight request rejects with AbortError and closes its socket", () =>
    Effect.gen(function*() {
      // never answers
      const server = yield* loopback(() => {})
      const client = new CommunicationIdentityClient(connectionStringFor(server.url), { allowInsecureConnection: true })
      const controller = new AbortController()
      const pending = client.getToken(user, ["chat"], { abortSignal: controller.signal })
      assert.strictEqual(yield* eventually(Effect.sync(server.requests), (n) => n === 1), 1)
      assert.strictEqual(server.aborted(), 0)
      controller.abort()
      const error = yield* rejection(pending)
      assert.strictEqual((error as Error).name, "AbortError")
      // the server saw the connection go away (not an idle keep-alive socket left behind)
      assert.strictEqual(yield* eventually(Effect.sync(server.aborted), (n) => n === 1), 1)
      assert.strictEqual(yield* eventually(server.connections, (n) => n === 0), 0)
      assert.strictEqual(server.requests(), 1)
    }).pipe(Effect.scoped))

  it.live("aborting during a retry wait rejects at once and sends nothing more", () =>
    Effect.gen(function*() {
      const server = yield* loopback((_req, res) => {
        res.writeHead(503, { "content-type": "application/json", "retry-after": "30" })
        res.end(JSON.stringify({ error: { code: "ServiceUnavailable", message: "later" } }))
      })
      const client = new CommunicationIdentityClient(connectionStringFor(server.url), { allowInsecureConnection: true })
      const controller = new AbortController()
      const pending = client.getToken(user, ["chat"], { abortSignal: controller.signal })
      assert.strictEqual(yield* eventually(Effect.sync(server.requests), (n) => n === 1), 1)
      // the 503 arrived; the client now waits 30 s for its retry
      yield* Effect.sleep("100 millis")
      controller.abort()
      const error = yield* rejection(pending)
      assert.strictEqual((error as Error).name, "AbortError")
      yield* Effect.sleep("100 millis")
      assert.strictEqual(server.requests(), 1)
    }).pipe(Effect.scoped))

  it.live("an already aborted signal rejects without a request completing", () =>
    Effect.gen(function*() {
      let answered = 0
      const server = yield* loopback((_req, res) => {
        answered++
        res.writeHead(200, { "content-type": "application/json" })
        res.end(JSON.stringify({ token: "eyJ0.eyJ0.c2ln", expiresOn: "2030-01-01T00:00:00Z" }))
      })
      const client = new CommunicationIdentityClient(connectionStringFor(server.url), { allowInsecureConnection: true })
      const error = yield* rejection(client.getToken(user, ["chat"], { abortSignal: AbortSignal.abort() }))
      assert.strictEqual((error as Error).name, "AbortError")
      yield* Effect.sleep("100 millis")
      assert.strictEqual(answered, 0)
      // the same client still works without a signal
      const token = yield* Effect.promise(() => client.getToken(user, ["chat"]))
      assert.strictEqual(token.token, "eyJ0.eyJ0.c2ln")
    }).pipe(Effect.scoped))
})
