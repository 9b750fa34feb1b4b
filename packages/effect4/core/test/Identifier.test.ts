/**
 * Identifiers (Effect 4; identity-api.md §9): raw-id parsing and formatting, kinds and
 * guards, and the serializer, on the cases of test/cases/Identifier.ts
 * (shared with the other Effect line's suite).
 */
import * as Identifier from "@effect-acs/identity-effect4/Identifier"
import type {
  CommunicationIdentifier,
  SerializedCommunicationIdentifier
} from "@effect-acs/identity-effect4/Identifier"
import { InvalidInput } from "@effect-acs/identity-effect4/IdentityError"
import { assert, describe, it } from "@effect/vitest"
import * as Result from "effect/Result"
import * as fc from "fast-check"
import * as Schema from "effect/Schema"
import * as Cases from "../../../../test/cases/Identifier.js"

describe("raw ids", () => {
  it.each(Cases.rawIds)("createIdentifierFromRawId(%j)", (rawId, expected) => {
    assert.deepStrictEqual(Identifier.createIdentifierFromRawId(rawId), expected)
  })

  it.each(Cases.rawIds)("getIdentifierRawId(createIdentifierFromRawId(%j)) is the raw id", (rawId) => {
    assert.strictEqual(Identifier.getIdentifierRawId(Identifier.createIdentifierFromRawId(rawId)), rawId)
  })

  it("the table covers every prefix, cloud and kind", () => {
    for (const prefix of Cases.prefixes) assert.isTrue(Cases.rawIds.some(([raw]) => raw.startsWith(prefix)), prefix)
    const kinds = new Set(Cases.rawIds.map(([, identifier]) => identifier.kind))
    assert.strictEqual(kinds.size, 6)
  })

  it.each(Cases.rawIdsOf)("getIdentifierRawId(%j)", (identifier, expected) => {
    assert.strictEqual(Identifier.getIdentifierRawId(identifier), expected)
  })
})

describe("kinds and guards", () => {
  it("guards test the official discriminating properties", () => {
    const communicationUserId = { communicationUserId: "alice" }
    assert.isTrue(Identifier.isCommunicationUserIdentifier(communicationUserId))
    assert.isFalse(Identifier.isPhoneNumberIdentifier(communicationUserId))
    assert.isFalse(Identifier.isMicrosoftTeamsUserIdentifier(communicationUserId))
    assert.isFalse(Identifier.isMicrosoftTeamsAppIdentifier(communicationUserId))
    assert.isFalse(Identifier.isTeamsExtensionUserIdentifier(communicationUserId))
    assert.isFalse(Identifier.isUnknownIdentifier(communicationUserId))
    assert.isTrue(Identifier.isPhoneNumberIdentifier({ phoneNumber: "123" }))
    assert.isTrue(Identifier.isMicrosoftTeamsUserIdentifier({ microsoftTeamsUserId: "x" }))
    assert.isTrue(Identifier.isMicrosoftTeamsAppIdentifier({ teamsAppId: "x" }))
    assert.isTrue(Identifier.isTeamsExtensionUserIdentifier({ userId: "u", tenantId: "t", resourceId: "r" }))
    assert.isFalse(Identifier.isTeamsExtensionUserIdentifier({ userId: "u", tenantId: "t" } as never))
    assert.isTrue(Identifier.isUnknownIdentifier({ id: "x" }))
    assert.isFalse(Identifier.isCommunicationUserIdentifier({ communicationUserId: 1 } as never))
  })

  it.each(Cases.kinds)("getIdentifierKind(%j).kind", (identifier, kind) => {
    const result = Identifier.getIdentifierKind(identifier as CommunicationIdentifier)
    assert.strictEqual(result.kind, kind)
    // the identifier's own properties are kept
    for (const [key, value] of Object.entries(identifier as object)) {
      if (key !== "kind") assert.strictEqual((result as unknown as Record<string, unknown>)[key], value)
    }
  })
})

const expectThrows = (input: unknown, message: string | RegExp) => {
  let thrown: unknown
  try {
    Identifier.deserializeCommunicationIdentifier(input as SerializedCommunicationIdentifier)
  } catch (error) {
    thrown = error
  }
  assert.instanceOf(thrown, Error)
  assert.instanceOf(thrown, InvalidInput)
  if (typeof message === "string") assert.strictEqual((thrown as Error).message, message)
  else assert.match((thrown as Error).message, message)
  const decoded = Identifier.decodeSerializedIdentifier(input)
  assert.isTrue(Result.isFailure(decoded))
}

describe("serializer", () => {
  it.each(Cases.serialized)("serializeCommunicationIdentifier(%j)", (identifier, expected) => {
    assert.deepStrictEqual(Identifier.serializeCommunicationIdentifier(identifier), expected)
  })

  it.each(Cases.deserialized)("deserializeCommunicationIdentifier(%j)", (serialized, expected) => {
    assert.deepStrictEqual(
      Identifier.deserializeCommunicationIdentifier(serialized as SerializedCommunicationIdentifier),
      expected
    )
    assert.deepStrictEqual(Identifier.decodeSerializedIdentifier(serialized), Result.succeed(expected))
  })

  it.each(Cases.lacking)("%j lacks a required property", (serialized, type, property) => {
    expectThrows(serialized, `Property ${property} is required for identifier of type ${type}.`)
    const decoded = Identifier.decodeSerializedIdentifier(serialized)
    assert.strictEqual(Result.isFailure(decoded) ? decoded.failure.field : "", `${type}.${property}`)
  })

  it.each(Cases.ambiguous)("more than one nested model: %j", (serialized, present) => {
    expectThrows(serialized, `Only one of the properties in ${present} should be present.`)
  })

  it.each(Cases.notWireModels)("rejects %j, which is not the wire model, with a typed error", (input) => {
    const decoded = Identifier.decodeSerializedIdentifier(input)
    if (Result.isSuccess(decoded)) throw new Error("expected an InvalidInput")
    assert.instanceOf(decoded.failure, InvalidInput)
    assert.strictEqual(decoded.failure.field, "identifier")
    assert.match(decoded.failure.message, /^Invalid serialized identifier: /)
  })

  it("CommunicationIdentifierFromSerialized: the same rules as a Schema", () => {
    const decode = Schema.decodeUnknownResult(Identifier.CommunicationIdentifierFromSerialized)
    assert.deepStrictEqual(
      decode({ rawId: "4:+1", phoneNumber: { value: "+1" } }),
      Result.succeed({ ...Cases.phone("+1", {}), rawId: "4:+1" })
    )
    const failed = decode({ phoneNumber: { value: "+1" } })
    assert.isTrue(Result.isFailure(failed))
    assert.include(
      String(Result.isFailure(failed) ? failed.failure : ""),
      "Property rawId is required for identifier of type phoneNumber."
    )
    const encoded = Schema.encodeSync(Identifier.CommunicationIdentifierFromSerialized)(
      Cases.teamsApp(Cases.app, "dod")
    )
    assert.deepStrictEqual(encoded, {
      rawId: `28:dod:${Cases.app}`,
      microsoftTeamsApp: { appId: Cases.app, cloud: "dod" }
    })
  })

  it("CommunicationIdentifierFromRawId: createIdentifierFromRawId and getIdentifierRawId as a Schema", () => {
    const schema = Schema.Array(Identifier.CommunicationIdentifierFromRawId)
    const raw = Cases.rawIds.map(([id]) => id)
    const decoded = Schema.decodeSync(schema)(raw)
    assert.deepStrictEqual(decoded, Cases.rawIds.map(([, identifier]) => identifier))
    assert.deepStrictEqual(Schema.encodeSync(schema)(decoded), raw)
  })
})

describe("properties", () => {
  it("format(parse(raw)) == raw for every raw id", () => {
    fc.assert(
      fc.property(Cases.rawIdArbitrary, (raw) => {
        assert.strictEqual(Identifier.getIdentifierRawId(Identifier.createIdentifierFromRawId(raw)), raw)
      }),
      { numRuns: 2000 }
    )
  })

  it("parse(format(id)) == id for every identifier in canonical form", () => {
    fc.assert(
      fc.property(Cases.canonicalArbitrary, (identifier) => {
        assert.deepStrictEqual(
          Identifier.createIdentifierFromRawId(Identifier.getIdentifierRawId(identifier)),
          identifier
        )
      }),
      { numRuns: 2000 }
    )
  })

  it("deserialize(serialize(id)) keeps the kind and raw id, filling the defaults", () => {
    fc.assert(
      fc.property(Cases.canonicalArbitrary, (identifier) => {
        const serialized = Identifier.serializeCommunicationIdentifier(identifier)
        const restored = Identifier.deserializeCommunicationIdentifier(JSON.parse(JSON.stringify(serialized)))
        assert.strictEqual(restored.kind, identifier.kind)
        assert.strictEqual(Identifier.getIdentifierRawId(restored), Identifier.getIdentifierRawId(identifier))
        // and serializing again is stable
        assert.deepStrictEqual(Identifier.serializeCommunicationIdentifier(restored), serialized)
      }),
      { numRuns: 1000 }
    )
  })

  it("the Schema round-trips raw ids through the wire model", () => {
    fc.assert(
      fc.property(Cases.rawIdArbitrary, (raw) => {
        const identifier = Identifier.createIdentifierFromRawId(raw)
        const wire = Schema.encodeSync(Identifier.CommunicationIdentifierFromSerialized)(identifier)
        const decoded = Schema.decodeUnknownSync(Identifier.CommunicationIdentifierFromSerialized)(
          JSON.parse(JSON.stringify(wire))
        )
        assert.strictEqual(Identifier.getIdentifierRawId(decoded), raw)
      }),
      { numRuns: 1000 }
    )
  })
})
