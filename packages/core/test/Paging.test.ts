/**
 * `Paging.listEntraAssignmentsAll` over a scripted server (the cases live in `test/cases/Paging.ts`, both
 * Effect lines), and `listEntraAssignmentsPage` page by page, with cursors made by hand.
 */
import type { EntraAssignmentsPage } from "@effect-acs/identity/CommunicationIdentityClient"
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
      const streamed: Array<string> = []
      let cursor: Cases.Cursor | undefined = undefined
      for (const expected of Cases.cursors) {
        const page: EntraAssignmentsPage = yield* identity.listEntraAssignmentsPage(cursor)
        assert.deepStrictEqual(page.next, expected)
        assert.strictEqual("next" in page, expected !== undefined)
        streamed.push(...page.value.map((a) => a.objectId))
        cursor = page.next
      }
      assert.deepStrictEqual(streamed, Cases.cases[0]!.objectIds)
      assert.deepStrictEqual(server.requests.map((request) => request.target), Cases.cases[0]!.targets)
    }))

  it.effect("a cursor made by hand is checked: refused before sending (InvalidInput), else sent under the endpoint", () =>
    Effect.gen(function*() {
      const { client: identity, server } = yield* client()
      for (const { cursor, field } of Cases.refusedCursors) {
        const error = yield* Effect.flip(identity.listEntraAssignmentsPage(cursor))
        assert.deepStrictEqual([error._tag, error._tag === "InvalidInput" && error.field], ["InvalidInput", field])
      }
      assert.strictEqual(server.requests.length, 0)
      for (const { cursor } of Cases.sentCursors) yield* identity.listEntraAssignmentsPage(cursor)
      assert.deepStrictEqual(
        server.requests.map((request) => [request.url.origin, request.target]),
        Cases.sentCursors.map(({ target }) => [new URL(Cases.endpoint).origin, target])
      )
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
