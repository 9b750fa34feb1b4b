/**
 * `TokenParser`: what a client reads from an access token (identity-api.md §8,
 * the official `tokenParser` with `jwt-decode`): `exp` and `acsScope` from the
 * base64(url) JWT payload, no signature check; anything else non-blank is an
 * opaque token with a fallback lifetime; a blank token is an `InvalidInput`. The
 * cases are test/cases/TokenParser.ts, shared with the other Effect line's suite.
 */
import { InvalidInput } from "@effect-acs/identity/IdentityError"
import * as TokenParser from "@effect-acs/identity/TokenParser"
import { assert, describe, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import * as Redacted from "effect/Redacted"
import * as Cases from "../../../test/cases/TokenParser.js"

const parse = (token: string | Redacted.Redacted<string>, options: Partial<TokenParser.Options> = {}) =>
  TokenParser.parse(token, { now: Cases.now, ...options })
const right = <A, E>(either: Either.Either<A, E>): A => {
  if (Either.isLeft(either)) throw new Error(`expected Right, got ${String(either.left)}`)
  return either.right
}
const left = <A, E>(either: Either.Either<A, E>): E => {
  if (Either.isRight(either)) throw new Error("expected Left")
  return either.left
}

describe("JWT", () => {
  it("reads exp (seconds → epoch ms) and acsScope from a real token's claims", () => {
    assert.deepStrictEqual(right(parse(Cases.jwt(Cases.realClaims))), {
      expiresOnTimestamp: 1657874732000,
      scopes: ["chat"],
      opaque: false
    })
  })

  it.each(Cases.scopeSplits)("splits acsScope %j on commas", (acsScope, scopes) => {
    assert.deepStrictEqual(right(parse(Cases.jwt({ exp: 1, acsScope }))).scopes, scopes)
  })

  it("has no scopes without a string acsScope; a fractional exp is kept", () => {
    assert.deepStrictEqual(right(parse(Cases.jwt({ exp: 1.5 }))), {
      expiresOnTimestamp: 1500,
      scopes: [],
      opaque: false
    })
    assert.deepStrictEqual(right(parse(Cases.jwt({ exp: 2, acsScope: ["chat"] }))).scopes, [])
  })

  it.each(Cases.alphabets)(
    "decodes a %s payload (as jwt-decode does)",
    (alphabet) => {
      for (const filler of Cases.fillers) {
        const claims = { exp: 1700000000, acsScope: "chat,voip", filler }
        assert.strictEqual(right(parse(Cases.jwt(claims, alphabet))).expiresOnTimestamp, 1700000000000, filler)
      }
    }
  )

  it("needs only the payload segment (two parts are enough; the signature is not checked)", () => {
    const payload = Cases.encode(JSON.stringify({ exp: 10 }))
    assert.strictEqual(right(parse(`${Cases.header}.${payload}`)).expiresOnTimestamp, 10_000)
    assert.strictEqual(right(parse(`${Cases.header}.${payload}.not-a-signature!`)).expiresOnTimestamp, 10_000)
    assert.strictEqual(right(parse(`.${payload}.`)).expiresOnTimestamp, 10_000)
  })

  it("accepts a Redacted token", () => {
    assert.strictEqual(right(parse(Redacted.make(Cases.jwt({ exp: 3 })))).expiresOnTimestamp, 3000)
  })

  it("claims: the payload object, or undefined", () => {
    assert.deepStrictEqual(TokenParser.claims(Cases.jwt(Cases.realClaims)), Cases.realClaims)
    for (const token of Cases.notClaims) {
      assert.isUndefined(TokenParser.claims(token), token)
    }
  })
})

describe("opaque tokens", () => {
  it.each(Cases.opaque)("%s expires after the fallback lifetime (600 s by default)", (_, token) => {
    assert.deepStrictEqual(right(parse(token)), { expiresOnTimestamp: Cases.now + 600_000, scopes: [], opaque: true })
  })

  it("uses the configured lifetime", () => {
    assert.strictEqual(
      right(parse("opaque", { opaqueTokenLifetimeSeconds: 1800 })).expiresOnTimestamp,
      Cases.now + 1_800_000
    )
    assert.strictEqual(right(parse("opaque", { opaqueTokenLifetimeSeconds: 0.5 })).expiresOnTimestamp, Cases.now + 500)
  })

  it.each(Cases.badLifetimes)("rejects the lifetime %s for an opaque token", (lifetime) => {
    const error = left(parse("opaque", { opaqueTokenLifetimeSeconds: lifetime }))
    assert.instanceOf(error, InvalidInput)
    assert.strictEqual(error.field, "opaqueTokenLifetimeSeconds")
    // a readable JWT does not need the fallback
    assert.isTrue(Either.isRight(parse(Cases.jwt({ exp: 1 }), { opaqueTokenLifetimeSeconds: lifetime })))
  })
})

describe("blank tokens", () => {
  it.each([...Cases.blank, Redacted.make("")])("rejects %j as InvalidInput", (token) => {
    const error = left(parse(token))
    assert.instanceOf(error, InvalidInput)
    assert.strictEqual(error.field, "token")
  })
})

describe("properties", () => {
  it.prop(
    "exp and acsScope round-trip through any encoding",
    [Cases.expArb, Cases.scopesArb, Cases.alphabetArb, fc.string()],
    ([exp, scopes, encoding, filler]) => {
      const info = right(parse(Cases.jwt({ exp, acsScope: scopes.join(","), filler }, encoding)))
      assert.deepStrictEqual(info, { expiresOnTimestamp: exp * 1000, scopes, opaque: false })
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop(
    "a non-blank token without a readable exp is opaque; it never throws",
    [Cases.opaqueArb, Cases.lifetimeArb],
    ([token, lifetime]) => {
      const info = right(parse(token, { opaqueTokenLifetimeSeconds: lifetime }))
      assert.deepStrictEqual(info, { expiresOnTimestamp: Cases.now + lifetime * 1000, scopes: [], opaque: true })
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop("parse is total on arbitrary strings", [fc.string()], ([token]) => {
    const result = parse(token)
    assert.strictEqual(Either.isLeft(result), token.trim() === "")
  }, { fastCheck: { numRuns: 300 } })
})
