/**
 * HTTP/1.1 as the direct transport speaks it, without `node:http`: the
 * request written as one string, and the response read from the bytes as
 * they arrive. Pure functions and a small state machine (no sockets here;
 * `wire.ts` owns them), so every rule is testable byte by byte.
 *
 * The reader is strict where a lenient one could be misled (RFC 9112): a
 * response with both `content-length` and `transfer-encoding`, differing
 * lengths, a malformed status line, header line or chunk size, obsolete line
 * folding, or a head or chunk line beyond its limit is a failure, and the
 * connection is not reused. Bodies are bounded by `maxBodyBytes`.
 */
import { ResponseTooLargeError } from "@effect-acs/identity-effect4/Retry"

/** The largest response head (status line and headers, or a chunked body's trailers) read; Node's default too. */
export const maxHeadBytes = 16 * 1024

/** The failure of a response the connection ended before it was whole (both Node transports report it so). */
export const incomplete = (): Error => new Error("The connection closed before the response was complete.")

/** A response the server sent that HTTP/1.1 does not allow, or one this reader refuses. */
export class MalformedResponseError extends Error {
  override readonly name = "MalformedResponseError"
}

/** The characters of a token (a method, a header name). */
const tchar = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]"
const token = new RegExp(`^${tchar}+$`)
/** Visible ASCII, space and tab: what a header value of ours may hold. */
const fieldValue = /^[\t\x20-\x7e]*$/
/** An origin-form target: a path and query of visible ASCII (a `URL` percent-encodes everything else). */
const target = /^\/[\x21-\x7e]*$/

/** The methods that send no `content-length` when they have no body (as Node does). */
const bodilessByDefault: ReadonlySet<string> = new Set(["GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT"])

/** What a request is: the transport's own headers (`host`, `content-length`, `connection`) are not taken from `headers`. */
export interface Request {
  readonly method: string
  /** The `host` header: hostname (IPv6 in brackets) and any non-default port. */
  readonly host: string
  /** Path and query. */
  readonly target: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
}

const ownHeaders: ReadonlySet<string> = new Set(["host", "content-length", "connection", "transfer-encoding"])

/**
 * The request as the text to write (its head in ASCII, its body as UTF-8), or
 * the reason it cannot be sent: a method, target, header name or value that
 * would change the request's framing (a line break) or is not plain ASCII.
 */
export const request = (request: Request): string | Error => {
  const { body, method } = request
  if (!token.test(method)) return new TypeError(`Not an HTTP method: ${JSON.stringify(method)}`)
  if (!target.test(request.target)) return new TypeError("The request target has a character HTTP/1.1 cannot carry.")
  if (!fieldValue.test(request.host)) return new TypeError("The host has a character HTTP/1.1 cannot carry.")
  let head = `${method} ${request.target} HTTP/1.1\r\nhost: ${request.host}\r\n`
  for (const name in request.headers) {
    const value = request.headers[name]!
    if (!token.test(name) || !fieldValue.test(value)) {
      return new TypeError(`The header ${JSON.stringify(name)} has a character HTTP/1.1 cannot carry.`)
    }
    if (!ownHeaders.has(name.toLowerCase())) head += `${name}: ${value}\r\n`
  }
  if (body !== undefined || !bodilessByDefault.has(method)) {
    head += `content-length: ${body === undefined ? 0 : Buffer.byteLength(body, "utf8")}\r\n`
  }
  return `${head}connection: keep-alive\r\n\r\n${body ?? ""}`
}

/** A response read whole. */
export interface Response {
  readonly status: number
  /** Header values by lower-case name, repeated ones joined as Node joins them. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Buffer
  /** Whether the connection may carry another request: keep-alive, framed by length, nothing after it. */
  readonly reusable: boolean
}

/** Headers whose first value wins when a response repeats them (as in Node's `IncomingMessage`). */
const firstWins: ReadonlySet<string> = new Set([
  "age",
  "authorization",
  "content-length",
  "content-type",
  "etag",
  "expires",
  "from",
  "host",
  "if-modified-since",
  "if-unmodified-since",
  "last-modified",
  "location",
  "max-forwards",
  "proxy-authorization",
  "referer",
  "retry-after",
  "server",
  "user-agent"
])

const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: [^\r\n]*)?$/
const headerLine = new RegExp(`^(${tchar}+):(.*)$`)

/** `text` without the spaces and tabs around it (a loop: a pattern for this backtracks quadratically on hostile input). */
const trimOws = (text: string): string => {
  let start = 0
  let end = text.length
  while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--
  return text.slice(start, end)
}

/** Whether a comma-separated header value lists `option` (case-insensitive). */
const lists = (value: string | undefined, option: string): boolean =>
  value !== undefined && value.split(",").some((item) => trimOws(item).toLowerCase() === option)
const chunkSize = /^([0-9A-Fa-f]{1,8})[\t ]*(?:;[^\r\n]*)?$/
const digits = /^\d{1,15}$/

const headTooLarge = () => new MalformedResponseError(`The response's head exceeds ${maxHeadBytes} bytes.`)

/** A parsed head: status, headers, and how its body is framed. */
interface Head {
  readonly status: number
  readonly headers: Record<string, string>
  readonly keepAlive: boolean
  /** The body's length; `"chunked"`; or `"close"` (read until the connection ends). */
  readonly framing: number | "chunked" | "close"
}

/** Parses a head (without its final blank line); an `Error` when it is malformed. */
const parseHead = (text: string, method: string): Head | Error => {
  const lines = text.split("\r\n")
  const status = statusLine.exec(lines[0]!)
  if (status === null) return new MalformedResponseError("The response's status line is malformed.")
  const headers: Record<string, string> = Object.create(null)
  let lengths: string | undefined
  for (let i = 1; i < lines.length; i++) {
    const field = headerLine.exec(lines[i]!)
    if (field === null) return new MalformedResponseError("The response has a malformed header line.")
    const name = field[1]!.toLowerCase()
    const value = trimOws(field[2]!)
    // (`.` in `headerLine` already keeps CR and LF out)
    if (value.includes("\0")) {
      return new MalformedResponseError("The response has a malformed header line.")
    }
    if (name === "content-length") {
      if (lengths !== undefined && lengths !== value) {
        return new MalformedResponseError("The response has differing content-length headers.")
      }
      lengths = value
    }
    const previous = headers[name]
    headers[name] = previous === undefined
      ? value
      : firstWins.has(name)
      ? previous
      : `${previous}${name === "cookie" ? "; " : ", "}${value}`
  }
  const code = Number(status[2])
  if (code < 100) return new MalformedResponseError("The response's status line is malformed.")
  const keepAlive = status[1] === "1"
    ? !lists(headers["connection"], "close")
    : lists(headers["connection"], "keep-alive")
  const encoding = headers["transfer-encoding"]
  // refused whatever the status: the shape of a smuggled response
  if (encoding !== undefined && lengths !== undefined) {
    return new MalformedResponseError("The response has both content-length and transfer-encoding.")
  }
  if (method === "HEAD" || code === 204 || code === 304 || code < 200) {
    return { status: code, headers, keepAlive, framing: 0 }
  }
  if (encoding !== undefined) {
    if (encoding.trim().toLowerCase() !== "chunked") {
      // not the value itself: the server's text must never carry a secret into an error message
      return new MalformedResponseError("The response's transfer-encoding is not supported (only chunked is).")
    }
    return { status: code, headers, keepAlive, framing: "chunked" }
  }
  if (lengths !== undefined) {
    if (!digits.test(lengths)) return new MalformedResponseError("The response's content-length is malformed.")
    return { status: code, headers, keepAlive, framing: Number(lengths) }
  }
  return { status: code, headers, keepAlive: false, framing: "close" }
}

/** What the reader does next. */
type State =
  | "head"
  | "body" // `remaining` bytes of a length-framed body or of a chunk
  | "chunk-size"
  | "chunk-end" // the CRLF after a chunk's data
  | "trailers"
  | "close" // everything until the connection ends
  | "done"

/**
 * Reads one response from the bytes of a connection, as they arrive: `push`
 * each chunk, and `end` when the connection ends. Each returns the response
 * once it is complete, `undefined` while more is needed, or the failure.
 */
export class Reader {
  private state: State = "head"
  private buffered: Buffer | undefined = undefined
  private head: Head | undefined = undefined
  private readonly parts: Array<Buffer> = []
  private size = 0
  private remaining = 0
  /** Head bytes read so far (interim responses included), against `maxHeadBytes`. */
  private headBytes = 0
  /** How far the buffered head was already searched for its end. */
  private scanned = 0

  constructor(
    /** The request's method (a response to `HEAD` has no body). */
    private readonly method: string,
    private readonly maxBodyBytes: number
  ) {}

  /** The next bytes of the connection. */
  push(chunk: Buffer): Response | Error | undefined {
    const data = this.buffered === undefined ? chunk : Buffer.concat([this.buffered, chunk])
    this.buffered = undefined
    let at = 0
    while (at < data.length || this.state === "done") {
      switch (this.state) {
        case "done":
          return this.complete(at < data.length)
        case "head":
        case "trailers": {
          // a head that arrives in pieces is searched from where the last search stopped, not from its start
          const end = data.indexOf("\r\n\r\n", at + Math.max(0, this.scanned - 3), "latin1")
          // trailers may be empty: the blank line right after the last chunk's size line
          const blank = this.state === "trailers" && data.length - at >= 2 && data[at] === 13 && data[at + 1] === 10
          if (blank) {
            at += 2
            this.state = "done"
            break
          }
          if (end === -1) {
            if (this.headBytes + data.length - at > maxHeadBytes) return headTooLarge()
            this.scanned = data.length - at
            return this.wait(data, at)
          }
          this.scanned = 0
          this.headBytes += end + 4 - at
          if (this.headBytes > maxHeadBytes) return headTooLarge()
          const text = data.toString("latin1", at, end)
          at = end + 4
          if (this.state === "trailers") {
            // trailers are read and ignored, but must be well-formed
            if (!text.split("\r\n").every((line) => headerLine.test(line))) {
              return new MalformedResponseError("The response has a malformed trailer line.")
            }
            this.state = "done"
            break
          }
          const head = parseHead(text, this.method)
          if (head instanceof Error) return head
          if (head.status === 101) return new MalformedResponseError("The server switched protocols (101).")
          // an interim response (100 Continue, 103 Early Hints): the final one follows
          if (head.status < 200) break
          this.head = head
          if (head.framing === "chunked") this.state = "chunk-size"
          else if (head.framing === "close") this.state = "close"
          else if (head.framing > this.maxBodyBytes) return new ResponseTooLargeError(this.maxBodyBytes)
          else if (head.framing === 0) this.state = "done"
          else {
            this.remaining = head.framing
            this.state = "body"
          }
          break
        }
        case "body": {
          const take = Math.min(this.remaining, data.length - at)
          const added = this.add(data.subarray(at, at + take))
          if (added !== undefined) return added
          at += take
          this.remaining -= take
          if (this.remaining === 0) this.state = this.head!.framing === "chunked" ? "chunk-end" : "done"
          break
        }
        case "chunk-size": {
          const end = data.indexOf("\r\n", at, "latin1")
          if (end === -1) {
            if (data.length - at > 1024) return new MalformedResponseError("A chunk size line is too long.")
            return this.wait(data, at)
          }
          const line = chunkSize.exec(data.toString("latin1", at, end))
          if (line === null) return new MalformedResponseError("A chunk size line is malformed.")
          at = end + 2
          this.remaining = parseInt(line[1]!, 16)
          if (this.size + this.remaining > this.maxBodyBytes) return new ResponseTooLargeError(this.maxBodyBytes)
          this.state = this.remaining === 0 ? "trailers" : "body"
          break
        }
        case "chunk-end": {
          if (data.length - at < 2) return this.wait(data, at)
          if (data[at] !== 13 || data[at + 1] !== 10) return new MalformedResponseError("A chunk does not end in CRLF.")
          at += 2
          this.state = "chunk-size"
          break
        }
        case "close": {
          const added = this.add(at === 0 ? data : data.subarray(at))
          if (added !== undefined) return added
          at = data.length
          break
        }
      }
      // an interim response may have ended exactly at the end of this chunk
      if (at === data.length && this.state !== "done") return undefined
    }
    return undefined
  }

  /** The connection ended: the response, if it was read whole (a body read until the close). */
  end(): Response | Error {
    if (this.state === "close") {
      this.state = "done"
      return this.complete(false)
    }
    return incomplete()
  }

  private add(part: Buffer): ResponseTooLargeError | undefined {
    this.size += part.length
    if (this.size > this.maxBodyBytes) return new ResponseTooLargeError(this.maxBodyBytes)
    if (part.length > 0) this.parts.push(part)
    return undefined
  }

  private wait(data: Buffer, at: number): undefined {
    this.buffered = at === 0 ? data : data.subarray(at)
    return undefined
  }

  private complete(extra: boolean): Response {
    const head = this.head!
    const parts = this.parts
    return {
      status: head.status,
      headers: head.headers,
      body: parts.length === 1 ? parts[0]! : Buffer.concat(parts),
      reusable: head.keepAlive && head.framing !== "close" && !extra
    }
  }
}
