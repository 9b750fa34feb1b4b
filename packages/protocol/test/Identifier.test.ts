import * as Identifier from "@effect-acs/identity-protocol/Identifier"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

const resource = "bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd"
const tenant = "45ab2481-1c1c-4005-be24-0ffb879b1130"
const user = "207ffef6-9444-41fb-92ab-20eacaae2768"

describe("Identifier wire model", () => {
  it("serializes every kind with its rawId and the official defaults, without a kind", () => {
    expect(Identifier.serializeCommunicationIdentifier({ communicationUserId: "8:acs:a_b" })).toEqual({
      rawId: "8:acs:a_b",
      communicationUser: { id: "8:acs:a_b" }
    })
    expect(Identifier.serializeCommunicationIdentifier({ phoneNumber: "+1", assertedId: "2" })).toEqual({
      rawId: "4:+1",
      phoneNumber: { value: "+1", isAnonymous: false, assertedId: "2" }
    })
    expect(Identifier.serializeCommunicationIdentifier({ microsoftTeamsUserId: tenant, rawId: "8:orgid:x" })).toEqual({
      rawId: "8:orgid:x",
      microsoftTeamsUser: { userId: tenant, isAnonymous: false, cloud: "public" }
    })
    expect(Identifier.serializeCommunicationIdentifier({ teamsAppId: "app", cloud: "gcch" })).toEqual({
      rawId: "28:gcch:app",
      microsoftTeamsApp: { appId: "app", cloud: "gcch" }
    })
    expect(Identifier.serializeCommunicationIdentifier({ userId: user, tenantId: tenant, resourceId: resource }))
      .toEqual({
        rawId: `8:acs:${resource}_${tenant}_${user}`,
        teamsExtensionUser: { userId: user, tenantId: tenant, resourceId: resource, cloud: "public" }
      })
    expect(Identifier.serializeCommunicationIdentifier({ id: "48:x" })).toEqual({ rawId: "48:x" })
  })

  it("deserializes with the official rules: a kind that disagrees, or none and no model, is unknown", () => {
    expect(Identifier.deserialize({ communicationUser: { id: "8:acs:a_b" } })).toEqual({
      ok: true,
      value: { kind: "communicationUser", communicationUserId: "8:acs:a_b" }
    })
    expect(Identifier.deserialize({ kind: "phoneNumber", communicationUser: { id: "x" }, rawId: "r" })).toEqual({
      ok: true,
      value: { kind: "unknown", id: "r" }
    })
    expect(Identifier.deserialize({ phoneNumber: { value: "+1" }, rawId: "4:+1" })).toEqual({
      ok: true,
      value: { kind: "phoneNumber", phoneNumber: "+1", rawId: "4:+1", isAnonymous: false }
    })
  })

  it("a missing property is a violation of <kind>.<property>, checked in the official order", () => {
    expect(Identifier.deserialize({ microsoftTeamsUser: { userId: tenant } })).toEqual({
      ok: false,
      violation: {
        field: "microsoftTeamsUser.isAnonymous",
        message: "Property isAnonymous is required for identifier of type microsoftTeamsUser."
      }
    })
    expect(Identifier.deserialize({})).toEqual({
      ok: false,
      violation: { field: "unknown.rawId", message: "Property rawId is required for identifier of type unknown." }
    })
  })

  it("more than one nested model is a violation of identifier, listing them in the official order", () => {
    expect(Identifier.deserialize({ rawId: "r", phoneNumber: { value: "1" }, communicationUser: { id: "x" } })).toEqual(
      {
        ok: false,
        violation: {
          field: "identifier",
          message: `Only one of the properties in ["communicationUser","phoneNumber"] should be present.`
        }
      }
    )
  })

  it("deserialize(serialize(id)) keeps the raw id and the kind, for the identifier of any raw id", () => {
    const rawId = fc.tuple(
      fc.constantFrom(
        "4:",
        "8:acs:",
        "8:spool:",
        "8:dod-acs:",
        "8:orgid:",
        "8:gcch:",
        "8:teamsvisitor:",
        "28:dod:",
        ""
      ),
      fc.array(fc.constantFrom("a", "_", ":", "anonymous", "+1425", "b_c"), { maxLength: 6 }).map((xs) => xs.join(""))
    ).map(([prefix, rest]) => prefix + rest)
    fc.assert(
      fc.property(rawId, (raw) => {
        const identifier = Identifier.createIdentifierFromRawId(raw)
        const restored = Identifier.deserialize(Identifier.serializeCommunicationIdentifier(identifier))
        expect(restored.ok && restored.value.kind).toBe(identifier.kind)
        expect(restored.ok && Identifier.getIdentifierRawId(restored.value)).toBe(raw)
      }),
      { numRuns: 1000 }
    )
  })
})
