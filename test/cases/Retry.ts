/**
 * The retry cases both Effect lines run (packages/core/test/Retry.test.ts,
 * packages/effect4/core/test/Retry.test.ts): the service's retry headers and
 * the delay each gives, and which statuses are retried for each kind of
 * operation.
 */

/** The official tests' key, in the cases' connection string. */
export const accessKey = "68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e"
/** Its connection string, and a user. */
export const connectionString = `endpoint=https://contoso.communication.azure.com/;accesskey=${accessKey}`
export const user = {
  communicationUserId: "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000001"
}
/** A token response body. */
export const tokenBody = { token: "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", expiresOn: "2030-01-01T00:00:00.0000000+00:00" }
/** The clock of the client cases. */
export const start = Date.parse("2024-05-01T12:00:00Z")

/** The clock the retry headers are read at. */
export const headersNow = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT")

/** Retry headers → the delay in ms (or none): [name, headers, delay]. */
export const retryHeaders: ReadonlyArray<readonly [string, Record<string, string>, number | undefined]> = [
  ["no header", {}, undefined],
  ["retry-after-ms", { "retry-after-ms": "50" }, 50],
  ["retry-after-ms 0", { "retry-after-ms": "0" }, 0],
  ["x-ms-retry-after-ms", { "x-ms-retry-after-ms": "75" }, 75],
  ["retry-after-ms wins over x-ms-retry-after-ms", { "retry-after-ms": "50", "x-ms-retry-after-ms": "75" }, 50],
  ["ms headers win over Retry-After", { "x-ms-retry-after-ms": "75", "retry-after": "10" }, 75],
  ["Retry-After seconds", { "retry-after": "10" }, 10_000],
  ["Retry-After 0", { "retry-after": "0" }, 0],
  ["Retry-After with spaces", { "retry-after": " 3 " }, 3000],
  ["Retry-After HTTP date", { "retry-after": "Wed, 21 Oct 2015 07:28:30 GMT" }, 30_000],
  ["Retry-After HTTP date in the past", { "retry-after": "Wed, 21 Oct 2015 07:00:00 GMT" }, 0],
  ["Retry-After obsolete RFC 850 date", { "retry-after": "Wednesday, 21-Oct-15 07:28:05 GMT" }, 5000],
  ["garbage ms header falls through to Retry-After", { "retry-after-ms": "soon", "retry-after": "2" }, 2000],
  ["garbage Retry-After: word", { "retry-after": "soon" }, undefined],
  ["garbage Retry-After: empty", { "retry-after": "" }, undefined],
  ["garbage Retry-After: negative", { "retry-after": "-1" }, undefined],
  ["garbage Retry-After: exponent", { "retry-after": "1e3" }, undefined],
  ["garbage Retry-After: hex", { "retry-after": "0x10" }, undefined],
  ["garbage Retry-After: comma", { "retry-after": "1,5" }, undefined],
  ["garbage Retry-After: text with a number", { "retry-after": "foo 1" }, undefined],
  ["garbage Retry-After: text with a far year", { "retry-after": "later 2099" }, undefined],
  ["garbage ms header alone", { "x-ms-retry-after-ms": "NaN" }, undefined]
]

/** The retry headers a property fills with any text. */
export const retryHeaderNames = ["retry-after-ms", "x-ms-retry-after-ms", "retry-after"] as const

/** Whether a ServiceError of a status is retried: [status, idempotent, create without customId, create with customId]. */
export const retryableStatuses: ReadonlyArray<readonly [number, boolean, boolean, boolean]> = [
  [400, false, false, false],
  [401, false, false, false],
  [403, false, false, false],
  [404, false, false, false],
  [409, false, false, false],
  [408, true, false, true],
  [429, true, true, true],
  [500, true, false, true],
  [501, false, false, false],
  [502, true, false, false],
  [503, true, true, true],
  [504, true, false, false],
  [505, false, false, false]
]
