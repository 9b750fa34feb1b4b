import * as ErrorEnvelope from "@effect-acs/identity-protocol/ErrorEnvelope"
import * as Requests from "@effect-acs/identity-protocol/Requests"
import { describe, expect, it } from "vitest"

const user = "8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081"

describe("Requests", () => {
  it("createIdentity: no body without options, the token request with scopes, customId where the version has it", () => {
    expect(Requests.createIdentity("2023-10-01", {})).toEqual({
      ok: true,
      value: { name: "createIdentity", hasCustomId: false }
    })
    expect(Requests.createIdentity("2023-10-01", { expiresInMinutes: 60 }, ["chat"])).toEqual({
      ok: true,
      value: {
        name: "createIdentity",
        body: { createTokenWithScopes: ["chat"], expiresInMinutes: 60 },
        hasCustomId: false
      }
    })
    expect(Requests.createIdentity("2025-03-02-preview", { customId: "alice" })).toEqual({
      ok: true,
      value: { name: "createIdentity", body: { customId: "alice" }, hasCustomId: true }
    })
  })

  it("a broken rule is the violation, scopes before expiry before customId", () => {
    const violation = (checked: Requests.Checked) => checked.ok ? undefined : checked.violation.field
    expect(violation(Requests.createIdentity("2023-10-01", { expiresInMinutes: 59 }, []))).toBe("scopes")
    expect(violation(Requests.createIdentity("2023-10-01", { expiresInMinutes: 59 }, ["chat"]))).toBe(
      "expiresInMinutes"
    )
    expect(violation(Requests.createIdentity("2023-10-01", { customId: "alice" }))).toBe("customId")
    expect(violation(Requests.issueAccessToken("2023-10-01", "a b", ["chat"], {}))).toBe("user.communicationUserId")
    expect(violation(Requests.onUser("2023-10-01", "getIdentity", user, "getUser"))).toBe("apiVersion")
    expect(violation(Requests.exchangeTeamsUserAccessToken("secret", "", "app", "oid"))).toBe("teamsUserAadToken")
    expect(violation(Requests.exchangeUserAccessToken("2023-10-01", "exchangeTeamsExtensionAccessToken", "token", "m")))
      .toBe("apiVersion")
    expect(
      violation(Requests.exchangeUserAccessToken("2025-06-30", "exchangeTeamsExtensionAccessToken", "tok\nen", "m"))
    ).toBe("entraToken")
    expect(violation(Requests.exchangeUserAccessToken("2025-06-30", "exchangeEntraAccessToken", "token", "m"))).toBe(
      "apiVersion"
    )
    expect(violation(Requests.assignment("2025-03-02-preview", "getEntraAssignment", { objectId: ".." }, "m"))).toBe(
      "objectId"
    )
    expect(
      violation(Requests.assignment("2023-10-01", "getTeamsExtensionAssignment", { tenantId: "t", objectId: "o" }, "m"))
    )
      .toBe("apiVersion")
    expect(violation(Requests.updateEntraAssignments("2025-03-02-preview", { "a b": null }, "m"))).toBe("objectId")
  })

  it("requests on a user carry its id for the route; the Teams exchange keeps the token as the caller holds it", () => {
    expect(Requests.issueAccessToken("2023-10-01", user, ["voip"], {})).toEqual({
      ok: true,
      value: { name: "issueAccessToken", id: user, body: { scopes: ["voip"] } }
    })
    expect(Requests.onUser("2023-10-01", "deleteIdentity", user, "deleteUser")).toEqual({
      ok: true,
      value: { name: "deleteIdentity", id: user }
    })
    expect(
      Requests.assignment("2025-06-30", "upsertTeamsExtensionAssignment", { tenantId: "t", objectId: "o" }, "m", {
        principalType: "user"
      })
    )
      .toEqual({
        ok: true,
        value: {
          name: "upsertTeamsExtensionAssignment",
          params: { tenantId: "t", objectId: "o" },
          body: { principalType: "user" }
        }
      })
    const held = { secret: true }
    const exchange = Requests.exchangeTeamsUserAccessToken(held, "text", "app", "oid")
    expect(exchange.ok && exchange.value.body?.token).toBe(held)
  })
})

describe("ErrorEnvelope.describe", () => {
  const response = (status: number, text: string, headers: Record<string, string> = {}) => ({
    status,
    text,
    header: (name: string) => headers[name]
  })

  it("takes the envelope's fields, the correlation id and the asked delay, with secrets redacted", () => {
    const text = JSON.stringify({ error: { code: "Throttled", message: "slow down, key K3Y", target: "t" } })
    expect(ErrorEnvelope.describe(response(429, text, { "ms-cv": "cv", "retry-after-ms": "250" }), 200, ["K3Y"], 0))
      .toEqual({
        message: "slow down, key <redacted>",
        code: "Throttled",
        target: "t",
        serviceRequestId: "cv",
        retryAfterMillis: 250
      })
  })

  it("without an envelope: the body described, or the unexpected success status", () => {
    expect(ErrorEnvelope.describe(response(502, "bad gateway"), 200, [], 0)).toEqual({ message: "bad gateway" })
    expect(ErrorEnvelope.describe(response(502, "{}"), 200, [], 0)).toEqual({ message: "HTTP 502" })
    expect(ErrorEnvelope.describe(response(202, ""), 201, [], 0)).toEqual({
      message: "Unexpected status 202 (expected 201)"
    })
  })
})
