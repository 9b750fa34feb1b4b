/**
 * The signing cases both Effect lines run (packages/core/test/Signing.test.ts,
 * packages/effect4/core/test/Signing.test.ts): the official and generated
 * HMAC vectors, the identity-api.md §5.3 edge vectors, the tamperings of a
 * signed and of a received request with the verdict each must get, the
 * verifier's date window, tolerant variants and odd targets, the endpoints a
 * bearer token may go to, and the arbitraries of the properties.
 */
import {
  emptyContentHash,
  type Failure,
  formatDate,
  type Headers,
  type Request as ProtocolRequest
} from "@effect-acs/identity-protocol/Signing"
import fc from "fast-check"
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"

/** A request to sign. */
export interface Request extends ProtocolRequest {
  readonly body: Uint8Array | undefined
}

/** A request as a server received it. */
export interface ReceivedRequest {
  readonly method: string
  readonly target: string
  readonly header: (name: string) => string | undefined
  readonly body: Uint8Array
}

/** A request and the headers the official client signs it with. */
export interface RequestVector {
  readonly source?: string
  readonly key: string
  readonly method: string
  readonly url: string
  readonly body: string
  readonly host?: string
  readonly stringToSign?: string
  readonly "x-ms-date"?: string
  readonly "x-ms-content-sha256"?: string
  readonly authorization: string
}

/** A known answer of HMAC-SHA256 or SHA-256. */
export interface PrimitiveVector {
  readonly source: string
  readonly op: string
  readonly key?: string
  readonly message?: string
  readonly body?: string
  readonly expected: string
}

/** test/fixtures/hmac-test-vectors.json. */
export interface VectorFile {
  readonly official: ReadonlyArray<RequestVector>
  readonly official_primitives: ReadonlyArray<PrimitiveVector>
  readonly generated_js_2_5_0: ReadonlyArray<RequestVector>
  readonly "x-ms-date_for_all": string
}

/** The official and generated vectors. */
export const vectors: VectorFile = JSON.parse(
  readFileSync(new URL("../fixtures/hmac-test-vectors.json", import.meta.url), "utf8")
)

const encoder = new TextEncoder()
/** The UTF-8 of `text`. */
export const utf8 = (text: string): Uint8Array => encoder.encode(text)

/** 2022-04-13T18:09:12.451Z, the frozen clock of the generated vectors. */
export const vectorTime = Date.UTC(2022, 3, 13, 18, 9, 12, 451)
/** {@link vectorTime} as an RFC 1123 date. */
export const vectorDate = "Wed, 13 Apr 2022 18:09:12 GMT"

/** The hex-looking 48-byte test key of the official tests. */
export const K48 = "68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e"

/** The authorization header of `signature`. */
export const authorizationOf = (signature: string) =>
  `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`

/** §5.3 edge-case vectors (clock frozen at {@link vectorTime}). */
export const edgeVectors: ReadonlyArray<
  RequestVector & { readonly signedHost: string; readonly signedPathAndQuery: string }
> = [
  {
    source: "identity-api.md §5.3: non-default port",
    key: K48,
    method: "POST",
    url: "http://localhost:8080/identities?api-version=2023-10-01",
    body: "{\"createTokenWithScopes\":[\"voip\"]}",
    signedHost: "localhost:8080",
    signedPathAndQuery: "/identities?api-version=2023-10-01",
    "x-ms-content-sha256": "k4k9IoKBLYipoiXK3LctfBcfghISSb6AI45ji7ILZfg=",
    authorization: authorizationOf("jUYVTR3XQGHYXO/Dcfu+2fEkbZhH9i234PO/bmWbnNU=")
  },
  {
    source: "identity-api.md §5.3: upper-case host, default port, emoji body",
    key: K48,
    method: "POST",
    url: "https://LOCALHOST:443/identities?api-version=2023-10-01",
    body: "😀",
    signedHost: "localhost",
    signedPathAndQuery: "/identities?api-version=2023-10-01",
    "x-ms-content-sha256": "8EQ6NCxe9UeDoRG1G6Vsk45HTDIyTZDDpgycjjo34tk=",
    authorization: authorizationOf("pQsYWdTWIGVB23gNykDLdEPLhc7ABZom2PK+LVBiZok=")
  },
  {
    source: "identity-api.md §5.3: query re-serialised by URLSearchParams",
    key: K48,
    method: "GET",
    url: "https://example.com/p?b=x%20y&a=1",
    body: "",
    signedHost: "example.com",
    signedPathAndQuery: "/p?b=x+y&a=1",
    "x-ms-content-sha256": emptyContentHash,
    authorization: authorizationOf("mo3lSFw3zrRv6t/gJfoWua9srHMZj1lf+sTCiyl+Bko=")
  }
]

/** Every request vector, named. */
export const requestVectors: ReadonlyArray<readonly [string, RequestVector]> = [
  ...vectors.official.map((v, i) => [`official #${i} ${v.method} ${v.url}`, v] as const),
  ...vectors.generated_js_2_5_0.map((v, i) => [`generated_js_2_5_0 #${i} ${v.method} ${v.url}`, v] as const),
  ...edgeVectors.map((v) => [`${v.source}: ${v.method} ${v.url}`, v] as const)
]

/** The shapes of the headers. */
export const rfc1123 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/
export const base64Hash = /^[A-Za-z0-9+/]{43}=$/
export const authorizationPattern =
  /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=[A-Za-z0-9+/]{43}=$/

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const

const hostArb = fc.oneof(
  fc.domain().chain((domain) => fc.boolean().map((upper) => (upper ? domain.toUpperCase() : domain))),
  fc.ipV4(),
  fc.constantFrom("localhost", "[::1]", "my-resource.communication.azure.com")
)

/** Path segments: web segments, encoded text, the service's own. */
export const segmentArb = fc.oneof(
  fc.webSegment(),
  fc.fullUnicodeString({ maxLength: 8 }).map(encodeURIComponent),
  fc.constantFrom("identities", "8%3Aacs%3Aabc_def", ":issueAccessToken", "a%20b", "~", "")
)

const queryComponentArb = fc.fullUnicodeString({ maxLength: 6 }).chain((text) =>
  fc.constantFrom(
    encodeURIComponent(text),
    encodeURIComponent(text).replace(/%20/g, "+"),
    new URLSearchParams({ x: text }).toString().slice(2)
  )
)

/** Queries of any encoding, or none. */
export const queryArb = fc.option(
  fc.oneof(
    fc.array(fc.tuple(queryComponentArb, queryComponentArb), { minLength: 1, maxLength: 3 }).map((pairs) =>
      pairs.map(([k, v]) => `${k}=${v}`).join("&")
    ),
    fc.constantFrom("api-version=2023-10-01", "b=x%20y&a=1", "flag", "a=~", "")
  ),
  { nil: undefined }
)

const urlArb = fc
  .record({
    scheme: fc.constantFrom("http", "https"),
    host: hostArb,
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    segments: fc.array(segmentArb, { maxLength: 4 }),
    query: queryArb
  })
  .map(({ host, port, query, scheme, segments }) =>
    new URL(
      `${scheme}://${host}${port === undefined ? "" : `:${port}`}/${segments.join("/")}${
        query === undefined ? "" : `?${query}`
      }`
    )
  )

const bodyArb = fc.oneof(
  fc.constant(undefined),
  fc.uint8Array({ maxLength: 256 }),
  fc.fullUnicodeString({ maxLength: 64 }).map(utf8)
)

/** HMAC keys of any length. */
export const keyArb = fc.uint8Array({ minLength: 1, maxLength: 100 })

/** Any instant from 1970 to 9999 (RFC 1123 dates have four-digit years). */
export const millisArb = fc.integer({ min: 0, max: 253402300799999 })

/** Requests of any method, URL, body and date. */
export const requestArb = fc.record({
  method: fc.constantFrom(...methods),
  url: urlArb,
  body: bodyArb,
  millis: millisArb
})

/** A generated request as the signer takes it. */
export const toRequest = (r: { method: string; url: URL; body: Uint8Array | undefined; millis: number }): Request => ({
  method: r.method,
  url: r.url,
  body: r.body,
  date: formatDate(r.millis)
})

/** millis → `formatDate`. */
export const formatDates: ReadonlyArray<readonly [number, string]> = [
  [vectorTime, vectorDate],
  [Date.UTC(2022, 0, 5, 3, 4, 5, 999), "Wed, 05 Jan 2022 03:04:05 GMT"],
  [0, "Thu, 01 Jan 1970 00:00:00 GMT"],
  [Date.UTC(2024, 1, 29, 23, 59, 59), "Thu, 29 Feb 2024 23:59:59 GMT"]
]

/** url → `pathAndQuery`. */
export const pathsAndQueries: ReadonlyArray<readonly [string, string]> = [
  ["https://example.com", "/"],
  ["https://example.com/", "/"],
  ["https://example.com/testPath?testQuery=test", "/testPath?testQuery=test"],
  ["https://example.com/p?b=x%20y&a=1", "/p?b=x+y&a=1"],
  ["https://example.com/p?z=1&a=2", "/p?z=1&a=2"],
  ["https://example.com/p?a=~", "/p?a=%7E"],
  ["https://example.com/p?flag", "/p?flag="],
  ["https://example.com/p?", "/p"],
  ["https://example.com/p#fragment", "/p"],
  ["https://example.com/a b", "/a%20b"],
  [
    "https://h/identities/8%3Aacs%3Ax_y/:issueAccessToken?api-version=2023-10-01",
    "/identities/8%3Aacs%3Ax_y/:issueAccessToken?api-version=2023-10-01"
  ]
]

/** Query parts (text and separator) of any shape, for `pathAndQuery` against `URLSearchParams`. */
export const queryPartsArb = fc.array(
  fc.tuple(
    fc.string({ unit: fc.constantFrom("a", "Z", "0", "_", "-", ".", "*", "~", "+", "%", "=", " ", "&", "é", "%41") }),
    fc.constantFrom("", "=", "&")
  ),
  { maxLength: 6 }
)

/** One change to one signed part; each is guaranteed to change what is signed. */
export const tamperings: ReadonlyArray<
  readonly [string, (r: Request, key: Uint8Array) => { request: Request; key: Uint8Array }]
> = [
  ["method", (r, key) => ({ key, request: { ...r, method: r.method === "POST" ? "GET" : "POST" } })],
  ["path", (r, key) => {
    const url = new URL(r.url)
    url.pathname = `${url.pathname}x`
    return { key, request: { ...r, url } }
  }],
  ["query", (r, key) => {
    const url = new URL(r.url)
    url.searchParams.append("tampered", "1")
    return { key, request: { ...r, url } }
  }],
  ["host name", (r, key) => {
    const url = new URL(r.url)
    url.hostname = url.hostname === "tampered.example" ? "other.example" : "tampered.example"
    return { key, request: { ...r, url } }
  }],
  ["port", (r, key) => {
    const url = new URL(r.url)
    url.port = url.port === "8080" ? "8081" : "8080"
    return { key, request: { ...r, url } }
  }],
  ["date", (r, key) => ({ key, request: { ...r, date: formatDate(Date.parse(r.date) + 1000) } })],
  ["body", (r, key) => ({
    key,
    request: { ...r, body: r.body === undefined || r.body.length === 0 ? utf8("x") : new Uint8Array([...r.body, 0]) }
  })],
  ["key", (r, key) => {
    const flipped = Uint8Array.from(key)
    flipped[0] = flipped[0]! ^ 0x01
    return { request: r, key: flipped }
  }]
]

type RequestHeaders = Record<string, string | undefined>

/** The request as a server receives it: raw target as sent, `host` = `url.host`. */
export const received = (
  url: URL,
  method: string,
  body: Uint8Array | undefined,
  headers: RequestHeaders
): ReceivedRequest => {
  const lower: RequestHeaders = { host: url.host }
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value
  return {
    method,
    target: url.pathname + url.search,
    header: (name) => lower[name],
    body: body ?? new Uint8Array(0)
  }
}

/** `request` with `patch` over its headers. */
export const withHeaders = (request: ReceivedRequest, patch: RequestHeaders): ReceivedRequest => ({
  ...request,
  header: (name) => (name in patch ? patch[name] : request.header(name))
})

/** One tampering of a received request and the reason verify must give. */
export const receivedTamperings: ReadonlyArray<
  readonly [
    string,
    Failure | ((tolerant: boolean, signedHost: string) => Failure | "ok"),
    (r: ReceivedRequest, signed: Headers) => ReceivedRequest
  ]
> = [
  ["no authorization", "MissingAuthorization", (r) => withHeaders(r, { authorization: undefined })],
  ["bearer authorization", "MalformedAuthorization", (r) => withHeaders(r, { authorization: "Bearer abc" })],
  [
    "lower-case scheme",
    "MalformedAuthorization",
    (r, s) => withHeaders(r, { authorization: s.authorization.replace("HMAC-SHA256", "hmac-sha256") })
  ],
  [
    "signed headers reordered",
    "MalformedAuthorization",
    (r, s) => withHeaders(r, { authorization: s.authorization.replace("x-ms-date;host;", "host;x-ms-date;") })
  ],
  [
    "signed headers missing host",
    "MalformedAuthorization",
    (r, s) => withHeaders(r, { authorization: s.authorization.replace("x-ms-date;host;", "x-ms-date;") })
  ],
  [
    "no signature",
    "MalformedAuthorization",
    (r, s) => withHeaders(r, { authorization: s.authorization.replace(/&Signature=.*$/, "") })
  ],
  ["no x-ms-date", "MissingDate", (r) => withHeaders(r, { "x-ms-date": undefined })],
  ["unparsable x-ms-date", "MissingDate", (r) => withHeaders(r, { "x-ms-date": "yesterday" })],
  ["body changed", "ContentHashMismatch", (r) => ({ ...r, body: new Uint8Array([...r.body, 1]) })],
  [
    "content hash header changed",
    "ContentHashMismatch",
    (r) => withHeaders(r, { "x-ms-content-sha256": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" })
  ],
  ["no content hash header", "ContentHashMismatch", (r) => withHeaders(r, { "x-ms-content-sha256": undefined })],
  ["body and hash changed together", "SignatureMismatch", (r) => {
    const body = new Uint8Array([...r.body, 1])
    return withHeaders({ ...r, body }, {
      "x-ms-content-sha256": createHash("sha256").update(body).digest("base64")
    })
  }],
  ["method changed", "SignatureMismatch", (r) => ({ ...r, method: r.method === "POST" ? "PUT" : "POST" })],
  ["path changed", "SignatureMismatch", (r) => ({ ...r, target: r.target.replace(/^([^?]*)/, "$1z") })],
  [
    "query added",
    "SignatureMismatch",
    (r) => ({ ...r, target: `${r.target}${r.target.includes("?") ? "&" : "?"}z=1` })
  ],
  ["host changed", "SignatureMismatch", (r) => withHeaders(r, { host: `x${r.header("host")}` })],
  // adding a port to a host signed without one is the tolerated Java variant (host name without port)
  [
    "port changed or added",
    (tolerant, signedHost) => tolerant && !/:\d+$/.test(signedHost) ? "ok" : "SignatureMismatch",
    (r) => {
      const host = r.header("host")!
      const hostname = host.replace(/:\d+$/, "")
      return withHeaders(r, { host: `${hostname}:${host.endsWith(":8080") ? 8081 : 8080}` })
    }
  ],
  [
    "x-ms-date changed within the window",
    "SignatureMismatch",
    (r) => withHeaders(r, { "x-ms-date": formatDate(Date.parse(r.header("x-ms-date")!) + 1000) })
  ],
  [
    "signature replaced",
    "SignatureMismatch",
    (r) => withHeaders(r, { authorization: authorizationOf("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=") })
  ]
]

/** The server clock's offset from the signed date → the verdict. */
export const clockOffsets: ReadonlyArray<readonly [string, number, "ok" | "StaleDate"]> = [
  ["exactly 15 minutes early", -15 * 60_000, "ok"],
  ["exactly 15 minutes late", 15 * 60_000, "ok"],
  ["one second over 15 minutes late", 15 * 60_000 + 1000, "StaleDate"],
  ["one second over 15 minutes early", -(15 * 60_000 + 1000), "StaleDate"],
  ["a day late", 86_400_000, "StaleDate"],
  ["a day early", -86_400_000, "StaleDate"]
]

/** Request targets that are no path a request is signed for. */
export const oddTargets: ReadonlyArray<string> = [
  "//",
  "//a?b=x%20y",
  "//evil.example/p?b=x%20y",
  "http://[",
  "http://h:99999/",
  "//[::1",
  "/%",
  "/%E0%A4%A?x",
  "*",
  ""
]

/** The verify suite's request: a token issued for a user on a loopback port. */
export const verifyUrl = new URL(
  "http://localhost:8080/identities/8%3Aacs%3Aabc_def/:issueAccessToken?api-version=2023-10-01"
)
/** Its body. */
export const verifyBody = utf8("{\"scopes\":[\"chat\"]}")

/**
 * Cross-SDK variants (identity-api.md §5.5), accepted only when tolerant:
 * [name, the strict verdict, the date header signed, the host and the path
 * and query signed].
 */
export const variants: ReadonlyArray<readonly [string, Failure, "date" | "x-ms-date", string, string]> = [
  [
    "signed with the `date` header name (older .NET)",
    "MalformedAuthorization",
    "date",
    "localhost:8080",
    "/identities/8%3Aacs%3Aabc_def/:issueAccessToken?api-version=2023-10-01"
  ],
  [
    "doubled port localhost:8080:8080 (JS communication-common 2.0-2.4.0)",
    "SignatureMismatch",
    "x-ms-date",
    "localhost:8080:8080",
    "/identities/8%3Aacs%3Aabc_def/:issueAccessToken?api-version=2023-10-01"
  ],
  [
    "host name without the port (Java)",
    "SignatureMismatch",
    "x-ms-date",
    "localhost",
    "/identities/8%3Aacs%3Aabc_def/:issueAccessToken?api-version=2023-10-01"
  ],
  [
    "percent-decoded path (Python async)",
    "SignatureMismatch",
    "x-ms-date",
    "localhost:8080",
    "/identities/8:acs:abc_def/:issueAccessToken?api-version=2023-10-01"
  ],
  [
    "path without its leading / (Python over http)",
    "SignatureMismatch",
    "x-ms-date",
    "localhost:8080",
    "identities/8%3Aacs%3Aabc_def/:issueAccessToken?api-version=2023-10-01"
  ]
]

/** The authorization header a variant signed with `dateHeader` sends. */
export const variantAuthorization = (dateHeader: "date" | "x-ms-date", signature: string) =>
  dateHeader === "date"
    ? `HMAC-SHA256 SignedHeaders=date;host;x-ms-content-sha256&Signature=${signature}`
    : authorizationOf(signature)

/** A text that looks like a secret, to be found nowhere. */
export const secretLooking = "SECRET*KEY*TEXT!"

/** Endpoints a bearer token is never sent to (plain http off loopback). */
export const bearerRefused: ReadonlyArray<string> = [
  "http://example.com/",
  "http://localhost.example.com/",
  "http://127.0.0.1.example.com/",
  "http://10.0.0.1/"
]

/** Endpoints a bearer token may be sent to. */
export const bearerAccepted: ReadonlyArray<string> = [
  "http://127.0.0.1:1234/",
  "http://localhost:8080/",
  "http://[::1]:8080/",
  "https://example.com/",
  "https://my-resource.communication.azure.com/"
]
