import * as Auth from "@effect-acs/identity-effect4/Auth"
import { Crypto } from "@effect-acs/identity-effect4/Crypto"
import { CredentialError, InvalidInput } from "@effect-acs/identity-effect4/IdentityError"
import * as Signing from "@effect-acs/identity-effect4/Signing"
import * as BrowserCrypto from "@effect-acs/identity-effect4-browser/BrowserCrypto"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import { assert, describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Base64 from "effect/encoding/Base64"
import * as Exit from "effect/Exit"
import fc from "fast-check"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"
import { readFileSync } from "node:fs"
import * as Authorizer from "../src/internal/authorizer.js"
import { syncSigner } from "../src/internal/signing.js"
import { property } from "./utils/property.js"

/** An access key's authorizer, as request middleware. */
const hmac = (key: Redacted.Redacted<string>) =>
  Effect.map(Authorizer.hmacAuthorizer(Auth.keyCredential(key)), (authorizer) => authorizer.middleware)

/** An Entra credential's authorizer, as request middleware. */
const bearer = (credential: Auth.EntraTokenCredential, endpoint: string) =>
  Effect.map(Authorizer.bearerAuthorizer(credential, endpoint), (authorizer) => authorizer.middleware)

// ---------------------------------------------------------------------------
// fixtures and helpers
// ---------------------------------------------------------------------------

interface RequestVector {
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

interface PrimitiveVector {
  readonly source: string
  readonly op: string
  readonly key?: string
  readonly message?: string
  readonly body?: string
  readonly expected: string
}

interface VectorFile {
  readonly official: ReadonlyArray<RequestVector>
  readonly official_primitives: ReadonlyArray<PrimitiveVector>
  readonly generated_js_2_5_0: ReadonlyArray<RequestVector>
  readonly "x-ms-date_for_all": string
}

const vectors: VectorFile = JSON.parse(
  readFileSync(new URL("../../../../test/fixtures/hmac-test-vectors.json", import.meta.url), "utf8")
)

const encoder = new TextEncoder()
const utf8 = (text: string): Uint8Array => encoder.encode(text)

const base64 = (text: string): Uint8Array => Result.getOrThrow(Base64.decode(text))

/** 2022-04-13T18:09:12.451Z, the frozen clock of the generated vectors. */
const vectorTime = Date.UTC(2022, 3, 13, 18, 9, 12, 451)
const vectorDate = "Wed, 13 Apr 2022 18:09:12 GMT"

/** The hex-looking 48-byte test key of the official tests. */
const K48 = "68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e"

const authorizationOf = (signature: string) =>
  `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`

/** §5.3 edge-case vectors (clock frozen at {@link vectorTime}). */
const edgeVectors: ReadonlyArray<RequestVector & { readonly signedHost: string; readonly signedPathAndQuery: string }> = [
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
    "x-ms-content-sha256": Signing.emptyContentHash,
    authorization: authorizationOf("mo3lSFw3zrRv6t/gJfoWua9srHMZj1lf+sTCiyl+Bko=")
  }
]

const requestVectors: ReadonlyArray<readonly [string, RequestVector]> = [
  ...vectors.official.map((v, i) => [`official #${i} ${v.method} ${v.url}`, v] as const),
  ...vectors.generated_js_2_5_0.map((v, i) => [`generated_js_2_5_0 #${i} ${v.method} ${v.url}`, v] as const),
  ...edgeVectors.map((v) => [`${v.source}: ${v.method} ${v.url}`, v] as const)
]

const cryptos: ReadonlyArray<readonly [string, Crypto.Service]> = [
  ["node:crypto", NodeCrypto.make],
  ["WebCrypto", BrowserCrypto.make]
]

/** Signs with a fresh key prepared by `service`. */
const signWith = (service: Crypto.Service, key: Uint8Array, request: Signing.Request) =>
  Effect.flatMap(service.hmacKey(key), (hmacKey) => Signing.sign(hmacKey, request)).pipe(
    Effect.provideService(Crypto, service)
  )

/** SHA-256 through the Node crypto service, synchronously (the service is `Effect.sync`). */
const NodeCryptoSha256 = (data: Uint8Array): Uint8Array => Effect.runSync(NodeCrypto.make.sha256(data))

type Headers = Record<string, string | undefined>

/** The request as a server receives it: raw target as sent, `host` = `url.host`. */
const received = (
  url: URL,
  method: string,
  body: Uint8Array | undefined,
  headers: Headers
): Signing.ReceivedRequest => {
  const lower: Headers = { host: url.host }
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value
  return {
    method,
    target: url.pathname + url.search,
    header: (name) => lower[name],
    body: body ?? new Uint8Array(0)
  }
}

const withHeaders = (request: Signing.ReceivedRequest, patch: Headers): Signing.ReceivedRequest => ({
  ...request,
  header: (name) => (name in patch ? patch[name] : request.header(name))
})

const verifyWith = (
  service: Crypto.Service,
  key: Uint8Array,
  request: Signing.ReceivedRequest,
  options: Signing.VerifyOptions
) =>
  Effect.flatMap(service.hmacKey(key), (hmacKey) => Signing.verify(hmacKey, request, options)).pipe(
    Effect.provideService(Crypto, service),
    Effect.exit
  )

/** The failure reason of a verification, or "ok". */
const outcome = (exit: Exit.Exit<void, Signing.VerificationError | CredentialError>): string => {
  if (Exit.isSuccess(exit)) return "ok"
  const failure = Cause.findErrorOption(exit.cause)
  if (Option.isNone(failure)) return `defect: ${Cause.pretty(exit.cause)}`
  return failure.value._tag === "VerificationError" ? failure.value.reason : failure.value._tag
}

const rfc1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/
const base64Hash = /^[A-Za-z0-9+/]{43}=$/
const authorizationPattern =
  /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=[A-Za-z0-9+/]{43}=$/

// ---------------------------------------------------------------------------
// arbitraries
// ---------------------------------------------------------------------------

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const

const hostArb = fc.oneof(
  fc.domain().chain((domain) => fc.boolean().map((upper) => (upper ? domain.toUpperCase() : domain))),
  fc.ipV4(),
  fc.constantFrom("localhost", "[::1]", "my-resource.communication.azure.com")
)

const segmentArb = fc.oneof(
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

const queryArb = fc.option(
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

const keyArb = fc.uint8Array({ minLength: 1, maxLength: 100 })

/** Any instant from 1970 to 9999 (RFC 1123 dates have four-digit years). */
const millisArb = fc.integer({ min: 0, max: 253402300799999 })

const requestArb = fc.record({
  method: fc.constantFrom(...methods),
  url: urlArb,
  body: bodyArb,
  millis: millisArb
})

const toRequest = (r: { method: string; url: URL; body: Uint8Array | undefined; millis: number }): Signing.Request => ({
  method: r.method,
  url: r.url,
  body: r.body,
  date: Signing.formatDate(r.millis)
})

// ---------------------------------------------------------------------------
// known answers
// ---------------------------------------------------------------------------

describe("Signing vectors", () => {
  it("has the expected vector lists", () => {
    expect(vectors.official.length).toBeGreaterThanOrEqual(5)
    expect(vectors.official_primitives.length).toBeGreaterThanOrEqual(6)
    expect(vectors.generated_js_2_5_0.length).toBeGreaterThanOrEqual(4)
    expect(vectors["x-ms-date_for_all"]).toBe(vectorDate)
  })

  for (const [cryptoName, service] of cryptos) {
    describe(cryptoName, () => {
      for (const [name, vector] of requestVectors) {
        it.effect(name, () =>
          Effect.gen(function*() {
            const date = vector["x-ms-date"] ?? vectors["x-ms-date_for_all"]
            const url = new URL(vector.url)
            const body = vector.body === "" ? undefined : utf8(vector.body)
            const headers = yield* signWith(service, base64(vector.key), {
              method: vector.method,
              url,
              body,
              date
            })
            expect(headers["x-ms-date"]).toBe(date)
            expect(headers.authorization).toBe(vector.authorization)
            expect(headers["x-ms-content-sha256"]).toBe(vector["x-ms-content-sha256"] ?? Signing.emptyContentHash)
            if (vector.host !== undefined) expect(url.host).toBe(vector.host)
            if ("signedHost" in vector) {
              const edge = vector as (typeof edgeVectors)[number]
              expect(url.host).toBe(edge.signedHost)
              expect(Signing.pathAndQuery(url)).toBe(edge.signedPathAndQuery)
            }
            if (vector.stringToSign !== undefined) {
              expect(
                Signing.stringToSign(vector.method, Signing.pathAndQuery(url), date, url.host, headers["x-ms-content-sha256"])
              ).toBe(vector.stringToSign)
            }
            // a server receiving exactly this request accepts it in strict mode
            const exit = yield* verifyWith(service, base64(vector.key), received(url, vector.method, body, headers), {
              now: Date.parse(date),
              tolerant: false
            })
            expect(outcome(exit)).toBe("ok")
          }))
      }

      for (const [index, primitive] of vectors.official_primitives.entries()) {
        it.effect(`official primitive #${index}: ${primitive.op} of ${JSON.stringify(primitive.message ?? primitive.body)}`, () =>
          Effect.gen(function*() {
            if (primitive.op.startsWith("HMAC-SHA256")) {
              const key = yield* service.hmacKey(base64(primitive.key!))
              const mac = yield* key.sign(utf8(primitive.message!))
              expect(Base64.encode(mac)).toBe(primitive.expected)
            } else {
              expect(primitive.op.startsWith("SHA-256")).toBe(true)
              const hash = yield* service.sha256(utf8(primitive.body!))
              expect(Base64.encode(hash)).toBe(primitive.expected)
              const contentHash = yield* Signing.contentHash(utf8(primitive.body!)).pipe(
                Effect.provideService(Crypto, service)
              )
              expect(contentHash).toBe(primitive.expected)
            }
          }))
      }
    })
  }
})

// ---------------------------------------------------------------------------
// pure helpers
// ---------------------------------------------------------------------------

describe("Signing.formatDate", () => {
  it.each([
    [vectorTime, vectorDate],
    [Date.UTC(2022, 0, 5, 3, 4, 5, 999), "Wed, 05 Jan 2022 03:04:05 GMT"],
    [0, "Thu, 01 Jan 1970 00:00:00 GMT"],
    [Date.UTC(2024, 1, 29, 23, 59, 59), "Thu, 29 Feb 2024 23:59:59 GMT"]
  ])("formatDate(%d) = %s", (millis, expected) => {
    expect(Signing.formatDate(millis)).toBe(expected)
  })

  it("is RFC 1123 and round-trips to the second", () => {
    fc.assert(
      fc.property(millisArb, (millis) => {
        const text = Signing.formatDate(millis)
        expect(text).toMatch(rfc1123)
        expect(Date.parse(text)).toBe(millis - (millis % 1000))
      }),
      { numRuns: 200 }
    )
  })
})

describe("Signing.pathAndQuery", () => {
  it.each([
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
  ])("%s -> %s", (url, expected) => {
    expect(Signing.pathAndQuery(new URL(url))).toBe(expected)
  })

  it("equals the query re-serialised by URLSearchParams, whatever the query", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: fc.constantFrom("a", "Z", "0", "_", "-", ".", "*", "~", "+", "%", "=", " ", "&", "é", "%41") }), fc.constantFrom("", "=", "&")), { maxLength: 6 }),
        (parts) => {
          const url = new URL(`https://h/p?${parts.map(([text, sep]) => text + sep).join("")}`)
          const query = url.searchParams.toString()
          expect(Signing.pathAndQuery(url)).toBe(query === "" ? "/p" : `/p?${query}`)
        }
      ),
      { numRuns: 1000 }
    )
  })
})

describe("Signing.stringToSign", () => {
  it("joins with LF, upper-cases the method, no trailing LF", () => {
    expect(Signing.stringToSign("post", "/identities?api-version=2023-10-01", vectorDate, "h:8080", "HASH")).toBe(
      `POST\n/identities?api-version=2023-10-01\n${vectorDate};h:8080;HASH`
    )
  })

  it("matches the generated vectors' string to sign", () => {
    const withString = vectors.generated_js_2_5_0.filter((v) => v.stringToSign !== undefined)
    expect(withString.length).toBeGreaterThan(0)
    for (const v of withString) {
      const [, , last] = v.stringToSign!.split("\n")
      const hash = last!.split(";")[2]!
      const url = new URL(v.url)
      expect(Signing.stringToSign(v.method, Signing.pathAndQuery(url), vectorDate, url.host, hash)).toBe(v.stringToSign)
    }
  })

  it("authorization() builds the header", () => {
    expect(Signing.authorization("abc=")).toBe(authorizationOf("abc="))
  })
})

// ---------------------------------------------------------------------------
// properties
// ---------------------------------------------------------------------------

describe("Signing properties", () => {
  it.effect("node:crypto (signed in one step), node:crypto through Effect steps and WebCrypto produce identical headers", () =>
    property(
      fc.record({ key: keyArb, request: requestArb }),
      ({ key, request }) =>
        Effect.gen(function*() {
          const { sync: _, ...stepwise } = NodeCrypto.make
          const hmacKey = yield* NodeCrypto.make.hmacKey(key)
          expect(syncSigner(NodeCrypto.make, hmacKey)).toBeDefined()
          expect(syncSigner(stepwise, hmacKey)).toBeUndefined()
          const node = yield* signWith(NodeCrypto.make, key, toRequest(request))
          expect(yield* signWith(stepwise, key, toRequest(request))).toEqual(node)
          expect(yield* signWith(BrowserCrypto.make, key, toRequest(request))).toEqual(node)
        }),
      { numRuns: 100 }
    ))

  it.effect("headers are well-formed", () =>
    property(
      fc.record({ key: keyArb, request: requestArb }),
      ({ key, request }) =>
        Effect.gen(function*() {
          const headers = yield* signWith(NodeCrypto.make, key, toRequest(request))
          expect(Object.keys(headers).sort()).toEqual(["authorization", "x-ms-content-sha256", "x-ms-date"])
          expect(headers["x-ms-date"]).toMatch(rfc1123)
          expect(headers["x-ms-content-sha256"]).toMatch(base64Hash)
          expect(headers["x-ms-content-sha256"]).toHaveLength(44)
          expect(headers.authorization).toMatch(authorizationPattern)
          if (request.body === undefined || request.body.length === 0) {
            expect(headers["x-ms-content-sha256"]).toBe(Signing.emptyContentHash)
          }
        }),
      { numRuns: 50 }
    ))

  it.effect("is deterministic and signs what stringToSign describes", () =>
    property(
      fc.record({ key: keyArb, request: requestArb }),
      ({ key, request }) =>
        Effect.gen(function*() {
          const req = toRequest(request)
          const first = yield* signWith(NodeCrypto.make, key, req)
          const second = yield* signWith(NodeCrypto.make, key, req)
          expect(second).toEqual(first)
          const hmacKey = yield* NodeCrypto.make.hmacKey(key)
          const mac = yield* hmacKey.sign(
            utf8(Signing.stringToSign(req.method, Signing.pathAndQuery(req.url), req.date, req.url.host, first["x-ms-content-sha256"]))
          )
          expect(first.authorization).toBe(Signing.authorization(Base64.encode(mac)))
        }),
      { numRuns: 30 }
    ))

  /** One change to one signed part; each is guaranteed to change what is signed. */
  const tamperings: ReadonlyArray<
    readonly [string, (r: Signing.Request, key: Uint8Array) => { request: Signing.Request; key: Uint8Array }]
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
      assert.notStrictEqual(url.hostname, r.url.hostname)
      return { key, request: { ...r, url } }
    }],
    ["port", (r, key) => {
      const url = new URL(r.url)
      url.port = url.port === "8080" ? "8081" : "8080"
      return { key, request: { ...r, url } }
    }],
    ["date", (r, key) => ({ key, request: { ...r, date: Signing.formatDate(Date.parse(r.date) + 1000) } })],
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

  it.effect("changing any signed part changes the signature", () =>
    property(
      fc.record({ key: keyArb, request: requestArb }),
      ({ key, request }) =>
        Effect.gen(function*() {
          const base = toRequest({ ...request, millis: Math.min(request.millis, 253402300798000) })
          const original = yield* signWith(NodeCrypto.make, key, base)
          for (const [part, tamper] of tamperings) {
            const changed = tamper(base, key)
            const headers = yield* signWith(NodeCrypto.make, changed.key, changed.request)
            assert.notStrictEqual(headers.authorization, original.authorization, `changing the ${part} kept the signature`)
            if (part === "body") assert.notStrictEqual(headers["x-ms-content-sha256"], original["x-ms-content-sha256"])
          }
        }),
      { numRuns: 40 }
    ))

  it.effect("verify(sign(request)) succeeds, strict and tolerant, with either crypto", () =>
    property(
      fc.record({ key: keyArb, request: requestArb, skewSeconds: fc.integer({ min: -900, max: 900 }) }),
      ({ key, request, skewSeconds }) =>
        Effect.gen(function*() {
          const req = toRequest(request)
          const headers = yield* signWith(NodeCrypto.make, key, req)
          const server = received(req.url, req.method, req.body, headers)
          const now = Date.parse(req.date) + skewSeconds * 1000
          for (const [, service] of cryptos) {
            for (const tolerant of [false, true]) {
              const exit = yield* verifyWith(service, key, server, { now, tolerant })
              assert.strictEqual(outcome(exit), "ok", `${req.method} ${req.url.href} tolerant=${tolerant}`)
            }
          }
        }),
      { numRuns: 50 }
    ))

  /** One tampering of a received request and the reason verify must give. */
  const receivedTamperings: ReadonlyArray<
    readonly [
      string,
      Signing.VerificationError["reason"] | ((tolerant: boolean, signedHost: string) => Signing.VerificationError["reason"] | "ok"),
      (r: Signing.ReceivedRequest, signed: Signing.Headers) => Signing.ReceivedRequest
    ]
  > = [
    ["no authorization", "MissingAuthorization", (r) => withHeaders(r, { authorization: undefined })],
    ["bearer authorization", "MalformedAuthorization", (r) => withHeaders(r, { authorization: "Bearer abc" })],
    ["lower-case scheme", "MalformedAuthorization", (r, s) =>
      withHeaders(r, { authorization: s.authorization.replace("HMAC-SHA256", "hmac-sha256") })],
    ["signed headers reordered", "MalformedAuthorization", (r, s) =>
      withHeaders(r, { authorization: s.authorization.replace("x-ms-date;host;", "host;x-ms-date;") })],
    ["signed headers missing host", "MalformedAuthorization", (r, s) =>
      withHeaders(r, { authorization: s.authorization.replace("x-ms-date;host;", "x-ms-date;") })],
    ["no signature", "MalformedAuthorization", (r, s) =>
      withHeaders(r, { authorization: s.authorization.replace(/&Signature=.*$/, "") })],
    ["no x-ms-date", "MissingDate", (r) => withHeaders(r, { "x-ms-date": undefined })],
    ["unparsable x-ms-date", "MissingDate", (r) => withHeaders(r, { "x-ms-date": "yesterday" })],
    ["body changed", "ContentHashMismatch", (r) => ({ ...r, body: new Uint8Array([...r.body, 1]) })],
    ["content hash header changed", "ContentHashMismatch", (r) =>
      withHeaders(r, { "x-ms-content-sha256": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" })],
    ["no content hash header", "ContentHashMismatch", (r) => withHeaders(r, { "x-ms-content-sha256": undefined })],
    ["body and hash changed together", "SignatureMismatch", (r) => {
      const body = new Uint8Array([...r.body, 1])
      return withHeaders({ ...r, body }, {
        "x-ms-content-sha256": Base64.encode(
          Uint8Array.from(NodeCryptoSha256(body))
        )
      })
    }],
    ["method changed", "SignatureMismatch", (r) => ({ ...r, method: r.method === "POST" ? "PUT" : "POST" })],
    ["path changed", "SignatureMismatch", (r) => ({ ...r, target: r.target.replace(/^([^?]*)/, "$1z") })],
    ["query added", "SignatureMismatch", (r) => ({ ...r, target: `${r.target}${r.target.includes("?") ? "&" : "?"}z=1` })],
    ["host changed", "SignatureMismatch", (r) => withHeaders(r, { host: `x${r.header("host")}` })],
    // adding a port to a host signed without one is the tolerated Java variant (host name without port)
    ["port changed or added", (tolerant, signedHost) =>
      tolerant && !/:\d+$/.test(signedHost) ? "ok" : "SignatureMismatch", (r) => {
      const host = r.header("host")!
      const hostname = host.replace(/:\d+$/, "")
      return withHeaders(r, { host: `${hostname}:${host.endsWith(":8080") ? 8081 : 8080}` })
    }],
    ["x-ms-date changed within the window", "SignatureMismatch", (r) =>
      withHeaders(r, { "x-ms-date": Signing.formatDate(Date.parse(r.header("x-ms-date")!) + 1000) })],
    ["signature replaced", "SignatureMismatch", (r) =>
      withHeaders(r, { authorization: authorizationOf("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=") })]
  ]

  it.effect("verify rejects each single tampering with the right reason", () =>
    property(
      fc.record({ key: keyArb, request: requestArb }),
      ({ key, request }) =>
        Effect.gen(function*() {
          const req = toRequest({ ...request, millis: Math.min(request.millis, 253402300798000) })
          const headers = yield* signWith(NodeCrypto.make, key, req)
          const server = received(req.url, req.method, req.body, headers)
          const now = Date.parse(req.date)
          for (const tolerant of [false, true]) {
            for (const [name, reason, tamper] of receivedTamperings) {
              const exit = yield* verifyWith(NodeCrypto.make, key, tamper(server, headers), { now, tolerant })
              const expected = typeof reason === "function" ? reason(tolerant, req.url.host) : reason
              assert.strictEqual(outcome(exit), expected, `${name} (tolerant=${tolerant}) on ${req.method} ${req.url.href}`)
            }
            const flipped = Uint8Array.from(key)
            flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 0x80
            const exit = yield* verifyWith(NodeCrypto.make, flipped, server, { now, tolerant })
            assert.strictEqual(outcome(exit), "SignatureMismatch", `wrong key (tolerant=${tolerant})`)
          }
        }),
      { numRuns: 30 }
    ))
})

// ---------------------------------------------------------------------------
// verify: the date window, tolerant variants, robustness
// ---------------------------------------------------------------------------

describe("Signing.verify", () => {
  const key = base64(K48)
  const url = new URL("http://localhost:8080/identities/8%3Aacs%3Aabc_def/:issueAccessToken?api-version=2023-10-01")
  const body = utf8("{\"scopes\":[\"chat\"]}")
  const signedAt = Date.parse(vectorDate)

  const signedRequest = Effect.map(
    signWith(NodeCrypto.make, key, { method: "POST", url, body, date: vectorDate }),
    (headers) => received(url, "POST", body, headers)
  )

  it.effect.each([
    ["exactly 15 minutes early", -15 * 60_000, "ok"],
    ["exactly 15 minutes late", 15 * 60_000, "ok"],
    ["one second over 15 minutes late", 15 * 60_000 + 1000, "StaleDate"],
    ["one second over 15 minutes early", -(15 * 60_000 + 1000), "StaleDate"],
    ["a day late", 86_400_000, "StaleDate"],
    ["a day early", -86_400_000, "StaleDate"]
  ] as const)("server clock %s -> %s", ([, offset, expected]) =>
    Effect.gen(function*() {
      const request = yield* signedRequest
      for (const tolerant of [false, true]) {
        expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt - offset, tolerant }))).toBe(expected)
      }
    }))

  it.effect("maxSkewMillis narrows the window", () =>
    Effect.gen(function*() {
      const request = yield* signedRequest
      const options = { now: signedAt + 61_000, maxSkewMillis: 60_000 }
      expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, options))).toBe("StaleDate")
      expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { ...options, now: signedAt + 60_000 }))).toBe("ok")
    }))

  it.effect("a stale date is StaleDate even with a bad signature (cheap checks first)", () =>
    Effect.gen(function*() {
      const request = withHeaders(yield* signedRequest, { authorization: authorizationOf("AAAA") })
      expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt + 86_400_000 }))).toBe("StaleDate")
    }))

  /** Cross-SDK variants (identity-api.md §5.5): accepted only when tolerant. */
  const manualSignature = (stringToSign: string) =>
    Effect.map(
      Effect.flatMap(NodeCrypto.make.hmacKey(key), (k) => k.sign(utf8(stringToSign))),
      Base64.encode
    )

  const variants: ReadonlyArray<readonly [string, string, Effect.Effect<Signing.ReceivedRequest, CredentialError>]> = [
    [
      "signed with the `date` header name (older .NET)",
      "MalformedAuthorization",
      Effect.gen(function*() {
        const hash = Base64.encode(NodeCryptoSha256(body))
        const signature = yield* manualSignature(
          Signing.stringToSign("POST", Signing.pathAndQuery(url), vectorDate, url.host, hash)
        )
        return received(url, "POST", body, {
          date: vectorDate,
          "x-ms-content-sha256": hash,
          authorization: `HMAC-SHA256 SignedHeaders=date;host;x-ms-content-sha256&Signature=${signature}`
        })
      })
    ],
    [
      "doubled port localhost:8080:8080 (JS communication-common 2.0-2.4.0)",
      "SignatureMismatch",
      Effect.gen(function*() {
        const hash = Base64.encode(NodeCryptoSha256(body))
        const signature = yield* manualSignature(
          Signing.stringToSign("POST", Signing.pathAndQuery(url), vectorDate, "localhost:8080:8080", hash)
        )
        return received(url, "POST", body, {
          "x-ms-date": vectorDate,
          "x-ms-content-sha256": hash,
          authorization: authorizationOf(signature)
        })
      })
    ],
    [
      "host name without the port (Java)",
      "SignatureMismatch",
      Effect.gen(function*() {
        const withoutPort = new URL(url)
        withoutPort.port = ""
        const headers = yield* signWith(NodeCrypto.make, key, { method: "POST", url: withoutPort, body, date: vectorDate })
        expect(withoutPort.host).toBe("localhost")
        return received(url, "POST", body, headers)
      })
    ],
    [
      "percent-decoded path (Python async)",
      "SignatureMismatch",
      Effect.gen(function*() {
        const decoded = new URL("http://localhost:8080/identities/8:acs:abc_def/:issueAccessToken?api-version=2023-10-01")
        expect(decoded.pathname).not.toBe(url.pathname)
        const headers = yield* signWith(NodeCrypto.make, key, { method: "POST", url: decoded, body, date: vectorDate })
        return received(url, "POST", body, headers)
      })
    ],
    [
      "path without its leading / (Python over http)",
      "SignatureMismatch",
      Effect.gen(function*() {
        const hash = Base64.encode(NodeCryptoSha256(body))
        const signature = yield* manualSignature(
          Signing.stringToSign("POST", Signing.pathAndQuery(url).slice(1), vectorDate, url.host, hash)
        )
        return received(url, "POST", body, {
          "x-ms-date": vectorDate,
          "x-ms-content-sha256": hash,
          authorization: authorizationOf(signature)
        })
      })
    ]
  ]

  for (const [name, strictReason, make] of variants) {
    it.effect(`tolerant variant: ${name}`, () =>
      Effect.gen(function*() {
        const request = yield* make
        expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt, tolerant: true }))).toBe("ok")
        expect(outcome(yield* verifyWith(BrowserCrypto.make, key, request, { now: signedAt, tolerant: true }))).toBe("ok")
        // tolerant is the default
        expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt }))).toBe("ok")
        expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt, tolerant: false }))).toBe(
          strictReason
        )
      }))
  }

  it.effect("the doubled-port Host header itself is accepted when tolerant", () =>
    Effect.gen(function*() {
      const hash = Base64.encode(NodeCryptoSha256(body))
      const signature = yield* manualSignature(
        Signing.stringToSign("POST", Signing.pathAndQuery(url), vectorDate, "localhost:8080:8080", hash)
      )
      const request = withHeaders(
        received(url, "POST", body, { "x-ms-date": vectorDate, "x-ms-content-sha256": hash, authorization: authorizationOf(signature) }),
        { host: "localhost:8080:8080" }
      )
      expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt, tolerant: true }))).toBe("ok")
    }))

  it.effect("the received Host header is compared case-insensitively", () =>
    Effect.gen(function*() {
      const request = withHeaders(yield* signedRequest, { host: "LOCALHOST:8080" })
      expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt, tolerant: false }))).toBe("ok")
    }))

  it.effect("a raw query the client re-serialised is accepted (the target is parsed as a path)", () =>
    Effect.gen(function*() {
      const sent = new URL("https://example.com/p?b=x%20y&a=1")
      const headers = yield* signWith(NodeCrypto.make, key, { method: "GET", url: sent, body: undefined, date: vectorDate })
      expect(headers.authorization).toBe(edgeVectors[2]!.authorization)
      const request = received(sent, "GET", undefined, headers)
      expect(request.target).toBe("/p?b=x%20y&a=1")
      expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt, tolerant: false }))).toBe("ok")
    }))

  it.effect.each([
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
  ])("an odd request target %j is a SignatureMismatch, never a defect", (target) =>
    Effect.gen(function*() {
      const request = { ...(yield* signedRequest), target }
      for (const tolerant of [false, true]) {
        const result = outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt, tolerant }))
        expect(result).toBe("SignatureMismatch")
      }
    }))

  it.effect("a target with an empty first path segment verifies (not parsed as a host)", () =>
    property(
      fc.record({ segments: fc.array(segmentArb, { maxLength: 3 }), query: queryArb }),
      ({ query, segments }) =>
        Effect.gen(function*() {
          const sent = new URL(`https://example.com//${segments.join("/")}${query === undefined ? "" : `?${query}`}`)
          const headers = yield* signWith(NodeCrypto.make, key, { method: "GET", url: sent, body: undefined, date: vectorDate })
          const exit = yield* verifyWith(NodeCrypto.make, key, received(sent, "GET", undefined, headers), {
            now: signedAt,
            tolerant: false
          })
          assert.strictEqual(outcome(exit), "ok", sent.href)
        }),
      { numRuns: 30 }
    ))
})

// ---------------------------------------------------------------------------
// Auth middleware
// ---------------------------------------------------------------------------

const secretLooking = "SECRET*KEY*TEXT!"

describe("the HMAC authorizer", () => {
  for (const [cryptoName, service] of cryptos) {
    describe(cryptoName, () => {
      const generated = vectors.generated_js_2_5_0

      it.effect("signs an HttpClientRequest exactly like the official client, fresh x-ms-date per call", () =>
        Effect.gen(function*() {
          const vector = generated.find((v) => v.body !== "")!
          yield* TestClock.setTime(vectorTime)
          const authenticate = yield* hmac(Redacted.make(vector.key))
          const request = HttpClientRequest.post(vector.url).pipe(HttpClientRequest.bodyText(vector.body, "application/json"))

          const first = yield* authenticate(request)
          expect(first.headers["x-ms-date"]).toBe(vectorDate)
          expect(first.headers["x-ms-content-sha256"]).toBe(vector["x-ms-content-sha256"])
          expect(first.headers["authorization"]).toBe(vector.authorization)
          expect(first.headers["content-type"]).toBe("application/json")

          yield* TestClock.adjust("90 seconds")
          const second = yield* authenticate(request)
          expect(second.headers["x-ms-date"]).toBe("Wed, 13 Apr 2022 18:10:42 GMT")
          expect(second.headers["x-ms-content-sha256"]).toBe(vector["x-ms-content-sha256"])
          expect(second.headers["authorization"]).not.toBe(vector.authorization)
          expect(second.headers["authorization"]).toMatch(authorizationPattern)

          // the second signature is valid for the second date
          const url = new URL(vector.url)
          const exit = yield* verifyWith(service, base64(vector.key), received(url, "POST", utf8(vector.body), second.headers), {
            now: vectorTime + 90_000,
            tolerant: false
          })
          expect(outcome(exit)).toBe("ok")
        }).pipe(Effect.provideService(Crypto, service)))

      it.effect("signs url params set with setUrlParam, and an empty body as \"\"", () =>
        Effect.gen(function*() {
          const vector = generated.find((v) => v.method === "POST" && v.body === "")!
          const url = new URL(vector.url)
          yield* TestClock.setTime(vectorTime)
          const authenticate = yield* hmac(Redacted.make(vector.key))
          const request = HttpClientRequest.post(`${url.origin}${url.pathname}`).pipe(
            HttpClientRequest.setUrlParam("api-version", url.searchParams.get("api-version")!)
          )
          const signed = yield* authenticate(request)
          expect(signed.headers["x-ms-content-sha256"]).toBe(Signing.emptyContentHash)
          expect(signed.headers["authorization"]).toBe(vector.authorization)
        }).pipe(Effect.provideService(Crypto, service)))

      it.effect.each(["", secretLooking, "pw", "px==", " pw=="])("a bad key %j is InvalidInput without the key", (bad) =>
        Effect.gen(function*() {
          const error = yield* Effect.flip(hmac(Redacted.make(bad)))
          expect(error).toBeInstanceOf(InvalidInput)
          assert(error._tag === "InvalidInput")
          if (bad.trim() !== "") {
            expect(error.message).not.toContain(bad.trim())
            expect(String(error)).not.toContain(bad.trim())
            expect(JSON.stringify(error)).not.toContain(bad.trim())
          }
        }).pipe(Effect.provideService(Crypto, service)))

      it.effect("a streamed body cannot be signed", () =>
        Effect.gen(function*() {
          const authenticate = yield* hmac(Redacted.make("pw=="))
          const request = HttpClientRequest.post("https://example.com/identities").pipe(
            HttpClientRequest.bodyStream(Stream.make(utf8("{}")))
          )
          const error = yield* Effect.flip(authenticate(request))
          expect(error).toBeInstanceOf(CredentialError)
        }).pipe(Effect.provideService(Crypto, service)))
    })
  }
})

describe("the bearer authorizer", () => {
  const counting = (lifetimeMillis: number) => {
    let calls = 0
    const scopes: Array<string> = []
    const credential = Auth.entraTokenCredential((scope) =>
      Effect.map(Effect.clockWith((clock) => clock.currentTimeMillis), (now) => {
        calls++
        scopes.push(scope)
        return { token: Redacted.make(`token-${calls}`), expiresOnTimestamp: now + lifetimeMillis }
      })
    )
    return { credential, calls: () => calls, scopes }
  }

  it.effect.each([
    "http://example.com/",
    "http://localhost.example.com/",
    "http://127.0.0.1.example.com/",
    "http://10.0.0.1/"
  ])("refuses plain http to %s", (endpoint) =>
    Effect.gen(function*() {
      const { calls, credential } = counting(3_600_000)
      const error = yield* Effect.flip(bearer(credential, endpoint))
      expect(error).toBeInstanceOf(InvalidInput)
      expect(error.field).toBe("endpoint")
      expect(calls()).toBe(0)
    }))

  it.effect.each([
    "http://127.0.0.1:1234/",
    "http://localhost:8080/",
    "http://[::1]:8080/",
    "https://example.com/",
    "https://my-resource.communication.azure.com/"
  ])("accepts %s", (endpoint) =>
    Effect.gen(function*() {
      const { credential } = counting(3_600_000)
      const authenticate = yield* bearer(credential, endpoint)
      const signed = yield* authenticate(HttpClientRequest.post(`${endpoint}identities`))
      expect(signed.headers["authorization"]).toBe("Bearer token-1")
      expect(signed.headers["x-ms-date"]).toBeUndefined()
      expect(signed.headers["x-ms-content-sha256"]).toBeUndefined()
    }))

  it.effect("caches the token until two minutes before expiry", () =>
    Effect.gen(function*() {
      const { calls, credential, scopes } = counting(10 * 60_000)
      const authenticate = yield* bearer(credential, "https://example.com/")
      const request = HttpClientRequest.get("https://example.com/identities")
      expect(calls()).toBe(0)

      expect((yield* authenticate(request)).headers["authorization"]).toBe("Bearer token-1")
      expect((yield* authenticate(request)).headers["authorization"]).toBe("Bearer token-1")
      expect(calls()).toBe(1)

      yield* TestClock.adjust("7 minutes")
      yield* TestClock.adjust("59 seconds")
      expect((yield* authenticate(request)).headers["authorization"]).toBe("Bearer token-1")
      expect(calls()).toBe(1)

      yield* TestClock.adjust("1 second") // exactly expiry - 2 minutes
      expect((yield* authenticate(request)).headers["authorization"]).toBe("Bearer token-2")
      expect(calls()).toBe(2)

      yield* TestClock.adjust("5 minutes")
      expect((yield* authenticate(request)).headers["authorization"]).toBe("Bearer token-2")
      expect(calls()).toBe(2)

      expect(scopes.every((s) => s === Auth.scope)).toBe(true)
      expect(Auth.scope).toBe("https://communication.azure.com//.default")
    }))

  it.effect("concurrent callers share one refresh", () =>
    Effect.gen(function*() {
      const { calls, credential } = counting(10 * 60_000)
      const authenticate = yield* bearer(credential, "https://example.com/")
      const request = HttpClientRequest.get("https://example.com/identities")
      const results = yield* Effect.all(Array.from({ length: 8 }, () => authenticate(request)), { concurrency: "unbounded" })
      expect(new Set(results.map((r) => r.headers["authorization"]))).toEqual(new Set(["Bearer token-1"]))
      expect(calls()).toBe(1)
    }))

  it.effect("a failing provider fails the request and is asked again next time", () =>
    Effect.gen(function*() {
      let calls = 0
      const credential = Auth.entraTokenCredential(() => {
        calls++
        return calls === 1
          ? Effect.fail(new CredentialError({ message: "no token" }))
          : Effect.succeed({ token: Redacted.make("late"), expiresOnTimestamp: Number.MAX_SAFE_INTEGER })
      })
      const authenticate = yield* bearer(credential, "https://example.com/")
      const request = HttpClientRequest.get("https://example.com/identities")
      const error = yield* Effect.flip(authenticate(request))
      expect(error).toBeInstanceOf(CredentialError)
      expect((yield* authenticate(request)).headers["authorization"]).toBe("Bearer late")
      expect(calls).toBe(2)
    }))
})
