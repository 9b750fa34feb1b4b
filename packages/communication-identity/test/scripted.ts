/**
 * A scripted platform for the executor's tests: each request takes the next
 * reply of the script (the last one repeats). A hanging reply keeps the
 * platform's contract: it rejects with an `AttemptTimeout` at the attempt's
 * limit and with an `AbortError` when the signal aborts — on the (fake) timers.
 * With a `level` (as `AZURE_LOG_LEVEL`), the lines it would log are collected.
 */
import * as Signing from "@effect-acs/identity-protocol/Signing"
import { abortError } from "../src/internal/errors.js"
import { AttemptTimeout, infoLogger, type Outgoing, type Platform } from "../src/internal/executor.js"
import { forPlatform } from "../src/internal/client.js"

/** A reply: a response, a failure without a response, or none at all. */
export type Reply =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly fail: unknown }
  | "hang"

/** A JSON response. */
export const json = (status: number, body?: unknown, headers: Readonly<Record<string, string>> = {}): Reply => ({
  status,
  body,
  headers
})

const answer = (reply: Exclude<Reply, "hang">) => {
  if ("fail" in reply) return Promise.reject(reply.fail)
  const headers = reply.headers ?? {}
  return Promise.resolve({
    status: reply.status,
    header: (name: string) => headers[name],
    text: reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body)
  })
}

/** The drop-in over a scripted platform, and what was sent. */
export const scripted = (script: ReadonlyArray<Reply> | ((request: Outgoing) => Reply), level?: string) => {
  const sent: Array<Outgoing> = []
  const logged: Array<string> = []
  const platform: Platform = {
    userAgentHeader: "user-agent",
    randomUUID: () => "00000000-0000-4000-8000-000000000000",
    signer: () => (request) => Signing.headers(request, Signing.emptyContentHash, "c2lnbmF0dXJl"),
    send: (request, timeoutMillis, signal) => {
      sent.push(request)
      const reply = typeof script === "function" ? script(request) : script[Math.min(sent.length, script.length) - 1]!
      if (reply !== "hang") return answer(reply)
      return new Promise((_, reject) => {
        const timer = setTimeout(() => reject(new AttemptTimeout(timeoutMillis)), timeoutMillis)
        signal?.addEventListener("abort", () => {
          clearTimeout(timer)
          reject(abortError())
        }, { once: true })
      })
    },
    release: () => {},
    logger: () => infoLogger(level, (line) => logged.push(line))
  }
  return { ...forPlatform(platform), sent, logged }
}

/** A connection string with a valid key. */
export const connectionString = `endpoint=https://contoso.communication.azure.com/;accesskey=${
  btoa("a test key, 32 bytes long......")
}`

/** A user id. */
export const user = {
  communicationUserId: "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001"
}

/** A token answer. */
export const tokenBody = { token: "eyJ0.eyJ0.c2ln", expiresOn: "2030-01-01T00:00:00Z" }
