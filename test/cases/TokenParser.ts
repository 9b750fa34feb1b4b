/**
 * The access-token cases both Effect lines run (packages/core/test/TokenParser.test.ts,
 * packages/effect4/core/test/TokenParser.test.ts): JWTs in every base64
 * alphabet, a real token's claims, opaque and blank tokens, and the
 * arbitraries of the properties.
 */
import fc from "fast-check"
import { Buffer } from "node:buffer"

/** The clock the cases parse at. */
export const now = Date.parse("2024-05-01T12:00:00Z")
/** A JWT header segment. */
export const header = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEiLCJ4NXQiOiJ4IiwidHlwIjoiSldUIn0"

/** The base64 variants a payload may come in (jwt-decode reads them all). */
export const alphabets = ["base64url", "base64url-padded", "base64", "base64-unpadded"] as const
/** One of {@link alphabets}. */
export type Alphabet = typeof alphabets[number]

/** `json` as a payload segment in `alphabet`. */
export const encode = (json: string, alphabet: Alphabet = "base64url") => {
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

/** A JWT carrying `claims` (its signature is not checked). */
export const jwt = (claims: unknown, alphabet?: Alphabet) =>
  `${header}.${encode(JSON.stringify(claims), alphabet)}.c2ln`

/** A real (sanitised) token's claims, identity-api.md §8. */
export const realClaims = {
  skypeid: "acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001",
  scp: 1792,
  csi: "1657788332",
  exp: 1657874732,
  acsScope: "chat",
  resourceId: "00000000-0000-0000-0000-000000000000",
  iat: 1657788332
}

/** `acsScope` → the scopes read from it. */
export const scopeSplits: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ["chat,voip", ["chat", "voip"]],
  ["chat", ["chat"]],
  ["voip.join", ["voip.join"]],
  ["chat, voip", ["chat", "voip"]],
  ["", []]
]

/** Payload fillers: "~~~>" and "???" make + / in base64 and - _ in base64url; the lengths force padding. */
export const fillers = ["", "~~~>", "???", "~~~>???", "é✓"]

/** Texts that are not a JWT's claims. */
export const notClaims = [
  "abc",
  "a.",
  "a..b",
  `${header}.!!!!.x`,
  `${header}.${encode("[1]")}.x`,
  `${header}.${encode("1")}.x`
]

/** Tokens read as opaque: [description, token]. */
export const opaque: ReadonlyArray<readonly [string, string]> = [
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
]

/** Opaque-token lifetimes that are refused. */
export const badLifetimes = [0, -1, Number.NaN, Number.POSITIVE_INFINITY]

/** Blank tokens (a runner adds its line's redacted blank). */
export const blank = ["", " ", "\t\n"]

/** `exp` seconds up to 2100. */
export const expArb = fc.integer({ min: 0, max: 4_102_444_800 })
/** Any of {@link alphabets}. */
export const alphabetArb = fc.constantFrom<Alphabet>(...alphabets)
/** Non-empty sets of scopes. */
export const scopesArb = fc.uniqueArray(
  fc.constantFrom("chat", "voip", "chat.join", "chat.join.limited", "voip.join"),
  { minLength: 1 }
)
/** Non-blank tokens that cannot be JWTs. */
export const opaqueArb = fc.string({ minLength: 1 }).filter((s) => s.trim() !== "" && !s.includes("."))
/** Opaque-token lifetimes in seconds. */
export const lifetimeArb = fc.integer({ min: 1, max: 86_400 })
