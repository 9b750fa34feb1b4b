/**
 * Real loopback servers for the Effect 4 line's tests (the Effect 3 line's
 * `packages/core/test/utils/loopback.ts`): `listen` runs a `node:http` handler
 * on 127.0.0.1 (a free port) for the test's scope; `closedPort` finds a port
 * nothing listens on; `serveScripted` answers from a `Scripted` handler,
 * recording every request and (with an access key) verifying its signature
 * strictly first.
 */
import * as Signing from "@effect-acs/identity-effect4/Signing"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Scripted from "./scripted.js"

/** A listening loopback server. */
export interface Listening {
  readonly server: Http.Server
  readonly port: number
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string
}

/** Serves `handler` on 127.0.0.1 until the scope closes (then closes every connection too). */
export const listen = (handler: Http.RequestListener) =>
  Effect.map(
    Effect.acquireRelease(
      Effect.callback<Http.Server>((resume) => {
        const server = Http.createServer(handler)
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.callback<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    ),
    (server): Listening => {
      const { port } = server.address() as AddressInfo
      return { server, port, url: `http://127.0.0.1:${port}/` }
    }
  )

/** A loopback port that was just free (bound, noted, closed): nothing listens on it. */
export const closedPort = Effect.callback<number>((resume) => {
  const probe = Http.createServer()
  probe.listen(0, "127.0.0.1", () => {
    const { port } = probe.address() as AddressInfo
    probe.close(() => resume(Effect.succeed(port)))
  })
})

/** What `serveScripted` saw. */
export interface LoopbackService {
  readonly endpoint: string
  readonly requests: Array<Scripted.RecordedRequest>
  /** `METHOD target: reason` of each request whose signature failed. */
  readonly rejected: Array<string>
  /** `connection` events seen by the server. */
  readonly connections: () => number
}

const writeReply = (req: Http.IncomingMessage, res: Http.ServerResponse, reply: Scripted.Reply): void => {
  switch (reply._tag) {
    case "Response":
      res.writeHead(reply.status, reply.headers)
      res.end(Buffer.from(reply.body))
      return
    case "TransportError":
      req.socket.destroy()
      return
    case "Hang":
      return
    case "Delay":
      setTimeout(() => writeReply(req, res, reply.reply), Duration.toMillis(reply.duration))
      return
  }
}

const record = (req: Http.IncomingMessage, bytes: Buffer, index: number): Scripted.RecordedRequest => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value
  }
  const url = new URL(req.url!, `http://${req.headers.host}`)
  const body = bytes.length === 0 ? undefined : new Uint8Array(bytes)
  return { ...Scripted.recorded(index, req.method!, url, headers, body, Date.now()), target: req.url! }
}

/**
 * Serves `handler` on 127.0.0.1 for the test's scope. Every request is
 * recorded as a `Scripted.RecordedRequest` (raw target, headers incl. Host,
 * body bytes); with `accessKey` each one is first verified strictly with
 * `Signing.verify` (node:crypto) and rejected with 401 `Denied` on failure.
 */
export const serveScripted = (handler: Scripted.Handler, accessKey?: string) =>
  Effect.gen(function*() {
    const requests: Array<Scripted.RecordedRequest> = []
    const rejected: Array<string> = []
    let connections = 0
    const key = accessKey === undefined ? undefined : yield* NodeCrypto.make.hmacKey(Buffer.from(accessKey, "base64"))
    const verify = (recorded: Scripted.RecordedRequest) =>
      key === undefined
        ? Effect.succeed(recorded)
        : Signing.verify(key, Scripted.toReceived(recorded), { now: Date.now(), tolerant: false }).pipe(
          Effect.provide(NodeCrypto.layer),
          Effect.as(recorded)
        )
    const { server, url } = yield* listen((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (chunk: Buffer) => chunks.push(chunk))
      req.on("end", () => {
        const recorded = record(req, Buffer.concat(chunks), requests.length)
        requests.push(recorded)
        const answer = verify(recorded).pipe(
          Effect.matchEffect({
            onFailure: (error) =>
              Effect.sync(() => {
                rejected.push(`${req.method} ${req.url}: ${error.reason}`)
                return Scripted.error(401, { code: "Denied", message: "Denied by the resource provider." })
              }),
            onSuccess: (recorded) => {
              const reply = handler(recorded)
              return Effect.isEffect(reply) ? reply : Effect.succeed(reply)
            }
          })
        )
        void Effect.runPromise(answer).then((reply) => writeReply(req, res, reply))
      })
    })
    server.on("connection", () => connections++)
    return { endpoint: url, requests, rejected, connections: () => connections } satisfies LoopbackService
  })
