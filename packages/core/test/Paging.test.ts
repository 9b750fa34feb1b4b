/**
 * `Paging.listEntraAssignmentsAll` over a scripted server (the cases live in `test/cases/Paging.ts`, both
 * Effect lines), and `listEntraAssignmentsPage` page by page, with cursors made by hand.
 */
import * as Paging from "@effect-acs/identity/Paging"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Cases from "../../../test/cases/Paging.js"
import * as Scripted from "./utils/scripted.js"

for (const via of Scripted.transports) {
  describe(`Paging.listEntraAssignmentsAll (via ${via})`, () => {
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
            Stream.runForEach(
              Paging.listEntraAssignmentsAll(client),
              (a) => Effect.sync(() => streamed.push(a.objectId))
            ),
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
            testCase.fails === undefined ? undefined : ["listEntraAssignmentsPage", 200]
          )
        }))
    }
  })
}

describe("listEntraAssignmentsPage", () => {
  const client = (apiVersion: typeof Cases.apiVersion | "2025-06-30" = Cases.apiVersion) =>
    Scripted.client("HttpClient", (request) => Cases.cases[0]!.answer(Cases.pageOf(request), Cases.endpoint), {
      connectionString: Cases.connectionString,
      apiVersion
    })

  it.effect("the stream is lazy: nothing is sent until it runs; run twice, it lists twice", () =>
    Effect.gen(function*() {
      const { client: identity, server } = yield* client()
      const all = Paging.listEntraAssignmentsAll(identity)
      assert.strictEqual(server.requests.length, 0)
      yield* Stream.runDrain(all)
      yield* Stream.runDrain(all)
      assert.strictEqual(server.requests.length, 6)
    }))

  it.effect("page by page: each page's cursor reads the next; the last has none", () =>
    Effect.gen(function*() {
      const { client: identity, server } = yield* client()
      const first = yield* identity.listEntraAssignmentsPage()
      assert.deepStrictEqual(first.next, {
        page: `access/entra/assignments?api-version=${Cases.apiVersion}&page=2`,
        pagesRead: 1
      })
      const second = yield* identity.listEntraAssignmentsPage(first.next)
      assert.strictEqual(second.next?.pagesRead, 2)
      const third = yield* identity.listEntraAssignmentsPage(second.next)
      assert.isUndefined(third.next)
      assert.isFalse("next" in third)
      assert.deepStrictEqual(
        [first, second, third].flatMap((page) => page.value.map((a) => a.objectId)),
        Cases.cases[0]!.objectIds
      )
      assert.deepStrictEqual(server.requests.map((request) => request.target), Cases.cases[0]!.targets)
    }))

  it.effect("a cursor made by hand is checked before sending: past 1,000 pages or no count, InvalidInput, nothing sent", () =>
    Effect.gen(function*() {
      const { client: identity, server } = yield* client()
      const refused = (cursor: { page: string; pagesRead: number }) =>
        Effect.map(
          Effect.flip(identity.listEntraAssignmentsPage(cursor)),
          (error) => [error._tag, error._tag === "InvalidInput" && error.field]
        )
      assert.deepStrictEqual(yield* refused({ page: "access/entra/assignments", pagesRead: 1000 }), [
        "InvalidInput",
        "nextLink"
      ])
      for (const pagesRead of [-1, Number.NaN, 2.5]) {
        assert.deepStrictEqual(yield* refused({ page: "access/entra/assignments", pagesRead }), [
          "InvalidInput",
          "pagesRead"
        ])
      }
      assert.strictEqual(server.requests.length, 0)
      // anything else is a path under the endpoint (another origin cannot be written after it), sent as resolved
      yield* identity.listEntraAssignmentsPage({ page: "x/../access/entra/assignments?page=3", pagesRead: 2 })
      yield* identity.listEntraAssignmentsPage({ page: "https://evil.example/?page=3", pagesRead: 2 })
      assert.deepStrictEqual(server.requests.map((request) => request.target), [
        `/access/entra/assignments?page=3&api-version=${Cases.apiVersion}`,
        `/https://evil.example/?page=3&api-version=${Cases.apiVersion}`
      ])
      assert.isTrue(server.requests.every((request) => request.url.origin === new URL(Cases.endpoint).origin))
    }))

  it.effect("an api-version without Entra assignments: InvalidInput (apiVersion), nothing sent", () =>
    Effect.gen(function*() {
      const { client: identity, server } = yield* client("2025-06-30")
      const error = yield* Effect.flip(Stream.runCollect(Paging.listEntraAssignmentsAll(identity)))
      assert.deepStrictEqual([error._tag, error._tag === "InvalidInput" && error.field], ["InvalidInput", "apiVersion"])
      const paged = yield* Effect.flip(identity.listEntraAssignmentsPage({ page: "../x", pagesRead: 1 }))
      assert.deepStrictEqual([paged._tag, paged._tag === "InvalidInput" && paged.field], ["InvalidInput", "apiVersion"])
      assert.strictEqual(server.requests.length, 0)
    }))
})
