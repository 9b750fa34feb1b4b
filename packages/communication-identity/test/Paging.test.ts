/**
 * `listEntraAssignmentsAll` of the drop-in over a loopback server: the paging
 * cases both Effect lines run (`test/cases/Paging.ts`), element by element and
 * page by page, and `byPage({ continuationToken })`.
 */
import { CommunicationIdentityClient, dispose, RestError } from "@effect-acs/communication-identity"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Cases from "../../../test/cases/Paging.js"
import type * as Wire from "../../../test/cases/Wire.js"

let server: Http.Server
let endpoint = ""
let answer: (page: number, endpoint: string) => Wire.Response = () => {
  throw new Error("no case")
}
let targets: Array<string> = []

beforeAll(async () => {
  server = Http.createServer((request, response) => {
    targets.push(request.url ?? "")
    const reply = answer(Number(new URL(request.url ?? "", endpoint).searchParams.get("page") ?? "1"), endpoint)
    response.writeHead(reply.status, reply.headers).end(reply.body)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})

afterAll(async () => {
  await dispose()
  await new Promise<void>((resolve, reject) => server.close((error) => error ? reject(error) : resolve()))
})

const client = () =>
  new CommunicationIdentityClient(`endpoint=${endpoint};accesskey=${btoa("a key for the loopback server")}`, {
    apiVersion: Cases.apiVersion,
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 0 }
  })

/** What a listing shows: the object ids (or the pages' ids), the targets sent and how it ended. */
const observe = async (items: AsyncIterable<unknown>, testCase: Cases.Case) => {
  answer = testCase.answer
  targets = []
  const seen: Array<unknown> = []
  const error = await (async () => {
    for await (const item of items) seen.push(item)
  })().then(() => undefined, (e: unknown) => e)
  return { seen, targets, error }
}

const checkEnd = (error: unknown, testCase: Cases.Case) => {
  if (testCase.fails === undefined) return expect(error).toBeUndefined()
  expect(error).toBeInstanceOf(RestError)
  expect(error).toMatchObject({ code: testCase.fails._tag, statusCode: 200 })
  expect((error as RestError).message).toContain(testCase.fails.message)
}

describe("listEntraAssignmentsAll", () => {
  for (const testCase of Cases.cases) {
    it(`${testCase.name}: element by element`, async () => {
      const { error, seen, targets } = await observe(client().listEntraAssignmentsAll(), testCase)
      expect(seen.map((a) => (a as { objectId: string }).objectId)).toEqual(testCase.objectIds)
      expect(targets).toHaveLength(testCase.requests)
      if (testCase.targets !== undefined) expect(targets).toEqual(testCase.targets)
      checkEnd(error, testCase)
    })
  }

  it("page by page: one array per page, in order", async () => {
    const { error, seen } = await observe(client().listEntraAssignmentsAll().byPage(), Cases.cases[0]!)
    expect(seen.map((page) => (page as ReadonlyArray<{ objectId: string }>).map((a) => a.objectId))).toEqual([
      Cases.cases[0]!.objectIds.slice(0, 2),
      Cases.cases[0]!.objectIds.slice(2, 3),
      Cases.cases[0]!.objectIds.slice(3)
    ])
    expect(error).toBeUndefined()
  })

  it("byPage({ continuationToken }) starts at a nextLink; one to another host is refused before any request", async () => {
    const resumed = await observe(
      client().listEntraAssignmentsAll().byPage({ continuationToken: "/access/entra/assignments?page=2" }),
      Cases.cases[0]!
    )
    expect(resumed.targets).toEqual([
      `/access/entra/assignments?page=2&api-version=${Cases.apiVersion}`,
      `/access/entra/assignments?page=3&api-version=${Cases.apiVersion}`
    ])
    expect(resumed.seen).toHaveLength(2)
    const refused = await observe(
      client().listEntraAssignmentsAll().byPage({ continuationToken: "https://evil.example/access/entra/assignments" }),
      Cases.cases[0]!
    )
    expect(refused.targets).toEqual([])
    expect(refused.error).toMatchObject({ code: "InvalidInput" })
  })

  it("nothing is sent until the first next()", async () => {
    answer = Cases.cases[1]!.answer
    targets = []
    const listing = client().listEntraAssignmentsAll()
    await new Promise((resolve) => setImmediate(resolve))
    expect(targets).toEqual([])
    expect(await listing.next()).toEqual({ done: true, value: undefined })
    expect(targets).toHaveLength(1)
  })
})
