/**
 * Tampering: a validly signed request (core `Signing.sign`) for a random
 * operation is accepted by the in-process emulator; ANY single change to it
 * (method, path, query, host, `x-ms-date`, a body byte, a signature byte, the
 * content-hash header, the signed-headers list, a dropped auth header) is 401
 * `Denied` with the error envelope, and changes nothing. Dates up to 15
 * minutes away either way are accepted, beyond are 401 (TestClock).
 *
 * A "change" here keeps the request addressed to an existing operation and
 * api-version: the emulator routes (404 `NotFound`, 400 `UnsupportedApiVersion`)
 * before it authenticates, as ASP.NET routing does; that order is pinned by a
 * test below. The documented tolerant variants (host without its port,
 * percent-decoded path) are equivalences, not changes, unless `tolerant: false`.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as ApiVersion from "@effect-acs/identity/ApiVersion"
import * as ConnectionString from "@effect-acs/identity/ConnectionString"
import { Crypto } from "@effect-acs/identity/Crypto"
import * as Signing from "@effect-acs/identity/Signing"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as fc from "effect/FastCheck"
import * as TestClock from "effect/TestClock"
import { appId, entraToken, userObjectId } from "../interop/cases.js"
import { inProcess, start } from "./utils.js"

// ---------------------------------------------------------------------------
// requests on the wire

type Method = "GET" | "POST" | "DELETE"

interface Wire {
  readonly method: Method
  /** The percent-encoded path, as sent. */
  readonly path: string
  /** The query, without `?`. */
  readonly query: string
  readonly host: string
  /** `x-ms-date`, `x-ms-content-sha256`, `authorization` (and whatever a change adds). */
  readonly headers: Readonly<Record<string, string>>
  /** ASCII JSON. */
  readonly body: string | undefined
}

const encoder = new TextEncoder()
const host = "emulator.local"

type Op = "create" | "issue" | "revoke" | "delete" | "get" | "exchange"

const successStatus: Record<Op, number> = { create: 201, issue: 200, revoke: 204, delete: 204, get: 200, exchange: 200 }

const versionsOf = (op: Op): ReadonlyArray<ApiVersion.ApiVersion> =>
  op === "get" ? ApiVersion.versionsWith("customId") : ApiVersion.all

interface Spec {
  readonly op: Op
  readonly version: ApiVersion.ApiVersion
  /** Picks the body among the operation's variants. */
  readonly variant: number
}

const specArb: fc.Arbitrary<Spec> = fc.constantFrom<Op>("create", "issue", "revoke", "delete", "get", "exchange").chain((op) =>
  fc.record({ op: fc.constant(op), version: fc.constantFrom(...versionsOf(op)), variant: fc.nat(3) })
)

/** The request of a spec, unsigned; `id` is an identity of the emulator. */
const unsigned = (spec: Spec, id: string, now: number): Omit<Wire, "headers"> => {
  const query = `api-version=${spec.version}`
  const identity = `/identities/${encodeURIComponent(id)}`
  const pick = <A>(variants: ReadonlyArray<A>) => variants[spec.variant % variants.length]!
  switch (spec.op) {
    case "create":
      return {
        method: "POST",
        path: "/identities",
        query,
        host,
        body: pick([undefined, "{}", "{\"createTokenWithScopes\":[\"chat\"]}", "{\"createTokenWithScopes\":[\"voip\"],\"expiresInMinutes\":60}"])
      }
    case "issue":
      return {
        method: "POST",
        path: `${identity}/:issueAccessToken`,
        query,
        host,
        body: pick(["{\"scopes\":[\"chat\"]}", "{\"scopes\":[\"chat\",\"voip\"],\"expiresInMinutes\":1440}"])
      }
    case "revoke":
      return { method: "POST", path: `${identity}/:revokeAccessTokens`, query, host, body: undefined }
    case "delete":
      return { method: "DELETE", path: identity, query, host, body: undefined }
    case "get":
      return { method: "GET", path: identity, query, host, body: undefined }
    case "exchange":
      return {
        method: "POST",
        path: "/teamsUser/:exchangeAccessToken",
        query,
        host,
        body: JSON.stringify({
          token: entraToken({ appid: appId, oid: userObjectId, exp: Math.floor(now / 1000) + 3600 }),
          appId,
          userId: userObjectId
        })
      }
  }
}

/** Signs a request with the emulator's key, dated `date` (epoch ms). */
const sign = (request: Omit<Wire, "headers">, date: number) =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    const crypto = yield* Crypto
    const key = yield* Effect.orDie(Effect.flatMap(ConnectionString.decodeAccessKey(emulator.accessKey), crypto.hmacKey))
    const headers = yield* Signing.sign(key, {
      method: request.method,
      url: new URL(`http://${request.host}${request.path}?${request.query}`),
      body: request.body === undefined ? undefined : encoder.encode(request.body),
      date: Signing.formatDate(date)
    })
    return { ...request, headers: { ...headers } } satisfies Wire
  })

interface Reply {
  readonly status: number
  readonly json: unknown
}

/** Sends a request as is, through the in-process client (the `Host` is the URL's). */
const send = (wire: Wire) =>
  Effect.gen(function*() {
    let request = HttpClientRequest.make(wire.method)(`http://${wire.host}${wire.path}?${wire.query}`, {
      headers: wire.headers
    })
    if (wire.body !== undefined) request = HttpClientRequest.bodyUint8Array(request, encoder.encode(wire.body), "application/json")
    const response = yield* HttpClient.execute(request)
    const text = yield* response.text
    let json: unknown = undefined
    try {
      json = JSON.parse(text)
    } catch {
      // not JSON (an empty 204)
    }
    return { status: response.status, json } satisfies Reply
  }).pipe(Effect.orDie)

/** A fresh identity of the emulator, created with a signed request. */
const newIdentity = Effect.gen(function*() {
  const now = yield* Clock.currentTimeMillis
  const reply = yield* send(yield* sign({ method: "POST", path: "/identities", query: "api-version=2023-10-01", host, body: undefined }, now))
  expect(reply.status).toBe(201)
  return (reply.json as { identity: { id: string } }).identity.id
})

const expectDenied = (reply: Reply, context: string) => {
  expect(reply.status, context).toBe(401)
  expect(reply.json, context).toMatchObject({ error: { code: "Denied", message: "Denied by the resource provider." } })
}

// ---------------------------------------------------------------------------
// single changes

type Kind =
  | "method"
  | "path"
  | "query"
  | "host"
  | "date"
  | "body"
  | "signature"
  | "contentHash"
  | "signedHeaders"
  | "dropHeader"

interface Change {
  readonly kind: Kind
  /** Parameters choosing the exact change. */
  readonly n: number
  readonly m: number
}

/** The changes that keep a request addressed to an existing operation and api-version. */
const kindsFor = (spec: Spec): ReadonlyArray<Kind> => [
  ...(spec.op === "delete" || spec.op === "get") && ApiVersion.supports(spec.version, "customId") ? ["method" as const] : [],
  ...spec.op === "issue" || spec.op === "revoke" || spec.op === "delete" || spec.op === "get" ? ["path" as const] : [],
  ...spec.op === "get" ? [] : ["body" as const],
  "query",
  "host",
  "date",
  "signature",
  "contentHash",
  "signedHeaders",
  "dropHeader"
]

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
const hex = "0123456789abcdef"

/** `text` with the character at `at` replaced by another one of `alphabet` (chosen by `shift`). */
const replaceChar = (text: string, at: number, alphabet: string, shift: number) => {
  const i = at % text.length
  const current = alphabet.indexOf(text[i]!)
  const next = alphabet[(current + 1 + (shift % (alphabet.length - 1))) % alphabet.length]!
  return text.slice(0, i) + next + text.slice(i + 1)
}

const authorizationPattern = /^HMAC-SHA256 SignedHeaders=([^&]+)&Signature=(.+)$/

const signedHeaderVariants = [
  "x-ms-date;host",
  "host;x-ms-date;x-ms-content-sha256",
  "x-ms-date;x-ms-content-sha256;host",
  "x-ms-date;host;x-ms-content-sha256;content-type",
  "date;host;x-ms-content-sha256",
  "x-ms-date;host;content-sha256",
  "x-ms-date;;x-ms-content-sha256"
]

/** Applies one change; `tolerant` decides whether adding a port to the host is a change. */
const apply = (wire: Wire, change: Change, tolerant: boolean): Wire => {
  const { m, n } = change
  const authorization = authorizationPattern.exec(wire.headers["authorization"]!)!
  switch (change.kind) {
    case "method":
      return { ...wire, method: wire.method === "GET" ? "DELETE" : "GET" }
    case "path": {
      // the id's last uuid part: another id of this resource; or, for issue/revoke, the other action
      const action = /\/:(issueAccessToken|revokeAccessTokens)$/.exec(wire.path)
      if (action !== null && n % 3 === 0) {
        return {
          ...wire,
          path: wire.path.replace(/:(issueAccessToken|revokeAccessTokens)$/, action[1] === "issueAccessToken" ? ":revokeAccessTokens" : ":issueAccessToken")
        }
      }
      const idEnd = action === null ? wire.path.length : action.index
      return { ...wire, path: replaceChar(wire.path.slice(0, idEnd), idEnd - 1 - (m % 12), hex, n) + wire.path.slice(idEnd) }
    }
    case "query": {
      const others = ApiVersion.all.filter((version) => version !== wire.query.slice("api-version=".length))
      switch (n % 3) {
        case 0:
          return { ...wire, query: `${wire.query}&x=${m}` }
        case 1:
          return { ...wire, query: `x=${m}&${wire.query}` }
        default:
          // another api-version that has the operation (get has only one: then a parameter without a value)
          return wire.method === "GET"
            ? { ...wire, query: `${wire.query}&x` }
            : { ...wire, query: `api-version=${others[m % others.length]!}` }
      }
    }
    case "host":
      // (adding a port is a change only in strict mode: tolerant mode accepts the host without it)
      return {
        ...wire,
        host: !tolerant && n % 2 === 0 ? `${wire.host}:${1024 + (m % 60000)}` : n % 4 === 1 ? `emulator${m}.local` : replaceChar(wire.host, m % 8, "abcdefghijklmnopqrstuvwxyz", n)
      }
    case "date": {
      const date = wire.headers["x-ms-date"]!
      const millis = Date.parse(date)
      const shifted = n % 3 === 0
        ? new Date(millis).toISOString() // the same instant, another format
        : Signing.formatDate(millis + (n % 2 === 0 ? 1 : -1) * (1 + (m % 600)) * 1000)
      return { ...wire, headers: { ...wire.headers, "x-ms-date": shifted } }
    }
    case "body": {
      if (wire.body === undefined || wire.body === "") return { ...wire, body: n % 2 === 0 ? "{}" : " " }
      const i = m % wire.body.length
      return { ...wire, body: wire.body.slice(0, i) + String.fromCharCode(wire.body.charCodeAt(i) ^ (1 + (n % 15))) + wire.body.slice(i + 1) }
    }
    case "signature": {
      const signature = authorization[2]!
      // the last character is `=` padding: change a data character
      const changed = replaceChar(signature.slice(0, -1), m, base64Alphabet, n) + signature.slice(-1)
      return { ...wire, headers: { ...wire.headers, authorization: `HMAC-SHA256 SignedHeaders=${authorization[1]}&Signature=${changed}` } }
    }
    case "contentHash":
      return {
        ...wire,
        headers: {
          ...wire.headers,
          "x-ms-content-sha256": replaceChar(wire.headers["x-ms-content-sha256"]!.slice(0, -1), m, base64Alphabet, n) + "="
        }
      }
    case "signedHeaders":
      return {
        ...wire,
        headers: {
          ...wire.headers,
          authorization: `HMAC-SHA256 SignedHeaders=${signedHeaderVariants[n % signedHeaderVariants.length]}&Signature=${authorization[2]}`
        }
      }
    case "dropHeader": {
      const name = ["x-ms-date", "x-ms-content-sha256", "authorization"][n % 3]!
      const { [name]: _, ...rest } = wire.headers
      return { ...wire, headers: rest }
    }
  }
}

const changeArb = (spec: Spec): fc.Arbitrary<Change> =>
  fc.record({ kind: fc.constantFrom(...kindsFor(spec)), n: fc.nat(10_000), m: fc.nat(10_000) })

const caseArb = fc.tuple(specArb, fc.boolean()).chain(([spec, tolerant]) =>
  fc.record({ spec: fc.constant(spec), tolerant: fc.constant(tolerant), change: changeArb(spec) })
)

/** The counters a processed request would move. */
const effects = Effect.map(
  Effect.flatMap(Emulator.Emulator, (emulator) => emulator.stats),
  (stats) => ({ identitiesCreated: stats.identitiesCreated, tokensIssued: stats.tokensIssued })
)

describe("tampering with a signed request", () => {
  it.effect.prop(
    "the signed request is accepted; any single change to it is 401 Denied and changes nothing",
    [caseArb],
    ([{ change, spec, tolerant }]) =>
      Effect.gen(function*() {
        yield* TestClock.setTime(start)
        const id = yield* newIdentity
        const signed = yield* sign(unsigned(spec, id, start), start)
        const context = `${JSON.stringify(spec)} ${JSON.stringify(change)} tolerant=${tolerant}`
        expect((yield* send(signed)).status, context).toBe(successStatus[spec.op])

        const tampered = apply(signed, change, tolerant)
        expect(tampered, `${context}: the change changes the request`).not.toEqual(signed)
        const before = yield* effects
        expectDenied(yield* send(tampered), `${context}: ${JSON.stringify(tampered)}`)
        expect(yield* effects, context).toEqual(before)
      }).pipe(Effect.provide(inProcess({ tolerant }))),
    { fastCheck: { numRuns: 120 } }
  )

  it.effect.prop(
    "the signed date may be up to 15 minutes away either way; beyond, 401 Denied",
    [specArb, fc.oneof(fc.constantFrom(-901, -900, 900, 901, 0), fc.integer({ min: -1800, max: 1800 }))],
    ([spec, offsetSeconds]) =>
      Effect.gen(function*() {
        yield* TestClock.setTime(start)
        const id = yield* newIdentity
        const before = yield* effects
        const reply = yield* send(yield* sign(unsigned(spec, id, start), start + offsetSeconds * 1000))
        const context = `${JSON.stringify(spec)} offset ${offsetSeconds} s`
        if (Math.abs(offsetSeconds) <= 900) {
          expect(reply.status, context).toBe(successStatus[spec.op])
        } else {
          expectDenied(reply, context)
          expect(reply.json, context).toMatchObject({ error: { innererror: { code: "StaleDate" } } })
          expect(yield* effects, context).toEqual(before)
        }
      }).pipe(Effect.provide(inProcess())),
    { fastCheck: { numRuns: 50 } }
  )

  it.effect("a signed request ages out: accepted until 15 minutes after its date, then 401 (TestClock)", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const id = yield* newIdentity
      const signed = yield* sign(unsigned({ op: "issue", version: "2023-10-01", variant: 0 }, id, start), start)
      expect((yield* send(signed)).status).toBe(200)
      yield* TestClock.adjust("15 minutes")
      expect((yield* send(signed)).status).toBe(200)
      yield* TestClock.adjust("1 second")
      expectDenied(yield* send(signed), "16 minutes later")
    }).pipe(Effect.provide(inProcess())))

  it.effect("the tolerant variants are equivalences in tolerant mode only: a host without its port, a path signed decoded", () =>
    Effect.gen(function*() {
      for (const tolerant of [true, false]) {
        const program = Effect.gen(function*() {
          yield* TestClock.setTime(start)
          const id = yield* newIdentity
          const request = unsigned({ op: "issue", version: "2023-10-01", variant: 0 }, id, start)
          const signed = yield* sign(request, start)
          // signed for the host without its port (JS 2.0-2.4), sent with one
          const withPort = yield* send({ ...signed, host: `${host}:8080` })
          // signed over the percent-decoded path, sent encoded
          const decoded = yield* send({ ...(yield* sign({ ...request, path: decodeURIComponent(request.path) }, start)), path: request.path })
          // header names are case-insensitive in every mode
          const upper = yield* send({
            ...signed,
            headers: {
              ...signed.headers,
              authorization: signed.headers["authorization"]!.replace("x-ms-date;host;x-ms-content-sha256", "X-MS-DATE;Host;X-MS-CONTENT-SHA256")
            }
          })
          expect(upper.status, `upper-case names, tolerant=${tolerant}`).toBe(200)
          // the reverse of an equivalence is a change in every mode
          expectDenied(yield* send({ ...signed, path: decodeURIComponent(signed.path) }), `signed encoded, sent decoded, tolerant=${tolerant}`)
          if (tolerant) {
            expect([withPort.status, decoded.status]).toEqual([200, 200])
          } else {
            expectDenied(withPort, "a host with a port, strict")
            expectDenied(decoded, "a path signed decoded, strict")
          }
        })
        yield* Effect.provide(program, inProcess({ tolerant }))
      }
    }))

  it.effect("routing and the api-version are checked before authentication: such changes are 404 / 400, and change nothing", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const id = yield* newIdentity
      const create = yield* sign(unsigned({ op: "create", version: "2023-10-01", variant: 2 }, id, start), start)
      const before = yield* effects
      // GET /identities: no such route (and no body, which GET cannot carry)
      const noRoute = yield* send({ ...create, method: "GET", body: undefined })
      expect(noRoute.status).toBe(404)
      expect(noRoute.json).toMatchObject({ error: { code: "NotFound" } })
      const unknownVersion = yield* send({ ...create, query: "api-version=2099-01-01" })
      expect(unknownVersion.status).toBe(400)
      expect(unknownVersion.json).toMatchObject({ error: { code: "UnsupportedApiVersion" } })
      const get = yield* sign(unsigned({ op: "get", version: "2025-03-02-preview", variant: 0 }, id, start), start)
      const gated = yield* send({ ...get, query: "api-version=2023-10-01" })
      expect(gated.status).toBe(404)
      expect(yield* effects).toEqual(before)
      // and the untouched requests are accepted
      expect((yield* send(create)).status).toBe(201)
      expect((yield* send(get)).status).toBe(200)
    }).pipe(Effect.provide(inProcess())))
})
