/**
 * Requests as a scripted transport records them and responses as it replies
 * with them: plain data, shared by both Effect lines' scripted transports
 * (packages/core/test/utils/scripted.ts, packages/effect4/core/test/utils/scripted.ts)
 * and the case tables that script replies.
 */

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** One request as the transport saw it. */
export interface RecordedRequest {
  /** 0-based position among all requests this client received. */
  readonly index: number
  /** Upper-case method. */
  readonly method: string
  /** The full URL, query included. */
  readonly url: URL
  /** `url.pathname`, percent-encoded exactly as sent. */
  readonly path: string
  /** The raw request target: `pathname` + `search`, as a server would see it. */
  readonly target: string
  /** The query parameters (last value wins). */
  readonly query: Readonly<Record<string, string>>
  /** Headers by lower-case name, `content-type` of the body included. */
  readonly headers: Readonly<Record<string, string>>
  /** Header lookup by (any-case) name. */
  readonly header: (name: string) => string | undefined
  /** The body as UTF-8 text; `undefined` when the request had no body. */
  readonly body: string | undefined
  /** The body bytes; empty when the request had no body. */
  readonly bodyBytes: Uint8Array
  /** `Clock.currentTimeMillis` when the request reached the transport (TestClock time under `it.effect`). */
  readonly sentAt: number
}

/** A request as a server receives it (either line's `Signing.ReceivedRequest`). */
export interface ReceivedRequest {
  readonly method: string
  readonly target: string
  readonly header: (name: string) => string | undefined
  readonly body: Uint8Array
}

/**
 * The same request as a server would receive it, for `Signing.verify`: the
 * raw target, the headers plus `host` (from the URL, as a transport sends it)
 * and the body bytes.
 */
export const toReceived = (recorded: RecordedRequest): ReceivedRequest => ({
  method: recorded.method,
  target: recorded.target,
  header: (name) =>
    name.toLowerCase() === "host" ? recorded.header("host") ?? recorded.url.host : recorded.header(name),
  body: recorded.bodyBytes
})

/** A recorded request from its parts (header names are lower-cased). */
export const recorded = (
  index: number,
  method: string,
  url: URL,
  rawHeaders: Readonly<Record<string, string>>,
  bodyBytes: Uint8Array | undefined,
  sentAt: number
): RecordedRequest => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(rawHeaders)) headers[name.toLowerCase()] = value
  const query: Record<string, string> = {}
  url.searchParams.forEach((value, name) => {
    query[name] = value
  })
  return {
    index,
    method: method.toUpperCase(),
    url,
    path: url.pathname,
    target: url.pathname + url.search,
    query,
    headers,
    header: (name: string) => headers[name.toLowerCase()],
    body: bodyBytes === undefined ? undefined : decoder.decode(bodyBytes),
    bodyBytes: bodyBytes ?? new Uint8Array(0),
    sentAt
  }
}

/** A response the scripted server answers with. */
export interface Response {
  readonly _tag: "Response"
  readonly status: number
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

/** A response with raw body bytes or text and the given headers (no content-type added). */
export const response = (
  status: number,
  body: string | Uint8Array = "",
  headers: Readonly<Record<string, string>> = {}
): Response => ({
  _tag: "Response",
  status,
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  body: typeof body === "string" ? encoder.encode(body) : body
})

/** A JSON response (`content-type: application/json; charset=utf-8`); `body` is serialised compactly. */
export const json = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Response =>
  response(status, JSON.stringify(body), { "content-type": "application/json; charset=utf-8", ...headers })

/** A `text/plain` response. */
export const text = (status: number, body: string, headers: Readonly<Record<string, string>> = {}): Response =>
  response(status, body, { "content-type": "text/plain", ...headers })

/** A response without a body (e.g. 204). */
export const empty = (status: number, headers: Readonly<Record<string, string>> = {}): Response =>
  response(status, "", headers)

/** The service's error envelope `{"error":{code,message,...}}`. */
export const error = (
  status: number,
  error: { readonly code: string; readonly message: string; readonly [key: string]: unknown },
  headers: Readonly<Record<string, string>> = {}
): Response => json(status, { error }, headers)
