import { describe, expect, it } from "@effect/vitest"
import * as ApiVersion from "@effect-acs/identity/ApiVersion"
import * as Signing from "@effect-acs/identity/Signing"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as NodeHttpClient from "@effect-acs/identity-node/NodeHttpClient"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorServer from "@effect-acs/identity-emulator/EmulatorServer"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as Http from "node:http"
import { foreignId, makeClient, signHeaders } from "./utils.js"

const live = (options: Emulator.Options = {}) =>
  Layer.mergeAll(Emulator.layer(options), NodeHttpClient.layer()).pipe(Layer.provideMerge(NodeCrypto.layer))

interface Reply {
  readonly status: number
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
}

/** One raw request on its own connection; fails with the socket error. Bounded by a 5 s timeout. */
const raw = (port: number, options: {
  readonly method: string
  readonly path: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
}) =>
  Effect.async<Reply, Error>((resume) => {
    const request = Http.request({
      host: "127.0.0.1",
      port,
      method: options.method,
      path: options.path,
      headers: options.headers,
      agent: false
    }, (response) => {
      const chunks: Array<Buffer> = []
      response.on("data", (chunk: Buffer) => chunks.push(chunk))
      response.on("error", (error) => resume(Effect.fail(error)))
      response.on("end", () => {
        if (!response.complete) return resume(Effect.fail(new Error("incomplete response")))
        resume(Effect.succeed({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString("utf8")
        }))
      })
    })
    request.on("error", (error) => resume(Effect.fail(error)))
    request.end(options.body)
    return Effect.sync(() => request.destroy())
  }).pipe(Effect.timeoutFail({ duration: "20 seconds", onTimeout: () => new Error("no response within 20 s") }))

/** Signs a raw request as the official client would, for the received `host`. */
const signed = (method: string, pathAndQuery: string, host: string, body?: string) =>
  Effect.map(
    signHeaders({ method, pathAndQuery, host, body }),
    (headers): Record<string, string> => ({ ...headers, host, "content-type": "application/json" })
  )

describe("EmulatorServer", () => {
  for (const apiVersion of ApiVersion.all) {
    it.live(`serves the full lifecycle on a socket with api-version ${apiVersion}`, () =>
      Effect.gen(function*() {
        const served = yield* EmulatorServer.serve({ port: 0 })
        expect(served.url).toBe(`http://127.0.0.1:${served.port}/`)
        expect(served.port).toBeGreaterThan(0)
        const client = yield* makeClient(apiVersion, { endpoint: served.url })
        const user = yield* client.createUser()
        const token = yield* client.getToken(user, ["chat"])
        expect(token.expiresOn.getTime()).toBeGreaterThan(Date.now())
        yield* client.revokeTokens(user)
        yield* client.deleteUser(user)
        expect(yield* Effect.flip(client.revokeTokens({ communicationUserId: foreignId }))).toMatchObject({
          status: 401,
          code: "IdentityNotOwned"
        })
      }).pipe(Effect.scoped, Effect.provide(live())))
  }

  it.live("verifies the raw request target, the raw body bytes and the received Host", () =>
    Effect.gen(function*() {
      const { port } = yield* EmulatorServer.serve({ port: 0 })
      const host = `127.0.0.1:${port}`
      // Python's spacing: the body is hashed as received, not re-serialised
      const body = "{\"createTokenWithScopes\": [\"voip\", \"chat\"]}"
      const path = "/identities?api-version=2023-10-01"
      const created = yield* raw(port, { method: "POST", path, body, headers: yield* signed("POST", path, host, body) })
      expect(created.status).toBe(201)
      const id = (JSON.parse(created.body) as { identity: { id: string } }).identity.id
      // percent-encoded as sent: signed as sent
      const revoke = `/identities/${encodeURIComponent(id)}/:revokeAccessTokens?api-version=2023-10-01`
      expect((yield* raw(port, { method: "POST", path: revoke, headers: yield* signed("POST", revoke, host) })).status)
        .toBe(204)
      // the same id sent unencoded routes and verifies too
      const plain = `/identities/${id}/:revokeAccessTokens?api-version=2023-10-01`
      expect((yield* raw(port, { method: "POST", path: plain, headers: yield* signed("POST", plain, host) })).status)
        .toBe(204)
      // any Host works if it is what was signed; a different one does not
      const other = yield* signed("POST", path, "localhost:1234")
      expect((yield* raw(port, { method: "POST", path, headers: other })).status).toBe(201)
      const forged = yield* raw(port, { method: "POST", path, headers: { ...other, host } })
      expect([forged.status, JSON.parse(forged.body).error.innererror.code]).toEqual([401, "SignatureMismatch"])
      // the query as sent (not re-serialised) is what the official client signs
      const query = "/identities?api-version=2023-10-01&x=a%20b"
      expect(
        (yield* raw(port, {
          method: "POST",
          path: query,
          headers: yield* signed("POST", Signing.pathAndQuery(new URL(query, "http://x")), host)
        })).status
      ).toBe(201)
    }).pipe(Effect.scoped, Effect.provide(live({ tolerant: false }))))

  it.live("reset and truncate happen on the socket, after processing", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const { port } = yield* EmulatorServer.serve({ port: 0 })
      const host = `127.0.0.1:${port}`
      const path = "/identities?api-version=2023-10-01"
      yield* emulator.faults.inject({ kind: "reset" }, { count: 1 })
      const reset = yield* Effect.flip(raw(port, { method: "POST", path, headers: yield* signed("POST", path, host) }))
      expect(reset.message).toMatch(/ECONNRESET|socket hang up/)
      yield* emulator.faults.inject({ kind: "truncate" }, { count: 1 })
      const truncated = yield* Effect.either(
        raw(port, { method: "POST", path, headers: yield* signed("POST", path, host) })
      )
      expect(truncated._tag).toBe("Left")
      yield* emulator.faults.inject({ kind: "malformed" }, { count: 1 })
      const malformed = yield* raw(port, { method: "POST", path, headers: yield* signed("POST", path, host) })
      expect(malformed.status).toBe(201)
      expect(() => JSON.parse(malformed.body)).toThrow()
      expect((yield* emulator.stats).identitiesCreated).toBe(3)
      // the core client over node:http sees transport errors
      const client = yield* makeClient("2023-10-01", { endpoint: `http://${host}/`, retry: { maxRetries: 0 } })
      yield* emulator.faults.inject({ kind: "truncate" }, { count: 1 })
      expect(yield* Effect.flip(client.createUser())).toMatchObject({ _tag: "TransportError", timedOut: false })
    }).pipe(Effect.scoped, Effect.provide(live())))

  it.live("closing the scope closes the server, its idle keep-alive sockets and stalled requests", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const scope = yield* Scope.make()
      const served = yield* Scope.extend(EmulatorServer.serve({ port: 0 }), scope)
      const client = yield* makeClient("2023-10-01", {
        endpoint: served.url,
        retry: { maxRetries: 0 },
        attemptTimeout: "20 seconds"
      })
      // a keep-alive socket stays open in the client's agent
      yield* client.createUser()
      yield* emulator.faults.inject({ kind: "stall" }, { count: 1 })
      const stalled = yield* Effect.fork(Effect.either(client.createUser()))
      // closed once the stalled request is in the server (not after a time that a slow machine could need to send it)
      let received = 0
      for (let i = 0; i < 2_000 && received < 2; i++) {
        yield* Effect.sleep("10 millis")
        received = (yield* emulator.stats).requests.createIdentity
      }
      expect(received).toBe(2)
      yield* Scope.close(scope, Exit.void)
      // the server closed the stalled request's socket: the client did not have to give up (a close that
      // waited for the request would end only at the client's 20 s attempt timeout, with timedOut: true)
      const outcome = yield* stalled.await
      expect(Exit.isSuccess(outcome) && outcome.value._tag === "Left" && outcome.value.left)
        .toMatchObject({ _tag: "TransportError", timedOut: false })
      const refused = yield* Effect.flip(raw(served.port, { method: "GET", path: "/" }))
      expect(refused.message).toMatch(/ECONNREFUSED/)
    }).pipe(Effect.scoped, Effect.provide(live())))

  it.live("refuses non-loopback hosts and bad ports; answers 413 to oversized bodies", () =>
    Effect.gen(function*() {
      for (const host of ["0.0.0.0", "192.168.1.10", "example.com", "::"]) {
        const error = yield* Effect.flip(EmulatorServer.serve({ host }))
        expect(error).toMatchObject({ _tag: "ServeError" })
      }
      expect(yield* Effect.flip(EmulatorServer.serve({ port: 70_000 }))).toMatchObject({ _tag: "ServeError" })
      const local = yield* EmulatorServer.serve({ host: "localhost" })
      expect(local.url).toBe(`http://localhost:${local.port}/`)
      const { port } = yield* EmulatorServer.serve({ maxBodyBytes: 16 })
      const path = "/identities?api-version=2023-10-01"
      const body = JSON.stringify({ createTokenWithScopes: ["chat", "voip"] })
      const response = yield* raw(port, { method: "POST", path, body })
      expect(response.status).toBe(413)
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: "RequestEntityTooLarge" } })
      expect(response.headers["api-supported-versions"]).toBeDefined()
    }).pipe(Effect.scoped, Effect.provide(live())))
})
