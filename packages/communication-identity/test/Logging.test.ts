/**
 * `AZURE_LOG_LEVEL` logging as the official client's (`@azure/logger`): with
 * `info` or `verbose`, one `azure:communication-identity:info` line per
 * attempt (method, URL, status, the service's request id, duration) and
 * never a key or a token; nothing otherwise.
 */
import { CommunicationIdentityClient } from "@effect-acs/communication-identity"
import fc from "fast-check"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { afterEach, describe, expect, it, vi } from "vitest"
import { connectionString, json, scripted, tokenBody, user } from "./scripted.js"

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

const issue =
  "https://contoso.communication.azure.com/identities/8%3Aacs%3A00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001/:issueAccessToken?api-version=2023-10-01"

describe("AZURE_LOG_LEVEL", () => {
  it("info: one line per attempt, retries included, with status and request id", async () => {
    vi.useFakeTimers()
    vi.spyOn(Math, "random").mockReturnValue(0)
    const { CommunicationIdentityClient, logged } = scripted(
      [json(503, undefined, { "ms-cv": "cv-1" }), json(200, tokenBody, { "x-ms-request-id": "rid-2" })],
      "info"
    )
    const pending = new CommunicationIdentityClient(connectionString).getToken(user, ["chat"])
    await vi.runAllTimersAsync()
    await pending
    const id = "client-request-id=00000000-0000-4000-8000-000000000000"
    expect(logged).toEqual([
      `azure:communication-identity:info getToken POST ${issue} status=503 request-id=cv-1 ${id} 0 ms`,
      `azure:communication-identity:info getToken POST ${issue} status=200 request-id=rid-2 ${id} 0 ms`
    ])
  })

  it("verbose logs too; a failure without a response says so; warning, error, unknown or unset log nothing", async () => {
    vi.useFakeTimers()
    const reset = { fail: new Error("read ECONNRESET") }
    const verbose = scripted([reset], "verbose")
    const failed = new verbose.CommunicationIdentityClient(connectionString).createUser().catch(() => undefined)
    await vi.runAllTimersAsync()
    await failed
    expect(verbose.logged).toHaveLength(1)
    expect(verbose.logged[0]).toMatch(
      /^azure:communication-identity:info createUser POST \S+\/identities\?api-version=2023-10-01 no response /
    )
    for (const level of ["warning", "error", "INFO", "chatty", undefined]) {
      const quiet = scripted([json(200, tokenBody)], level)
      await new quiet.CommunicationIdentityClient(connectionString).getToken(user, ["chat"])
      expect(quiet.logged, String(level)).toEqual([])
    }
  })

  it("no key, no token, no Entra token in any line, whatever the server answers", async () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{20,60}$/)
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 16, maxLength: 64 }), segment, segment, async (keyBytes, a, b) => {
        const key = Buffer.from(keyBytes).toString("base64")
        const token = `eyJ${a}.${b}.${a}`
        const echo = json(401, { error: { code: "Denied", message: `${key} ${token}` } }, { "ms-cv": "cv" })
        const { CommunicationIdentityClient, logged } = scripted([echo], "info")
        const options = { apiVersion: "2025-03-02-preview" as const }
        const keyed = new CommunicationIdentityClient(
          `endpoint=https://contoso.communication.azure.com/;accesskey=${key}`,
          options
        )
        const bearer = new CommunicationIdentityClient("https://contoso.communication.azure.com/", {
          getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 })
        }, options)
        await keyed.getTokenForTeamsUser({ teamsUserAadToken: token, clientId: "c", userObjectId: "o" }).catch(() =>
          undefined
        )
        await keyed.getTokenForEntraUser(token).catch(() => undefined)
        await bearer.createUser().catch(() => undefined)
        expect(logged).toHaveLength(3)
        for (const line of logged) {
          for (const secret of [key, token, a, b]) expect(line).not.toContain(secret)
        }
      }),
      { numRuns: 30 }
    )
  })

  it("the node build writes the lines to stderr as @azure/logger does", async () => {
    const server = Http.createServer((_, res) => {
      res.writeHead(200, { "content-type": "application/json", "ms-cv": "from-the-service" }).end(
        JSON.stringify(tokenBody)
      )
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    try {
      const { port } = server.address() as AddressInfo
      const lines: Array<string> = []
      const write = process.stderr.write.bind(process.stderr) as (chunk: string | Uint8Array) => boolean
      vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) =>
        String(chunk).startsWith("azure:") ? lines.push(String(chunk)) > 0 : write(chunk)
      )
      vi.stubEnv("AZURE_LOG_LEVEL", "info")
      const cs = `endpoint=http://127.0.0.1:${port}/;accesskey=${btoa("a key for the loopback server")}`
      await new CommunicationIdentityClient(cs, { allowInsecureConnection: true }).getToken(user, ["chat"])
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        new RegExp(
          `^azure:communication-identity:info getToken POST http://127\\.0\\.0\\.1:${port}/identities/\\S+/:issueAccessToken\\?api-version=2023-10-01 status=200 request-id=from-the-service client-request-id=[0-9a-f-]{36} \\d+ ms\\r?\\n$`
        )
      )
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
