/**
 * The Node platform: `node:http` / `node:https` on keep-alive agents, and
 * synchronous HMAC signing with `node:crypto`.
 */
import * as Body from "@effect-acs/identity-protocol/Body"
import * as Retry from "@effect-acs/identity-protocol/Retry"
import * as Signing from "@effect-acs/identity-protocol/Signing"
import * as Target from "@effect-acs/identity-protocol/Target"
import * as Crypto from "node:crypto"
import * as Http from "node:http"
import * as Https from "node:https"
import { EOL } from "node:os"
import { abortError } from "./errors.js"
import { AttemptTimeout, infoLogger, type Platform, type Received } from "./executor.js"

const agentOptions = { keepAlive: true, maxSockets: 256, scheduling: "lifo" as const }

let agents: { readonly http: Http.Agent; readonly https: Https.Agent } | undefined

const headerValue = (value: string | Array<string> | undefined) => Array.isArray(value) ? value.join(", ") : value

/** The Node platform. */
export const platform: Platform = {
  userAgentHeader: "user-agent",
  randomUUID: () => Crypto.randomUUID(),
  signer: (key) => {
    const secret = Crypto.createSecretKey(key)
    return Signing.signer({
      sha256Base64: (body: string) => Crypto.createHash("sha256").update(body).digest("base64"),
      hmacBase64: (text) => Crypto.createHmac("sha256", secret).update(text).digest("base64")
    })
  },
  send: (request, timeoutMillis, signal) =>
    new Promise<Received>((resolve, reject) => {
      const secure = request.url.protocol === "https:"
      const current = agents ??= { http: new Http.Agent(agentOptions), https: new Https.Agent(agentOptions) }
      // request options, not the `URL`: Node turns a `URL` into options at ≈ 50,000 instructions per request
      const req = (secure ? Https : Http).request({
        ...Target.of(request.url),
        method: request.method,
        headers: request.headers,
        agent: secure ? current.https : current.http
      })
      // eslint-disable-next-line prefer-const -- settle (above) clears it, so it is declared before it is set
      let timer: ReturnType<typeof setTimeout> | undefined
      let settled = false
      const settle = (then: () => void) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        signal?.removeEventListener("abort", onAbort)
        then()
      }
      const fail = (cause: unknown) => settle(() => reject(cause))
      // destroying the request closes the socket: nothing more is read from it
      const failAndDestroy = (cause: unknown) => {
        fail(cause)
        req.destroy()
      }
      const onAbort = () => failAndDestroy(abortError())
      req.on("error", fail)
      req.on("response", (res) => {
        const tooLarge = () => failAndDestroy(new Retry.ResponseTooLargeError(Body.maxResponseBytes))
        if (Number(res.headers["content-length"]) > Body.maxResponseBytes) return tooLarge()
        const chunks: Array<Buffer> = []
        let size = 0
        res.on("data", (chunk: Buffer) => {
          size += chunk.length
          if (size > Body.maxResponseBytes) return tooLarge()
          chunks.push(chunk)
        })
        res.on("error", fail)
        res.on("end", () => {
          if (!res.complete) return fail(new Error("The connection closed before the response was complete."))
          const received = res.headers
          const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString("utf8")
          settle(() => resolve({ status: res.statusCode ?? 0, header: (name) => headerValue(received[name]), text }))
        })
      })
      // unref'd: the request's socket keeps the process alive while it is in use
      timer = setTimeout(() => failAndDestroy(new AttemptTimeout(timeoutMillis)), timeoutMillis).unref()
      signal?.addEventListener("abort", onAbort, { once: true })
      if (request.body === undefined) req.end()
      else req.end(request.body, "utf8")
    }),
  logger: () => infoLogger(process.env["AZURE_LOG_LEVEL"], (line) => process.stderr.write(line + EOL)),
  release: () => {
    const released = agents
    agents = undefined
    released?.http.destroy()
    released?.https.destroy()
  }
}
