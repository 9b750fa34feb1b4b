import { CommunicationIdentityClient } from "@azure/communication-identity"
import { createHttpHeaders, type HttpClient, type PipelineRequest } from "@azure/core-rest-pipeline"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorWebHandler from "@effect-acs/identity-emulator/EmulatorWebHandler"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

/** The official SDK's `HttpClient`, over a web handler instead of a socket. */
const viaHandler = (handler: EmulatorWebHandler.WebHandler): HttpClient => ({
  sendRequest: async (request: PipelineRequest) => {
    const response = await handler(
      new Request(request.url, {
        method: request.method,
        headers: request.headers.toJSON(),
        body: typeof request.body === "string" ? request.body : null
      })
    )
    return {
      request,
      status: response.status,
      headers: createHttpHeaders(Object.fromEntries(response.headers)),
      bodyAsText: await response.text()
    }
  }
})

const setup = Effect.gen(function*() {
  const handler = yield* EmulatorWebHandler.make
  const emulator = yield* Emulator.Emulator
  const official = new CommunicationIdentityClient(
    Redacted.value(emulator.connectionString("https://emulator.local/")),
    { httpClient: viaHandler(handler) }
  )
  return { handler, emulator, official }
})

const provided = Effect.provide(Emulator.layer().pipe(Layer.provide(NodeCrypto.layer)))

describe("EmulatorWebHandler", () => {
  it.live("the official SDK runs its whole lifecycle against the handler, without a socket", () =>
    Effect.gen(function*() {
      const { emulator, official } = yield* setup
      const { token, user } = yield* Effect.promise(() => official.createUserAndToken(["chat"]))
      expect(yield* emulator.tokenStatus(token)).toBe("active")
      yield* Effect.promise(() => official.getToken(user, ["voip"]))
      yield* Effect.promise(() => official.revokeTokens(user))
      expect(yield* emulator.tokenStatus(token)).toBe("revoked")
      yield* Effect.promise(() => official.deleteUser(user))
      const stats = yield* emulator.stats
      expect([stats.identitiesCreated, stats.tokensIssued]).toEqual([1, 2])
    }).pipe(Effect.scoped, provided))

  it.live("a bad signature is the service's 401; a reset fault rejects, a truncate fault errors the body", () =>
    Effect.gen(function*() {
      const { emulator, handler } = yield* setup
      const unsigned = yield* Effect.promise(() =>
        handler(new Request("https://emulator.local/identities?api-version=2023-10-01", { method: "POST" }))
      )
      expect(unsigned.status).toBe(401)
      expect(yield* Effect.promise(() => unsigned.json())).toMatchObject({ error: { code: "Denied" } })
      const official = new CommunicationIdentityClient(
        Redacted.value(emulator.connectionString("https://emulator.local/")),
        { httpClient: viaHandler(handler), retryOptions: { maxRetries: 0 } }
      )
      yield* emulator.faults.inject({ kind: "reset" }, { count: 1 })
      const reset = yield* Effect.promise(() => official.createUser().then(() => undefined, (error: Error) => error))
      expect(reset?.message).toContain("reset the connection")
      yield* emulator.faults.inject({ kind: "truncate" }, { count: 1 })
      const cut = yield* Effect.promise(() => official.createUser().then(() => undefined, (error: Error) => error))
      expect(cut).toBeInstanceOf(Error)
      expect((yield* emulator.stats).identitiesCreated).toBe(2)
    }).pipe(Effect.scoped, provided))
})
