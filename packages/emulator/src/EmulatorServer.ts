/**
 * Serves the emulator on a real `node:http` server, on loopback only. The
 * verifier sees what arrived: the raw request target, the raw body bytes and
 * the received `Host`. Transport faults happen on the socket: `reset` resets
 * the connection, `truncate` sends half the body under the full
 * `content-length` and closes it. The server, its connections (idle
 * keep-alive ones included) and any request in progress end with the scope.
 *
 * @since 0.1.0
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import { randomUUID } from "node:crypto"
import * as Http from "node:http"
import { Emulator } from "./Emulator.js"
import { ApiError, decorate, errorResponse } from "./internal/http.js"
import * as Transport from "./internal/transport.js"

/**
 * The server could not start: a non-loopback host, a bad port, or `listen` failed.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServeError extends Schema.TaggedError<ServeError>("@effect-acs/identity-emulator/ServeError")(
  "ServeError",
  {
    message: Schema.String,
    cause: Schema.optional(Schema.Defect)
  }
) {}

/**
 * @since 0.1.0
 * @category models
 */
export interface ServeOptions {
  /** Default 0: a free port. */
  readonly port?: number
  /** A loopback host; default `127.0.0.1`. */
  readonly host?: string
  /** Largest request body accepted (else 413); default 1 MiB. */
  readonly maxBodyBytes?: number
}

/**
 * A listening server.
 *
 * @since 0.1.0
 * @category models
 */
export interface Served {
  readonly port: number
  /** `http://<host>:<port>/`. */
  readonly url: string
  /** The connection string for {@link url}. */
  readonly connectionString: Redacted.Redacted<string>
  /** The open connections (idle keep-alive ones included), as `server.getConnections` counts them. */
  readonly connections: Effect.Effect<number>
}

/**
 * Whether `host` is a loopback host: `localhost`, `127.x.x.x` or `::1`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isLoopback = (host: string): boolean =>
  host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)

const webRequest = (req: Http.IncomingMessage, target: string, body: Uint8Array<ArrayBuffer>) =>
  HttpServerRequest.fromWeb(
    new Request(new URL(target, "http://emulator"), {
      method: req.method ?? "GET",
      body: body.length === 0 || req.method === "GET" || req.method === "HEAD" ? null : body
    })
  ).modify({
    url: target,
    headers: Headers.fromInput(req.headers),
    ...(req.socket.remoteAddress !== undefined && { remoteAddress: req.socket.remoteAddress })
  })

/** Writes a response to the socket, applying a transport fault. */
const write = (
  res: Http.ServerResponse,
  response: HttpServerResponse.HttpServerResponse,
  fault: Transport.TransportFault | undefined
) =>
  Effect.gen(function*() {
    const web = HttpServerResponse.toWeb(response)
    const body = new Uint8Array(yield* Effect.promise(() => web.arrayBuffer()))
    if (fault === "reset" || (fault === "truncate" && body.length === 0)) {
      res.socket?.resetAndDestroy()
      return
    }
    const headers: Record<string, string> = {}
    web.headers.forEach((value, name) => headers[name] = value)
    if (web.status !== 204 && web.status !== 304) headers["content-length"] = String(body.length)
    res.writeHead(web.status, headers)
    if (fault === "truncate") res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy())
    else res.end(body)
  })

/** A transport-level rejection (the request never reached the app), still with the common headers. */
const reject = (request: HttpServerRequest.HttpServerRequest, error: ApiError) =>
  Effect.map(errorResponse(error), (response) => decorate(request, response, randomUUID()))

/**
 * Serves the emulator until the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const serve = (options: ServeOptions = {}): Effect.Effect<Served, ServeError, Emulator | Scope.Scope> =>
  Effect.gen(function*() {
    const host = options.host ?? "127.0.0.1"
    const port = options.port ?? 0
    const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024
    if (!isLoopback(host))
      return yield* new ServeError({ message: `Refusing to listen on ${host}: loopback hosts only.` })
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      return yield* new ServeError({ message: "port must be an integer from 0 to 65535" })
    }
    const emulator = yield* Emulator
    const run = yield* FiberSet.makeRuntime<never, void, never>()

    const tooLarge = new ApiError({
      status: 413,
      code: "RequestEntityTooLarge",
      message: `The request body exceeds ${maxBodyBytes} bytes.`
    })

    /** Answers one request; `body` is `undefined` when it was too large. */
    const handle = (req: Http.IncomingMessage, res: Http.ServerResponse, body: Uint8Array<ArrayBuffer> | undefined) =>
      Effect.gen(function*() {
        const request = yield* Effect.try(() => webRequest(req, req.url ?? "/", body ?? new Uint8Array()))
        const [response, fault] = body === undefined
          ? [yield* reject(request, tooLarge), undefined] as const
          : yield* Transport.respond(emulator.app, request)
        yield* write(res, response, fault)
      }).pipe(Effect.catchAll(() => Effect.sync(() => res.destroy())))

    const server = yield* Effect.acquireRelease(
      Effect.async<Http.Server, ServeError>((resume) => {
        const server = Http.createServer((req, res) => {
          const chunks: Array<Buffer> = []
          let size = 0
          req.on("data", (chunk: Buffer) => {
            size += chunk.length
            if (size <= maxBodyBytes) chunks.push(chunk)
          })
          req.on("end", () => {
            const fiber = run(
              handle(req, res, size > maxBodyBytes ? undefined : Uint8Array.from(Buffer.concat(chunks)))
            )
            // the client went away: stop working on its request
            res.on("close", () => {
              if (!res.writableFinished) fiber.unsafeInterruptAsFork(fiber.id())
            })
          })
          req.on("error", () => res.destroy())
        })
        const onError = (cause: Error) =>
          resume(
            Effect.fail(new ServeError({ message: `Could not listen on ${host}:${port}: ${cause.message}`, cause }))
          )
        server.once("error", onError)
        server.listen(port, host, () => {
          server.off("error", onError)
          resume(Effect.succeed(server))
        })
        return Effect.sync(() => server.close())
      }),
      (server) =>
        Effect.async<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        })
    )
    const address = server.address()
    const actualPort = typeof address === "object" && address !== null ? address.port : port
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}/`
    const connections = Effect.async<number>((resume) => {
      server.getConnections((error, count) => resume(error ? Effect.die(error) : Effect.succeed(count)))
    })
    return { port: actualPort, url, connectionString: emulator.connectionString(url), connections }
  })
