/**
 * The secret-leak cases both Effect lines run (packages/core/test/Secrets.test.ts,
 * packages/effect4/core/test/Secrets.test.ts): random keys and JWT-shaped
 * tokens, the needles that would betray them, and malformed connection
 * strings around a key.
 */
import fc from "fast-check"
import { Buffer } from "node:buffer"

/** The resource of the cases, and a user. */
export const endpoint = "https://contoso.communication.azure.com/"
export const user = {
  communicationUserId: "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001"
}
/** The clock of the cases. */
export const start = Date.parse("2024-05-01T12:00:00Z")

const base64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
const segment = (minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...base64url), { minLength, maxLength }).map((chars) => chars.join("")).noBias()

/** A JWT-shaped token: `eyJ<header>.<payload>.<signature>`, all random base64url. */
export const tokenArbitrary = fc.tuple(segment(17, 40), segment(20, 120), segment(22, 86)).map(([h, p, s]) =>
  `eyJ${h}.${p}.${s}`
)

/** Random key bytes (uniform, no bias towards zeros). */
export const keyArbitrary = fc.uint8Array({ minLength: 16, maxLength: 64 }).noBias()

/** Plain-text filler around a token in a text body, 0..230 characters (so the token may straddle the 200-character cut). */
export const fillerArbitrary = fc
  .tuple(fc.integer({ min: 0, max: 230 }).noBias(), fc.string({ minLength: 1, maxLength: 8 }))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length))

const substrings = (secret: string, label: string, into: Map<string, string>) => {
  for (let i = 0; i + 8 <= secret.length; i++) into.set(secret.slice(i, i + 8), label)
}

/** Every 8-character run of the key (base64, latin1, hex) and of the token, named by what it is part of. */
export const needlesFor = (keyBytes: Uint8Array, token: string) => {
  const needles = new Map<string, string>()
  const buffer = Buffer.from(keyBytes)
  substrings(buffer.toString("base64"), "access key (base64)", needles)
  substrings(buffer.toString("latin1"), "access key (latin1 bytes)", needles)
  substrings(buffer.toString("hex"), "access key (hex)", needles)
  substrings(token, "token", needles)
  return needles
}

/** A property run's access key (base64), its connection string and the needles to look for. */
export const secretsOf = (keyBytes: Uint8Array, token: string) => {
  const key = Buffer.from(keyBytes).toString("base64")
  return { key, connectionString: `endpoint=${endpoint};accesskey=${key}`, needles: needlesFor(keyBytes, token) }
}

/** Malformed connection strings around a key, named. */
export const connectionStringVariants = (key: string): ReadonlyArray<readonly [string, string]> => [
  ["missing ';'", `endpoint=${endpoint}accesskey=${key}`],
  ["key in the endpoint path", `endpoint=${endpoint}${key};accesskey=${key}`],
  ["key in the endpoint query", `endpoint=${endpoint}?${key};accesskey=${key}`],
  ["key in the endpoint fragment", `endpoint=${endpoint}#${key};accesskey=${key}`],
  [
    "key as user info",
    `endpoint=https://user:${encodeURIComponent(key)}@contoso.communication.azure.com/;accesskey=${key}`
  ],
  ["key as the endpoint", `endpoint=${key};accesskey=${key}`],
  ["ftp endpoint", `endpoint=ftp://contoso.communication.azure.com/;accesskey=${key}`],
  ["unknown setting", `endpoint=${endpoint};accesskey=${key};secret=${key}`],
  ["key as a setting name", `endpoint=${endpoint};${key}=${key}`],
  ["duplicate accesskey", `endpoint=${endpoint};accesskey=${key};accesskey=${key}`],
  ["no endpoint", `accesskey=${key}`],
  ["only the key", key],
  ["key with a bad character", `endpoint=${endpoint};accesskey=${key}!`],
  ["key with a space inside", `endpoint=${endpoint};accesskey=${key.slice(0, 8)} ${key.slice(8)}`],
  ["key cut short", `endpoint=${endpoint};accesskey=${key.slice(0, -1)}`],
  ["key with an extra '='", `endpoint=${endpoint};accesskey=${key}=`],
  ["leading ';'", `;endpoint=${endpoint};accesskey=${key}`],
  ["doubled ';'", `endpoint=${endpoint};;accesskey=${key}`]
]
