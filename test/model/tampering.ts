/**
 * Tampering (the scenarios Tampering.test.ts runs with the Effect 3 core's
 * `Signing.sign` and packages/effect4/test with the Effect 4 core's): a
 * validly signed request for a random
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
import * as ApiVersion from "@effect-acs/identity-protocol/ApiVersion"
import { formatDate } from "@effect-acs/identity-protocol/Signing"
import * as EmulatorRuntime from "@effect-acs/identity-emulator/EmulatorRuntime"
import fc from "fast-check"
import * as assert from "node:assert/strict"
import { appId, entraToken, userObjectId } from "../interop/cases.js"
import { start } from "./utils.js"

// ---------------------------------------------------------------------------
// requests on the wire

type Method = "GET" | "POST" | "DELETE"

/** A request as it goes on the wire. */
export interface Wire {
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

const host = "emulator.local"

/** The operations the cases sign. */
export type Op = "create" | "issue" | "revoke" | "delete" | "get" | "exchange"

/** The status of each operation's success. */
export const successStatus: Record<Op, number> = {
  create: 201,
  issue: 200,
  revoke: 204,
  delete: 204,
  get: 200,
  exchange: 200
}

const versionsOf = (op: Op): ReadonlyArray<ApiVersion.ApiVersion> =>
  op === "get" ? ApiVersion.versionsWith("customId") : ApiVersion.all

/** A signed request's operation, api-version and body. */
export interface Spec {
  readonly op: Op
  readonly version: ApiVersion.ApiVersion
  /** Picks the body among the operation's variants. */
  readonly variant: number
}

/** Any operation at any api-version that has it. */
export const specArb: fc.Arbitrary<Spec> = fc.constantFrom<Op>("create", "issue", "revoke", "delete", "get", "exchange")
  .chain((op) => fc.record({ op: fc.constant(op), version: fc.constantFrom(...versionsOf(op)), variant: fc.nat(3) }))

/** The request of a spec, unsigned; `id` is an identity of the emulator. */
export const unsigned = (spec: Spec, id: string, now: number): Omit<Wire, "headers"> => {
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
        body: pick([
          undefined,
          "{}",
          "{\"createTokenWithScopes\":[\"chat\"]}",
          "{\"createTokenWithScopes\":[\"voip\"],\"expiresInMinutes\":60}"
        ])
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

/** A line's signer and the test's clock. */
export interface TamperLine {
  /** The headers that sign `request` with the base64 access key `key` (the line's `Signing.sign` and crypto). */
  readonly sign: (
    key: string,
    request: {
      readonly method: string
      readonly url: URL
      readonly body: Uint8Array | undefined
      readonly date: string
    }
  ) => Promise<Readonly<Record<string, string>>>
  /** The test's clock (a `TestClock`): its time, and setting and moving it. */
  readonly now: () => number
  readonly setTime: (millis: number) => Promise<void>
  readonly adjust: (millis: number) => Promise<void>
}

/** The emulator's access key. */
const accessKey = Buffer.from("tampering-test-key-0123456789abcdef").toString("base64")
const encoder = new TextEncoder()

interface Reply {
  readonly status: number
  readonly json: unknown
}

/** An in-process emulator on the line's clock, and the steps of a scenario against it. */
const emulated = async (line: TamperLine, tolerant: boolean) => {
  const running = await EmulatorRuntime.start({ accessKey, now: line.now, tolerant })
  /** Signs a request with the emulator's key, dated `date` (epoch ms). */
  const sign = async (request: Omit<Wire, "headers">, date: number): Promise<Wire> => {
    const headers = await line.sign(accessKey, {
      method: request.method,
      url: new URL(`http://${request.host}${request.path}?${request.query}`),
      body: request.body === undefined ? undefined : encoder.encode(request.body),
      date: formatDate(date)
    })
    return { ...request, headers: { ...headers } }
  }
  /** Sends a request as is to the emulator's handler (the `Host` is the URL's). */
  const send = async (wire: Wire): Promise<Reply> => {
    const response = await running.handler(
      new Request(`http://${wire.host}${wire.path}?${wire.query}`, {
        method: wire.method,
        headers: { ...wire.headers, ...(wire.body !== undefined && { "content-type": "application/json" }) },
        ...(wire.body !== undefined && { body: encoder.encode(wire.body) })
      })
    )
    const text = await response.text()
    let json: unknown = undefined
    try {
      json = JSON.parse(text)
    } catch {
      // not JSON (an empty 204)
    }
    return { status: response.status, json }
  }
  /** A fresh identity of the emulator, created with a signed request. */
  const newIdentity = async () => {
    const reply = await send(
      await sign(
        { method: "POST", path: "/identities", query: "api-version=2023-10-01", host, body: undefined },
        line.now()
      )
    )
    assert.equal(reply.status, 201)
    return (reply.json as { identity: { id: string } }).identity.id
  }
  /** The counters a processed request would move. */
  const effects = async () => {
    const stats = await running.stats()
    return { identitiesCreated: stats.identitiesCreated, tokensIssued: stats.tokensIssued }
  }
  return { running, sign, send, newIdentity, effects }
}

/** Runs `body` against a fresh emulator (its verifier tolerant or strict), closed after. */
const withEmulator = async (
  line: TamperLine,
  tolerant: boolean,
  body: (env: Awaited<ReturnType<typeof emulated>>) => Promise<void>
) => {
  const env = await emulated(line, tolerant)
  try {
    await body(env)
  } finally {
    await env.running.close()
  }
}

/** Whether `value` has every key of `pattern` with a matching value (as `toMatchObject`). */
const matches = (value: unknown, pattern: unknown): boolean =>
  typeof pattern === "object" && pattern !== null
    ? typeof value === "object" && value !== null &&
      Object.entries(pattern).every(([key, inner]) => matches((value as Record<string, unknown>)[key], inner))
    : Object.is(value, pattern)

const expectMatch = (value: unknown, pattern: unknown, context?: string) =>
  assert.ok(
    matches(value, pattern),
    `${context ?? ""}: ${JSON.stringify(value)} does not match ${JSON.stringify(pattern)}`
  )

const expectDenied = (reply: Reply, context: string) => {
  assert.equal(reply.status, 401, context)
  expectMatch(reply.json, { error: { code: "Denied", message: "Denied by the resource provider." } }, context)
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
  ...(spec.op === "delete" || spec.op === "get") && ApiVersion.supports(spec.version, "customId")
    ? ["method" as const]
    : [],
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
          path: wire.path.replace(
            /:(issueAccessToken|revokeAccessTokens)$/,
            action[1] === "issueAccessToken" ? ":revokeAccessTokens" : ":issueAccessToken"
          )
        }
      }
      const idEnd = action === null ? wire.path.length : action.index
      return {
        ...wire,
        path: replaceChar(wire.path.slice(0, idEnd), idEnd - 1 - (m % 12), hex, n) + wire.path.slice(idEnd)
      }
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
        host: !tolerant && n % 2 === 0
          ? `${wire.host}:${1024 + (m % 60000)}`
          : n % 4 === 1
          ? `emulator${m}.local`
          : replaceChar(wire.host, m % 8, "abcdefghijklmnopqrstuvwxyz", n)
      }
    case "date": {
      const date = wire.headers["x-ms-date"]!
      const millis = Date.parse(date)
      const shifted = n % 3 === 0
        ? new Date(millis).toISOString() // the same instant, another format
        : formatDate(millis + (n % 2 === 0 ? 1 : -1) * (1 + (m % 600)) * 1000)
      return { ...wire, headers: { ...wire.headers, "x-ms-date": shifted } }
    }
    case "body": {
      if (wire.body === undefined || wire.body === "") return { ...wire, body: n % 2 === 0 ? "{}" : " " }
      const i = m % wire.body.length
      return {
        ...wire,
        body: wire.body.slice(0, i) + String.fromCharCode(wire.body.charCodeAt(i) ^ (1 + (n % 15))) +
          wire.body.slice(i + 1)
      }
    }
    case "signature": {
      const signature = authorization[2]!
      // the last character is `=` padding: change a data character
      const changed = replaceChar(signature.slice(0, -1), m, base64Alphabet, n) + signature.slice(-1)
      return {
        ...wire,
        headers: {
          ...wire.headers,
          authorization: `HMAC-SHA256 SignedHeaders=${authorization[1]}&Signature=${changed}`
        }
      }
    }
    case "contentHash":
      return {
        ...wire,
        headers: {
          ...wire.headers,
          "x-ms-content-sha256": replaceChar(wire.headers["x-ms-content-sha256"]!.slice(0, -1), m, base64Alphabet, n) +
            "="
        }
      }
    case "signedHeaders":
      return {
        ...wire,
        headers: {
          ...wire.headers,
          authorization: `HMAC-SHA256 SignedHeaders=${
            signedHeaderVariants[n % signedHeaderVariants.length]
          }&Signature=${authorization[2]}`
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

/** A signed request, the mode of the emulator's verifier, and one change. */
export const caseArb = fc.tuple(specArb, fc.boolean()).chain(([spec, tolerant]) =>
  fc.record({ spec: fc.constant(spec), tolerant: fc.constant(tolerant), change: changeArb(spec) })
)

/** A scenario: its name and its run on a line. */
export interface Scenario {
  readonly name: string
  readonly run: (line: TamperLine) => Promise<void>
}

/** The tampering scenarios. */
export const scenarios: ReadonlyArray<Scenario> = [
  {
    name: "the signed request is accepted; any single change to it is 401 Denied and changes nothing",
    run: (line) =>
      fc.assert(
        fc.asyncProperty(caseArb, ({ change, spec, tolerant }) =>
          withEmulator(line, tolerant, async ({ effects, newIdentity, send, sign }) => {
            await line.setTime(start)
            const id = await newIdentity()
            const signed = await sign(unsigned(spec, id, start), start)
            const context = `${JSON.stringify(spec)} ${JSON.stringify(change)} tolerant=${tolerant}`
            assert.equal((await send(signed)).status, successStatus[spec.op], context)

            const tampered = apply(signed, change, tolerant)
            assert.notDeepEqual(tampered, signed, `${context}: the change changes the request`)
            const before = await effects()
            expectDenied(await send(tampered), `${context}: ${JSON.stringify(tampered)}`)
            assert.deepEqual(await effects(), before, context)
          })),
        { numRuns: 120 }
      )
  },
  {
    name: "the signed date may be up to 15 minutes away either way; beyond, 401 Denied",
    run: (line) =>
      fc.assert(
        fc.asyncProperty(
          specArb,
          fc.oneof(fc.constantFrom(-901, -900, 900, 901, 0), fc.integer({ min: -1800, max: 1800 })),
          (spec, offsetSeconds) =>
            withEmulator(line, true, async ({ effects, newIdentity, send, sign }) => {
              await line.setTime(start)
              const id = await newIdentity()
              const before = await effects()
              const reply = await send(await sign(unsigned(spec, id, start), start + offsetSeconds * 1000))
              const context = `${JSON.stringify(spec)} offset ${offsetSeconds} s`
              if (Math.abs(offsetSeconds) <= 900) {
                assert.equal(reply.status, successStatus[spec.op], context)
              } else {
                expectDenied(reply, context)
                expectMatch(reply.json, { error: { innererror: { code: "StaleDate" } } }, context)
                assert.deepEqual(await effects(), before, context)
              }
            })
        ),
        { numRuns: 50 }
      )
  },
  {
    name: "a signed request ages out: accepted until 15 minutes after its date, then 401 (TestClock)",
    run: (line) =>
      withEmulator(line, true, async ({ newIdentity, send, sign }) => {
        await line.setTime(start)
        const id = await newIdentity()
        const signed = await sign(unsigned({ op: "issue", version: "2023-10-01", variant: 0 }, id, start), start)
        assert.equal((await send(signed)).status, 200)
        await line.adjust(15 * 60_000)
        assert.equal((await send(signed)).status, 200)
        await line.adjust(1000)
        expectDenied(await send(signed), "16 minutes later")
      })
  },
  {
    name:
      "the tolerant variants are equivalences in tolerant mode only: a host without its port, a path signed decoded",
    run: async (line) => {
      for (const tolerant of [true, false]) {
        await withEmulator(line, tolerant, async ({ newIdentity, send, sign }) => {
          await line.setTime(start)
          const id = await newIdentity()
          const request = unsigned({ op: "issue", version: "2023-10-01", variant: 0 }, id, start)
          const signed = await sign(request, start)
          // signed for the host without its port (JS 2.0-2.4), sent with one
          const withPort = await send({ ...signed, host: `${host}:8080` })
          // signed over the percent-decoded path, sent encoded
          const decoded = await send({
            ...(await sign({ ...request, path: decodeURIComponent(request.path) }, start)),
            path: request.path
          })
          // header names are case-insensitive in every mode
          const upper = await send({
            ...signed,
            headers: {
              ...signed.headers,
              authorization: signed.headers["authorization"]!.replace(
                "x-ms-date;host;x-ms-content-sha256",
                "X-MS-DATE;Host;X-MS-CONTENT-SHA256"
              )
            }
          })
          assert.equal(upper.status, 200, `upper-case names, tolerant=${tolerant}`)
          // the reverse of an equivalence is a change in every mode
          expectDenied(
            await send({ ...signed, path: decodeURIComponent(signed.path) }),
            `signed encoded, sent decoded, tolerant=${tolerant}`
          )
          if (tolerant) {
            assert.deepEqual([withPort.status, decoded.status], [200, 200])
          } else {
            expectDenied(withPort, "a host with a port, strict")
            expectDenied(decoded, "a path signed decoded, strict")
          }
        })
      }
    }
  },
  {
    name:
      "routing and the api-version are checked before authentication: such changes are 404 / 400, and change nothing",
    run: (line) =>
      withEmulator(line, true, async ({ effects, newIdentity, send, sign }) => {
        await line.setTime(start)
        const id = await newIdentity()
        const create = await sign(unsigned({ op: "create", version: "2023-10-01", variant: 2 }, id, start), start)
        const before = await effects()
        // GET /identities: no such route (and no body, which GET cannot carry)
        const noRoute = await send({ ...create, method: "GET", body: undefined })
        assert.equal(noRoute.status, 404)
        expectMatch(noRoute.json, { error: { code: "NotFound" } })
        const unknownVersion = await send({ ...create, query: "api-version=2099-01-01" })
        assert.equal(unknownVersion.status, 400)
        expectMatch(unknownVersion.json, { error: { code: "UnsupportedApiVersion" } })
        const get = await sign(unsigned({ op: "get", version: "2025-03-02-preview", variant: 0 }, id, start), start)
        const gated = await send({ ...get, query: "api-version=2023-10-01" })
        assert.equal(gated.status, 404)
        assert.deepEqual(await effects(), before)
        // and the untouched requests are accepted
        assert.equal((await send(create)).status, 201)
        assert.equal((await send(get)).status, 200)
      })
  }
]
