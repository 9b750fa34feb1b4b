/**
 * HTTP/1.1 as the direct transport writes and reads it (`internal/http1.ts`):
 * properties over any response and any way its bytes arrive, and the hostile
 * responses the reader must refuse, each in bounded work.
 */
import { isResponseTooLarge } from "@effect-acs/identity-effect4/Retry"
import * as Http1 from "../src/internal/http1.js"
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"

/** Feeds `bytes` to a reader cut at `cuts` (offsets), then ends the connection if the reader still waits. */
const read = (bytes: Buffer, cuts: ReadonlyArray<number> = [], options: { method?: string; max?: number } = {}) => {
  const reader = new Http1.Reader(options.method ?? "GET", options.max ?? 1024 * 1024)
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)
  let from = 0
  for (const to of [...points, bytes.length]) {
    const outcome = reader.push(bytes.subarray(from, to))
    from = to
    if (outcome !== undefined) return { outcome, rest: bytes.length - from }
  }
  return { outcome: reader.end(), rest: 0, ended: true }
}

const response = (text: string) => Buffer.from(text, "latin1")

const ok = (outcome: Http1.Response | Error): Http1.Response => {
  if (outcome instanceof Error) assert.fail(`unexpected failure: ${outcome.message}`)
  return outcome
}

const failure = (outcome: Http1.Response | Error, kind: string | RegExp) => {
  assert.instanceOf(outcome, Error)
  if (typeof kind === "string") assert.strictEqual((outcome as Error).name, kind)
  else assert.match((outcome as Error).message, kind)
}

const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).filter((name) =>
  !["content-length", "transfer-encoding", "connection", "keep-alive"].includes(name)
)
const headerValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/)
const framing = fc.oneof(
  fc.constant("length" as const),
  fc.constant("close" as const),
  fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 6 }).map((sizes) => ({ chunks: sizes }))
)

/** A response as a server may write it, and what a reader must make of it. */
const responses = fc.record({
  status: fc.integer({ min: 200, max: 599 }).filter((status) => status !== 204 && status !== 304),
  headers: fc.uniqueArray(fc.tuple(headerName, headerValue), { selector: ([name]) => name, maxLength: 8 }),
  body: fc.string({ unit: "binary", maxLength: 300 }),
  framing,
  interim: fc.boolean()
}).map(({ body, framing, headers, interim, status }) => {
  const bytes = Buffer.from(body, "utf8")
  let head = `${interim ? "HTTP/1.1 100 Continue\r\n\r\n" : ""}HTTP/1.1 ${status} Reason\r\n`
  for (const [name, value] of headers) head += `${name}: ${value}\r\n`
  let payload: Buffer
  if (framing === "length") {
    head += `content-length: ${bytes.length}\r\n\r\n`
    payload = bytes
  } else if (framing === "close") {
    head += "connection: close\r\n\r\n"
    payload = bytes
  } else {
    head += "transfer-encoding: chunked\r\n\r\n"
    const parts: Array<Buffer> = []
    let at = 0
    for (const size of framing.chunks) {
      if (at >= bytes.length) break
      const piece = bytes.subarray(at, at + size)
      parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n"))
      at += piece.length
    }
    if (at < bytes.length) {
      parts.push(Buffer.from(`${(bytes.length - at).toString(16)};ext=1\r\n`), bytes.subarray(at), Buffer.from("\r\n"))
    }
    parts.push(Buffer.from("0\r\nx-trailer: t\r\n\r\n"))
    payload = Buffer.concat(parts)
  }
  return {
    wire: Buffer.concat([Buffer.from(head, "latin1"), payload]),
    status,
    headers,
    body: bytes,
    reusable: framing !== "close"
  }
})

describe("Http1.Reader", () => {
  it("reads any response the same however its bytes are cut (length, chunked, until close; interim 100 first)", () =>
    fc.assert(
      fc.property(responses, fc.array(fc.nat(), { maxLength: 12 }), (expected, cuts) => {
        const { outcome, rest } = read(expected.wire, cuts)
        const got = ok(outcome)
        assert.strictEqual(got.status, expected.status)
        assert.isTrue(got.body.equals(expected.body))
        assert.strictEqual(got.reusable, expected.reusable)
        assert.strictEqual(rest, 0)
        for (const [name, value] of expected.headers) assert.strictEqual(got.headers[name], value)
      }),
      { numRuns: 300 }
    ))

  it("a response cut short, at any point before its end, is a failure when the connection ends", () =>
    fc.assert(
      fc.property(responses.filter((r) => r.reusable), fc.nat(), (expected, at) => {
        const cut = expected.wire.subarray(0, at % expected.wire.length)
        const { outcome } = read(cut)
        failure(outcome, /closed before the response was complete/)
      }),
      { numRuns: 200 }
    ))

  it("joins repeated headers as Node does: first wins for single-valued ones, `, ` otherwise; names lower-cased", () => {
    const got = ok(
      read(response(
        "HTTP/1.1 200 OK\r\nX-Multi: a\r\nx-multi:   b  \r\nRetry-After: 1\r\nretry-after: 2\r\ncontent-length: 0\r\n\r\n"
      )).outcome
    )
    assert.strictEqual(got.headers["x-multi"], "a, b")
    assert.strictEqual(got.headers["retry-after"], "1")
    assert.isTrue(got.reusable)
  })

  it("a body-less status, or the answer to HEAD, ends at its head whatever its content-length says", () => {
    for (const status of [204, 304]) {
      assert.strictEqual(ok(read(response(`HTTP/1.1 ${status} X\r\n\r\n`)).outcome).body.length, 0)
    }
    const head = ok(read(response("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n"), [], { method: "HEAD" }).outcome)
    assert.strictEqual(head.body.length, 0)
    assert.isTrue(head.reusable)
  })

  it("keep-alive: not after `connection: close`, nor on HTTP/1.0 unless asked; bytes after the response spoil it", () => {
    assert.isFalse(
      ok(read(response("HTTP/1.1 200 OK\r\nConnection: Close\r\ncontent-length: 0\r\n\r\n")).outcome).reusable
    )
    assert.isFalse(ok(read(response("HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n")).outcome).reusable)
    assert.isTrue(
      ok(read(response("HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 0\r\n\r\n")).outcome).reusable
    )
    const { outcome } = read(response("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n"))
    assert.isFalse(ok(outcome).reusable)
  })

  it("refuses ambiguous or malformed framing (the smuggling shapes), malformed lines and switched protocols", () => {
    const hostile = [
      "HTTP/1.1 200 OK\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nhello!",
      "HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n",
      "HTTP/1.1 200 OK\r\ncontent-length: 1e3\r\n\r\n",
      "HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n",
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n123456789\r\n",
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nokXX0\r\n\r\n",
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n",
      "HTTP/1.1 200 OK\r\nx-folded: a\r\n b\r\ncontent-length: 0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nx-bare: a\nb\r\ncontent-length: 0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nx-cr: a\rb\r\ncontent-length: 0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nx-nul: a\0b\r\ncontent-length: 0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nbad name: a\r\ncontent-length: 0\r\n\r\n",
      "HTTP/2 200\r\ncontent-length: 0\r\n\r\n",
      "HTTP/1.1 20 OK\r\ncontent-length: 0\r\n\r\n",
      "garbage\r\n\r\n",
      "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n\r\n"
    ]
    for (const text of hostile) {
      const { outcome } = read(response(text))
      assert.instanceOf(outcome, Error, JSON.stringify(text))
    }
  })

  it("a failure's message never repeats the server's header values (a hostile server could echo a token)", () => {
    const secret = "eyJhbGciOiJIUzI1NiJ9.secret-token.sig"
    for (
      const text of [
        `HTTP/1.1 200 OK\r\ntransfer-encoding: ${secret}\r\n\r\n`,
        `HTTP/1.1 200 OK\r\ncontent-length: ${secret}\r\n\r\n`,
        `HTTP/1.1 200 OK\r\nx-a: ${secret}\r\n ${secret}\r\n\r\n`,
        `HTTP/1.1 ${secret}\r\n\r\n`
      ]
    ) {
      const { outcome } = read(response(text))
      assert.instanceOf(outcome, Error)
      assert.notInclude((outcome as Error).message, secret)
    }
  })

  it("bounds what it reads: a head over 16 KiB, or a body over the limit (by its length, its chunk sizes or as it streams)", () => {
    failure(read(response(`HTTP/1.1 200 OK\r\nx-big: ${"a".repeat(Http1.maxHeadBytes)}`)).outcome, /head exceeds/)
    failure(
      read(response(`HTTP/1.1 200 OK\r\nx-big: ${"a".repeat(Http1.maxHeadBytes)}\r\n\r\n`)).outcome,
      /head exceeds/
    )
    // spaces around a value are trimmed by a loop: a pattern would backtrack quadratically on these
    const spaced = ok(
      read(response(`HTTP/1.1 200 OK\r\nx-s: ${" ".repeat(15_000)}x\r\ncontent-length: 0\r\n\r\n`)).outcome
    )
    assert.strictEqual(spaced.headers["x-s"], "x")
    const tooLarge = (text: string) => {
      const { outcome } = read(response(text), [], { max: 10 })
      assert.isTrue(isResponseTooLarge(outcome), text)
    }
    tooLarge("HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\n")
    tooLarge("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\n12345\r\n6\r\n")
    tooLarge(`HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n${"x".repeat(11)}`)
    tooLarge("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nffffffff\r\n")
    failure(
      read(response(`HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n${"0".repeat(2000)}`)).outcome,
      /chunk size line is too long/
    )
  })

  it("interim responses count toward the head limit (an endless stream of 103s ends); a status under 100 is refused", () => {
    failure(read(response("HTTP/1.1 103 Early Hints\r\n\r\n".repeat(1_000))).outcome, /head exceeds/)
    failure(read(response("HTTP/1.1 099 X\r\ncontent-length: 0\r\n\r\n")).outcome, /status line/)
    // and both length and chunked framing are refused even where the status has no body
    failure(
      read(response("HTTP/1.1 204 X\r\ncontent-length: 0\r\ntransfer-encoding: chunked\r\n\r\n")).outcome,
      /both content-length and transfer-encoding/
    )
  })

  it("a head that arrives one byte at a time reads the same (each byte searched once)", () => {
    const text = `HTTP/1.1 200 OK\r\nx-long: ${"v".repeat(10_000)}\r\ncontent-length: 2\r\n\r\nok`
    const bytes = response(text)
    const { outcome } = read(bytes, Array.from({ length: bytes.length }, (_, i) => i))
    const got = ok(outcome)
    assert.strictEqual(got.headers["x-long"]!.length, 10_000)
    assert.strictEqual(got.body.toString(), "ok")
  })

  it("any bytes at all end in a response, a failure or a wait for more, never a throw", () =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(), { maxLength: 5 }), (bytes, cuts) => {
        const { outcome } = read(Buffer.concat([Buffer.from("HTTP/1.1 200 OK\r\n"), Buffer.from(bytes)]), cuts)
        assert.isTrue(outcome instanceof Error || typeof outcome.status === "number")
      }),
      { numRuns: 500 }
    ))
})

describe("Http1.request", () => {
  const base: Http1.Request = {
    method: "POST",
    host: "127.0.0.1:8080",
    target: "/identities?api-version=2023-10-01",
    headers: { "x-ms-date": "Sun, 06 Dec 2026 21:00:00 GMT" },
    body: `{"note":"héllo 😀"}`
  }

  it("writes the head in order, the transport's own headers once, and the UTF-8 body's byte length", () => {
    const text = Http1.request({ ...base, headers: { ...base.headers, Host: "evil", "content-length": "1" } })
    assert.strictEqual(
      text,
      "POST /identities?api-version=2023-10-01 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\n" +
        "x-ms-date: Sun, 06 Dec 2026 21:00:00 GMT\r\n" +
        `content-length: ${Buffer.byteLength(base.body!, "utf8")}\r\nconnection: keep-alive\r\n\r\n${base.body}`
    )
  })

  it("a bodiless POST says content-length: 0; a bodiless GET or DELETE sends none", () => {
    assert.include(Http1.request({ ...base, body: undefined }) as string, "content-length: 0\r\n")
    for (const method of ["GET", "DELETE"]) {
      assert.notInclude(Http1.request({ ...base, method, body: undefined }) as string, "content-length")
    }
  })

  it("refuses, before anything is sent, whatever could change the request's framing or is not ASCII", () => {
    const refused: ReadonlyArray<Partial<Http1.Request>> = [
      { method: "GET /x HTTP/1.1\r\n" },
      { method: "" },
      { target: "/a b" },
      { target: "/a\r\nx: y" },
      { target: "relative" },
      { host: "h\r\nx: y" },
      { headers: { "x-a": "ok\r\nx-injected: 1" } },
      { headers: { "x-a": "line\nbreak" } },
      { headers: { "x-a": "caf\u00e9" } },
      { headers: { "bad name": "v" } },
      { headers: { "": "v" } }
    ]
    for (const change of refused) {
      assert.instanceOf(Http1.request({ ...base, ...change }), TypeError, JSON.stringify(change))
    }
  })
})
