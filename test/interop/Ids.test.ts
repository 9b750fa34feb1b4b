/**
 * Any user id the official `@azure/communication-identity` 1.3.1 sends, the
 * drop-in sends, percent-encoded byte for byte the same way: both clients
 * call one loopback server that records each request target and answers 204,
 * for arbitrary id strings (spaces, non-ASCII, lone surrogates, `/ ? # % :`,
 * dot segments, the empty id) on every operation that puts an id in its path.
 * An id the official client refuses to send is refused by ours with the same
 * error name and message, and nothing reaches the server.
 */
import { CommunicationIdentityClient as OfficialClient } from "@azure/communication-identity"
import { CommunicationIdentityClient as DropInClient, dispose } from "@effect-acs/identity-node"
import fc from "fast-check"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

let server: Server
let targets: Array<string> = []
let connectionString = ""

beforeAll(async () => {
  server = createServer((request, response) => {
    targets.push(`${request.method} ${request.url}`)
    request.resume()
    request.on("end", () => response.writeHead(204).end())
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  connectionString = `endpoint=http://127.0.0.1:${port}/;accesskey=${Buffer.from("a key").toString("base64")}`
})

afterAll(async () => {
  await dispose()
  await new Promise<void>((resolve, reject) => server.close((error) => error ? reject(error) : resolve()))
})

interface IdSurface {
  revokeTokens(user: { communicationUserId: string }): Promise<unknown>
  deleteUser(user: { communicationUserId: string }): Promise<unknown>
  getToken(user: { communicationUserId: string }, scopes: Array<"chat">): Promise<unknown>
}

const options = { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } }

/** The request targets one call sent, or the error that kept it from being sent. */
const wire = async (call: () => Promise<unknown>) => {
  targets = []
  const refused = await call().then(
    () => undefined,
    (error: unknown) =>
      targets.length > 0 ? undefined : { name: (error as Error).name, message: (error as Error).message }
  )
  return { targets, refused }
}

const operations: ReadonlyArray<readonly [string, (client: IdSurface, id: string) => Promise<unknown>]> = [
  ["revokeTokens", (client, id) => client.revokeTokens({ communicationUserId: id })],
  ["deleteUser", (client, id) => client.deleteUser({ communicationUserId: id })],
  ["getToken", (client, id) => client.getToken({ communicationUserId: id }, ["chat"])]
]

const ids = fc.oneof(
  fc.constantFrom(
    "",
    ".",
    "..",
    "...",
    "a/../b",
    "8:acs:x_y",
    " ",
    "%",
    "%2e",
    "%2E%2e",
    "?#",
    "{id}",
    "é",
    "\u{1f600}"
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom("/", "?", "#", "%", ":", ".", " ", "+", "&", "=", "\\", "a", "é", "\ud800"),
    maxLength: 12
  })
)

describe("user ids on the wire: the drop-in and the official client", () => {
  for (const [name, call] of operations) {
    it(`${name}: the same request target for any id`, async () => {
      const official = new OfficialClient(connectionString, options) as unknown as IdSurface
      const ours = new DropInClient(connectionString, options)
      await fc.assert(
        fc.asyncProperty(ids, async (id) => {
          const theirs = await wire(() => call(official, id))
          const mine = await wire(() => call(ours, id))
          expect(mine).toEqual(theirs)
          expect(theirs.targets.length + (theirs.refused === undefined ? 0 : 1)).toBe(1)
        }),
        { numRuns: 150 }
      )
    })
  }

  it("known encodings: spaces, non-ASCII, reserved characters and dot segments", async () => {
    const official = new OfficialClient(connectionString, options) as unknown as IdSurface
    const ours = new DropInClient(connectionString, options)
    const expected: ReadonlyArray<readonly [string, string]> = [
      [" a", "/identities/%20a/:revokeAccessTokens"],
      ["é/?#%:", "/identities/%C3%A9%2F%3F%23%25%3A/:revokeAccessTokens"],
      ["~!*'()", "/identities/~!*'()/:revokeAccessTokens"],
      ["", "/identities//:revokeAccessTokens"],
      [".", "/identities/:revokeAccessTokens"],
      ["..", "/:revokeAccessTokens"]
    ]
    for (const [id, path] of expected) {
      for (const client of [official, ours]) {
        expect(await wire(() => client.revokeTokens({ communicationUserId: id }))).toEqual({
          targets: [`POST ${path}?api-version=2023-10-01`],
          refused: undefined
        })
      }
    }
  })
})
