/**
 * The decoder-fuzzing cases both Effect lines run (packages/core/test/DecoderFuzz.test.ts,
 * packages/effect4/core/test/DecoderFuzz.test.ts): every operation and its
 * success status, and the arbitraries of bodies (arbitrary JSON, near-miss
 * shapes of the models, arbitrary bytes) and headers.
 */
import fc from "fast-check"
import { Buffer } from "node:buffer"
import type { Call } from "./Call.js"

/** A connection string and a user of the cases. */
export const connectionString = `endpoint=https://contoso.communication.azure.com/;accesskey=${
  Buffer.from("fuzz-key").toString("base64")
}`
export const user = {
  communicationUserId: "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001"
}
/** The tags of every `IdentityError`. */
export const tags: ReadonlySet<string> = new Set([
  "InvalidInput",
  "CredentialError",
  "TransportError",
  "ServiceError",
  "DecodeError"
])

/** Every operation (on 2025-03-02-preview), its success status and a call of it. */
export const operations: ReadonlyArray<readonly [string, number, Call]> = [
  ["createUser", 201, ["createUser", []]],
  ["createUser (customId)", 201, ["createUser", [{ customId: "alice" }]]],
  ["createUserAndToken", 201, ["createUserAndToken", [["chat"]]]],
  ["getToken", 200, ["getToken", [user, ["chat"]]]],
  ["revokeTokens", 204, ["revokeTokens", [user]]],
  ["deleteUser", 204, ["deleteUser", [user]]],
  ["getUser", 200, ["getUser", [user]]],
  ["getTokenForTeamsUser", 200, ["getTokenForTeamsUser", [{
    teamsUserAadToken: "eyJ0.eyJ0.c2ln",
    clientId: "app",
    userObjectId: "oid"
  }]]]
]

/** Strings that are sometimes valid service timestamps. */
const timestamp = fc.oneof(
  fc.constantFrom(
    "2030-01-01T00:00:00Z",
    "2030-01-01T00:00:00.1234567+00:00",
    "2024-02-30T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2030-01-01",
    "",
    "0",
    "9999-12-31T23:59:59.9999999+14:00",
    "+275760-09-13T00:00:00Z"
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string({ maxLength: 40 })
)

const anything = fc.jsonValue({ maxDepth: 3 })
const maybe = <A>(arb: fc.Arbitrary<A>) => fc.oneof(arb, anything, fc.constant(undefined))
const id = fc.oneof(fc.constant(user.communicationUserId), fc.string({ maxLength: 30 }))

/** Near-miss shapes of each success body: the right keys, sometimes the right types. */
const tokenShape = fc.record({ token: maybe(fc.string({ maxLength: 60 })), expiresOn: maybe(timestamp) }, {
  requiredKeys: []
})
const identityShape = fc.record({
  id: maybe(id),
  customId: maybe(fc.string({ maxLength: 10 })),
  lastTokenIssuedAt: maybe(timestamp)
}, { requiredKeys: [] })
const resultShape = fc.record({ identity: maybe(identityShape), accessToken: maybe(tokenShape) }, { requiredKeys: [] })
const envelopeShape: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  error: fc.record({
    code: maybe(fc.string({ maxLength: 20 })),
    message: maybe(fc.string({ maxLength: 80 })),
    target: maybe(fc.string({ maxLength: 20 })),
    details: maybe(fc.array(tie("error"), { maxLength: 2 })),
    innererror: maybe(tie("error"))
  }, { requiredKeys: [] })
})).error.map((error) => ({ error }))

/** JSON bodies: arbitrary values and near-miss shapes of every model, serialised. */
export const jsonBody = fc.oneof(anything, tokenShape, identityShape, resultShape, envelopeShape)
  .map((value) => value === undefined ? "" : JSON.stringify(value))

/** Arbitrary bytes, and JSON with invalid UTF-8 or a BOM spliced in. */
export const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  // valid JSON with invalid UTF-8 or a BOM spliced in
  fc.tuple(jsonBody, fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.nat(50)).map(([text, junk, at]) => {
    const encoded = new TextEncoder().encode(text)
    const cut = Math.min(at, encoded.length)
    return Uint8Array.from([...encoded.subarray(0, cut), ...junk, ...encoded.subarray(cut)])
  }),
  jsonBody.map((text) => Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))
)

const headerValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    "0",
    "1",
    "1.5",
    "-1",
    "1e3",
    "99999999999999999999",
    "Wed, 21 Oct 2015 07:28:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT"
  )
)
/** Retry and correlation headers with any values a wire can carry. */
export const headers = fc.record({
  "retry-after": headerValue,
  "retry-after-ms": headerValue,
  "x-ms-retry-after-ms": headerValue,
  "content-type": fc.constantFrom("application/json", "text/html", "text/plain", "application/octet-stream", ""),
  "ms-cv": fc.string({ maxLength: 20 })
}, { requiredKeys: [] }).map((h) =>
  // header values cannot hold control characters on the wire
  Object.fromEntries(Object.entries(h).filter(([, v]) => !/[\u0000-\u001f\u007f]/.test(v)))
)

/** Statuses the service answers and any other. */
export const statuses = fc.oneof(
  fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 408, 409, 429, 500, 501, 502, 503, 504, 505),
  fc.integer({ min: 100, max: 599 })
)

/** A token a success body may carry (no control characters). */
export const tokenText = fc.string({ minLength: 1, maxLength: 40 }).filter((t) => !/[\u0000-\u001f]/.test(t))
/** Its expiry, 2000 to 2200. */
export const expiry = fc.date({
  min: new Date("2000-01-01T00:00:00Z"),
  max: new Date("2200-01-01T00:00:00Z"),
  noInvalidDate: true
})
