/**
 * `ConnectionString` on the cases of test/cases/ConnectionString.ts (shared
 * with the other Effect line's suite): what is accepted and what it gives,
 * what is rejected and with which field and message, never echoing the key.
 */
import * as ConnectionString from "@effect-acs/identity/ConnectionString"
import { InvalidInput } from "@effect-acs/identity/IdentityError"
import { assert, describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import * as Redacted from "effect/Redacted"
import { inspect } from "node:util"
import * as Cases from "../../../test/cases/ConnectionString.js"

const parsed = (input: string | Redacted.Redacted<string>) => {
  const result = ConnectionString.parse(input)
  if (Either.isLeft(result)) assert.fail(`expected ${JSON.stringify(String(input))} to parse: ${result.left.message}`)
  return result.right
}

const failure = (input: string) => {
  const result = ConnectionString.parse(input)
  if (Either.isRight(result)) assert.fail(`expected ${JSON.stringify(input)} to be rejected`)
  return result.left
}

describe("ConnectionString.parse: accepted", () => {
  it.each(Cases.good)("%s", (_, input, endpoint, key) => {
    const cs = parsed(input)
    expect(cs.endpoint).toBe(endpoint)
    expect(Redacted.isRedacted(cs.accessKey)).toBe(true)
    expect(Redacted.value(cs.accessKey)).toBe(key)
    // a redacted connection string parses the same
    const again = parsed(Redacted.make(input))
    expect(again.endpoint).toBe(endpoint)
    expect(Redacted.value(again.accessKey)).toBe(key)
  })

  it("keeps the key redacted", () => {
    const cs = parsed(`endpoint=https://h.example.com/;accesskey=${Cases.KEY}`)
    expect(String(cs.accessKey)).toBe("<redacted>")
    expect(JSON.stringify(cs)).not.toContain(Cases.KEY)
    expect(inspect(cs, { depth: 10 })).not.toContain(Cases.KEY)
    expect(String(ConnectionString.format(cs))).not.toContain(Cases.KEY)
  })

  it("format gives the canonical form", () => {
    const cs = parsed(`AccessKey = ${Cases.KEY} ; Endpoint = https://HOST:443`)
    expect(Redacted.value(ConnectionString.format(cs))).toBe(`endpoint=https://host/;accesskey=${Cases.KEY}`)
  })
})

describe("ConnectionString.parse: rejected", () => {
  it.each(Cases.bad)("%s", (_, input, field, fragment, secret) => {
    const error = failure(input)
    expect(error).toBeInstanceOf(InvalidInput)
    expect(error._tag).toBe("InvalidInput")
    expect(error.field).toBe(field)
    expect(error.message).toContain(fragment)
    for (const rendered of [error.message, String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(rendered).not.toContain(secret)
    }
    // also when the whole connection string comes redacted
    const redacted = ConnectionString.parse(Redacted.make(input))
    assert(Either.isLeft(redacted))
    expect(redacted.left.message).toBe(error.message)
  })
})

describe("ConnectionString.parseEndpoint", () => {
  it.each(Cases.endpoints)("%s -> %s", (input, expected) => {
    expect(ConnectionString.parseEndpoint(input)).toEqual(Either.right(expected))
    expect(ConnectionString.parseEndpoint(new URL(input.trim()))).toEqual(Either.right(expected))
  })

  it("names the field it was given", () => {
    const result = ConnectionString.parseEndpoint("ftp://h/", "options.endpoint")
    assert(Either.isLeft(result))
    expect(result.left.field).toBe("options.endpoint")
    expect(result.left.message).toContain("options.endpoint")
  })
})

describe("ConnectionString.decodeAccessKey", () => {
  it.each(Cases.keys)("%s decodes", (key, bytes) => {
    expect(ConnectionString.decodeAccessKey(Redacted.make(key))).toEqual(Either.right(Uint8Array.from(bytes)))
  })

  it.each(Cases.badKeys)("%j is rejected without echo", (key) => {
    const result = ConnectionString.decodeAccessKey(Redacted.make(key), "accessKey")
    assert(Either.isLeft(result))
    expect(result.left.field).toBe("accessKey")
    if (key.trim().length > 1) expect(JSON.stringify(result.left)).not.toContain(key.trim())
  })
})

describe("ConnectionString properties", () => {
  it.prop("parse(format(cs)) equals cs", [Cases.endpointArb, Cases.keyArb], ([raw, key]) => {
    const normalised = ConnectionString.parseEndpoint(raw)
    assert(Either.isRight(normalised), `endpoint ${raw} rejected`)
    expect(normalised.right).toMatch(/^https?:\/\/[^/]+\/$/)
    // normalisation is idempotent
    expect(ConnectionString.parseEndpoint(normalised.right)).toEqual(normalised)

    const cs: ConnectionString.ConnectionString = { endpoint: normalised.right, accessKey: Redacted.make(key) }
    const back = parsed(ConnectionString.format(cs))
    expect(back.endpoint).toBe(cs.endpoint)
    expect(Redacted.value(back.accessKey)).toBe(key)
  }, { fastCheck: { numRuns: 300 } })

  it.prop(
    "order, key case, spaces and a trailing ; do not matter",
    [
      Cases.endpointArb,
      Cases.keyArb,
      fc.boolean(),
      Cases.endpointNames,
      Cases.accessKeyNames,
      Cases.spaces,
      fc.boolean()
    ],
    ([raw, key, swap, endpointName, keyName, space, trailing]) => {
      const canonical = parsed(`endpoint=${raw};accesskey=${key}`)
      const pairs = [`${space}${endpointName}${space}=${space}${raw}${space}`, `${space}${keyName}=${key}${space}`]
      const input = (swap ? pairs.reverse() : pairs).join(";") + (trailing ? ";" : "")
      const variant = parsed(input)
      expect(variant.endpoint).toBe(canonical.endpoint)
      expect(Redacted.value(variant.accessKey)).toBe(key)
    },
    { fastCheck: { numRuns: 200 } }
  )

  it.prop("a rejected connection string never shows its key", [Cases.secretKeyArb, Cases.rejecting], ([key, build]) => {
    const error = failure(build(key))
    for (const rendered of [error.message, String(error), JSON.stringify(error)]) {
      expect(rendered).not.toContain(key)
    }
  }, { fastCheck: { numRuns: 200 } })
})
