/**
 * An in-process `HttpClient` that hands each request to the emulator's app:
 * no socket, and the app runs in the calling fiber, so `TestClock` drives
 * signed dates, token times and `latency` faults. Any host works (the
 * verifier uses the received `Host`, set from the URL); use {@link endpoint}.
 *
 * Transport faults: `reset` fails the request with a `Transport`
 * `RequestError`; `truncate` fails while the body is read.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import type { Emulator } from "./Emulator.js"
import * as WebHandler from "./EmulatorWebHandler.js"

/**
 * The conventional in-process endpoint.
 *
 * @since 0.1.0
 * @category constants
 */
export const endpoint = "http://emulator.local/"

const requestBody = (
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<BodyInit | undefined> => {
  switch (request.body._tag) {
    case "Empty":
      return Effect.succeed(undefined)
    case "Raw":
    case "Uint8Array":
      return Effect.succeed(request.body.body as BodyInit)
    case "FormData":
      return Effect.succeed(request.body.formData)
    case "Stream":
      return Stream.toReadableStreamEffect(request.body.stream)
  }
}

/**
 * Builds the client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<HttpClient.HttpClient, never, Emulator> = Effect.map(
  WebHandler.make,
  (handler) =>
    HttpClient.make((request, url) =>
      Effect.gen(function*() {
        const headers = new globalThis.Headers(Object.entries(request.headers))
        const body = yield* requestBody(request)
        const webRequest = yield* Effect.try({
          try: () =>
            new Request(url, {
              method: request.method,
              headers,
              body: body ?? null,
              ...(body instanceof ReadableStream && { duplex: "half" })
            }),
          catch: (cause) => new HttpClientError.RequestError({ request, reason: "Encode", cause })
        })
        const web = yield* Effect.tryPromise({
          try: () => handler(webRequest),
          catch: (cause) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
        })
        return HttpClientResponse.fromWeb(request, web)
      })
    )
)

/**
 * The in-process client as the `HttpClient` layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient, never, Emulator> = Layer.effect(HttpClient.HttpClient, make)
