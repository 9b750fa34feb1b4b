import * as ErrorEnvelope from "@effect-acs/identity-protocol/ErrorEnvelope"
import * as Requests from "@effect-acs/identity-protocol/Requests"
import * as fc from "fast-check"
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

describe("Requests.shapeBody", () => {
  const strings = fc.array(fc.string(), { maxLength: 4 })
  const extra = fc.dictionary(
    fc.string().filter((key) => !["tenantId", "principalType", "clientIds"].includes(key)),
    fc.jsonValue(),
    {
      maxKeys: 3
    }
  )
  const entra = fc.record({ tenantId: fc.string(), principalType: fc.string(), clientIds: strings })
  const notString = fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { minLength: 1, maxLength: 2 })
  )

  it("an assignment keeps its model's keys only, values unchanged (property)", () => {
    fc.assert(fc.property(entra, extra, (body, more) => {
      expect(Requests.shapeBody("EntraAssignmentCreateOrUpdateRequest", { ...more, ...body })).toEqual({
        ok: true,
        value: body
      })
    }))
    fc.assert(
      fc.property(
        fc.record({ principalType: fc.string(), clientIds: strings }, { requiredKeys: ["principalType"] }),
        extra,
        (body, more) => {
          expect(Requests.shapeBody("TeamsExtensionAssignmentCreateOrUpdateRequest", { ...more, ...body })).toEqual({
            ok: true,
            value: body
          })
        }
      )
    )
  })

  it("a value of the wrong type is the violation, named by its path (property)", () => {
    fc.assert(fc.property(entra, fc.constantFrom("tenantId", "principalType"), notString, (body, key, wrong) => {
      const shaped = Requests.shapeBody("EntraAssignmentCreateOrUpdateRequest", { ...body, [key]: wrong })
      expect(shaped.ok ? undefined : shaped.violation.field).toBe(`body.${key}`)
    }))
    fc.assert(fc.property(entra, fc.nat(3), notString.filter((value) => !Array.isArray(value)), (body, at, wrong) => {
      const clientIds = [...body.clientIds.slice(0, at), wrong, ...body.clientIds.slice(at)]
      const shaped = Requests.shapeBody("EntraAssignmentCreateOrUpdateRequest", { ...body, clientIds })
      expect(shaped.ok ? undefined : shaped.violation.field).toBe(`body.clientIds.${clientIds.indexOf(wrong)}`)
    }))
    const violation = (model: Parameters<typeof Requests.shapeBody>[0], body: unknown) => {
      const shaped = Requests.shapeBody(model, body)
      return shaped.ok ? undefined : shaped.violation
    }
    expect(violation("EntraAssignmentCreateOrUpdateRequest", { tenantId: "t", principalType: "user" })).toEqual({
      field: "body.clientIds",
      message: "is missing"
    })
    expect(violation("TeamsExtensionAssignmentCreateOrUpdateRequest", { principalType: "user" })).toBeUndefined()
    expect(violation("TeamsExtensionAssignmentCreateOrUpdateRequest", [])?.field).toBe("body")
    expect(violation("TeamsExtensionAssignmentCreateOrUpdateRequest", null)?.field).toBe("body")
  })

  it("a bulk update: each change shaped or null, an object id such as __proto__ kept as a key", () => {
    const change = { tenantId: "t", principalType: "group", clientIds: ["c"], extra: 1 }
    const body = JSON.parse(`{"__proto__": ${JSON.stringify(change)}, "b": null}`) as unknown
    const shaped = Requests.shapeBody("EntraAssignmentUpdateBulkRequest", body)
    expect(shaped.ok && JSON.stringify(shaped.value)).toBe(
      `{"__proto__":{"tenantId":"t","principalType":"group","clientIds":["c"]},"b":null}`
    )
    const broken = Requests.shapeBody("EntraAssignmentUpdateBulkRequest", { a: { ...change, principalType: 7 } })
    expect(broken.ok ? undefined : broken.violation.field).toBe("body.a.principalType")
    expect(Requests.shapeBody("EntraAssignmentUpdateBulkRequest", "x").ok).toBe(false)
  })

  it("a body built here in full passes as it is", () => {
    const body = { token: "t", appId: "a", userId: "u" }
    expect(Requests.shapeBody("TeamsUserExchangeTokenRequest", body)).toEqual({ ok: true, value: body })
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
