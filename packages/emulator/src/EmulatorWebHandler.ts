/**
 * The emulator as a web-standard handler, `(request: Request) => Promise<Response>`:
 * any HTTP client that can call a function instead of a socket — Effect 3 or 4,
 * the drop-in, the official SDK through a custom `httpClient`, a service worker —
 * runs against it in-process. Injected transport faults behave as a socket's
 * would: `reset` rejects, `truncate` errors the body stream.
 *
 * @since 0.1.0
 */
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Runtime from "effect/Runtime"
import { Emulator } from "./Emulator.js"
import * as Transport from "./internal/transport.js"

/**
 * A web-standard request handler.
 *
 * @since 0.1.0
 * @category models
 */
export type WebHandler = (request: Request) => Promise<Response>

/**
 * Why a handler's promise rejected: the emulator reset the connection (an
 * injected `reset` fault), as a socket's `ECONNRESET` would.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConnectionReset extends Error {
  override readonly name = "ConnectionReset"
  constructor() {
    super("The emulator reset the connection (injected fault).")
  }
}

const truncated = (response: Response) =>
  new Response(
    new ReadableStream<Uint8Array>({
      start: (controller) =>
        controller.error(new Error("The connection closed before the response was complete (injected fault)."))
    }),
    { status: response.status, headers: response.headers }
  )

/**
 * A web `Request` carries no `Host` header (fetch forbids it): the host a
 * socket server would see is the URL's, which signatures cover.
 */
const withHost = (request: Request): Request => {
  if (request.headers.has("host")) return request
  const headers = new Headers(request.headers)
  headers.set("host", new URL(request.url).host)
  return new Request(request, { headers })
}

/**
 * The handler of the emulator in context, running on the caller's runtime.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<WebHandler, never, Emulator> = Effect.gen(function*() {
  const emulator = yield* Emulator
  const run = Runtime.runPromiseExit(yield* Effect.runtime<never>())
  return (request) =>
    run(Transport.respond(emulator.app, HttpServerRequest.fromWeb(withHost(request)))).then((exit) => {
      if (Exit.isFailure(exit)) throw new Error("The emulator failed to answer.")
      const [response, fault] = exit.value
      const web = HttpServerResponse.toWeb(response)
      if (fault === "reset" || (fault === "truncate" && web.body === null)) throw new ConnectionReset()
      return fault === "truncate" ? truncated(web) : web
    })
})
