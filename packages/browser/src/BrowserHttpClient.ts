/**
 * The `fetch` transport (in browsers, and on Node as
 * `NodeHttpClient.layerFetch`): no tracing headers (`traceparent`, `b3`,
 * which would fail CORS preflights), no redirects followed, and a limit on
 * the size of response bodies.
 *
 * @since 0.1.0
 */
import * as Body from "@effect-acs/identity-protocol/Body"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Largest response body accepted, in bytes; default 1 MiB, as on the node
   * transport. A larger one (by `content-length` or as it streams in) fails
   * the request with a `RequestError` whose cause is a
   * `ResponseTooLargeError`, which the identity client does not retry; the
   * body's stream is cancelled.
   */
  readonly maxResponseBytes?: number
}

/**
 * `fetch` as the identity client needs it. Redirects are not followed
 * (`redirect: "manual"`): the service never redirects, and following one
 * would send the request, and take the answer, from wherever it points. The
 * 3xx comes back as the response (in a browser, an `opaqueredirect` with
 * status 0 and no headers or body), which the identity client reports as a
 * `ServiceError`. The body is read in full before the response is returned,
 * at most `maxResponseBytes` of it: past that (or when `content-length`
 * announces more) the stream is cancelled and the call rejects with a
 * `ResponseTooLargeError`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeFetch = (
  maxResponseBytes: number,
  /** The `fetch` to wrap; default the global one as it is at each call. */
  fetch?: typeof globalThis.fetch
): typeof globalThis.fetch =>
async (input, init) => {
  const response = await (fetch ?? globalThis.fetch)(input, Object.assign({}, init, { redirect: "manual" as const }))
  if (response.body === null) return response
  const chunks = await Body.read<Uint8Array<ArrayBuffer>>(
    response.body.getReader(),
    response.headers.get("content-length"),
    maxResponseBytes
  )
  // a null-body status (204, 304) takes no body, not even an empty one
  const body = chunks.some((chunk) => chunk.byteLength > 0) ? new Blob(chunks) : null
  return new Response(body, { status: response.status, headers: response.headers })
}

/**
 * The `fetch` transport with these options: {@link makeFetch} under
 * `@effect/platform`'s `FetchHttpClient`, without tracing headers.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWith = (options: Options = {}): Layer.Layer<HttpClient.HttpClient> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) => HttpClient.withTracerPropagation(client, false))
  ).pipe(
    Layer.provide(FetchHttpClient.layer),
    Layer.provide(Layer.succeed(FetchHttpClient.Fetch, makeFetch(options.maxResponseBytes ?? Body.maxResponseBytes)))
  )

/**
 * The `fetch` transport with the default options.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = layerWith()
