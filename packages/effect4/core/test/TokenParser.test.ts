/**
 * `TokenParser` (Effect 4): what a client reads from an access token (identity-api.md §8,
 * the official `tokenParser` with `jwt-decode`): `exp` and `acsScope` from the
 * base64(url) JWT payload, no signature check; anything else non-blank is an
 * opaque token with a fallback lifetime; a blank token is an `InvalidInput`. The
 * cases are test/cases/TokenParser.ts, shared with the other Effect line's suite.
 */
import { InvalidInput } from "@effect-acs/identity-effect4/IdentityError"
import * as TokenParser from "@effect-acs/identity-effect4/TokenParser"
import { assert, describe, it } from "@effect/vitest"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as fc from "fast-check"
import * as Cases from "../../../../test/cases/TokenParser.js"

const parse = (token: string | Redacted.Redacted<string>, options: Partial<TokenParser.Options> = {}) =>
  TokenParser.parse(token, { now: Cases.now, ...options })
const success = <A, E>(result: Result.Result<A, E>): A => {
  if (Result.isFailure(result)) throw new Error(`expected Success, got ${String(result.failure)}`)
  return result.success
}
const failure = <A, E>(result: Result.Result<A, E>): E => {
  if (Result.isSuccess(result)) throw new Error("expected Failure")
  return result.failure
}

describe("JWT", () => {
  it("reads exp (seconds → epoch ms) and acsScope from a real token's claims", () => {
    assert.deepStrictEqual(success(parse(Cases.jwt(Cases.realClaims))), {
      expiresOnTimestamp: 1657874732000,
      scopes: ["chat"],
      opaque: false
    })
  })

  it.each(Cases.scopeSplits)("splits acsScope %j on commas", (acsScope, scopes) => {
    assert.deepStrictEqual(success(parse(Cases.jwt({ exp: 1, acsScope }))).scopes, scopes)
  })

  it("has no scopes without a string acsScope; a fractional exp is kept", () => {
    assert.deepStrictEqual(success(parse(Cases.jwt({ exp: 1.5 }))), {
      expiresOnTimestamp: 1500,
      scopes: [],
      opaque: false
    })
    assert.deepStrictEqual(success(parse(Cases.jwt({ exp: 2, acsScope: ["chat"] }))).scopes, [])
  })

  it.each(Cases.alphabets)(
    "decodes a %s payload (as jwt-decode does)",
    (alphabet) => {
      for (const filler of Cases.fillers) {
        const claims = { exp: 1700000000, acsScope: "chat,voip", filler }
        assert.strictEqual(success(parse(Cases.jwt(claims, alphabet))).expiresOnTimestamp, 1700000000000, filler)
      }
    }
  )

  it("needs only the payload segment (two parts are enough; the signature is not checked)", () => {
    const payload = Cases.encode(JSON.stringify({ exp: 10 }))
    assert.strictEqual(success(parse(`${Cases.header}.${payload}`)).expiresOnTimestamp, 10_000)
    assert.strictEqual(success(parse(`${Cases.header}.${payload}.not-a-signature!`)).expiresOnTimestamp, 10_000)
    assert.strictEqual(success(parse(`.${payload}.`)).expiresOnTimestamp, 10_000)
  })

  it("accepts a Redacted token", () => {
    assert.strictEqual(success(parse(Redacted.make(Cases.jwt({ exp: 3 })))).expiresOnTimestamp, 3000)
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
    assert.deepStrictEqual(success(parse(token)), { expiresOnTimestamp: Cases.now + 600_000, scopes: [], opaque: true })
  })

  it("uses the configured lifetime", () => {
    assert.strictEqual(
      success(parse("opaque", { opaqueTokenLifetimeSeconds: 1800 })).expiresOnTimestamp,
      Cases.now + 1_800_000
    )
    assert.strictEqual(
      success(parse("opaque", { opaqueTokenLifetimeSeconds: 0.5 })).expiresOnTimestamp,
      Cases.now + 500
    )
  })

  it.each(Cases.badLifetimes)("rejects the lifetime %s for an opaque token", (lifetime) => {
    const error = failure(parse("opaque", { opaqueTokenLifetimeSeconds: lifetime }))
    assert.instanceOf(error, InvalidInput)
    assert.strictEqual(error.field, "opaqueTokenLifetimeSeconds")
    // a readable JWT does not need the fallback
    assert.isTrue(Result.isSuccess(parse(Cases.jwt({ exp: 1 }), { opaqueTokenLifetimeSeconds: lifetime })))
  })
})

describe("blank tokens", () => {
  it.each([...Cases.blank, Redacted.make("")])("rejects %j as InvalidInput", (token) => {
    const error = failure(parse(token))
    assert.instanceOf(error, InvalidInput)
    assert.strictEqual(error.field, "token")
  })
})

describe("properties", () => {
  it("exp and acsScope round-trip through any encoding", () => {
    fc.assert(
      fc.property(
        Cases.expArb,
        Cases.scopesArb,
        Cases.alphabetArb,
        fc.string(),
        (exp, scopes, encoding, filler) => {
          const info = success(parse(Cases.jwt({ exp, acsScope: scopes.join(","), filler }, encoding)))
          assert.deepStrictEqual(info, { expiresOnTimestamp: exp * 1000, scopes, opaque: false })
        }
      ),
      { numRuns: 300 }
    )
  })

  it("a non-blank token without a readable exp is opaque; it never throws", () => {
    fc.assert(
      fc.property(
        Cases.opaqueArb,
        Cases.lifetimeArb,
        (token, lifetime) => {
          const info = success(parse(token, { opaqueTokenLifetimeSeconds: lifetime }))
          assert.deepStrictEqual(info, { expiresOnTimestamp: Cases.now + lifetime * 1000, scopes: [], opaque: true })
        }
      ),
      { numRuns: 300 }
    )
  })

  it("parse is total on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string(), (token) => {
        assert.strictEqual(Result.isFailure(parse(token)), token.trim() === "")
      }),
      { numRuns: 300 }
    )
  })
})
