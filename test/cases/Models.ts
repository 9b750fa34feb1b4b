/**
 * The model cases both Effect lines run (packages/core/test/Models.test.ts,
 * packages/effect4/core/test/Models.test.ts): the official examples of every
 * api-version and the schema each operation's bodies decode with, service
 * timestamps that decode and texts that do not, error bodies, and the
 * arbitraries of the timestamp properties.
 */
import fc from "fast-check"
import { readdirSync, readFileSync } from "node:fs"

const fixtures = new URL("../fixtures/", import.meta.url)
/** A fixture's JSON. */
export const readJson = (url: URL): any => JSON.parse(readFileSync(url, "utf8"))
/** official-wire-shapes.json: the official client's recorded calls. */
export const wireShapes = readJson(new URL("official-wire-shapes.json", fixtures))

/** An official example (test/fixtures/examples/<api-version>/<operation>.json). */
export interface Example {
  readonly apiVersion: string
  readonly operation: string
  readonly parameters: Record<string, unknown> & { readonly body?: unknown }
  readonly responses: Record<string, { readonly body?: unknown }>
}

const examplesRoot = new URL("examples/", fixtures)
/** The api-versions with examples. */
export const apiVersions = readdirSync(examplesRoot).sort()
/** Every official example. */
export const examples: ReadonlyArray<Example> = apiVersions.flatMap((apiVersion) =>
  readdirSync(new URL(`${apiVersion}/`, examplesRoot))
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({
      apiVersion,
      operation: file.slice(0, -".json".length),
      ...readJson(new URL(`${apiVersion}/${file}`, examplesRoot))
    }))
)

/** The core schema of each operation's success response body (by example file name): the name of its `Models` schema. */
export const responseSchemas: Record<string, string> = {
  CreateIdentity: "CommunicationIdentityAccessTokenResult",
  IdentityOperations_Create: "CommunicationIdentityAccessTokenResult",
  IssueAccessToken: "CommunicationIdentityAccessToken",
  CommunicationIdentity_IssueAccessToken: "CommunicationIdentityAccessToken",
  IdentityOperations_IssueAccessToken: "CommunicationIdentityAccessToken",
  ExchangeTeamsUserAccessToken: "CommunicationIdentityAccessToken",
  CommunicationIdentity_ExchangeTeamsUserAccessToken: "CommunicationIdentityAccessToken",
  GetIdentity: "CommunicationIdentity",
  // the Teams-extension and Entra exchanges answer with the create shape (identity-api.md §2.3, §2.4)
  ExchangeTeamsExtensionToken: "CommunicationIdentityAccessTokenResult",
  ExchangeTeamsPhoneToken: "CommunicationIdentityAccessTokenResult",
  TeamsExtensionToken_Exchange: "CommunicationIdentityAccessTokenResult",
  ExchangeEntraIdToken: "CommunicationIdentityAccessTokenResult",
  GetTeamsExtensionAssignment: "TeamsExtensionAssignmentResponse",
  CreateOrReplaceTeamsExtensionAssignment: "TeamsExtensionAssignmentResponse",
  TeamsExtensionAssignment_Upsert: "TeamsExtensionAssignmentResponse",
  TeamsExtensionOperations_UpsertAssignment: "TeamsExtensionAssignmentResponse",
  GetEntraAssignment: "EntraAssignment",
  CreateOrReplaceEntraAssignment: "EntraAssignment",
  ListEntraAssignments: "EntraAssignmentsResponse",
  UpdateEntraAssignments: "EntraAssignmentsResponse"
}

/** The core schema of each operation's request body: the name of its `Models` schema. */
export const requestSchemas: Record<string, string> = {
  CreateIdentity: "CommunicationIdentityCreateRequest",
  IdentityOperations_Create: "CommunicationIdentityCreateRequest",
  IssueAccessToken: "CommunicationIdentityAccessTokenRequest",
  CommunicationIdentity_IssueAccessToken: "CommunicationIdentityAccessTokenRequest",
  IdentityOperations_IssueAccessToken: "CommunicationIdentityAccessTokenRequest",
  ExchangeTeamsUserAccessToken: "TeamsUserExchangeTokenRequest",
  CommunicationIdentity_ExchangeTeamsUserAccessToken: "TeamsUserExchangeTokenRequest",
  CreateOrReplaceTeamsExtensionAssignment: "TeamsExtensionAssignmentCreateOrUpdateRequest",
  TeamsExtensionAssignment_Upsert: "TeamsExtensionAssignmentCreateOrUpdateRequest",
  TeamsExtensionOperations_UpsertAssignment: "TeamsExtensionAssignmentCreateOrUpdateRequest",
  // the example's principalType "teamsResourceAccount" is outside the open enum's known values: still a string
  CreateOrReplaceEntraAssignment: "EntraAssignmentCreateOrUpdateRequest",
  UpdateEntraAssignments: "EntraAssignmentUpdateBulkRequest"
}

/** Operations with no body (204). */
export const withoutCoreSchema =
  /^(Delete(TeamsExtension|Entra)Assignment|DeleteIdentity|IdentityOperations_Delete|CommunicationIdentity_Delete|(CommunicationIdentity_)?RevokeAccessTokens)$/

/** An independent oracle: what JS `Date` makes of the timestamp cut to milliseconds. */
export const instantOf = (text: string): number => new Date(text.replace(/(\.\d{3})\d+/, "$1")).getTime()

/** The timestamps in a wire body. */
export const timestampsIn = (value: unknown): ReadonlyArray<string> =>
  typeof value === "string"
    ? (/^\d{4}-\d{2}-\d{2}T/.test(value) ? [value] : [])
    : typeof value === "object" && value !== null
    ? Object.values(value).flatMap(timestampsIn)
    : []

/** Bodies that are no error envelope. */
export const notErrorBodies: ReadonlyArray<unknown> = [
  {},
  { error: {} },
  { error: { code: "X" } },
  { error: { message: "x" } },
  { error: { code: "X", message: "x", details: [{ code: 1, message: "y" }] } }
]

/** Service timestamps → their instant (cut to milliseconds). */
export const dateTimes: ReadonlyArray<readonly [string, number]> = [
  ["2023-10-19T15:34:17.049388+00:00", Date.UTC(2023, 9, 19, 15, 34, 17, 49)],
  ["2023-10-19T15:34:17.0493880+00:00", Date.UTC(2023, 9, 19, 15, 34, 17, 49)],
  ["2023-10-10T21:39:39.3244584+00:00", Date.UTC(2023, 9, 10, 21, 39, 39, 324)],
  ["2025-07-10T14:39:39.3244584-07:00", Date.UTC(2025, 6, 10, 21, 39, 39, 324)],
  ["2025-04-14T21:02:35+05:30", Date.UTC(2025, 3, 14, 15, 32, 35)],
  ["2025-04-14T15:32:35+00:00", Date.UTC(2025, 3, 14, 15, 32, 35)],
  ["2025-04-14T15:32:35Z", Date.UTC(2025, 3, 14, 15, 32, 35)],
  ["2025-04-14T15:32:35.5Z", Date.UTC(2025, 3, 14, 15, 32, 35, 500)],
  ["2025-04-14T15:32:35.9999999Z", Date.UTC(2025, 3, 14, 15, 32, 35, 999)],
  ["2025-04-14T15:32:35.123456789+00:00", Date.UTC(2025, 3, 14, 15, 32, 35, 123)],
  ["2024-02-29T00:00:00Z", Date.UTC(2024, 1, 29)],
  ["2000-02-29T23:59:59Z", Date.UTC(2000, 1, 29, 23, 59, 59)],
  ["2023-12-31T23:30:00-01:00", Date.UTC(2024, 0, 1, 0, 30)]
]

/** Texts that are no service timestamp. */
export const notDateTimes: ReadonlyArray<string> = [
  "garbage",
  "",
  "2023-10-19",
  "2023-10-19T15:34:17",
  "2023-10-19T15:34:17.049388",
  "2023-10-19 15:34:17Z",
  "2023-10-19T15:34Z",
  "2023-10-19T15:34:17.Z",
  "2023-10-19T15:34:17.1234567890Z",
  "2023-10-19T15:34:17+0000",
  "2023-10-19T15:34:17 +00:00",
  "2023-02-29T00:00:00Z",
  "1900-02-29T00:00:00Z",
  "2023-02-30T00:00:00Z",
  "2023-04-31T00:00:00Z",
  "2023-13-01T00:00:00Z",
  "2023-00-10T00:00:00Z",
  "2023-10-00T00:00:00Z",
  "2023-10-19T24:00:00Z",
  "2023-10-19T25:00:00Z",
  "2023-10-19T15:60:00Z",
  "2023-10-19T15:34:60Z",
  "2023-10-19T15:34:17+25:00",
  "2023-10-19T15:34:17+14:60",
  " 2023-10-19T15:34:17Z",
  "2023-10-19T15:34:17Z "
]

/** Values that are not strings at all. */
export const notStrings: ReadonlyArray<unknown> = [123, null, undefined, new Date(0), {}]

/** How the service writes a timestamp. */
export const servicePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+00:00$/
/** Any valid date of four-digit years. */
export const dateArb = fc.date({
  min: new Date("0000-01-01T00:00:00.000Z"),
  max: new Date("9999-12-31T23:59:59.999Z"),
  noInvalidDate: true
})

/**
 * Any valid RFC 3339 rendering of an instant (years 1000-9999, any offset, 0-9
 * fraction digits) and the instant it stands for, cut to milliseconds.
 */
export const renderingArb = fc.tuple(
  fc.date({
    min: new Date("1000-01-02T00:00:00.000Z"),
    max: new Date("9999-12-30T23:59:59.999Z"),
    noInvalidDate: true
  }),
  fc.integer({ min: -14 * 60, max: 14 * 60 }),
  fc.integer({ min: 0, max: 9 }),
  fc.integer({ min: 0, max: 999_999 })
).map(([date, offsetMinutes, digits, extra]) => {
  // render `date` in the local time of `offsetMinutes`
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString()
  const ms = local.slice(20, 23)
  const fraction = digits === 0 ? "" : `.${(ms + String(extra).padStart(6, "0")).slice(0, digits)}`
  const sign = offsetMinutes < 0 ? "-" : "+"
  const abs = Math.abs(offsetMinutes)
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`
  return {
    text: `${local.slice(0, 19)}${fraction}${offset}`,
    expected: date.getTime() - date.getUTCMilliseconds() +
      (digits === 0 ? 0 : Number(ms.slice(0, digits).padEnd(3, "0")))
  }
})

/** The first parser: `Date.parse` after the same impossible-date checks; the arithmetic one must agree. */
export const byDateParse = (text: string): number | undefined => {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(text)
  if (match === null) return undefined
  const [year, month, day, hour] = match[1]!.split(/[-T:]/i).map(Number) as [number, number, number, number]
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  if (days === undefined || day < 1 || day > days || hour > 23) return undefined
  const millis = Date.parse(`${match[1]}.${(match[2] ?? "").padEnd(3, "0").slice(0, 3)}${match[3]!.toUpperCase()}`)
  return Number.isNaN(millis) ? undefined : millis
}
/** `width` zero-padded digits up to `max`. */
const digits = (width: number, max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(width, "0"))

/** Timestamp-shaped texts with any field out of range, either `T`, any fraction and any zone. */
export const timestampTextArb = fc.tuple(
  digits(4, 9999),
  digits(2, 13),
  digits(2, 32),
  fc.constantFrom("T", "t"),
  digits(2, 25),
  digits(2, 61),
  digits(2, 61),
  fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
  fc.oneof(
    fc.constantFrom("Z", "z"),
    fc.tuple(fc.constantFrom("+", "-"), digits(2, 25), digits(2, 61)).map(([sign, h, m]) => `${sign}${h}:${m}`)
  )
).map(([year, month, day, t, hour, minute, second, fraction, zone]) =>
  `${year}-${month}-${day}${t}${hour}:${minute}:${second}${fraction === undefined ? "" : `.${fraction}`}${zone}`
)

/** `expiresInMinutes` values inside 60-1440. */
export const acceptedMinutes = [60, 61, 1439, 1440]
/** `expiresInMinutes` values outside 60-1440 or not integers. */
export const rejectedMinutes: ReadonlyArray<unknown> = [59, 1441, 0, -60, 60.5, Number.NaN, "60"]

/** A token for the redaction checks, and an expiry. */
export const secret = "eyJhbGciOiJSUzI1NiJ9.SECRET-TOKEN-PAYLOAD.signature"
export const expiresOn = "2023-10-19T15:34:17.049388+00:00"
