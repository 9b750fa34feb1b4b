import { describe, expect, it } from "@effect/vitest"
import * as ApiVersion from "@effect-acs/identity/ApiVersion"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { decodeJwt, foreignId, inProcess, makeClient } from "./utils.js"

const start = Date.UTC(2026, 0, 15, 12, 0, 0, 250)

const serviceError = <A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E>) =>
  Effect.map(Effect.flip(effect), (error) => error as E & { readonly status?: number; readonly code?: string })

describe("lifecycle", () => {
  for (const version of ApiVersion.all) {
    it.effect(`create, issue, revoke and delete with api-version ${version}`, () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(start)
        const emulator = yield* Emulator.Emulator
        const client = yield* makeClient(version)
        const user = yield* client.createUser()
        expect(user.communicationUserId).toMatch(new RegExp(`^8:acs:${emulator.resourceId}_[0-9a-f-]{36}$`))
        const created = yield* client.createUserAndToken(["chat", "voip"], { expiresInMinutes: 60 })
        expect(created.expiresOn.getTime()).toBe(start + 60 * 60_000)
        const token = yield* client.getToken(user, ["voip"])
        expect(token.expiresOn.getTime()).toBe(start + 1440 * 60_000)
        expect(yield* emulator.tokenStatus(token.token)).toBe("active")
        yield* client.revokeTokens(user)
        expect(yield* emulator.tokenStatus(token.token)).toBe("revoked")
        yield* client.deleteUser(user)
        yield* client.deleteUser(created.user)
        const stats = yield* emulator.stats
        expect(stats.identitiesCreated).toBe(2)
        expect(stats.tokensIssued).toBe(2)
        expect(stats.requests.createIdentity).toBe(2)
        expect(stats.requests.deleteIdentity).toBe(2)
        const join = client.getToken(created.user, ["chat.join", "voip.join"])
        if (ApiVersion.supports(version, "joinScopes")) {
          // deleted identities are 404
          expect(yield* serviceError(join)).toMatchObject({ status: 404, code: "IdentityNotFound" })
        } else {
          expect((yield* serviceError(join))._tag).toBe("InvalidInput")
        }
      }).pipe(Effect.provide(inProcess())))
  }

  it.effect("tokens are HS256 JWTs with the service's claims and exp - iat = minutes * 60", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const emulator = yield* Emulator.Emulator
      const client = yield* makeClient("2023-10-01")
      for (const minutes of [60, 61, 1440]) {
        const { token, user } = yield* client.createUserAndToken(["chat", "voip"], { expiresInMinutes: minutes })
        const { header, payload } = decodeJwt(token)
        expect(header).toEqual({ alg: "HS256", kid: "1", typ: "JWT" })
        const iat = Math.floor(start / 1000)
        expect(payload).toEqual({
          skypeid: user.communicationUserId.slice(2),
          scp: 1792,
          csi: String(iat),
          exp: iat + minutes * 60,
          acsScope: "chat,voip",
          resourceId: emulator.resourceId,
          iat,
          jti: expect.stringMatching(/^[0-9a-f-]{36}$/)
        })
      }
      const { token } = yield* client.createUserAndToken(["voip"])
      const { payload } = decodeJwt(token)
      expect((payload.exp as number) - (payload.iat as number)).toBe(1440 * 60)
      expect(payload.acsScope).toBe("voip")
    }).pipe(Effect.provide(inProcess())))

  it.effect("tokens expire, and only tokens issued before a revoke are revoked", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const client = yield* makeClient()
      const user = yield* client.createUser()
      const before = yield* client.getToken(user, ["chat"], { expiresInMinutes: 60 })
      const other = yield* client.createUserAndToken(["chat"])
      yield* client.revokeTokens(user)
      const after = yield* client.getToken(user, ["chat"], { expiresInMinutes: 60 })
      expect(yield* emulator.tokenStatus(before.token)).toBe("revoked")
      expect(yield* emulator.tokenStatus(after.token)).toBe("active")
      expect(yield* emulator.tokenStatus(other.token)).toBe("active")
      const [head, payload] = Redacted.value(after.token).split(".")
      expect(yield* emulator.tokenStatus(`${head}.${payload}.forged`)).toBe("unknown")
      expect(yield* emulator.tokenStatus("not a token")).toBe("unknown")
      yield* TestClock.adjust("60 minutes")
      expect(yield* emulator.tokenStatus(after.token)).toBe("expired")
      expect(yield* emulator.tokenStatus(other.token)).toBe("active")
    }).pipe(Effect.provide(inProcess())))

  it.effect("deleted identities: 404 for get, issue and revoke, 204 for a repeated delete, tokens revoked", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const client = yield* makeClient("2025-03-02-preview")
      const { token, user } = yield* client.createUserAndToken(["chat"])
      yield* client.deleteUser(user)
      expect(yield* emulator.tokenStatus(token)).toBe("revoked")
      for (const call of [client.getUser(user), client.getToken(user, ["chat"]), client.revokeTokens(user)]) {
        expect(yield* serviceError(call)).toMatchObject({ status: 404, code: "IdentityNotFound" })
      }
      yield* client.deleteUser(user)
      const unknown = { communicationUserId: `8:acs:${emulator.resourceId}_00000000-0000-0000-0000-000000000000` }
      expect(yield* serviceError(client.deleteUser(unknown))).toMatchObject({ status: 404, code: "IdentityNotFound" })
    }).pipe(Effect.provide(inProcess())))

  it.effect("ids of another resource and malformed ids are 401 IdentityNotOwned", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const client = yield* makeClient("2025-03-02-preview")
      for (const id of [foreignId, "8:acs:not-a-resource", `8:acs:${emulator.resourceId}_`, "4:+14255550123"]) {
        const user = { communicationUserId: id }
        for (
          const call of [
            client.getToken(user, ["chat"]),
            client.revokeTokens(user),
            client.deleteUser(user),
            client.getUser(user)
          ]
        ) {
          const error = yield* serviceError(call)
          expect(error).toMatchObject({
            status: 401,
            code: "IdentityNotOwned",
            message: "Provided identity doesn't belong to the resource."
          })
        }
      }
    }).pipe(Effect.provide(inProcess())))

  it.effect("customId: same identity on repeat and under 20 concurrent creates; lastTokenIssuedAt tracked", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const emulator = yield* Emulator.Emulator
      const client = yield* makeClient("2025-03-02-preview")
      const users = yield* Effect.all(
        Array.from({ length: 20 }, () => client.createUser({ customId: "sally@contoso.com" })),
        { concurrency: "unbounded" }
      )
      expect(new Set(users.map((user) => user.communicationUserId)).size).toBe(1)
      expect((yield* emulator.stats).identitiesCreated).toBe(1)
      const user = users[0]!
      expect(yield* client.getUser(user)).toEqual({ user, customId: "sally@contoso.com" })
      yield* TestClock.adjust("1 second")
      const again = yield* client.createUserAndToken(["chat"], { customId: "sally@contoso.com" })
      expect(again.user).toEqual(user)
      expect(yield* client.getUser(user)).toEqual({
        user,
        customId: "sally@contoso.com",
        lastTokenIssuedAt: new Date(start + 1000)
      })
      const other = yield* client.createUser({ customId: "bob" })
      expect(other.communicationUserId).not.toBe(user.communicationUserId)
      // a deleted identity frees its customId
      yield* client.deleteUser(user)
      const fresh = yield* client.createUser({ customId: "sally@contoso.com" })
      expect(fresh.communicationUserId).not.toBe(user.communicationUserId)
      expect((yield* emulator.stats).identitiesCreated).toBe(3)
    }).pipe(Effect.provide(inProcess())))
})
