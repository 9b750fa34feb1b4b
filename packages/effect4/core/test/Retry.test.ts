import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import {
  CredentialError,
  DecodeError,
  InvalidInput,
  ServiceError,
  TransportError
} from "@effect-acs/identity-effect4/IdentityError"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import * as Retry from "@effect-acs/identity-effect4/Retry"
import * as Signing from "@effect-acs/identity-effect4/Signing"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import fc from "fast-check"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/testing/TestClock"
import * as Cases from "../../../../test/cases/Retry.js"
import * as Scripted from "./utils/scripted.js"

type Extra = Omit<Client.CommunicationIdentityClient.Options, "connectionString" | "endpoint" | "credential">

const setupVia = (via: Scripted.Via) => (script: Scripted.Script, extra: Extra = {}) =>
  Effect.andThen(
    TestClock.setTime(Cases.start),
    Scripted.client(via, script, { connectionString: Cases.connectionString, ...extra })
  )

const envelope = (status: number, headers: Record<string, string> = {}, message = `status ${status}`) =>
  Scripted.error(status, { code: `Code${status}`, message }, headers)

/** Drives a forked operation to completion with generous TestClock time. */
const settle = <A>(operation: Effect.Effect<A, IdentityError>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.forkChild(Effect.exit(operation))
    yield* TestClock.adjust("30 minutes")
    return yield* Fiber.join(fiber)
  })

const failureOf = <A>(exit: Exit.Exit<A, IdentityError>): IdentityError => {
  assert.isTrue(Exit.isFailure(exit), "expected a failure")
  if (Exit.isSuccess(exit)) throw new Error("unreachable")
  const failure = Cause.findErrorOption(exit.cause)
  assert.isTrue(Option.isSome(failure), `expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return Option.getOrThrow(failure)
}

// ---------------------------------------------------------------------------
// Pure functions
// ---------------------------------------------------------------------------

describe("Retry.retryAfterMillis", () => {
  const now = Cases.headersNow
  for (const [name, headers, expected] of Cases.retryHeaders) {
    it(name, () => {
      assert.strictEqual(Retry.retryAfterMillis((header) => headers[header], now), expected)
    })
  }

  it("any header value gives undefined or a finite delay >= 0", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Cases.retryHeaderNames),
        fc.string({ maxLength: 40 }),
        (name, value) => {
          const delay = Retry.retryAfterMillis((header) => header === name ? value : undefined, now)
          return delay === undefined || (Number.isFinite(delay) && delay >= 0)
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("Retry.isRetryable", () => {
  const service = (status: number, code?: string) =>
    new ServiceError({ operation: "op", status, message: "m", requestId: "r", ...(code !== undefined && { code }) })
  for (const [status, idempotent, notIdempotent, customId] of Cases.retryableStatuses) {
    it(`ServiceError ${status}`, () => {
      assert.strictEqual(Retry.isRetryable(service(status), true), idempotent)
      assert.strictEqual(Retry.isRetryable(service(status), false), notIdempotent)
      assert.strictEqual(Retry.isRetryable(service(status), "customId"), customId)
    })
  }

  it("MultipleIdentitiesForCustomId: never, whatever the status", () => {
    for (const status of [409, 429, 500, 503]) {
      for (const idempotency of [true, false, "customId"] as const) {
        assert.isFalse(Retry.isRetryable(service(status, "MultipleIdentitiesForCustomId"), idempotency))
      }
      assert.isTrue(Retry.isRetryable(service(status === 409 ? 500 : status, "InternalServerError"), "customId"))
    }
  })

  it("TransportError: only when idempotent (timed out or not); a customId create may still be running", () => {
    for (const timedOut of [false, true]) {
      const error = new TransportError({ operation: "op", requestId: "r", message: "m", timedOut })
      assert.isTrue(Retry.isRetryable(error, true))
      assert.isFalse(Retry.isRetryable(error, false))
      assert.isFalse(Retry.isRetryable(error, "customId"))
    }
  })

  it("InvalidInput, CredentialError and DecodeError: never", () => {
    const errors: ReadonlyArray<IdentityError> = [
      new InvalidInput({ field: "f", message: "m" }),
      new CredentialError({ message: "m" }),
      new DecodeError({ operation: "op", status: 200, message: "m", requestId: "r" })
    ]
    for (const error of errors) {
      assert.isFalse(Retry.isRetryable(error, true))
      assert.isFalse(Retry.isRetryable(error, false))
    }
  })
})

// ---------------------------------------------------------------------------
// Through the client, on the TestClock
// ---------------------------------------------------------------------------

for (const via of Scripted.transports)
  describe(`retries through the client (via ${via})`, () => {
    const setup = setupVia(via)
    it.effect("503 with retry-after: 10 is not retried at +9 s and is at +10 s", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          envelope(503, { "retry-after": "10" }),
          Scripted.json(200, Cases.tokenBody)
        ])
        const fiber = yield* Effect.forkChild(client.getToken(Cases.user, ["chat"]))
        yield* TestClock.adjust("9 seconds")
        assert.strictEqual(server.requests.length, 1)
        assert.isUndefined(fiber.pollUnsafe())
        yield* TestClock.adjust("1 second")
        assert.strictEqual(server.requests.length, 2)
        yield* Fiber.join(fiber)
        assert.strictEqual(server.requests[1]!.sentAt - server.requests[0]!.sentAt, 10_000)
      }))

    it.effect("429 with retry-after-ms: 50 waits exactly 50 ms", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          envelope(429, { "retry-after-ms": "50" }),
          Scripted.json(200, Cases.tokenBody)
        ])
        const fiber = yield* Effect.forkChild(client.getToken(Cases.user, ["chat"]))
        yield* TestClock.adjust("49 millis")
        assert.strictEqual(server.requests.length, 1)
        yield* TestClock.adjust("1 millis")
        assert.strictEqual(server.requests.length, 2)
        yield* Fiber.join(fiber)
      }))

    it.effect("a garbage Retry-After falls back to the backoff (no decades-long wait)", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          envelope(503, { "retry-after": "later 2099" }),
          Scripted.json(200, Cases.tokenBody)
        ])
        const fiber = yield* Effect.forkChild(client.getToken(Cases.user, ["chat"]))
        yield* TestClock.adjust("1 second")
        assert.strictEqual(server.requests.length, 2)
        yield* Fiber.join(fiber)
      }))

    it.effect("500 twice then success: 3 requests, success", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([envelope(500), envelope(500), Scripted.json(200, Cases.tokenBody)])
        const exit = yield* settle(client.getToken(Cases.user, ["chat"]))
        assert.isTrue(Exit.isSuccess(exit))
        assert.strictEqual(server.requests.length, 3)
      }))

    it.effect("exponential backoff: retry n waits within [c/2, c] of the previous response, c = 1 s * 2^(n-1)", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          envelope(500),
          envelope(502),
          envelope(504),
          Scripted.json(200, Cases.tokenBody)
        ])
        const fiber = yield* Effect.forkChild(client.getToken(Cases.user, ["chat"]))
        yield* TestClock.adjust(0) // let the first attempt happen
        for (const [n, c] of [[1, 1000], [2, 2000], [3, 4000]] as const) {
          const previous = server.requests[n - 1]!.sentAt
          yield* TestClock.setTime(previous + c / 2 - 1)
          assert.strictEqual(server.requests.length, n, `retry ${n} came before ${c / 2} ms`)
          yield* TestClock.setTime(previous + c)
          assert.strictEqual(server.requests.length, n + 1, `retry ${n} did not come within ${c} ms`)
        }
        yield* Fiber.join(fiber)
      }))

    it.effect("baseDelay and maxDelay bound the backoff", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(() => envelope(500), {
          retry: { baseDelay: "100 millis", maxDelay: "150 millis" }
        })
        const exit = yield* settle(client.getToken(Cases.user, ["chat"]))
        assert.isTrue(Exit.isFailure(exit))
        assert.strictEqual(server.requests.length, 4)
        const gaps = server.requests.slice(1).map((r, i) => r.sentAt - server.requests[i]!.sentAt)
        assert.isAtLeast(gaps[0]!, 50)
        for (const gap of gaps) assert.isAtMost(gap, 150)
      }))

    it.effect("each attempt is signed afresh: new x-ms-date and signature, each verifiable at its time", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          envelope(503, { "retry-after": "10" }),
          Scripted.json(200, Cases.tokenBody)
        ])
        yield* settle(client.getToken(Cases.user, ["chat"]))
        const [first, second] = server.requests
        assert.strictEqual(first!.header("x-ms-date"), Signing.formatDate(Cases.start))
        assert.strictEqual(second!.header("x-ms-date"), Signing.formatDate(Cases.start + 10_000))
        assert.notStrictEqual(first!.header("authorization"), second!.header("authorization"))
        // the same request id and body on every attempt
        assert.strictEqual(first!.header("x-ms-client-request-id"), second!.header("x-ms-client-request-id"))
        assert.strictEqual(first!.body, second!.body)
        const key = yield* NodeCrypto.make.hmacKey(Uint8Array.from(Buffer.from(Cases.accessKey, "base64")))
        for (const request of [first!, second!]) {
          yield* Signing.verify(key, Scripted.toReceived(request), {
            now: request.sentAt,
            tolerant: false,
            maxSkewMillis: 0
          }).pipe(
            Effect.provide(NodeCrypto.layer)
          )
        }
      }))

    it.effect("at most 3 retries (4 requests), then the last error", () =>
      Effect.gen(function*() {
        let n = 0
        const { client, server } = yield* setup(() => envelope(500, {}, `attempt ${++n}`))
        const error = failureOf(yield* settle(client.getToken(Cases.user, ["chat"])))
        assert.strictEqual(server.requests.length, 4)
        assert.instanceOf(error, ServiceError)
        assert.strictEqual(error.message, "attempt 4")
      }))

    it.effect("maxRetries is configurable", () =>
      Effect.gen(function*() {
        for (const maxRetries of [0, 1, 5]) {
          const { client, server } = yield* setup(() => envelope(503), { retry: { maxRetries } })
          failureOf(yield* settle(client.getToken(Cases.user, ["chat"])))
          assert.strictEqual(server.requests.length, maxRetries + 1)
        }
      }))

    it.effect("400, 401, 403, 404, 409, 501 are never retried", () =>
      Effect.gen(function*() {
        for (const status of [400, 401, 403, 404, 409, 501]) {
          const { client, server } = yield* setup(() => envelope(status))
          const error = failureOf(yield* settle(client.getToken(Cases.user, ["chat"])))
          assert.strictEqual((error as ServiceError).status, status)
          assert.strictEqual(server.requests.length, 1, `status ${status}`)
        }
      }))

    it.effect("DecodeError and a wrong success status are not retried", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(() => Scripted.text(200, "not json"))
        assert.strictEqual(failureOf(yield* settle(client.getToken(Cases.user, ["chat"])))._tag, "DecodeError")
        assert.strictEqual(server.requests.length, 1)
        const second = yield* setup(() => Scripted.json(200, { identity: { id: "8:acs:x" } }))
        assert.strictEqual(failureOf(yield* settle(second.client.createUser()))._tag, "ServiceError")
        assert.strictEqual(second.server.requests.length, 1)
      }))

    it.effect("idempotent operations are retried after transport errors", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          Scripted.transportError(),
          Scripted.transportError(),
          Scripted.empty(204)
        ])
        const exit = yield* settle(client.deleteUser(Cases.user))
        assert.isTrue(Exit.isSuccess(exit))
        assert.strictEqual(server.requests.length, 3)
      }))

    it.effect("a create without customId is not retried on 500, 502, 504, 408 or a transport error", () =>
      Effect.gen(function*() {
        const replies = [envelope(500), envelope(502), envelope(504), envelope(408), Scripted.transportError()]
        for (const reply of replies) {
          const creates: ReadonlyArray<
            (c: Client.CommunicationIdentityClient.Service) => Effect.Effect<unknown, IdentityError>
          > = [
            (c) => c.createUser(),
            (c) => c.createUserAndToken(["chat"])
          ]
          for (const create of creates) {
            const { client, server } = yield* setup(() => reply)
            failureOf(yield* settle(create(client)))
            assert.strictEqual(server.requests.length, 1)
          }
        }
      }))

    it.effect("a create without customId is retried on 429 and 503 (not processed)", () =>
      Effect.gen(function*() {
        for (const status of [429, 503]) {
          const { client, server } = yield* setup([
            envelope(status, { "retry-after": "1" }),
            envelope(status),
            Scripted.json(201, { identity: { id: "8:acs:x" } })
          ])
          const exit = yield* settle(client.createUser())
          assert.isTrue(Exit.isSuccess(exit))
          assert.strictEqual(server.requests.length, 3)
        }
      }))

    it.effect("a create with customId (2025-03-02-preview) is retried once the service answered (500, 503)", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          envelope(500),
          envelope(503),
          Scripted.json(201, { identity: { id: "8:acs:x", customId: "alice" } })
        ], { apiVersion: "2025-03-02-preview" })
        const exit = yield* settle(client.createUser({ customId: "alice" }))
        assert.isTrue(Exit.isSuccess(exit))
        assert.strictEqual(server.requests.length, 3)
        for (const request of server.requests) assert.strictEqual(request.body, `{"customId":"alice"}`)
      }))

    it.effect("a create with customId is not retried without a response, after a gateway's 502, or on MultipleIdentitiesForCustomId", () =>
      Effect.gen(function*() {
        const cases = [
          [[envelope(500), Scripted.transportError()], "TransportError", 2],
          [[Scripted.error(502, { code: "BadGateway", message: "m" })], "ServiceError", 1],
          [[Scripted.error(500, { code: "MultipleIdentitiesForCustomId", message: "m" })], "ServiceError", 1],
          [[Scripted.error(409, { code: "MultipleIdentitiesForCustomId", message: "m" })], "ServiceError", 1]
        ] as const
        for (const [script, tag, requests] of cases) {
          const { client, server } = yield* setup([...script], { apiVersion: "2025-03-02-preview" })
          const exit = yield* settle(client.createUser({ customId: "alice" }))
          assert.strictEqual(
            Exit.isFailure(exit) && Option.getOrUndefined(Cause.findErrorOption(exit.cause))?._tag,
            tag
          )
          assert.strictEqual(server.requests.length, requests)
        }
      }))

    it.effect("attemptTimeout: a server that never answers gives TransportError timedOut", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([Scripted.hang], {
          attemptTimeout: "5 seconds",
          retry: { maxRetries: 0 }
        })
        const fiber = yield* Effect.forkChild(Effect.flip(client.getToken(Cases.user, ["chat"])))
        yield* TestClock.adjust("4999 millis")
        assert.strictEqual(server.interrupted.length, 0)
        yield* TestClock.adjust("1 millis")
        const error = yield* Fiber.join(fiber)
        assert.instanceOf(error, TransportError)
        assert.isTrue((error as TransportError).timedOut)
        assert.strictEqual((error as TransportError).operation, "getToken")
        assert.strictEqual((error as TransportError).requestId, server.last().header("x-ms-client-request-id"))
        // the hung request was interrupted (aborted), not left running
        assert.deepStrictEqual(server.interrupted, [0])
      }))

    it.effect("attemptTimeout: a timed-out attempt is retried (idempotent)", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([Scripted.hang, Scripted.json(200, Cases.tokenBody)], {
          attemptTimeout: "5 seconds"
        })
        const exit = yield* settle(client.getToken(Cases.user, ["chat"]))
        assert.isTrue(Exit.isSuccess(exit))
        assert.strictEqual(server.requests.length, 2)
        assert.deepStrictEqual(server.interrupted, [0])
      }))

    it.effect("attemptTimeout: a slow create without customId is not retried", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          Scripted.delay("1 minute", Scripted.json(201, { identity: { id: "8:acs:x" } }))
        ], {
          attemptTimeout: "5 seconds"
        })
        const error = failureOf(yield* settle(client.createUser()))
        assert.isTrue((error as TransportError).timedOut)
        assert.strictEqual(server.requests.length, 1)
      }))

    it.effect("every attempt times out: 4 requests, then TransportError timedOut", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(() => Scripted.hang, { attemptTimeout: "2 seconds" })
        const error = failureOf(yield* settle(client.getToken(Cases.user, ["chat"])))
        assert.instanceOf(error, TransportError)
        assert.isTrue((error as TransportError).timedOut)
        assert.strictEqual(server.requests.length, 4)
        assert.deepStrictEqual(server.interrupted, [0, 1, 2, 3])
      }))

    it.effect("the overall timeout bounds the retries: a Retry-After past the deadline fails at once with the ServiceError", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(() => envelope(503, { "retry-after": "4" }), { timeout: "10 seconds" })
        const fiber = yield* Effect.forkChild(Effect.flip(client.getToken(Cases.user, ["chat"])))
        yield* TestClock.adjust("7999 millis")
        assert.strictEqual(server.requests.length, 2) // t = 0, 4 s
        assert.isUndefined(fiber.pollUnsafe())
        // t = 8 s: the third 503 asks for 4 s, but only 2 s are left
        yield* TestClock.adjust("1 millis")
        const error = yield* Fiber.join(fiber)
        assert.instanceOf(error, ServiceError)
        assert.strictEqual((error as ServiceError).status, 503)
        assert.strictEqual((error as ServiceError).retryAfterMillis, 4000)
        assert.strictEqual(server.requests.length, 3)
      }))

    it.effect("the overall timeout ends a retry in flight with TransportError timedOut", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(
          () => Scripted.delay("3 seconds", envelope(503, { "retry-after": "1" })),
          { timeout: "10 seconds" }
        )
        const fiber = yield* Effect.forkChild(Effect.flip(client.getToken(Cases.user, ["chat"])))
        yield* TestClock.adjust("9999 millis")
        assert.strictEqual(server.requests.length, 3) // t = 0, 4, 8 s
        assert.isUndefined(fiber.pollUnsafe())
        yield* TestClock.adjust("1 millis")
        const error = yield* Fiber.join(fiber)
        assert.instanceOf(error, TransportError)
        assert.isTrue((error as TransportError).timedOut)
        assert.match(error.message, /not completed within 10s/)
        assert.deepStrictEqual(server.interrupted, [2])
      }))

    it.effect("the overall timeout cuts a hanging attempt short", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(() => Scripted.hang, {
          timeout: "3 seconds",
          attemptTimeout: "1 minute"
        })
        const fiber = yield* Effect.forkChild(Effect.flip(client.getToken(Cases.user, ["chat"])))
        yield* TestClock.adjust("3 seconds")
        const error = yield* Fiber.join(fiber)
        assert.isTrue((error as TransportError).timedOut)
        assert.strictEqual(server.requests.length, 1)
        assert.deepStrictEqual(server.interrupted, [0])
      }))
  })

// ---------------------------------------------------------------------------
// The Azure rule in full: statuses, throttling headers, deadline, oversized bodies
// ---------------------------------------------------------------------------

for (const via of Scripted.transports)
  describe(`Retry: the Azure rule (via ${via})`, () => {
    const setup = setupVia(via)
    const service = (status: number, retryAfterMillis?: number) =>
      new ServiceError({
        operation: "op",
        status,
        message: "m",
        requestId: "r",
        ...(retryAfterMillis !== undefined && { retryAfterMillis })
      })

    it("every status >= 500 except 501 and 505 is retried (idempotent); 408 and 429 too; other 4xx never", () => {
      for (let status = 400; status <= 599; status++) {
        const expected = status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505)
        assert.strictEqual(Retry.isRetryableStatus(status), expected, `status ${status}`)
        assert.strictEqual(Retry.isRetryable(service(status), true), expected, `status ${status}`)
        // a create without customId: only "not processed" answers
        assert.strictEqual(
          Retry.isRetryable(service(status), false),
          status === 429 || status === 503,
          `create, status ${status}`
        )
      }
    })

    it("the server's delay is honoured for 429 and 503 only", () => {
      for (const status of [408, 429, 500, 502, 503, 504, 507]) {
        assert.strictEqual(
          Retry.throttlingDelayMillis(service(status, 1234)),
          status === 429 || status === 503 ? 1234 : undefined,
          `status ${status}`
        )
      }
      assert.isUndefined(Retry.throttlingDelayMillis(service(429)))
      assert.isUndefined(
        Retry.throttlingDelayMillis(
          new TransportError({ operation: "op", requestId: "r", message: "m", timedOut: false })
        )
      )
    })

    it("a response over the size limit is never retried, whatever the operation", () => {
      const tooLarge = new Retry.ResponseTooLargeError(1024)
      assert.isTrue(Retry.isResponseTooLarge(tooLarge))
      assert.strictEqual(tooLarge.message, "The response body exceeds 1024 bytes.")
      // recognised by its tag, e.g. from another copy of the module
      assert.isTrue(Retry.isResponseTooLarge(Object.assign(new Error("x"), { _tag: "ResponseTooLargeError" })))
      for (
        const other of [new Error("exceeds"), { _tag: "ResponseTooLargeError" }, undefined, "ResponseTooLargeError"]
      ) {
        assert.isFalse(Retry.isResponseTooLarge(other))
      }
      const error = new TransportError({
        operation: "op",
        requestId: "r",
        message: "m",
        timedOut: false,
        cause: tooLarge
      })
      assert.isFalse(Retry.isRetryable(error, true))
      assert.isFalse(Retry.isRetryable(error, false))
    })

    it.effect("the schedule: at most maxRetries waits, each within [c/2, c], c = min(maxDelay, base * 2^n)", () =>
      Effect.gen(function*() {
        const times: Array<number> = []
        const fiber = yield* Effect.forkChild(
          Clock.currentTimeMillis.pipe(
            Effect.flatMap((now) => Effect.sync(() => times.push(now))),
            Effect.andThen(Effect.fail(service(500))),
            Effect.retry(Retry.schedule({ baseDelay: "100 millis", maxDelay: "300 millis", maxRetries: 5 }, true)),
            Effect.exit
          )
        )
        yield* TestClock.adjust("1 minute")
        const exit = yield* Fiber.join(fiber)
        assert.isTrue(Exit.isFailure(exit))
        assert.strictEqual(times.length, 6)
        const delays = times.slice(1).map((time, n) => time - times[n]!)
        delays.forEach((delay, n) => {
          const c = Math.min(300, 100 * 2 ** n)
          assert.isAtLeast(delay, c / 2, `delay ${n}`)
          assert.isAtMost(delay, c, `delay ${n}`)
        })
      }))

    it.effect("the schedule: a wait reaching the deadline ends the retries at once", () =>
      Effect.gen(function*() {
        let attempts = 0
        const run = (error: IdentityError, deadline: number) =>
          Effect.sync(() => attempts++).pipe(
            Effect.andThen(Effect.fail(error)),
            Effect.retry(Retry.schedule({}, true, deadline)),
            Effect.flip
          )
        const now = yield* Clock.currentTimeMillis
        // 429 asks for 5 s, 4 s are left: no wait, no second attempt
        const throttled = yield* run(service(429, 5000), now + 4000)
        assert.strictEqual(attempts, 1)
        assert.strictEqual((throttled as ServiceError).retryAfterMillis, 5000)
        // exactly the time left: no attempt could run either
        attempts = 0
        yield* run(service(503, 4000), now + 4000)
        assert.strictEqual(attempts, 1)
        // the first backoff (0.5-1 s) does not fit in 0.4 s
        attempts = 0
        yield* run(service(500), now + 400)
        assert.strictEqual(attempts, 1)
      }))

    it.effect("a Retry-After on 500, 502, 504 or 408 is ignored: exponential backoff instead", () =>
      Effect.gen(function*() {
        for (const status of [500, 502, 504, 408]) {
          const { client, server } = yield* setup([
            envelope(status, { "retry-after": "30", "retry-after-ms": "30000" }),
            Scripted.json(200, Cases.tokenBody)
          ])
          const fiber = yield* Effect.forkChild(client.getToken(Cases.user, ["chat"]))
          yield* TestClock.adjust("1 second")
          assert.strictEqual(server.requests.length, 2, `status ${status} waited for its Retry-After`)
          yield* Fiber.join(fiber)
        }
      }))

    it.effect("507, 508, 511 and 599 are retried; 505 is not", () =>
      Effect.gen(function*() {
        for (const status of [507, 508, 511, 599]) {
          const { client, server } = yield* setup([envelope(status), Scripted.json(200, Cases.tokenBody)])
          assert.isTrue(Exit.isSuccess(yield* settle(client.getToken(Cases.user, ["chat"]))), `status ${status}`)
          assert.strictEqual(server.requests.length, 2)
        }
        const { client, server } = yield* setup(() => envelope(505))
        assert.strictEqual(
          (failureOf(yield* settle(client.getToken(Cases.user, ["chat"]))) as ServiceError).status,
          505
        )
        assert.strictEqual(server.requests.length, 1)
      }))

    it.effect("429 with a Retry-After HTTP date waits until that date", () =>
      Effect.gen(function*() {
        const at = new Date(Cases.start + 7000).toUTCString()
        const { client, server } = yield* setup([
          envelope(429, { "retry-after": at }),
          Scripted.json(200, Cases.tokenBody)
        ])
        const fiber = yield* Effect.forkChild(client.getToken(Cases.user, ["chat"]))
        yield* TestClock.adjust("6999 millis")
        assert.strictEqual(server.requests.length, 1)
        yield* TestClock.adjust("1 millis")
        assert.strictEqual(server.requests.length, 2)
        yield* Fiber.join(fiber)
      }))

    it.effect("503 without a retry-after header backs off exponentially", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([envelope(503), Scripted.json(200, Cases.tokenBody)])
        const fiber = yield* Effect.forkChild(client.getToken(Cases.user, ["chat"]))
        yield* TestClock.adjust("499 millis")
        assert.strictEqual(server.requests.length, 1)
        yield* TestClock.adjust("501 millis")
        assert.strictEqual(server.requests.length, 2)
        yield* Fiber.join(fiber)
      }))

    it.effect("a Retry-After longer than the time left fails at once with the ServiceError (idempotent or create)", () =>
      Effect.gen(function*() {
        const runs: ReadonlyArray<
          (c: Client.CommunicationIdentityClient.Service) => Effect.Effect<unknown, IdentityError>
        > = [
          (c) => c.getToken(Cases.user, ["chat"]),
          (c) => c.createUser()
        ]
        for (const run of runs) {
          const { client, server } = yield* setup(() => envelope(429, { "retry-after": "90" }), { timeout: "1 minute" })
          // no TestClock time passes: the failure is immediate, not a timeout
          const error = yield* Effect.flip(run(client))
          assert.instanceOf(error, ServiceError)
          assert.strictEqual((error as ServiceError).status, 429)
          assert.strictEqual((error as ServiceError).retryAfterMillis, 90_000)
          assert.strictEqual(server.requests.length, 1)
        }
      }))

    it.effect("a backoff longer than the time left fails at once with the last error", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(() => envelope(500), {
          timeout: "3 seconds",
          retry: { baseDelay: "8 seconds" }
        })
        const error = yield* Effect.flip(client.getToken(Cases.user, ["chat"]))
        assert.strictEqual((error as ServiceError).status, 500)
        assert.strictEqual(server.requests.length, 1)
      }))

    it.effect("a response over the transport's size limit is not retried, even for an idempotent operation", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(() => Scripted.transportError(new Retry.ResponseTooLargeError(1024)))
        const error = failureOf(yield* settle(client.getToken(Cases.user, ["chat"])))
        assert.instanceOf(error, TransportError)
        assert.isFalse((error as TransportError).timedOut)
        assert.match(error.message, /exceeds 1024 bytes/)
        assert.isTrue(Retry.isResponseTooLarge((error as TransportError).cause))
        assert.strictEqual(server.requests.length, 1)
      }))

    it.effect("a 429 storm: every attempt waits what it was told, then the last 429 surfaces", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(() => envelope(429, { "retry-after-ms": "250" }))
        const error = failureOf(yield* settle(client.createUserAndToken(["chat"])))
        assert.strictEqual((error as ServiceError).status, 429)
        assert.strictEqual(server.requests.length, 4)
        const gaps = server.requests.slice(1).map((r, i) => r.sentAt - server.requests[i]!.sentAt)
        assert.deepStrictEqual(gaps, [250, 250, 250])
      }))
  })
