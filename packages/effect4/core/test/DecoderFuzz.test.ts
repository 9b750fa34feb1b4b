/**
 * Fuzzing every response decoder: arbitrary JSON values, near-miss shapes of
 * the real models and arbitrary bytes, as the body of each operation's
 * success status (and of error statuses, with arbitrary headers), through the
 * scripted client. Every outcome is a success or a typed `IdentityError` —
 * never a defect — and a success carries exactly what the body said.
 *
 * The Effect 3 line's `DecoderFuzz.test.ts` on Effect 4, with the same
 * fast-check arbitraries.
 */
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import fc from "fast-check"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/testing/TestClock"
import { property } from "./utils/property.js"
import type { Call } from "../../../../test/cases/Call.js"
import * as Cases from "../../../../test/cases/DecoderFuzz.js"
import * as Scripted from "./utils/scripted.js"

type Service = Client.CommunicationIdentityClient.Service

/** `call` on `client`. */
const call = (client: Service, [method, args]: Call) =>
  (client[method] as (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, IdentityError>)(...args)

/** Every operation with its success status and how to run it. */
const operations = Cases.operations.map(([name, status, operation]) =>
  [name, status, (c: Service) => call(c, operation)] as const
)

const failuresOf = <E>(cause: Cause.Cause<E>): ReadonlyArray<E> =>
  cause.reasons.filter(Cause.isFailReason).map((reason) => reason.error)

/** Runs `operation` against one scripted reply; checks the outcome is a success or one typed failure. */
const outcome = (reply: Scripted.Reply, run: (c: Service) => Effect.Effect<unknown, IdentityError>, retries = 0) =>
  Effect.gen(function*() {
    const server = Scripted.make(() => reply)
    const client = yield* Client.make({
      connectionString: Cases.connectionString,
      apiVersion: "2025-03-02-preview",
      retry: { maxRetries: retries }
    }).pipe(
      Effect.provide(Layer.merge(server.layer, NodeCrypto.layer))
    )
    const fiber = yield* Effect.forkChild(Effect.exit(run(client)))
    yield* TestClock.adjust("1 hour")
    const exit = yield* Fiber.join(fiber)
    if (Exit.isFailure(exit)) {
      assert.isFalse(Cause.hasDies(exit.cause), `a defect: ${Cause.pretty(exit.cause)}`)
      assert.isFalse(Cause.hasInterrupts(exit.cause), `interrupted: ${Cause.pretty(exit.cause)}`)
      const failures = failuresOf(exit.cause)
      assert.strictEqual(failures.length, 1)
      assert.isTrue(Cases.tags.has(failures[0]!._tag), `not an IdentityError: ${String(failures[0])}`)
      assert.isString(failures[0]!.message)
    }
    return exit
  })

const operation = fc.constantFrom(...operations)

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

describe("decoder fuzzing: no defect, ever", () => {
  it.effect("arbitrary JSON and near-miss shapes under each success status", () =>
    property(
      fc.record({ op: operation, body: Cases.jsonBody }),
      ({ body, op: [, status, run] }) =>
        Effect.asVoid(outcome(Scripted.response(status, body, { "content-type": "application/json" }), run)),
      { numRuns: 200 }
    ))

  it.effect("arbitrary bytes under each success status", () =>
    property(
      fc.record({ op: operation, body: Cases.bytes }),
      ({ body, op: [, status, run] }) => Effect.asVoid(outcome(Scripted.response(status, body), run)),
      { numRuns: 150 }
    ))

  it.effect("arbitrary bodies and headers under any status (retried or not)", () =>
    property(
      fc.record({
        op: operation,
        status: Cases.statuses,
        body: fc.oneof(Cases.jsonBody.map((t) => new TextEncoder().encode(t)), Cases.bytes),
        headers: Cases.headers,
        retries: fc.constantFrom(0, 1)
      }),
      ({ body, headers, op: [, , run], retries, status }) =>
        Effect.asVoid(outcome(Scripted.response(status, body, headers), run, retries)),
      { numRuns: 150 }
    ))

  it.effect("a success carries exactly what the body said", () =>
    property(
      fc.record({
        token: Cases.tokenText,
        expiresOn: Cases.expiry
      }),
      ({ expiresOn, token }) =>
        Effect.gen(function*() {
          const wire = `${expiresOn.toISOString().slice(0, 23)}0000+00:00`
          const exit = yield* outcome(
            Scripted.json(200, { token, expiresOn: wire }),
            (c) => c.getToken(Cases.user, ["chat"])
          )
          assert.isTrue(Exit.isSuccess(exit), "a valid body must decode")
          if (Exit.isSuccess(exit)) {
            const value = exit.value as Client.AccessToken
            assert.strictEqual(Redacted.value(value.token), token)
            assert.strictEqual(value.expiresOn.getTime(), expiresOn.getTime())
          }
        }),
      { numRuns: 100 }
    ))

  it.effect("the fuzzer reaches every kind of outcome (it is not vacuous)", () =>
    Effect.gen(function*() {
      const seen = new Set<string>()
      const record = (exit: Exit.Exit<unknown, IdentityError>) =>
        seen.add(Exit.isSuccess(exit) ? "Success" : failuresOf(exit.cause)[0]!._tag)
      record(
        yield* outcome(
          Scripted.json(200, { token: "t", expiresOn: "2030-01-01T00:00:00Z" }),
          (c) => c.getToken(Cases.user, ["chat"])
        )
      )
      record(yield* outcome(Scripted.text(200, "{"), (c) => c.getToken(Cases.user, ["chat"])))
      record(yield* outcome(Scripted.json(200, { token: 1 }), (c) => c.getToken(Cases.user, ["chat"])))
      record(
        yield* outcome(Scripted.json(404, { error: { code: "NotFound", message: "m" } }), (c) =>
          c.getToken(Cases.user, ["chat"]))
      )
      assert.deepStrictEqual([...seen].sort(), ["DecodeError", "ServiceError", "Success"])
    }))
})
