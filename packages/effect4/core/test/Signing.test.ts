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
import * as Cases from "../../../../test/cases/Signing.js"
import * as Authorizer from "../src/internal/authorizer.js"
import * as SendClient from "../src/internal/sendClient.js"
import { syncSigner } from "../src/internal/signing.js"
import { property } from "./utils/property.js"

/** An access key's authorizer, as request middleware. */
const hmac = (key: Redacted.Redacted<string>) =>
  Effect.map(Authorizer.hmacAuthorizer(Auth.keyCredential(key)), SendClient.authenticate)

/** An Entra credential's authorizer, as request middleware. */
const bearer = (credential: Auth.EntraTokenCredential, endpoint: string) =>
  Effect.map(Authorizer.bearerAuthorizer(credential, endpoint), SendClient.authenticate)

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

const base64 = (text: string): Uint8Array => Result.getOrThrow(Base64.decode(text))

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

// ---------------------------------------------------------------------------
// known answers
// ---------------------------------------------------------------------------

describe("Signing vectors", () => {
  it("has the expected vector lists", () => {
    expect(Cases.vectors.official.length).toBeGreaterThanOrEqual(5)
    expect(Cases.vectors.official_primitives.length).toBeGreaterThanOrEqual(6)
    expect(Cases.vectors.generated_js_2_5_0.length).toBeGreaterThanOrEqual(4)
    expect(Cases.vectors["x-ms-date_for_all"]).toBe(Cases.vectorDate)
  })

  for (const [cryptoName, service] of cryptos) {
    describe(cryptoName, () => {
      for (const [name, vector] of Cases.requestVectors) {
        it.effect(name, () =>
          Effect.gen(function*() {
            const date = vector["x-ms-date"] ?? Cases.vectors["x-ms-date_for_all"]
            const url = new URL(vector.url)
            const body = vector.body === "" ? undefined : Cases.utf8(vector.body)
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
              const edge = vector as (typeof Cases.edgeVectors)[number]
              expect(url.host).toBe(edge.signedHost)
              expect(Signing.pathAndQuery(url)).toBe(edge.signedPathAndQuery)
            }
            if (vector.stringToSign !== undefined) {
              expect(
                Signing.stringToSign(
                  vector.method,
                  Signing.pathAndQuery(url),
                  date,
                  url.host,
                  headers["x-ms-content-sha256"]
                )
              ).toBe(vector.stringToSign)
            }
            // a server receiving exactly this request accepts it in strict mode
            const exit = yield* verifyWith(
              service,
              base64(vector.key),
              Cases.received(url, vector.method, body, headers),
              {
                now: Date.parse(date),
                tolerant: false
              }
            )
            expect(outcome(exit)).toBe("ok")
          }))
      }

      for (const [index, primitive] of Cases.vectors.official_primitives.entries()) {
        it.effect(`official primitive #${index}: ${primitive.op} of ${JSON.stringify(primitive.message ?? primitive.body)}`, () =>
          Effect.gen(function*() {
            if (primitive.op.startsWith("HMAC-SHA256")) {
              const key = yield* service.hmacKey(base64(primitive.key!))
              const mac = yield* key.sign(Cases.utf8(primitive.message!))
              expect(Base64.encode(mac)).toBe(primitive.expected)
            } else {
              expect(primitive.op.startsWith("SHA-256")).toBe(true)
              const hash = yield* service.sha256(Cases.utf8(primitive.body!))
              expect(Base64.encode(hash)).toBe(primitive.expected)
              const contentHash = yield* Signing.contentHash(Cases.utf8(primitive.body!)).pipe(
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
  it.each(Cases.formatDates)("formatDate(%d) = %s", (millis, expected) => {
    expect(Signing.formatDate(millis)).toBe(expected)
  })

  it("is RFC 1123 and round-trips to the second", () => {
    fc.assert(
      fc.property(Cases.millisArb, (millis) => {
        const text = Signing.formatDate(millis)
        expect(text).toMatch(Cases.rfc1123)
        expect(Date.parse(text)).toBe(millis - (millis % 1000))
      }),
      { numRuns: 200 }
    )
  })
})

describe("Signing.pathAndQuery", () => {
  it.each(Cases.pathsAndQueries)("%s -> %s", (url, expected) => {
    expect(Signing.pathAndQuery(new URL(url))).toBe(expected)
  })

  it("equals the query re-serialised by URLSearchParams, whatever the query", () => {
    fc.assert(
      fc.property(
        Cases.queryPartsArb,
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
    expect(Signing.stringToSign("post", "/identities?api-version=2023-10-01", Cases.vectorDate, "h:8080", "HASH")).toBe(
      `POST\n/identities?api-version=2023-10-01\n${Cases.vectorDate};h:8080;HASH`
    )
  })

  it("matches the generated vectors' string to sign", () => {
    const withString = Cases.vectors.generated_js_2_5_0.filter((v) => v.stringToSign !== undefined)
    expect(withString.length).toBeGreaterThan(0)
    for (const v of withString) {
      const [, , last] = v.stringToSign!.split("\n")
      const hash = last!.split(";")[2]!
      const url = new URL(v.url)
      expect(Signing.stringToSign(v.method, Signing.pathAndQuery(url), Cases.vectorDate, url.host, hash)).toBe(
        v.stringToSign
      )
    }
  })

  it("authorization() builds the header", () => {
    expect(Signing.authorization("abc=")).toBe(Cases.authorizationOf("abc="))
  })
})

// ---------------------------------------------------------------------------
// properties
// ---------------------------------------------------------------------------

describe("Signing properties", () => {
  it.effect("node:crypto (signed in one step, straight to base64 or via bytes), node:crypto through Effect steps and WebCrypto produce identical headers", () =>
    property(
      fc.record({ key: Cases.keyArb, request: Cases.requestArb }),
      ({ key, request }) =>
        Effect.gen(function*() {
          const { sync: _, ...stepwise } = NodeCrypto.make
          // one step, but digests as bytes then base64 (no `sha256Base64`, no `signBase64Sync`)
          const { sha256Base64: _hash, ...bytesSync } = NodeCrypto.make.sync!
          const viaBytes: Crypto.Service = {
            ...NodeCrypto.make,
            sync: bytesSync,
            hmacKey: (raw) => Effect.map(NodeCrypto.make.hmacKey(raw), ({ signBase64Sync: _sign, ...rest }) => rest)
          }
          const hmacKey = yield* NodeCrypto.make.hmacKey(key)
          expect(syncSigner(NodeCrypto.make, hmacKey)).toBeDefined()
          expect(syncSigner(stepwise, hmacKey)).toBeUndefined()
          const node = yield* signWith(NodeCrypto.make, key, Cases.toRequest(request))
          expect(yield* signWith(viaBytes, key, Cases.toRequest(request))).toEqual(node)
          expect(yield* signWith(stepwise, key, Cases.toRequest(request))).toEqual(node)
          expect(yield* signWith(BrowserCrypto.make, key, Cases.toRequest(request))).toEqual(node)
        }),
      { numRuns: 100 }
    ))

  it.effect("headers are well-formed", () =>
    property(
      fc.record({ key: Cases.keyArb, request: Cases.requestArb }),
      ({ key, request }) =>
        Effect.gen(function*() {
          const headers = yield* signWith(NodeCrypto.make, key, Cases.toRequest(request))
          expect(Object.keys(headers).sort()).toEqual(["authorization", "x-ms-content-sha256", "x-ms-date"])
          expect(headers["x-ms-date"]).toMatch(Cases.rfc1123)
          expect(headers["x-ms-content-sha256"]).toMatch(Cases.base64Hash)
          expect(headers["x-ms-content-sha256"]).toHaveLength(44)
          expect(headers.authorization).toMatch(Cases.authorizationPattern)
          if (request.body === undefined || request.body.length === 0) {
            expect(headers["x-ms-content-sha256"]).toBe(Signing.emptyContentHash)
          }
        }),
      { numRuns: 50 }
    ))

  it.effect("is deterministic and signs what stringToSign describes", () =>
    property(
      fc.record({ key: Cases.keyArb, request: Cases.requestArb }),
      ({ key, request }) =>
        Effect.gen(function*() {
          const req = Cases.toRequest(request)
          const first = yield* signWith(NodeCrypto.make, key, req)
          const second = yield* signWith(NodeCrypto.make, key, req)
          expect(second).toEqual(first)
          const hmacKey = yield* NodeCrypto.make.hmacKey(key)
          const mac = yield* hmacKey.sign(
            Cases.utf8(
              Signing.stringToSign(
                req.method,
                Signing.pathAndQuery(req.url),
                req.date,
                req.url.host,
                first["x-ms-content-sha256"]
              )
            )
          )
          expect(first.authorization).toBe(Signing.authorization(Base64.encode(mac)))
        }),
      { numRuns: 30 }
    ))

  it.effect("changing any signed part changes the signature", () =>
    property(
      fc.record({ key: Cases.keyArb, request: Cases.requestArb }),
      ({ key, request }) =>
        Effect.gen(function*() {
          const base = Cases.toRequest({ ...request, millis: Math.min(request.millis, 253402300798000) })
          const original = yield* signWith(NodeCrypto.make, key, base)
          for (const [part, tamper] of Cases.tamperings) {
            const changed = tamper(base, key)
            const headers = yield* signWith(NodeCrypto.make, changed.key, changed.request)
            assert.notStrictEqual(
              headers.authorization,
              original.authorization,
              `changing the ${part} kept the signature`
            )
            if (part === "body") assert.notStrictEqual(headers["x-ms-content-sha256"], original["x-ms-content-sha256"])
          }
        }),
      { numRuns: 40 }
    ))

  it.effect("verify(sign(request)) succeeds, strict and tolerant, with either crypto", () =>
    property(
      fc.record({ key: Cases.keyArb, request: Cases.requestArb, skewSeconds: fc.integer({ min: -900, max: 900 }) }),
      ({ key, request, skewSeconds }) =>
        Effect.gen(function*() {
          const req = Cases.toRequest(request)
          const headers = yield* signWith(NodeCrypto.make, key, req)
          const server = Cases.received(req.url, req.method, req.body, headers)
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

  it.effect("verify rejects each single tampering with the right reason", () =>
    property(
      fc.record({ key: Cases.keyArb, request: Cases.requestArb }),
      ({ key, request }) =>
        Effect.gen(function*() {
          const req = Cases.toRequest({ ...request, millis: Math.min(request.millis, 253402300798000) })
          const headers = yield* signWith(NodeCrypto.make, key, req)
          const server = Cases.received(req.url, req.method, req.body, headers)
          const now = Date.parse(req.date)
          for (const tolerant of [false, true]) {
            for (const [name, reason, tamper] of Cases.receivedTamperings) {
              const exit = yield* verifyWith(NodeCrypto.make, key, tamper(server, headers), { now, tolerant })
              const expected = typeof reason === "function" ? reason(tolerant, req.url.host) : reason
              assert.strictEqual(
                outcome(exit),
                expected,
                `${name} (tolerant=${tolerant}) on ${req.method} ${req.url.href}`
              )
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
  const key = base64(Cases.K48)
  const url = Cases.verifyUrl
  const body = Cases.verifyBody
  const signedAt = Date.parse(Cases.vectorDate)

  const signedRequest = Effect.map(
    signWith(NodeCrypto.make, key, { method: "POST", url, body, date: Cases.vectorDate }),
    (headers) => Cases.received(url, "POST", body, headers)
  )

  it.effect.each(Cases.clockOffsets)("server clock %s -> %s", ([, offset, expected]) =>
    Effect.gen(function*() {
      const request = yield* signedRequest
      for (const tolerant of [false, true]) {
        expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt - offset, tolerant }))).toBe(
          expected
        )
      }
    }))

  it.effect("maxSkewMillis narrows the window", () =>
    Effect.gen(function*() {
      const request = yield* signedRequest
      const options = { now: signedAt + 61_000, maxSkewMillis: 60_000 }
      expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, options))).toBe("StaleDate")
      expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { ...options, now: signedAt + 60_000 }))).toBe(
        "ok"
      )
    }))

  it.effect("a stale date is StaleDate even with a bad signature (cheap checks first)", () =>
    Effect.gen(function*() {
      const request = Cases.withHeaders(yield* signedRequest, { authorization: Cases.authorizationOf("AAAA") })
      expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt + 86_400_000 }))).toBe(
        "StaleDate"
      )
    }))

  /** A request signed by hand: `stringToSign` over `host` and `pathAndQuery`, the date under `dateHeader`. */
  const signedByHand = (dateHeader: "date" | "x-ms-date", host: string, pathAndQuery: string) =>
    Effect.gen(function*() {
      const hash = Base64.encode(NodeCryptoSha256(body))
      const hmacKey = yield* NodeCrypto.make.hmacKey(key)
      const mac = yield* hmacKey.sign(
        Cases.utf8(Signing.stringToSign("POST", pathAndQuery, Cases.vectorDate, host, hash))
      )
      return Cases.received(url, "POST", body, {
        [dateHeader]: Cases.vectorDate,
        "x-ms-content-sha256": hash,
        authorization: Cases.variantAuthorization(dateHeader, Base64.encode(mac))
      })
    })

  for (const [name, strictReason, dateHeader, host, pathAndQuery] of Cases.variants) {
    it.effect(`tolerant variant: ${name}`, () =>
      Effect.gen(function*() {
        const request = yield* signedByHand(dateHeader, host, pathAndQuery)
        expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt, tolerant: true }))).toBe("ok")
        expect(outcome(yield* verifyWith(BrowserCrypto.make, key, request, { now: signedAt, tolerant: true }))).toBe(
          "ok"
        )
        // tolerant is the default
        expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt }))).toBe("ok")
        expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt, tolerant: false }))).toBe(
          strictReason
        )
      }))
  }

  it.effect("the doubled-port Host header itself is accepted when tolerant", () =>
    Effect.gen(function*() {
      const request = Cases.withHeaders(
        yield* signedByHand("x-ms-date", "localhost:8080:8080", Signing.pathAndQuery(url)),
        {
          host: "localhost:8080:8080"
        }
      )
      expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt, tolerant: true }))).toBe("ok")
    }))

  it.effect("the received Host header is compared case-insensitively", () =>
    Effect.gen(function*() {
      const request = Cases.withHeaders(yield* signedRequest, { host: "LOCALHOST:8080" })
      expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt, tolerant: false }))).toBe("ok")
    }))

  it.effect("a raw query the client re-serialised is accepted (the target is parsed as a path)", () =>
    Effect.gen(function*() {
      const sent = new URL("https://example.com/p?b=x%20y&a=1")
      const headers = yield* signWith(NodeCrypto.make, key, {
        method: "GET",
        url: sent,
        body: undefined,
        date: Cases.vectorDate
      })
      expect(headers.authorization).toBe(Cases.edgeVectors[2]!.authorization)
      const request = Cases.received(sent, "GET", undefined, headers)
      expect(request.target).toBe("/p?b=x%20y&a=1")
      expect(outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt, tolerant: false }))).toBe("ok")
    }))

  it.effect.each(Cases.oddTargets)(
    "an odd request target %j is a SignatureMismatch, never a defect",
    (target) =>
      Effect.gen(function*() {
        const request = { ...(yield* signedRequest), target }
        for (const tolerant of [false, true]) {
          const result = outcome(yield* verifyWith(NodeCrypto.make, key, request, { now: signedAt, tolerant }))
          expect(result).toBe("SignatureMismatch")
        }
      })
  )

  it.effect("a target with an empty first path segment verifies (not parsed as a host)", () =>
    property(
      fc.record({ segments: fc.array(Cases.segmentArb, { maxLength: 3 }), query: Cases.queryArb }),
      ({ query, segments }) =>
        Effect.gen(function*() {
          const sent = new URL(`https://example.com//${segments.join("/")}${query === undefined ? "" : `?${query}`}`)
          const headers = yield* signWith(NodeCrypto.make, key, {
            method: "GET",
            url: sent,
            body: undefined,
            date: Cases.vectorDate
          })
          const exit = yield* verifyWith(NodeCrypto.make, key, Cases.received(sent, "GET", undefined, headers), {
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

describe("the HMAC authorizer", () => {
  for (const [cryptoName, service] of cryptos) {
    describe(cryptoName, () => {
      const generated = Cases.vectors.generated_js_2_5_0

      it.effect("signs an HttpClientRequest exactly like the official client, fresh x-ms-date per call", () =>
        Effect.gen(function*() {
          const vector = generated.find((v) => v.body !== "")!
          yield* TestClock.setTime(Cases.vectorTime)
          const authenticate = yield* hmac(Redacted.make(vector.key))
          const request = HttpClientRequest.post(vector.url).pipe(
            HttpClientRequest.bodyText(vector.body, "application/json")
          )

          const first = yield* authenticate(request)
          expect(first.headers["x-ms-date"]).toBe(Cases.vectorDate)
          expect(first.headers["x-ms-content-sha256"]).toBe(vector["x-ms-content-sha256"])
          expect(first.headers["authorization"]).toBe(vector.authorization)
          expect(first.headers["content-type"]).toBe("application/json")

          yield* TestClock.adjust("90 seconds")
          const second = yield* authenticate(request)
          expect(second.headers["x-ms-date"]).toBe("Wed, 13 Apr 2022 18:10:42 GMT")
          expect(second.headers["x-ms-content-sha256"]).toBe(vector["x-ms-content-sha256"])
          expect(second.headers["authorization"]).not.toBe(vector.authorization)
          expect(second.headers["authorization"]).toMatch(Cases.authorizationPattern)

          // the second signature is valid for the second date
          const url = new URL(vector.url)
          const exit = yield* verifyWith(
            service,
            base64(vector.key),
            Cases.received(url, "POST", Cases.utf8(vector.body), second.headers),
            {
              now: Cases.vectorTime + 90_000,
              tolerant: false
            }
          )
          expect(outcome(exit)).toBe("ok")
        }).pipe(Effect.provideService(Crypto, service)))

      it.effect("signs url params set with setUrlParam, and an empty body as \"\"", () =>
        Effect.gen(function*() {
          const vector = generated.find((v) => v.method === "POST" && v.body === "")!
          const url = new URL(vector.url)
          yield* TestClock.setTime(Cases.vectorTime)
          const authenticate = yield* hmac(Redacted.make(vector.key))
          const request = HttpClientRequest.post(`${url.origin}${url.pathname}`).pipe(
            HttpClientRequest.setUrlParam("api-version", url.searchParams.get("api-version")!)
          )
          const signed = yield* authenticate(request)
          expect(signed.headers["x-ms-content-sha256"]).toBe(Signing.emptyContentHash)
          expect(signed.headers["authorization"]).toBe(vector.authorization)
        }).pipe(Effect.provideService(Crypto, service)))

      it.effect.each(["", Cases.secretLooking, "pw", "px==", " pw=="])(
        "a bad key %j is InvalidInput without the key",
        (bad) =>
          Effect.gen(function*() {
            const error = yield* Effect.flip(hmac(Redacted.make(bad)))
            expect(error).toBeInstanceOf(InvalidInput)
            assert(error._tag === "InvalidInput")
            if (bad.trim() !== "") {
              expect(error.message).not.toContain(bad.trim())
              expect(String(error)).not.toContain(bad.trim())
              expect(JSON.stringify(error)).not.toContain(bad.trim())
            }
          }).pipe(Effect.provideService(Crypto, service))
      )

      it.effect("a streamed body cannot be signed", () =>
        Effect.gen(function*() {
          const authenticate = yield* hmac(Redacted.make("pw=="))
          const request = HttpClientRequest.post("https://example.com/identities").pipe(
            HttpClientRequest.bodyStream(Stream.make(Cases.utf8("{}")))
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

  it.effect.each(Cases.bearerRefused)("refuses plain http to %s", (endpoint) =>
    Effect.gen(function*() {
      const { calls, credential } = counting(3_600_000)
      const error = yield* Effect.flip(bearer(credential, endpoint))
      expect(error).toBeInstanceOf(InvalidInput)
      expect(error.field).toBe("endpoint")
      expect(calls()).toBe(0)
    }))

  it.effect.each(Cases.bearerAccepted)("accepts %s", (endpoint) =>
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
      const results = yield* Effect.all(Array.from({ length: 8 }, () => authenticate(request)), {
        concurrency: "unbounded"
      })
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
