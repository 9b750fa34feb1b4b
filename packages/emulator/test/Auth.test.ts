import { describe, expect, it } from "@effect/vitest"
import * as Signing from "@effect-acs/identity/Signing"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import {
  fakeJwt,
  foreignId,
  identityPath,
  inProcess,
  makeClient,
  type RawResponse,
  send,
  signHeaders
} from "./utils.js"

const start = Date.UTC(2026, 0, 15, 12, 0, 0)
const createPath = "/identities?api-version=2023-10-01"

const expectDenied = (response: RawResponse, reason: string) => {
  expect(response.status).toBe(401)
  expect(response.json).toMatchObject({
    error: { code: "Denied", message: "Denied by the resource provider.", innererror: { code: reason } }
  })
}

/** A create signed for `signed` and sent as given (`host` and headers override). */
const forged = (
  signed: Partial<Parameters<typeof signHeaders>[0]>,
  sent: { readonly path?: string; readonly body?: string; readonly host?: string } = {}
) =>
  send({
    method: "POST",
    path: sent.path ?? createPath,
    ...(sent.body !== undefined && { body: sent.body }),
    ...(sent.host !== undefined && { host: sent.host }),
    sign: signed
  })

describe("HMAC authentication", () => {
  it.effect("the core client's signature is accepted; a missing, malformed or wrong one is Denied", () =>
    Effect.gen(function*() {
      const client = yield* makeClient()
      yield* client.createUser()
      expectDenied(yield* send({ method: "POST", path: createPath, sign: false }), "MissingAuthorization")
      expectDenied(
        yield* send({ method: "POST", path: createPath, sign: false, headers: { authorization: "SharedKey abc" } }),
        "MalformedAuthorization"
      )
      expectDenied(yield* forged({ key: Redacted.make("pw==") }), "SignatureMismatch")
      expectDenied(
        yield* send({ method: "POST", path: createPath, headers: { "x-ms-date": "yesterday" } }),
        "MissingDate"
      )
      const stats = yield* Effect.flatMap(Emulator.Emulator, (emulator) => emulator.stats)
      expect(stats.identitiesCreated).toBe(1)
    }).pipe(Effect.provide(inProcess())))

  it.effect("tampering with the body, path, query, host or method is detected", () =>
    Effect.gen(function*() {
      const body = "{\"createTokenWithScopes\":[\"chat\"]}"
      expect((yield* forged({ body }, { body })).status).toBe(201)
      // the body changed, its hash did not
      expectDenied(yield* forged({ body }, { body: "{\"createTokenWithScopes\":[\"voip\"]}" }), "ContentHashMismatch")
      // the body and its hash changed, the signature did not
      const headers = yield* signHeaders({ method: "POST", pathAndQuery: createPath, host: "emulator.local", body })
      const other = "{}"
      const response = yield* send({
        method: "POST",
        path: createPath,
        body: other,
        sign: false,
        headers: { ...headers, "x-ms-content-sha256": yield* Signing.contentHash(new TextEncoder().encode(other)) }
      })
      expectDenied(response, "SignatureMismatch")
      expectDenied(yield* forged({ pathAndQuery: "/identities?api-version=2025-06-30" }), "SignatureMismatch")
      expectDenied(yield* forged({ pathAndQuery: "/identities/x?api-version=2023-10-01" }), "SignatureMismatch")
      const wrongHost = yield* forged({ host: "other.local" })
      expectDenied(wrongHost, "SignatureMismatch")
      // the innererror names the parts the emulator verified, so the caller sees the host it signed differently
      const detail = (wrongHost.json as { error: { innererror: { message: string } } }).error.innererror.message
      expect(detail).toContain(`path and query ${JSON.stringify(createPath)}`)
      expect(detail).toMatch(/host "[^"]+"/)
      expect(detail).not.toContain("other.local")
      expectDenied(yield* forged({ method: "GET" }), "SignatureMismatch")
    }).pipe(Effect.provide(inProcess())))

  it.effect("the signed date may be up to 15 minutes away (TestClock), and replays inside it are accepted", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const headers = yield* signHeaders({ method: "POST", pathAndQuery: createPath, host: "emulator.local" })
      const replay = send({ method: "POST", path: createPath, sign: false, headers })
      expect((yield* replay).status).toBe(201)
      yield* TestClock.adjust("15 minutes")
      expect((yield* replay).status).toBe(201)
      yield* TestClock.adjust("1 second")
      expectDenied(yield* replay, "StaleDate")
      // the other way: a client clock ahead of the server's
      expect((yield* forged({ date: start + 30 * 60_000 })).status).toBe(201)
      expectDenied(yield* forged({ date: start + 31 * 60_000 + 1000 }), "StaleDate")
    }).pipe(Effect.provide(inProcess())))

  it.effect("the allowed skew is configurable", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      expect((yield* forged({ date: start - 60_000 })).status).toBe(201)
      expectDenied(yield* forged({ date: start - 61_000 }), "StaleDate")
    }).pipe(Effect.provide(inProcess({ maxSkewMillis: 60_000 }))))

  const variants = [
    // JS communication-common 2.0–2.4.0 in a browser: signed with the port doubled, sent with one port
    ["a doubled port", { host: "emulator.local:8080:8080" }, { host: "emulator.local:8080" }],
    // Java: signs the host without its port
    ["a host without its port", { host: "emulator.local" }, { host: "emulator.local:8080" }],
    // older .NET: signs the Date header
    ["the date header", { dateHeader: "date" as const }, {}],
    // Python async: signs the percent-decoded path
    [
      "a percent-decoded path",
      { pathAndQuery: `/identities/${foreignId}/:revokeAccessTokens?api-version=2023-10-01` },
      {
        path: identityPath(foreignId, "/:revokeAccessTokens", "2023-10-01")
      }
    ],
    // Python with http://: loses the leading slash
    ["a path without its leading slash", { pathAndQuery: "identities?api-version=2023-10-01" }, {}]
  ] as const

  /** The error code, or `undefined` for a success. */
  const code = (response: RawResponse) => (response.json as { error?: { code: string } } | undefined)?.error?.code

  for (const [name, signed, sent] of variants) {
    it.effect(`tolerant mode (default) accepts ${name}; strict mode does not`, () =>
      Effect.gen(function*() {
        const host = "host" in sent ? sent.host : "emulator.local"
        const path = "path" in sent ? sent.path : createPath
        const request = forged({ host, pathAndQuery: path, ...signed }, { host, path })
        const tolerant = yield* Effect.provide(request, inProcess())
        expect(code(tolerant)).not.toBe("Denied")
        expect(tolerant.status).toBe(path === createPath ? 201 : 401)
        expectDenied(
          yield* Effect.provide(request, inProcess({ tolerant: false })),
          "dateHeader" in signed ? "MalformedAuthorization" : "SignatureMismatch"
        )
      }))
  }
})

describe("bearer authentication", () => {
  const bearer = (claims: Record<string, unknown>) => ({ authorization: `Bearer ${fakeJwt(claims)}` })
  const audience = "https://communication.azure.com"

  it.effect("bearer mode accepts a token for the Communication Services audience, nothing else", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const create = (headers: Record<string, string>) =>
        send({ method: "POST", path: createPath, sign: false, headers })
      expect((yield* create(bearer({ aud: audience, exp: start / 1000 + 60 }))).status).toBe(201)
      expect((yield* create(bearer({ aud: `${audience}/` }))).status).toBe(201)
      expectDenied(yield* create(bearer({ aud: "https://graph.microsoft.com" })), "InvalidAudience")
      expectDenied(yield* create(bearer({ aud: audience, exp: start / 1000 })), "ExpiredToken")
      expectDenied(yield* create({ authorization: "Bearer not-a-jwt" }), "InvalidAudience")
      // HMAC is refused in bearer mode
      expectDenied(yield* send({ method: "POST", path: createPath }), "BearerTokenRequired")
    }).pipe(Effect.provide(inProcess({ auth: "bearer" }))))

  it.effect("any mode accepts either; hmac mode (default) refuses bearer tokens", () =>
    Effect.gen(function*() {
      const token = bearer({ aud: audience })
      const viaBearer = send({ method: "POST", path: createPath, sign: false, headers: token })
      const viaHmac = send({ method: "POST", path: createPath })
      expect((yield* Effect.provide(viaBearer, inProcess({ auth: "any" }))).status).toBe(201)
      expect((yield* Effect.provide(viaHmac, inProcess({ auth: "any" }))).status).toBe(201)
      expectDenied(yield* Effect.provide(viaBearer, inProcess()), "MalformedAuthorization")
    }))

  it.effect("operations on identities accept bearer tokens too", () =>
    Effect.gen(function*() {
      const token = bearer({ aud: audience })
      const created = yield* send({ method: "POST", path: createPath, sign: false, headers: token })
      const id = (created.json as { identity: { id: string } }).identity.id
      const issued = yield* send({
        method: "POST",
        path: identityPath(id, "/:issueAccessToken", "2023-10-01"),
        body: "{\"scopes\":[\"chat\"]}",
        sign: false,
        headers: token
      })
      expect(issued.status).toBe(200)
    }).pipe(Effect.provide(inProcess({ auth: "bearer" }))))
})
