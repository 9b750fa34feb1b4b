/**
 * The scenarios of Inputs.test.ts (on this line's faces) and of
 * packages/effect4/test (on the Effect 4 client's):
 *
 * Pathological inputs: huge, deeply nested, control characters, in every
 * field. Each is a typed error before anything is sent — never a crash, a
 * hang or a stack overflow. Plus the limits users configure: timeouts too
 * long for a timer.
 */
import type * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import { assert } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { loopback, type Scenario } from "../reliability/harness.js"
import { connection, type Face, key, noLeaks, typedFailure } from "./harness.js"

type Service = Client.CommunicationIdentityClient.Service
const cast = <A>(value: unknown): A => value as A

const deep = (depth: number): unknown => {
  let value: unknown = "chat"
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

/** Calls with a hostile value in one field each; none may send a request. */
const hostile: ReadonlyArray<
  readonly [string, (c: Service) => Effect.Effect<unknown, import("@effect-acs/identity/IdentityError").IdentityError>]
> = [
  ["a megabyte user id", (c) => c.revokeTokens({ communicationUserId: "8:acs:" + "x".repeat(1 << 20) })],
  ["a user id with CR/LF", (c) => c.deleteUser({ communicationUserId: "8:acs:x\r\nHost: evil" })],
  ["a dot-segment user id", (c) => c.getToken({ communicationUserId: ".." }, ["chat"])],
  ["a user that is not an object", (c) => c.revokeTokens(cast(42))],
  [
    "100,000 scopes",
    (c) => c.getToken({ communicationUserId: "8:acs:x" }, cast(Array.from({ length: 100_000 }, () => "chat")))
  ],
  ["scopes nested 100,000 deep", (c) => c.createUserAndToken(cast(deep(100_000)))],
  ["a scope of a megabyte", (c) => c.createUserAndToken(cast(["c".repeat(1 << 20)]))],
  ["a scope that is an object", (c) => c.createUserAndToken(cast([{ toString: () => "chat" }]))],
  ["expiry of NaN", (c) => c.createUserAndToken(["chat"], { expiresInMinutes: NaN })],
  [
    "expiry of Infinity",
    (c) => c.getToken({ communicationUserId: "8:acs:x" }, ["chat"], { expiresInMinutes: Infinity })
  ],
  [
    "expiry as a string",
    (c) => c.getToken({ communicationUserId: "8:acs:x" }, ["chat"], cast({ expiresInMinutes: "90" }))
  ],
  ["a megabyte customId", (c) => c.createUser({ customId: "x".repeat(1 << 20) })],
  ["an empty Teams token", (c) => c.getTokenForTeamsUser({ teamsUserAadToken: "", clientId: "a", userObjectId: "b" })],
  [
    "a megabyte Teams client id",
    (c) => c.getTokenForTeamsUser({ teamsUserAadToken: "t", clientId: "a".repeat(1 << 20), userObjectId: "b" })
  ],
  ["a Teams exchange that is not an object", (c) => c.getTokenForTeamsUser(cast(undefined))]
]

/** The title the scenarios run under, with the face's name. */
export const title = "pathological inputs"

/** The scenarios on `face`. */
export const scenarios = (face: Face): ReadonlyArray<Scenario> => {
  const all: Array<Scenario> = []
  const live = (name: string, run: () => Effect.Effect<unknown, unknown>, timeout?: number) =>
    all.push({ name, run: () => Effect.asVoid(run()), ...(timeout !== undefined && { timeout }) })
  live("every hostile field is InvalidInput, and nothing is sent", () =>
    noLeaks(Effect.gen(function*() {
      const server = yield* loopback((_, res) => res.writeHead(500).end())
      const client = yield* face.make({ connectionString: connection(server.url), apiVersion: "2025-03-02-preview" })
      for (const [name, run] of hostile) {
        const error = yield* typedFailure(run(client), "InvalidInput", [key])
        assert.isAtMost(error.message.length, 300, name)
      }
      assert.strictEqual(server.requests(), 0)
    })))

  live("connection strings of any size: InvalidInput, never a crash", () =>
    Effect.gen(function*() {
      const huge = "A".repeat(8 * 1024 * 1024)
      for (
        const connectionString of [
          `endpoint=https://x.example.com/;accesskey=${huge}`,
          `endpoint=https://x.example.com/;accesskey=${huge.slice(0, 64 * 1024)}`,
          `endpoint=https://x.example.com/${"a".repeat(1 << 20)};accesskey=${key}`,
          ";".repeat(1 << 20)
        ]
      ) {
        yield* typedFailure(face.make({ connectionString }), "InvalidInput", [huge.slice(0, 16)])
      }
    }))

  live("a zero, negative or unreadable timeout is InvalidInput", () =>
    Effect.gen(function*() {
      for (const limit of [0, -5, "soon", Number.NaN] as const) {
        const error = yield* typedFailure(
          face.make({ connectionString: connection("http://127.0.0.1:9/"), attemptTimeout: cast(limit) }),
          "InvalidInput",
          [key]
        )
        assert.strictEqual(error.field, "attemptTimeout")
        yield* typedFailure(
          face.make({ connectionString: connection("http://127.0.0.1:9/"), timeout: cast(limit) }),
          "InvalidInput",
          [key]
        )
      }
    }))

  live(
    "timeouts too long for a timer (30 days, infinity) mean no limit, not an instant timeout",
    () =>
      noLeaks(Effect.gen(function*() {
        const warnings: Array<string> = []
        const onWarning = (warning: Error) => warnings.push(warning.name)
        process.on("warning", onWarning)
        yield* Effect.addFinalizer(() => Effect.sync(() => process.off("warning", onWarning)))
        const server = yield* loopback((_, res) => setTimeout(() => res.writeHead(204).end(), 20))
        for (const limit of ["30 days", Duration.infinity] as const) {
          const client = yield* face.make({
            connectionString: connection(server.url),
            attemptTimeout: limit,
            timeout: limit
          })
          yield* client.revokeTokens({ communicationUserId: "8:acs:x" })
        }
        // warnings are emitted on the next tick
        yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
        assert.notInclude(warnings, "TimeoutOverflowWarning")
      }))
  )
  return all
}
