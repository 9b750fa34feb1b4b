/** `listEntraAssignmentsAll` over a scripted server: the cases live in `test/cases/Paging.ts` (both Effect lines). */
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import * as Cases from "../../../test/cases/Paging.js"
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
          const ended = yield* Effect.either(
            Stream.runForEach(client.listEntraAssignmentsAll(), (a) => Effect.sync(() => streamed.push(a.objectId)))
          )
          assert.deepStrictEqual(streamed, testCase.objectIds)
          assert.strictEqual(server.requests.length, testCase.requests)
          assert.isTrue(server.requests.every((request) => request.url.origin === new URL(Cases.endpoint).origin))
          if (testCase.targets !== undefined) {
            assert.deepStrictEqual(server.requests.map((request) => request.target), testCase.targets)
          }
          if (testCase.fails === undefined) {
            assert.isTrue(Either.isRight(ended))
          } else {
            const error = Either.flip(ended).pipe(Either.getOrThrow)
            assert.strictEqual(error._tag, testCase.fails._tag)
            assert.include(error.message, testCase.fails.message)
            assert.deepStrictEqual(error._tag === "DecodeError" && [error.operation, error.status], [
              "listEntraAssignmentsAll",
              200
            ])
          }
        }))
    }
  })
}

describe("listEntraAssignmentsAll", () => {
  it.effect("is lazy: nothing is sent until the stream runs; a stream run twice lists twice", () =>
    Effect.gen(function*() {
      const { client, server } = yield* Scripted.client("HttpClient", () => Cases.cases[1]!.answer(1, Cases.endpoint), {
        connectionString: Cases.connectionString,
        apiVersion: Cases.apiVersion
      })
      const all = client.listEntraAssignmentsAll()
      assert.strictEqual(server.requests.length, 0)
      assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(all)), [])
      yield* Stream.runCollect(all)
      assert.strictEqual(server.requests.length, 2)
    }))

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
