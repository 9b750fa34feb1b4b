/**
 * An `HttpClient` and a direct transport (`Transport.Direct`) on `node:http` /
 * `node:https` with keep-alive agents: the default Node transport (Node 20's
 * global `fetch` costs more CPU per request than the official SDK).
 * `layerFetch` selects `fetch` instead.
 *
 * @since 0.1.0
 */
import * as Body from "@effect-acs/identity-protocol/Body"
import { maxTimerMillis } from "@effect-acs/identity-protocol/Retry"
import * as Target from "@effect-acs/identity-protocol/Target"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as UrlParams from "@effect/platform/UrlParams"
import * as BrowserHttpClient from "@effect-acs/identity-browser/BrowserHttpClient"
import { ResponseTooLargeError } from "@effect-acs/identity/Retry"
import * as Transport from "@effect-acs/identity/Transport"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Http from "node:http"
import * as Https from "node:https"
import { BufferedResponse } from "./internal/response.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Largest response body accepted, in bytes; default 1 MiB. A larger one
   * (by `content-length` or as it streams in) fails the request (a
   * `RequestError`, or on the direct transport a `RequestFailed`) with a
   * `ResponseTooLargeError` as its cause, which the
   * identity client does not retry; the connection is closed, not reused.
   */
  readonly maxResponseBytes?: number
  /** Most sockets per origin; default 256. */
  readonly maxSockets?: number
}

const headerValue = (value: string | Array<string> | undefined) => Array.isArray(value) ? value.join(", ") : value

/**
 * An exchange in flight: the request, its timer and the fiber's resume
 * callback, dropped once it settles. The canceler reaches this holder and
 * nothing else: with Effect 3.22 what a finished fiber reaches (its canceler
 * too) outlives young-generation GCs (README, Performance), and a canceler
 * holding the request kept the request, its socket state and the response
 * alive until a full GC.
 */
class Pending<A, E> {
  timer: ReturnType<typeof setTimeout> | undefined = undefined
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
    clearTimeout(this.timer)
    this.timer = undefined
    resume(outcome)
  }
  abort(): void {
    clearTimeout(this.timer)
    this.req?.destroy()
  }
}

const cancel = <A, E>(pending: Pending<A, E>) => Effect.sync(() => pending.abort())

/**
 * Builds the `HttpClient` and the direct transport, on the same keep-alive
 * agents; the agents are destroyed when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}) =>
  Effect.gen(function*() {
    const maxResponseBytes = options.maxResponseBytes ?? Body.maxResponseBytes
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 256, scheduling: "lifo" as const }
    const agents = yield* Effect.acquireRelease(
      Effect.sync(() => ({ http: new Http.Agent(agentOptions), https: new Https.Agent(agentOptions) })),
      (agents) => Effect.sync(() => (agents.http.destroy(), agents.https.destroy()))
    )
    /** One exchange: the response read in full, or the first failure; interruption destroys the request. */
    const exchange = <A, E>(
      url: URL,
      method: string,
      headers: Http.OutgoingHttpHeaders,
      body: string | undefined,
      encoding: "utf8" | "latin1",
      timeoutMillis: number | undefined,
      onResponse: (response: Http.IncomingMessage, body: Buffer) => A,
      onFailure: (cause: unknown) => E
    ) =>
      Effect.async<A, E>((resume) => {
        const secure = url.protocol === "https:"
        // request options, not the `URL`: Node turns a `URL` into options at ≈ 50,000 instructions per request
        const req = (secure ? Https : Http).request({
          ...Target.of(url),
          method,
          headers,
          agent: secure ? agents.https : agents.http
        })
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
            if (!res.complete) return fail(new Error("The connection closed before the response was complete."))
            pending.settle(Effect.succeed(onResponse(res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))))
          })
        })
        // a time beyond setTimeout's range (Infinity included) is no limit: Node would fire it after 1 ms
        if (timeoutMillis !== undefined && timeoutMillis <= maxTimerMillis) {
          // unref'd: the request's socket keeps the process alive; and Node keeps the timer list
          // of an unref'd timer when it empties, where a ref'd one is rebuilt on every request
          pending.timer = setTimeout(
            () => failAndAbort(new Transport.AttemptTimeoutError(timeoutMillis)),
            timeoutMillis
          )
            .unref()
        }
        // a string body goes out with the headers in one `write`, where a buffer takes
        // a two-part `writev` that costs more on both ends
        if (body === undefined) req.end()
        else req.end(body, encoding)
        return cancel(pending)
      })

    const direct: Transport.Direct.Service = {
      send: (request) =>
        exchange(
          request.url,
          request.method,
          request.headers,
          request.body,
          "utf8",
          request.timeoutMillis,
          (res, body) => {
            // the headers only: the answer must not keep the request and socket objects alive
            const received = res.headers
            return {
              status: res.statusCode ?? 0,
              header: (name: string) => headerValue(received[name]),
              text: body.toString("utf8")
            }
          },
          (cause) => new Transport.RequestFailed({ cause })
        )
    }

    // `makeWith`, not `make`: no per-request span, trace headers or response finalizers
    // (the identity client's operation spans describe its calls), for a third less CPU per request
    const client = HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
      (requestEffect) =>
        Effect.flatMap(requestEffect, (request) => {
          const failure = (cause: unknown) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
          if (request.body._tag !== "Empty" && request.body._tag !== "Uint8Array") {
            return Effect.fail(failure(new Error(`${request.body._tag} request bodies are not supported`)))
          }
          const bytes = request.body._tag === "Uint8Array" ? request.body.body : undefined
          return Either.match(UrlParams.makeUrl(request.url, request.urlParams, request.hash), {
            onLeft: (cause) => Effect.fail(new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause })),
            onRight: (url) =>
              exchange(
                url,
                request.method,
                request.headers,
                // byte for byte as latin1: any body bytes travel as a string
                bytes && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1"),
                "latin1",
                undefined,
                (res, body): HttpClientResponse.HttpClientResponse =>
                  new BufferedResponse(
                    request,
                    res.statusCode ?? 0,
                    Headers.fromInput(res.headers),
                    body,
                    Option.fromNullable(res.socket?.remoteAddress)
                  ),
                failure
              )
          })
        }),
      Effect.succeed
    )
    return { client, direct }
  })

/**
 * The `node:http` transport: the `HttpClient`, and the direct transport the
 * identity client sends through when it can.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<HttpClient.HttpClient | Transport.Direct> =>
  Layer.scopedContext(
    Effect.map(
      make(options),
      ({ client, direct }) => Context.make(HttpClient.HttpClient, client).pipe(Context.add(Transport.Direct, direct))
    )
  )

/**
 * The global `fetch` transport: the browser package's (`BrowserHttpClient`),
 * which follows no redirects and limits response bodies to 1 MiB
 * (`BrowserHttpClient.layerWith({ maxResponseBytes })` for another limit).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFetch: Layer.Layer<HttpClient.HttpClient> = BrowserHttpClient.layer
