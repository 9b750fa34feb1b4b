import * as Responses from "@effect-acs/identity-protocol/Responses"
import * as TokenRefresh from "@effect-acs/identity-protocol/TokenRefresh"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

const token = { token: "secret.token.value", expiresOn: "2030-01-01T00:00:00.0000000+00:00" }

describe("Responses", () => {
  it("reads each model, dropping unknown keys and parsing timestamps", () => {
    expect(Responses.readIdentityAndToken({ identity: { id: "8:acs:x", extra: 1 }, accessToken: token })).toEqual({
      ok: true,
      value: {
        identity: { id: "8:acs:x" },
        accessToken: { token: token.token, expiresOn: new Date("2030-01-01T00:00:00Z") }
      }
    })
    expect(Responses.readIdentityAndToken({ identity: { id: "8:acs:x" } })).toEqual({
      ok: true,
      value: { identity: { id: "8:acs:x" } }
    })
    expect(Responses.readIdentity({ id: "i", customId: "c", lastTokenIssuedAt: "2024-02-29T10:00:00Z" })).toEqual({
      ok: true,
      value: { id: "i", customId: "c", lastTokenIssuedAt: new Date("2024-02-29T10:00:00Z") }
    })
    const assignment = { objectId: "o", tenantId: "t", principalType: "user", clientIds: ["a"] }
    expect(Responses.readEntraAssignments({ value: [assignment], nextLink: "n", more: true })).toEqual({
      ok: true,
      value: { value: [assignment], nextLink: "n" }
    })
    expect(Responses.readTeamsExtensionAssignment({ ...assignment, clientIds: undefined })).toEqual({
      ok: true,
      value: { objectId: "o", tenantId: "t", principalType: "user" }
    })
    expect(Responses.readEntraUpdate(undefined)).toEqual({ ok: true, value: { value: [] } })
    expect(Responses.readNothing(undefined)).toEqual({ ok: true, value: undefined })
  })

  it("names the first problem by path and expectation, never the value", () => {
    const problem = (result: Responses.Result<unknown>) => result.ok ? undefined : result.violation
    expect(problem(Responses.readAccessToken({ token: 5, expiresOn: token.expiresOn }))).toEqual({
      field: "token",
      message: "Expected string"
    })
    expect(problem(Responses.readAccessToken({ token: "secret-in-body", expiresOn: "tomorrow secret-in-body" })))
      .toEqual({
        field: "expiresOn",
        message: "Expected an RFC 3339 date-time"
      })
    expect(problem(Responses.readExchange({ identity: { id: "x" } }))).toEqual({
      field: "accessToken",
      message: "is missing"
    })
    expect(
      problem(
        Responses.readEntraAssignments({
          value: [{ objectId: "o", tenantId: "t", principalType: "u", clientIds: [1] }]
        })
      )
    )
      .toEqual({ field: "value.0.clientIds.0", message: "Expected string" })
    expect(problem(Responses.readEntraAssignments(undefined))).toEqual({ field: "body", message: "Expected an object" })
    expect(problem(Responses.readNothing({}))).toEqual({ field: "body", message: "Expected no body" })
    fc.assert(fc.property(fc.jsonValue(), (json) => {
      for (
        const reader of [Responses.readIdentityAndToken, Responses.readAccessToken, Responses.readEntraAssignments]
      ) {
        const result = reader(json)
        if (!result.ok) expect(JSON.stringify(result.violation)).not.toContain("secret")
      }
    }))
  })
})

describe("Responses.map", () => {
  it("maps a reader's value and passes its problem through unchanged", () => {
    const userId = Responses.map(Responses.readIdentity, (identity) => identity.id)
    expect(userId({ id: "8:acs:r_u" })).toEqual({ ok: true, value: "8:acs:r_u" })
    const problem = Responses.readIdentity({})
    expect(problem.ok).toBe(false)
    expect(userId({})).toEqual(problem)
  })
})

describe("TokenRefresh.readToken", () => {
  it("a string's expiry from its JWT, or the opaque lifetime; an AccessToken as given; the official messages", () => {
    const jwt = `e30.${btoa(JSON.stringify({ exp: 2_000_000_000 })).replace(/=+$/, "")}.c2ln`
    expect(TokenRefresh.readToken(jwt, 0, undefined)).toEqual({
      ok: true,
      value: { token: jwt, expiresOnTimestamp: 2e12, opaque: false }
    })
    expect(TokenRefresh.readToken("opaque", 1000, 5)).toEqual({
      ok: true,
      value: { token: "opaque", expiresOnTimestamp: 6000, opaque: true }
    })
    expect(TokenRefresh.readToken({ token: "t", expiresOnTimestamp: 7 }, 0, undefined)).toEqual({
      ok: true,
      value: { token: "t", expiresOnTimestamp: 7, opaque: false }
    })
    expect(TokenRefresh.readToken(" ", 0, undefined)).toEqual({
      ok: false,
      violation: { field: "token", message: "The token is empty." }
    })
    expect(TokenRefresh.readToken("opaque", 0, -1)).toEqual({
      ok: false,
      violation: { field: "opaqueTokenLifetimeSeconds", message: TokenRefresh.messages.invalidLifetime }
    })
    for (const bad of [{ token: "", expiresOnTimestamp: 1 }, { token: "t", expiresOnTimestamp: Infinity }, 5, null]) {
      expect(TokenRefresh.readToken(bad, 0, undefined)).toEqual({
        ok: false,
        violation: { field: "token", message: TokenRefresh.messages.invalidAccessToken }
      })
    }
  })
})
