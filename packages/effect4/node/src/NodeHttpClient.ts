/**
 * The Node transports: the direct transport (`Transport.Direct`) the identity
 * client sends through by default, HTTP/1.1 on its own pooled `node:net` /
 * `node:tls` keep-alive connections, and an `effect/http` `HttpClient` on
 * `node:http` keep-alive agents, for clients with a `transformClient` hook or
 * other callers.
 *
 * Both read the whole response in one callback, with the same limits: at most
 * `maxResponseBytes` of body, at most `maxSockets` connections per origin,
 * redirects returned as they are (never followed), and interruption closes
 * the connection. The direct transport also enforces its attempt timeout with
 * its own timer, verifies https certificates as `node:tls` does, and refuses
 * a response HTTP/1.1 does not allow (ambiguous framing, malformed lines, a
 * head over 16 KiB).
 *
 * @since 0.1.0
 */
import * as Transport from "@effect-acs/identity-effect4/Transport"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Exchange from "./internal/exchange.js"
import * as Wire from "./internal/wire.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Largest response body accepted, in bytes; default 1 MiB. A larger one
   * (by `content-length` or as it streams in) fails the request (on the
   * direct transport a `RequestFailed`, on the `HttpClient` an
   * `HttpClientError` with a `TransportError` reason) with a
   * `ResponseTooLargeError` as its cause, which the identity client does not
   * retry; the connection is closed, not reused.
   */
  readonly maxResponseBytes?: number
  /** Most connections per origin, for each transport; default 256. */
  readonly maxSockets?: number
}

/**
 * The transports of one {@link make}, closed with its scope.
 *
 * @since 0.1.0
 * @category models
 */
export interface NodeTransports {
  readonly client: HttpClient.HttpClient
  readonly direct: Transport.Direct.Service
}

/** Statuses whose response has no body (a web `Response` refuses one). */
const nullBodyStatuses = new Set([101, 103, 204, 205, 304])

/**
 * Builds the direct transport and the `HttpClient`; their connections are
 * closed when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}) =>
  Effect.gen(function*() {
    const exchange = yield* Exchange.make(options)
    const direct = yield* Wire.make(Wire.limits(options))
    const client = HttpClient.make((request, url) => {
      const failure = (cause: unknown) =>
        new HttpClientError.HttpClientError({ reason: new HttpClientError.TransportError({ request, cause }) })
      if (request.body._tag !== "Empty" && request.body._tag !== "Uint8Array") {
        return Effect.fail(
          new HttpClientError.HttpClientError({
            reason: new HttpClientError.EncodeError({
              request,
              description: `${request.body._tag} request bodies are not supported`
            })
          })
        )
      }
      const bytes = request.body._tag === "Uint8Array" ? request.body.body : undefined
      return exchange(
        url,
        request.method,
        request.headers,
        // byte for byte as latin1: any body bytes travel as a string
        bytes && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1"),
        (res, body) => {
          const headers = new globalThis.Headers()
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
            headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!)
          const status = res.statusCode ?? 0
          const content = body.length === 0 || nullBodyStatuses.has(status) ? null : new Uint8Array(body)
          return HttpClientResponse.fromWeb(request, new Response(content, { status, headers }))
        },
        failure
      )
    })
    return {
      // no trace headers (as on the direct transport and the fetch one): set them with your own middleware
      client: HttpClient.transform(
        client,
        (effect) => Effect.provideService(effect, HttpClient.TracerPropagationEnabled, false)
      ),
      direct
    } satisfies NodeTransports
  })

/**
 * The Node transports: the direct transport the identity client sends
 * through when it can, and the `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<HttpClient.HttpClient | Transport.Direct> =>
  Layer.effectContext(
    Effect.map(
      make(options),
      ({ client, direct }) => Context.make(HttpClient.HttpClient, client).pipe(Context.add(Transport.Direct, direct))
    )
  )
