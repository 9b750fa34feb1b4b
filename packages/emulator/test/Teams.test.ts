import { describe, expect, it } from "@effect/vitest"
import * as ApiVersion from "@effect-acs/identity/ApiVersion"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { decodeJwt, fakeJwt, inProcess, makeClient, type RawResponse, send } from "./utils.js"

const start = Date.UTC(2026, 0, 15, 12, 0, 0)
const exp = start / 1000 + 3600
const appId = "2c3e1e83-8fd7-4615-ad2b-b8c1229845ac"
const userId = "32c0a5db-05ec-78ea-51ab-3f06b329397e"
const tenantId = "c70d068c-2f32-484d-9455-73070cd5aadd"
const invalidToken = { code: "InvalidAccessToken", message: "Provided access token is not valid." }

const expectError = (response: RawResponse, status: number, error: Record<string, string>) => {
  expect(response.status).toBe(status)
  expect(response.json).toEqual({ error })
}

describe("Teams user token exchange", () => {
  it.effect("an unexpired Entra token with matching appid and oid becomes an ACS token with its expiry", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const client = yield* makeClient("2023-10-01")
      const token = yield* client.getTokenForTeamsUser({
        teamsUserAadToken: fakeJwt({ appid: appId, oid: userId, tid: tenantId, exp }),
        clientId: appId,
        userObjectId: userId
      })
      expect(token.expiresOn.getTime()).toBe(exp * 1000)
      const { payload } = decodeJwt(token.token)
      expect(payload).toMatchObject({ skypeid: `orgid:${userId}`, exp, iat: start / 1000 })
      // v2 tokens carry the client id as azp
      const v2 = yield* client.getTokenForTeamsUser({
        teamsUserAadToken: Redacted.make(fakeJwt({ azp: appId, oid: userId, exp })),
        clientId: appId,
        userObjectId: userId
      })
      expect(v2.expiresOn.getTime()).toBe(exp * 1000)
      expect((yield* Effect.flatMap(Emulator.Emulator, (emulator) => emulator.stats)).tokensIssued).toBe(2)
    }).pipe(Effect.provide(inProcess())))

  for (const version of ApiVersion.all) {
    it.effect(`rejects bad tokens (401), app ids and user ids (400) with api-version ${version}`, () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(start)
        const exchange = (body: Record<string, unknown>) =>
          send({
            method: "POST",
            path: `/teamsUser/:exchangeAccessToken?api-version=${version}`,
            body: JSON.stringify(body)
          })
        const good = fakeJwt({ appid: appId, oid: userId, exp })
        expect((yield* exchange({ token: good, appId, userId })).status).toBe(200)
        for (
          const token of [
            "",
            "AzureActiveDirectoryAccessTokenOfATeamsUser",
            fakeJwt({ appid: appId, oid: userId, exp: start / 1000 }),
            fakeJwt({ appid: appId, oid: userId }),
            7
          ]
        ) {
          expectError(yield* exchange({ token, appId, userId }), 401, invalidToken)
        }
        expectError(yield* exchange({ appId, userId }), 401, invalidToken)
        const badAppId = { code: "ValidationError", message: "Provided AppId has invalid format.", target: "appId" }
        expectError(
          yield* exchange({ token: good, appId: "00000000-0000-0000-0000-000000000000", userId }),
          400,
          badAppId
        )
        expectError(yield* exchange({ token: good, userId }), 400, badAppId)
        expectError(yield* exchange({ token: good, appId, userId: "someone-else" }), 400, {
          code: "ValidationError",
          message: "Provided UserId has invalid format.",
          target: "userId"
        })
        expectError(yield* exchange({ token: fakeJwt({ oid: userId, exp }), appId, userId }), 400, badAppId)
      }).pipe(Effect.provide(inProcess())))
  }
})

describe("Teams extension token exchange", () => {
  const path = (version: string) => `/access/teamsExtension/:exchangeAccessToken?api-version=${version}`
  const exchange = (version: string, headers: Record<string, string>, body = "{}") =>
    send({ method: "POST", path: path(version), body, sign: false, headers })
  const bearer = (claims: Record<string, unknown>) => ({ authorization: `Bearer ${fakeJwt(claims)}` })

  for (const version of ApiVersion.versionsWith("teamsExtension")) {
    it.effect(`exchanges the user's bearer Entra token with api-version ${version}`, () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(start)
        const emulator = yield* Emulator.Emulator
        const response = yield* exchange(version, bearer({ tid: tenantId, oid: userId, exp }))
        expect(response.status).toBe(200)
        const result = response.json as { identity: { id: string }; accessToken: { token: string; expiresOn: string } }
        expect(result.identity).toEqual({ id: `8:acs:${emulator.resourceId}_${tenantId}_${userId}` })
        expect(result.accessToken.expiresOn).toBe(new Date(exp * 1000).toISOString().slice(0, 23) + "0000+00:00")
        expect(decodeJwt(result.accessToken.token).payload).toMatchObject({
          skypeid: result.identity.id.slice(2),
          acsScope: "voip",
          exp
        })
        expect((yield* exchange(version, bearer({ tid: tenantId, oid: userId, exp }), "")).status).toBe(200)
        for (
          const headers of [
            {},
            bearer({ oid: userId, exp }),
            bearer({ tid: tenantId, exp }),
            bearer({ tid: tenantId, oid: userId, exp: start / 1000 }),
            { authorization: "Bearer garbage" }
          ]
        ) {
          expectError(yield* exchange(version, headers), 401, invalidToken)
        }
        // an HMAC signature is no substitute for the user's token
        const signed = yield* send({ method: "POST", path: path(version), body: "{}" })
        expectError(signed, 401, invalidToken)
        const malformed = yield* exchange(version, bearer({ tid: tenantId, oid: userId, exp }), "{")
        expect(malformed.status).toBe(400)
      }).pipe(Effect.provide(inProcess())))
  }
})
