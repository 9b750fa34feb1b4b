/**
 * The abort scenarios (run by Abort.test.ts on the drop-in Promise client's
 * `abortSignal` and by packages/effect4/test on the Effect 4 client run with
 * an `AbortSignal`): aborting a call in flight ends it as aborted and the
 * server sees the socket close; an abort during a retry wait ends it at once
 * and sends nothing more; an already aborted signal completes no request.
 * Every wait is for an event (a request arriving, a response written, a
 * socket closing), never for a stretch of time.
 */
import { assert } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { connectionStringFor, eventually, loopback, type Scenario } from "./harness.js"

/** The user every call is for. */
export const user = {
  communicationUserId: "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001"
}

/** How an abortable call ended. */
export type Ended =
  | { readonly _tag: "Success"; readonly token: string }
  | { readonly _tag: "Aborted" }
  | { readonly _tag: "Failure"; readonly error: unknown }

/** A client whose `getToken(user, ["chat"])` takes an abort signal, and settles (never rejects) to how it ended. */
export interface AbortableClient {
  readonly getToken: (signal?: AbortSignal) => Promise<Ended>
}

/** A line's abortable client: its name and how it is made for a connection string (for the scope). */
export interface AbortLine {
  readonly name: string
  readonly client: (connectionString: string) => Effect.Effect<AbortableClient, never, Scope.Scope>
}

/** How `pending` ended, bounded by a generous guard against a call that never ends. */
const ended = (pending: Promise<Ended>) =>
  Effect.map(
    Effect.timeoutOption(Effect.promise(() => pending), "20 seconds"),
    (settled) =>
      settled._tag === "Some" ? settled.value : { _tag: "Failure", error: "still pending after 20 s" } as Ended
  )

const expectAborted = (end: Ended) => assert.deepStrictEqual(end, { _tag: "Aborted" })

/** The abort scenarios on `line`'s client. */
export const scenarios = (line: AbortLine): ReadonlyArray<Scenario> => [
  {
    name: "aborting an in-flight request ends it as aborted and closes its socket",
    run: () =>
      Effect.scoped(Effect.gen(function*() {
        // never answers
        const server = yield* loopback(() => {})
        const client = yield* line.client(connectionStringFor(server.url))
        const controller = new AbortController()
        const pending = client.getToken(controller.signal)
        assert.strictEqual(yield* eventually(Effect.sync(server.requests), (n) => n === 1), 1)
        assert.strictEqual(server.aborted(), 0)
        controller.abort()
        expectAborted(yield* ended(pending))
        // the server saw the connection go away (not an idle keep-alive socket left behind)
        assert.strictEqual(yield* eventually(Effect.sync(server.aborted), (n) => n === 1), 1)
        assert.strictEqual(yield* eventually(server.connections, (n) => n === 0), 0)
        assert.strictEqual(server.requests(), 1)
      }))
  },
  {
    name: "aborting during a retry wait ends it at once and sends nothing more",
    run: () =>
      Effect.scoped(Effect.gen(function*() {
        const answered = yield* Deferred.make<void>()
        const server = yield* loopback((_req, res) => {
          res.writeHead(503, { "content-type": "application/json", "retry-after": "30" })
          res.end(JSON.stringify({ error: { code: "ServiceUnavailable", message: "later" } }), () =>
            Deferred.unsafeDone(answered, Effect.void))
        })
        const client = yield* line.client(connectionStringFor(server.url))
        const controller = new AbortController()
        const pending = client.getToken(controller.signal)
        // the 503 is on the wire: the client reads it and then waits 30 s for its retry
        yield* Deferred.await(answered)
        controller.abort()
        // ending at all (within the guard, far below the 30 s wait) is ending at once
        expectAborted(yield* ended(pending))
        // the retry was due 30 s after the answer: the abort cancelled it, the server saw one request
        assert.strictEqual(server.requests(), 1)
      }))
  },
  {
    name: "an already aborted signal ends the call without a request completing",
    run: () =>
      Effect.scoped(Effect.gen(function*() {
        let answered = 0
        const server = yield* loopback((_req, res) => {
          answered++
          res.writeHead(200, { "content-type": "application/json" })
          res.end(JSON.stringify({ token: "eyJ0.eyJ0.c2ln", expiresOn: "2030-01-01T00:00:00Z" }))
        })
        const client = yield* line.client(connectionStringFor(server.url))
        expectAborted(yield* ended(client.getToken(AbortSignal.abort())))
        // the same client still works without a signal, and its request is the only one answered
        assert.deepStrictEqual(yield* ended(client.getToken()), { _tag: "Success", token: "eyJ0.eyJ0.c2ln" })
        assert.strictEqual(answered, 1)
      }))
  }
]
