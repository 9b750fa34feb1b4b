/**
 * The `node:http` / `node:https` exchange on keep-alive agents, which
 * `NodeHttpClient`'s `HttpClient` sends through (the direct transport has its
 * own connections, `wire.ts`).
 */
import * as Target from "@effect-acs/identity-protocol/Target"
import { ResponseTooLargeError } from "@effect-acs/identity-effect4/Retry"
import * as Effect from "effect/Effect"
import * as Http from "node:http"
import * as Https from "node:https"
import type { Options } from "../NodeHttpClient.js"
import * as Http1 from "./http1.js"
import * as Wire from "./wire.js"

/**
 * An exchange in flight: the request and the fiber's resume callback,
 * dropped once it settles. The canceler reaches this holder and
 * nothing else, so a settled exchange keeps neither the request nor its socket
 * state alive.
 */
class Pending<A, E> {
  constructor(
    public req: Http.ClientRequest | undefined,
    public resume: ((outcome: Effect.Effect<A, E>) => void) | undefined
  ) {}
  /** Resumes the fiber the first time: the first outcome wins (a destroyed request still emits events). */
  settle(outcome: Effect.Effect<A, E>): void {
    const resume = this.resume
    if (resume === undefined) return
    this.req = undefined
    this.resume = undefined
    resume(outcome)
  }
  abort(): void {
    this.req?.destroy()
  }
}

/**
 * Builds the exchange on its keep-alive agents (destroyed when the scope
 * closes).
 */
export const make = (options: Options = {}) =>
  Effect.gen(function*() {
    const { maxResponseBytes, maxSockets } = Wire.limits(options)
    const agentOptions = { keepAlive: true, maxSockets, scheduling: "lifo" as const }
    const agents = yield* Effect.acquireRelease(
      Effect.sync(() => ({ http: new Http.Agent(agentOptions), https: new Https.Agent(agentOptions) })),
      (agents) => Effect.sync(() => (agents.http.destroy(), agents.https.destroy()))
    )
    /**
     * One exchange: the response read in full, or the first failure;
     * interruption destroys the request. The body is a string of latin1
     * characters, one per byte.
     */
    const exchange = <A, E>(
      url: URL,
      method: string,
      headers: Http.OutgoingHttpHeaders,
      body: string | undefined,
      onResponse: (response: Http.IncomingMessage, body: Buffer) => A,
      onFailure: (cause: unknown) => E
    ) =>
      Effect.callback<A, E>((resume) => {
        const secure = url.protocol === "https:"
        // request options, not the `URL`: Node turns a `URL` into options at ≈ 50,000 instructions per request
        const options: Http.RequestOptions = {
          ...Target.of(url),
          method,
          headers,
          agent: secure ? agents.https : agents.http
        }
        const req = (secure ? Https : Http).request(options)
        const pending = new Pending(req, resume)
        const fail = (cause: unknown) => pending.settle(Effect.fail(onFailure(cause)))
        const failAndAbort = (cause: unknown) => {
          // destroying the request closes the socket: nothing more is read from it
          pending.abort()
          fail(cause)
        }
        req.on("error", fail)
        req.on("response", (res) => {
          const tooLarge = () => failAndAbort(new ResponseTooLargeError(maxResponseBytes))
          if (Number(res.headers["content-length"]) > maxResponseBytes) return tooLarge()
          const chunks: Array<Buffer> = []
          let size = 0
          res.on("data", (chunk: Buffer) => {
            size += chunk.length
            if (size > maxResponseBytes) return tooLarge()
            chunks.push(chunk)
          })
          res.on("error", fail)
          res.on("end", () => {
            if (!res.complete) return fail(Http1.incomplete())
            let answer: A
            try {
              answer = onResponse(res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))
            } catch (cause) {
              // e.g. a status a web `Response` refuses (outside 200..599): a failure, never an uncaught throw
              return fail(cause)
            }
            // on the next tick: Node returns the socket to the agent on a tick queued before this one, and a
            // fiber resumed here and now would send its next request before that, on a new socket
            process.nextTick(() => pending.settle(Effect.succeed(answer)))
          })
        })
        // a string body goes out with the headers in one `write`, where a buffer takes a two-part `writev`
        if (body === undefined) req.end()
        else req.end(body, "latin1")
        return Effect.sync(() => pending.abort())
      })

    return exchange
  })
