/**
 * The paging cases both Effect lines run (packages/core/test/Paging.test.ts,
 * packages/effect4/core/test/Paging.test.ts) on `Paging.listEntraAssignmentsAll`
 * (and the drop-in on its `listEntraAssignmentsAll`)
 * over a scripted server: the pages a listing reads, the requests it sends
 * (only on the endpoint's origin) and how it fails.
 */
import * as Paging from "@effect-acs/identity-protocol/Paging"
import * as Wire from "./Wire.js"

/** The endpoint of the cases' connection string. */
export const endpoint = "https://contoso.communication.azure.com/"

/** A connection string of {@link endpoint}. */
export const connectionString =
  `endpoint=${endpoint};accesskey=68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e`

/** The api-version with Entra assignments. */
export const apiVersion = "2025-03-02-preview"

const assignment = (n: number) => ({
  objectId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  tenantId: "c70d068c-2f32-484d-9455-73070cd5aadd",
  principalType: "user",
  clientIds: ["617d08b5-f35b-4270-87d6-56833d2dee1b"]
})

const page = (values: ReadonlyArray<number>, nextLink?: string) =>
  Wire.json(200, { value: values.map(assignment), ...(nextLink !== undefined && { nextLink }) })

/** One paging case: the server's answer to each request, and what the listing must show. */
export interface Case {
  readonly name: string
  /** The answer to a request, by its `page` query parameter (absent on the first), from the server of `endpoint`. */
  readonly answer: (page: number, endpoint: string) => Wire.Response
  /** The object ids streamed, in order. */
  readonly objectIds: ReadonlyArray<string>
  /** The request targets sent, in order (`undefined`: only their number is checked). */
  readonly targets?: ReadonlyArray<string>
  readonly requests: number
  /**
   * How the stream fails: the error's tag and a part of its message; `undefined` when it ends. A page
   * whose `nextLink` may not be followed fails as a whole (its assignments are not streamed).
   */
  readonly fails?: { readonly _tag: "DecodeError"; readonly message: string }
}

const list = `/access/entra/assignments?api-version=${apiVersion}`

/** The cases. */
export const cases: ReadonlyArray<Case> = [
  {
    name: "three pages: an absolute nextLink, a path-absolute one without api-version; the last has none",
    answer: (n, endpoint) =>
      n === 1
        ? page([1, 2], `${endpoint}access/entra/assignments?api-version=${apiVersion}&page=2`)
        : n === 2
        ? page([3], "/access/entra/assignments?page=3")
        : page([4]),
    objectIds: [1, 2, 3, 4].map((n) => assignment(n).objectId),
    targets: [list, `${list}&page=2`, `/access/entra/assignments?page=3&api-version=${apiVersion}`],
    requests: 3
  },
  {
    name: "an empty listing: one request",
    answer: () => page([]),
    objectIds: [],
    targets: [list],
    requests: 1
  },
  {
    name: "a nextLink to another host: the page that has it fails as a DecodeError; nothing sent there",
    answer: (n) => n === 1 ? page([1], "/access/entra/assignments?page=2") : page([2], "https://evil.example/a?page=3"),
    objectIds: [assignment(1).objectId],
    targets: [list, `/access/entra/assignments?page=2&api-version=${apiVersion}`],
    requests: 2,
    fails: {
      _tag: "DecodeError",
      message: "result: nextLink: " +
        "The nextLink leads to https://evil.example, not to the endpoint"
    }
  },
  {
    name: "a nextLink over plain http to the endpoint's host: another origin, refused",
    answer: () => page([1], "http://contoso.communication.azure.com/access/entra/assignments?page=2"),
    objectIds: [],
    targets: [list],
    requests: 1,
    fails: { _tag: "DecodeError", message: "The nextLink leads to http://contoso.communication.azure.com" }
  },
  {
    name: `a listing without end: ${Paging.maxPages} pages read, then a DecodeError`,
    answer: (n) => page([], `/access/entra/assignments?page=${n + 1}`),
    objectIds: [],
    requests: Paging.maxPages,
    fails: { _tag: "DecodeError", message: `The listing has more than ${Paging.maxPages} pages.` }
  }
]

/** The `page` query parameter of a request (1 when it has none). */
export const pageOf = (request: Wire.RecordedRequest): number => Number(request.query["page"] ?? "1")

/** A cursor, as `listEntraAssignmentsPage` takes it. */
export type Cursor = Paging.Cursor

/** The cursors `cases[0]`'s listing answers, page by page (`undefined` on the last). */
export const cursors: ReadonlyArray<Cursor | undefined> = [
  { page: `access/entra/assignments?api-version=${apiVersion}&page=2`, pagesRead: 1 },
  { page: `access/entra/assignments?page=3&api-version=${apiVersion}`, pagesRead: 2 },
  undefined
]

/** Cursors made by hand that are refused before anything is sent, and the field their `InvalidInput` names. */
export const refusedCursors: ReadonlyArray<{ readonly cursor: Cursor; readonly field: "nextLink" | "pagesRead" }> = [
  { cursor: { page: "access/entra/assignments", pagesRead: Paging.maxPages }, field: "nextLink" },
  ...[-1, Number.NaN, 2.5].map((pagesRead) => ({
    cursor: { page: "access/entra/assignments", pagesRead },
    field: "pagesRead" as const
  }))
]

/**
 * Cursors made by hand that are sent, and their targets: whatever follows the endpoint is a path under it
 * (another origin cannot be written there), sent as resolved, with the api-version.
 */
export const sentCursors: ReadonlyArray<{ readonly cursor: Cursor; readonly target: string }> = [
  {
    cursor: { page: "x/../access/entra/assignments?page=3", pagesRead: 2 },
    target: `/access/entra/assignments?page=3&api-version=${apiVersion}`
  },
  {
    cursor: { page: "https://evil.example/?page=3", pagesRead: 2 },
    target: `/https://evil.example/?page=3&api-version=${apiVersion}`
  }
]
