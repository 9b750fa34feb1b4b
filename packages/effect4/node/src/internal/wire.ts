/**
 * The direct transport on `node:net` / `node:tls` sockets: HTTP/1.1 as
 * `http1.ts` writes and reads it, on keep-alive connections pooled per origin.
 * One exchange is one socket write and the reads of its response; none of
 * `node:http`'s request and response streams, header objects or agent
 * events, which cost more CPU per call than all of the client's own work.
 *
 * A connection carries one exchange at a time. Idle ones wait newest first,
 * unref'd (they keep no process alive), and are dropped when the server
 * closes them, sends on them unasked, or they outlive the server's
 * `Keep-Alive: timeout` hint. At most `maxSockets` per origin; further
 * requests wait in order for one, within their attempt timeout.
 */
import * as Body from "@effect-acs/identity-protocol/Body"
import { maxTimerMillis } from "@effect-acs/identity-protocol/Retry"
import * as Target from "@effect-acs/identity-protocol/Target"
import * as Transport from "@effect-acs/identity-effect4/Transport"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Net from "node:net"
import * as Tls from "node:tls"
import * as Http1 from "./http1.js"

/** An exchange on a connection: its reader and where its outcome goes. */
interface Exchange {
  readonly reader: Http1.Reader
  readonly done: (outcome: Http1.Response | Error) => void
}

/** One socket and the exchange it carries, if any. */
class Connection {
  exchange: Exchange | undefined = undefined
  /** When it became idle, and until when the server's keep-alive hint lets it be reused. */
  idleUntil = Infinity

  constructor(readonly socket: Net.Socket, readonly pool: Pool) {
    socket.on("data", (chunk: Buffer) => {
      const exchange = this.exchange
      // bytes nobody asked for: the connection's framing can no longer be trusted
      if (exchange === undefined) return void socket.destroy()
      const outcome = exchange.reader.push(chunk)
      if (outcome !== undefined) this.finish(outcome)
    })
    socket.on("end", () => {
      const exchange = this.exchange
      if (exchange !== undefined) this.finish(exchange.reader.end())
      socket.destroy()
    })
    socket.on("error", (error) => {
      if (this.exchange !== undefined) this.finish(error)
    })
    socket.on("close", () => {
      if (this.exchange !== undefined) this.finish(Http1.incomplete())
      pool.forget(this)
    })
  }

  /** Starts an exchange: writes the request, then reads its response into `done`. */
  start(text: string, reader: Http1.Reader, done: Exchange["done"]): void {
    this.exchange = { reader, done }
    this.socket.ref()
    this.socket.write(text, "utf8")
  }

  /** Ends the exchange with its outcome; the connection goes back to the pool when it may be reused. */
  private finish(outcome: Http1.Response | Error): void {
    const { done } = this.exchange!
    this.exchange = undefined
    if (outcome instanceof Error || !outcome.reusable) this.socket.destroy()
    else {
      const hint = /timeout=(\d+)/i.exec(outcome.headers["keep-alive"] ?? "")
      this.idleUntil = hint === null ? Infinity : Date.now() + Number(hint[1]) * 1000 - 1000
      this.socket.unref()
      this.pool.release(this)
    }
    done(outcome)
  }

  /** Closes it, ending an exchange in flight (interruption, a timeout, the transport's scope). */
  destroy(): void {
    this.exchange = undefined
    this.socket.destroy()
  }
}

/** The connections to one origin. */
class Pool {
  readonly idle: Array<Connection> = []
  readonly waiting: Array<(connection: Connection) => void> = []
  open = 0
  closed = false

  constructor(
    private readonly connect: () => Net.Socket,
    private readonly maxSockets: number
  ) {}

  /** A connection for one exchange: an idle one, a new one, or the next to be released. */
  acquire(use: (connection: Connection) => void): void {
    const now = Date.now()
    for (let idle = this.idle.pop(); idle !== undefined; idle = this.idle.pop()) {
      // not one the server has begun to close: its FIN may have arrived with (or just after) the last response
      if (idle.idleUntil > now && idle.socket.writable && !idle.socket.readableEnded) return use(idle)
      idle.destroy()
    }
    if (this.open < this.maxSockets) {
      this.open++
      return use(new Connection(this.connect(), this))
    }
    this.waiting.push(use)
  }

  /** Stops waiting (the request was interrupted or timed out). */
  cancel(use: (connection: Connection) => void): void {
    const at = this.waiting.indexOf(use)
    if (at !== -1) this.waiting.splice(at, 1)
  }

  release(connection: Connection): void {
    if (this.closed) return connection.destroy()
    const next = this.waiting.shift()
    if (next !== undefined) next(connection)
    else this.idle.push(connection)
  }

  /** A connection closed: it leaves the pool, and a waiting request gets a new one. */
  forget(connection: Connection): void {
    this.open--
    const at = this.idle.indexOf(connection)
    if (at !== -1) this.idle.splice(at, 1)
    const next = this.waiting.shift()
    if (next !== undefined) {
      this.open++
      next(new Connection(this.connect(), this))
    }
  }

  close(): void {
    this.closed = true
    for (const connection of this.idle.splice(0)) connection.destroy()
  }
}

/** The limits of a transport, from `NodeHttpClient.Options` with their defaults. */
export interface Limits {
  readonly maxResponseBytes: number
  readonly maxSockets: number
}

/** `options` with their defaults: 1 MiB of response body, 256 sockets per origin. */
export const limits = (options: { readonly maxResponseBytes?: number; readonly maxSockets?: number }): Limits => ({
  maxResponseBytes: options.maxResponseBytes ?? Body.maxResponseBytes,
  maxSockets: options.maxSockets ?? 256
})

/** An exchange in flight: what interruption and its timer reach, emptied once it settles. */
class Pending {
  timer: ReturnType<typeof setTimeout> | undefined = undefined
  connection: Connection | undefined = undefined
  waiting: ((connection: Connection) => void) | undefined = undefined
  constructor(
    public pool: Pool | undefined,
    public resume: ((outcome: Effect.Effect<Transport.Direct.Response, Transport.RequestFailed>) => void) | undefined
  ) {}
  settle(outcome: Effect.Effect<Transport.Direct.Response, Transport.RequestFailed>): void {
    const resume = this.resume
    if (resume === undefined) return
    this.resume = undefined
    this.connection = undefined
    this.pool = undefined
    clearTimeout(this.timer)
    resume(outcome)
  }
  abort(): void {
    clearTimeout(this.timer)
    if (this.waiting !== undefined) this.pool?.cancel(this.waiting)
    this.connection?.destroy()
    this.connection = undefined
  }
}

const failed = (cause: unknown) => Effect.fail(new Transport.RequestFailed({ cause }))

/** The `authorization` a URL's credentials stand for (as `node:http` sends them), when the request has none. */
const basicAuth = (auth: string | undefined, headers: Readonly<Record<string, string>>) =>
  auth === undefined || "authorization" in headers
    ? headers
    : Object.assign({}, headers, { authorization: `Basic ${Buffer.from(auth).toString("base64")}` })

/**
 * The direct transport over pooled connections, for the scope: when it
 * closes, so does every idle connection, and those in use close as their
 * exchanges end or are interrupted. A request sent after that still goes
 * out, on a connection closed after its response.
 */
export const make = (options: Limits): Effect.Effect<Transport.Direct.Service, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(Effect.sync(() => pooled(options)), ({ close }) => Effect.sync(close)),
    ({ send }) => ({
      send
    })
  )

const pooled = (options: Limits) => {
  const pools = new Map<string, Pool>()
  let closed = false
  const poolOf = (url: URL, target: Target.Target): Pool => {
    const origin = `${url.protocol}//${url.host}`
    let pool = pools.get(origin)
    if (pool === undefined) {
      const secure = url.protocol === "https:"
      const port = Number(target.port || (secure ? 443 : 80))
      const host = target.hostname
      /** TLS sessions to resume, as `node:https` agents do: a new connection skips the full handshake. */
      let session: Buffer | undefined = undefined
      const connect = (): Net.Socket => {
        try {
          const socket = secure
            ? Tls.connect({
              host,
              port,
              // SNI names the host (never an IP literal): shared front ends choose their certificate by it
              ...(Net.isIP(host) === 0 && { servername: host }),
              ALPNProtocols: ["http/1.1"],
              ...(session !== undefined && { session })
            }).on("session", (fresh: Buffer) => (session = fresh))
            : Net.connect({ host, port })
          socket.setNoDelay(true)
          socket.setKeepAlive(true, 1000)
          return socket
        } catch (cause) {
          // options Node refuses at once: a socket that fails as a refused connection does, on the next tick
          const socket = new Net.Socket()
          process.nextTick(() => socket.destroy(cause instanceof Error ? cause : new Error(String(cause))))
          return socket
        }
      }
      pool = new Pool(connect, options.maxSockets)
      pool.closed = closed
      pools.set(origin, pool)
    }
    return pool
  }

  const send = (
    request: Transport.Direct.Request
  ): Effect.Effect<Transport.Direct.Response, Transport.RequestFailed> => {
    const { url } = request
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return failed(new TypeError(`Not an http or https URL: ${url.protocol}`))
    }
    let target: Target.Target
    try {
      target = Target.of(url)
    } catch (cause) {
      // credentials in the URL that do not percent-decode
      return failed(cause)
    }
    const method = request.method.toUpperCase()
    const text = Http1.request({
      method,
      host: url.host,
      target: target.path,
      headers: basicAuth(target.auth, request.headers),
      body: request.body
    })
    if (text instanceof Error) return failed(text)
    const pool = poolOf(url, target)
    const { timeoutMillis } = request
    if (Number.isNaN(timeoutMillis)) return failed(new TypeError("timeoutMillis is NaN."))
    return Effect.callback<Transport.Direct.Response, Transport.RequestFailed>((resume) => {
      const pending = new Pending(pool, resume)
      const use = (connection: Connection) => {
        pending.waiting = undefined
        // interrupted or timed out while it waited: the connection goes straight back
        if (pending.resume === undefined) return void pool.release(connection)
        pending.connection = connection
        connection.start(text, new Http1.Reader(method, options.maxResponseBytes), (outcome) => {
          if (outcome instanceof Error) return pending.settle(failed(outcome))
          const { headers } = outcome
          pending.settle(Effect.succeed({
            status: outcome.status,
            header: (name: string) => headers[name],
            text: outcome.body.toString("utf8")
          }))
        })
      }
      // a time beyond setTimeout's range (Infinity included) is no limit: Node would fire it after 1 ms
      if (timeoutMillis <= maxTimerMillis) {
        // unref'd: the request's socket keeps the process alive while it is in use
        pending.timer = setTimeout(() => {
          pending.abort()
          pending.settle(failed(new Transport.AttemptTimeoutError(timeoutMillis)))
        }, timeoutMillis).unref()
      }
      pending.waiting = use
      pool.acquire(use)
      return Effect.sync(() => pending.abort())
    })
  }

  const close = () => {
    closed = true
    for (const pool of pools.values()) pool.close()
  }
  return { send, close }
}
