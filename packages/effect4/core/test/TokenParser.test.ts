/**
 * `TokenParser` (Effect 4): what a client reads from an access token (identity-api.md §8,
 * the official `tokenParser` with `jwt-decode`): `exp` and `acsScope` from the
 * base64(url) JWT payload, no signature check; anything else non-blank is an
 * opaque token with a fallback lifetime; a blank token is an `InvalidInput`.
 */
import { InvalidInput } from "@effect-acs/identity-effect4/IdentityError"
import * as TokenParser from "@effect-acs/identity-effect4/TokenParser"
import { assert, describe, it } from "@effect/vitest"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as fc from "fast-check"
import { Buffer } from "node:buffer"

const now = Date.parse("2024-05-01T12:00:00Z")
const header = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEiLCJ4NXQiOiJ4IiwidHlwIjoiSldUIn0"

type Alphabet = "base64url" | "base64url-padded" | "base64" | "base64-unpadded"
const encode = (json: string, alphabet: Alphabet = "base64url") => {
  const bytes = Buffer.from(json, "utf8")
  switch (alphabet) {
    case "base64url":
      return bytes.toString("base64url")
    case "base64url-padded":
      return bytes.toString("base64").replace(/\+/g, "-").replace(/\//g, "_")
    case "base64":
      return bytes.toString("base64")
    case "base64-unpadded":
      return bytes.toString("base64").replace(/=+$/, "")
  }
}
const jwt = (claims: unknown, alphabet?: Alphabet) => `${header}.${encode(JSON.stringify(claims), alphabet)}.c2ln`

const parse = (token: string | Redacted.Redacted<string>, options: Partial<TokenParser.Options> = {}) =>
  TokenParser.parse(token, { now, ...options })
const success = <A, E>(result: Result.Result<A, E>): A => {
  if (Result.isFailure(result)) throw new Error(`expected Success, got ${String(result.failure)}`)
  return result.success
}
const failure = <A, E>(result: Result.Result<A, E>): E => {
  if (Result.isSuccess(result)) throw new Error("expected Failure")
  return result.failure
}

// a real (sanitised) token's claims, identity-api.md §8
const realClaims = {
  skypeid: "acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001",
  scp: 1792,
  csi: "1657788332",
  exp: 1657874732,
  acsScope: "chat",
  resourceId: "00000000-0000-0000-0000-000000000000",
  iat: 1657788332
}

describe("JWT", () => {
  it("reads exp (seconds → epoch ms) and acsScope from a real token's claims", () => {
    assert.deepStrictEqual(success(parse(jwt(realClaims))), {
      expiresOnTimestamp: 1657874732000,
      scopes: ["chat"],
      opaque: false
    })
  })

  it.each([
    ["chat,voip", ["chat", "voip"]],
    ["chat", ["chat"]],
    ["voip.join", ["voip.join"]],
    ["chat, voip", ["chat", "voip"]],
    ["", []]
  ] as const)("splits acsScope %j on commas", (acsScope, scopes) => {
    assert.deepStrictEqual(success(parse(jwt({ exp: 1, acsScope }))).scopes, scopes)
  })

  it("has no scopes without a string acsScope; a fractional exp is kept", () => {
    assert.deepStrictEqual(success(parse(jwt({ exp: 1.5 }))), { expiresOnTimestamp: 1500, scopes: [], opaque: false })
    assert.deepStrictEqual(success(parse(jwt({ exp: 2, acsScope: ["chat"] }))).scopes, [])
  })

  it.each(["base64url", "base64url-padded", "base64", "base64-unpadded"] as const)(
    "decodes a %s payload (as jwt-decode does)",
    (alphabet) => {
      // "~~~>" and "???" make + / in base64 and - _ in base64url; the lengths force padding
      for (const filler of ["", "~~~>", "???", "~~~>???", "é✓"]) {
        const claims = { exp: 1700000000, acsScope: "chat,voip", filler }
        assert.strictEqual(success(parse(jwt(claims, alphabet))).expiresOnTimestamp, 1700000000000, filler)
      }
    }
  )

  it("needs only the payload segment (two parts are enough; the signature is not checked)", () => {
    const payload = encode(JSON.stringify({ exp: 10 }))
    assert.strictEqual(success(parse(`${header}.${payload}`)).expiresOnTimestamp, 10_000)
    assert.strictEqual(success(parse(`${header}.${payload}.not-a-signature!`)).expiresOnTimestamp, 10_000)
    assert.strictEqual(success(parse(`.${payload}.`)).expiresOnTimestamp, 10_000)
  })

  it("accepts a Redacted token", () => {
    assert.strictEqual(success(parse(Redacted.make(jwt({ exp: 3 })))).expiresOnTimestamp, 3000)
  })

  it("claims: the payload object, or undefined", () => {
    assert.deepStrictEqual(TokenParser.claims(jwt(realClaims)), realClaims)
    for (const token of ["abc", "a.", "a..b", `${header}.!!!!.x`, `${header}.${encode("[1]")}.x`, `${header}.${encode("1")}.x`]) {
      assert.isUndefined(TokenParser.claims(token), token)
    }
  })
})

describe("opaque tokens", () => {
  it.each([
    ["not a JWT", "IAmNotAToken"],
    ["a JWE (five segments, undecodable payload)", "b3BhcXVl.b3BhcXVl.b3BhcXVl.b3BhcXVl.b3BhcXVl"],
    ["a malformed JWT", "not.a.real.token"],
    ["a payload of length 1 mod 4", `${header}.abcde.x`],
    ["a JWT without exp", jwt({ acsScope: "chat" })],
    ["a string exp", jwt({ exp: "1700000000" })],
    ["a null exp", jwt({ exp: null })],
    ["an array payload", `${header}.${encode("[]")}.x`],
    ["a null payload", `${header}.${encode("null")}.x`],
    ["invalid JSON", `${header}.${encode("{exp:1}")}.x`]
  ])("%s expires after the fallback lifetime (600 s by default)", (_, token) => {
    assert.deepStrictEqual(success(parse(token)), { expiresOnTimestamp: now + 600_000, scopes: [], opaque: true })
  })

  it("uses the configured lifetime", () => {
    assert.strictEqual(success(parse("opaque", { opaqueTokenLifetimeSeconds: 1800 })).expiresOnTimestamp, now + 1_800_000)
    assert.strictEqual(success(parse("opaque", { opaqueTokenLifetimeSeconds: 0.5 })).expiresOnTimestamp, now + 500)
  })

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("rejects the lifetime %s for an opaque token", (lifetime) => {
    const error = failure(parse("opaque", { opaqueTokenLifetimeSeconds: lifetime }))
    assert.instanceOf(error, InvalidInput)
    assert.strictEqual(error.field, "opaqueTokenLifetimeSeconds")
    // a readable JWT does not need the fallback
    assert.isTrue(Result.isSuccess(parse(jwt({ exp: 1 }), { opaqueTokenLifetimeSeconds: lifetime })))
  })
})

describe("blank tokens", () => {
  it.each(["", " ", "\t\n", Redacted.make("")])("rejects %j as InvalidInput", (token) => {
    const error = failure(parse(token))
    assert.instanceOf(error, InvalidInput)
    assert.strictEqual(error.field, "token")
  })
})

describe("properties", () => {
  const alphabet = fc.constantFrom<Alphabet>("base64url", "base64url-padded", "base64", "base64-unpadded")
  const scope = fc.constantFrom("chat", "voip", "chat.join", "chat.join.limited", "voip.join")

  it("exp and acsScope round-trip through any encoding", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800 }),
        fc.uniqueArray(scope, { minLength: 1 }),
        alphabet,
        fc.string(),
        (exp, scopes, encoding, filler) => {
          const info = success(parse(jwt({ exp, acsScope: scopes.join(","), filler }, encoding)))
          assert.deepStrictEqual(info, { expiresOnTimestamp: exp * 1000, scopes, opaque: false })
        }
      ),
      { numRuns: 300 }
    )
  })

  it("a non-blank token without a readable exp is opaque; it never throws", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== "" && !s.includes(".")),
        fc.integer({ min: 1, max: 86_400 }),
        (token, lifetime) => {
          const info = success(parse(token, { opaqueTokenLifetimeSeconds: lifetime }))
          assert.deepStrictEqual(info, { expiresOnTimestamp: now + lifetime * 1000, scopes: [], opaque: true })
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
