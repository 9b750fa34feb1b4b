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
import * as Scripted from "./utils/scripted.js"

const connectionString = `endpoint=https://contoso.communication.azure.com/;accesskey=${Buffer.from("fuzz-key").toString("base64")}`
const user = { communicationUserId: "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001" }
const tags: ReadonlySet<string> = new Set(["InvalidInput", "CredentialError", "TransportError", "ServiceError", "DecodeError"])

type Service = Client.CommunicationIdentityClient.Service

/** Every operation, its success status and the api-version it needs. */
const operations: ReadonlyArray<readonly [string, number, (c: Service) => Effect.Effect<unknown, IdentityError>]> = [
  ["createUser", 201, (c) => c.createUser()],
  ["createUser (customId)", 201, (c) => c.createUser({ customId: "alice" })],
  ["createUserAndToken", 201, (c) => c.createUserAndToken(["chat"])],
  ["getToken", 200, (c) => c.getToken(user, ["chat"])],
  ["revokeTokens", 204, (c) => c.revokeTokens(user)],
  ["deleteUser", 204, (c) => c.deleteUser(user)],
  ["getUser", 200, (c) => c.getUser(user)],
  ["getTokenForTeamsUser", 200, (c) => c.getTokenForTeamsUser({ teamsUserAadToken: "eyJ0.eyJ0.c2ln", clientId: "app", userObjectId: "oid" })]
]

const failuresOf = <E>(cause: Cause.Cause<E>): ReadonlyArray<E> =>
  cause.reasons.filter(Cause.isFailReason).map((reason) => reason.error)

/** Runs `operation` against one scripted reply; checks the outcome is a success or one typed failure. */
const outcome = (reply: Scripted.Reply, run: (c: Service) => Effect.Effect<unknown, IdentityError>, retries = 0) =>
  Effect.gen(function*() {
    const server = Scripted.make(() => reply)
    const client = yield* Client.make({ connectionString, apiVersion: "2025-03-02-preview", retry: { maxRetries: retries } }).pipe(
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
      assert.isTrue(tags.has(failures[0]!._tag), `not an IdentityError: ${String(failures[0])}`)
      assert.isString(failures[0]!.message)
    }
    return exit
  })

// ---------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------

/** Strings that are sometimes valid service timestamps. */
const timestamp = fc.oneof(
  fc.constantFrom(
    "2030-01-01T00:00:00Z",
    "2030-01-01T00:00:00.1234567+00:00",
    "2024-02-30T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2030-01-01",
    "",
    "0",
    "9999-12-31T23:59:59.9999999+14:00",
    "+275760-09-13T00:00:00Z"
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string({ maxLength: 40 })
)

const anything = fc.jsonValue({ maxDepth: 3 })
const maybe = <A>(arb: fc.Arbitrary<A>) => fc.oneof(arb, anything, fc.constant(undefined))
const id = fc.oneof(fc.constant(user.communicationUserId), fc.string({ maxLength: 30 }))

/** Near-miss shapes of each success body: the right keys, sometimes the right types. */
const tokenShape = fc.record({ token: maybe(fc.string({ maxLength: 60 })), expiresOn: maybe(timestamp) }, { requiredKeys: [] })
const identityShape = fc.record({
  id: maybe(id),
  customId: maybe(fc.string({ maxLength: 10 })),
  lastTokenIssuedAt: maybe(timestamp)
}, { requiredKeys: [] })
const resultShape = fc.record({ identity: maybe(identityShape), accessToken: maybe(tokenShape) }, { requiredKeys: [] })
const envelopeShape: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  error: fc.record({
    code: maybe(fc.string({ maxLength: 20 })),
    message: maybe(fc.string({ maxLength: 80 })),
    target: maybe(fc.string({ maxLength: 20 })),
    details: maybe(fc.array(tie("error"), { maxLength: 2 })),
    innererror: maybe(tie("error"))
  }, { requiredKeys: [] })
})).error.map((error) => ({ error }))

const jsonBody = fc.oneof(anything, tokenShape, identityShape, resultShape, envelopeShape)
  .map((value) => value === undefined ? "" : JSON.stringify(value))

const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  // valid JSON with invalid UTF-8 or a BOM spliced in
  fc.tuple(jsonBody, fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.nat(50)).map(([text, junk, at]) => {
    const encoded = new TextEncoder().encode(text)
    const cut = Math.min(at, encoded.length)
    return Uint8Array.from([...encoded.subarray(0, cut), ...junk, ...encoded.subarray(cut)])
  }),
  jsonBody.map((text) => Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))
)

const headerValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom("0", "1", "1.5", "-1", "1e3", "99999999999999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT")
)
const headers = fc.record({
  "retry-after": headerValue,
  "retry-after-ms": headerValue,
  "x-ms-retry-after-ms": headerValue,
  "content-type": fc.constantFrom("application/json", "text/html", "text/plain", "application/octet-stream", ""),
  "ms-cv": fc.string({ maxLength: 20 })
}, { requiredKeys: [] }).map((h) =>
  // header values cannot hold control characters on the wire
  Object.fromEntries(Object.entries(h).filter(([, v]) => !/[\u0000-\u001f\u007f]/.test(v)))
)

const operation = fc.constantFrom(...operations)

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

describe("decoder fuzzing: no defect, ever", () => {
  it.effect("arbitrary JSON and near-miss shapes under each success status", () =>
    property(
      fc.record({ op: operation, body: jsonBody }),
      ({ body, op: [, status, run] }) => Effect.asVoid(outcome(Scripted.response(status, body, { "content-type": "application/json" }), run)),
      { numRuns: 200 }
    ))

  it.effect("arbitrary bytes under each success status", () =>
    property(
      fc.record({ op: operation, body: bytes }),
      ({ body, op: [, status, run] }) => Effect.asVoid(outcome(Scripted.response(status, body), run)),
      { numRuns: 150 }
    ))

  it.effect("arbitrary bodies and headers under any status (retried or not)", () =>
    property(
      fc.record({
        op: operation,
        status: fc.oneof(fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 408, 409, 429, 500, 501, 502, 503, 504, 505), fc.integer({ min: 100, max: 599 })),
        body: fc.oneof(jsonBody.map((t) => new TextEncoder().encode(t)), bytes),
        headers,
        retries: fc.constantFrom(0, 1)
      }),
      ({ body, headers, op: [, , run], retries, status }) =>
        Effect.asVoid(outcome(Scripted.response(status, body, headers), run, retries)),
      { numRuns: 150 }
    ))

  it.effect("a success carries exactly what the body said", () =>
    property(
      fc.record({
        token: fc.string({ minLength: 1, maxLength: 40 }).filter((t) => !/[\u0000-\u001f]/.test(t)),
        expiresOn: fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true })
      }),
      ({ expiresOn, token }) =>
        Effect.gen(function*() {
          const wire = `${expiresOn.toISOString().slice(0, 23)}0000+00:00`
          const exit = yield* outcome(Scripted.json(200, { token, expiresOn: wire }), (c) => c.getToken(user, ["chat"]))
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
      record(yield* outcome(Scripted.json(200, { token: "t", expiresOn: "2030-01-01T00:00:00Z" }), (c) => c.getToken(user, ["chat"])))
      record(yield* outcome(Scripted.text(200, "{"), (c) => c.getToken(user, ["chat"])))
      record(yield* outcome(Scripted.json(200, { token: 1 }), (c) => c.getToken(user, ["chat"])))
      record(yield* outcome(Scripted.json(404, { error: { code: "NotFound", message: "m" } }), (c) => c.getToken(user, ["chat"])))
      assert.deepStrictEqual([...seen].sort(), ["DecodeError", "ServiceError", "Success"])
    }))
})
