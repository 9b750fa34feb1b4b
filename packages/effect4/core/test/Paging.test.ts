/** `listEntraAssignmentsAll` over a scripted server: the cases live in `test/cases/Paging.ts` (both Effect lines). */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Cases from "../../../../test/cases/Paging.js"
import * as Scripted from "./utils/scripted.js"

for (const via of Scripted.transports) {
  describe(`listEntraAssignmentsAll (via ${via})`, () => {
    for (const testCase of Cases.cases) {
      it.effect(testCase.name, () =>
        Effect.gen(function*() {
          const { client, server } = yield* Scripted.client(
            via,
            (request) => testCase.answer(Cases.pageOf(request), Cases.endpoint),
            { connectionString: Cases.connectionString, apiVersion: Cases.apiVersion }
          )
          const streamed: Array<string> = []
          const error = yield* Effect.match(
            Stream.runForEach(client.listEntraAssignmentsAll(), (a) => Effect.sync(() => streamed.push(a.objectId))),
            { onFailure: (error) => error, onSuccess: () => undefined }
          )
          assert.deepStrictEqual(streamed, testCase.objectIds)
          assert.strictEqual(server.requests.length, testCase.requests)
          assert.isTrue(server.requests.every((request) => request.url.origin === new URL(Cases.endpoint).origin))
          if (testCase.targets !== undefined) {
            assert.deepStrictEqual(server.requests.map((request) => request.target), testCase.targets)
          }
          assert.deepStrictEqual(
            error === undefined ? undefined : [error._tag, error.message.includes(testCase.fails?.message ?? "?")],
            testCase.fails === undefined ? undefined : [testCase.fails._tag, true]
          )
          assert.deepStrictEqual(
            error?._tag === "DecodeError" ? [error.operation, error.status] : undefined,
            testCase.fails === undefined ? undefined : ["listEntraAssignmentsAll", 200]
          )
        }))
    }
  })
}

describe("listEntraAssignmentsAll", () => {
  it.effect("an api-version without Entra assignments: InvalidInput, nothing sent", () =>
    Effect.gen(function*() {
      const { client, server } = yield* Scripted.client("HttpClient", () => Cases.cases[1]!.answer(1, Cases.endpoint), {
        connectionString: Cases.connectionString,
        apiVersion: "2025-06-30"
      })
      const error = yield* Effect.flip(Stream.runCollect(client.listEntraAssignmentsAll()))
      assert.deepStrictEqual([error._tag, error._tag === "InvalidInput" && error.field], ["InvalidInput", "apiVersion"])
      assert.strictEqual(server.requests.length, 0)
    }))
})
