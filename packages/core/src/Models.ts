/**
 * Schemas of every wire model of the Identity API (exact casing), shared by
 * the client and the emulator.
 *
 * @since 0.1.0
 */
import type * as ErrorEnvelope from "@effect-acs/identity-protocol/ErrorEnvelope"
import type { ModelName } from "@effect-acs/identity-protocol/Operation"
import * as Rules from "@effect-acs/identity-protocol/Rules"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * An access-token scope.
 *
 * @since 0.1.0
 * @category models
 */
export const TokenScope = Schema.Literal(...Rules.scopes)

/**
 * @since 0.1.0
 * @category models
 */
export type TokenScope = typeof TokenScope.Type

const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/i

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Milliseconds in 400 Gregorian years, a whole number of days. */
const fourCenturies = 146097 * 86_400_000

/**
 * Parses a service timestamp (RFC 3339, any number of fractional digits,
 * `Z` or an offset) to epoch milliseconds, or `undefined`. Impossible dates
 * (`02-30`, hour 24, second 60, offset `+24:00`) are rejected; fractions are
 * cut to milliseconds.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseDateTime = (text: string): number | undefined => {
  const match = dateTimePattern.exec(text)
  if (match === null) return undefined
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  const hour = Number(match[4])
  const minute = Number(match[5])
  const second = Number(match[6])
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = month === 2 && leap ? 29 : daysInMonth[month - 1]
  if (days === undefined || day < 1 || day > days || hour > 23 || minute > 59 || second > 59) return undefined
  const fraction = match[7]
  const millis = fraction === undefined ? 0 : Number(fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, "0"))
  let offset = 0
  if (match[8] !== undefined) {
    const offsetHours = Number(match[9])
    const offsetMinutes = Number(match[10])
    if (offsetHours > 23 || offsetMinutes > 59) return undefined
    offset = (match[8] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000
  }
  // Date.UTC reads years 0-99 as 1900-1999: count from 400 years later instead
  return Date.UTC(year + 400, month - 1, day, hour, minute, second, millis) - fourCenturies - offset
}

/**
 * Formats a date the way the service does: seven fractional digits and an
 * explicit `+00:00` offset.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatDateTime = (date: Date): string => `${date.toISOString().slice(0, 23)}0000+00:00`

/**
 * A service timestamp decoded to a `Date` (millisecond precision).
 *
 * @since 0.1.0
 * @category models
 */
export const DateTime = Schema.transformOrFail(Schema.String, Schema.ValidDateFromSelf, {
  strict: true,
  decode: (text, _, ast) => {
    const millis = parseDateTime(text)
    return millis === undefined
      ? ParseResult.fail(new ParseResult.Type(ast, text, "Expected an RFC 3339 date-time"))
      : ParseResult.succeed(new Date(millis))
  },
  encode: (date, _, ast) => {
    const year = date.getUTCFullYear()
    return year < 0 || year > 9999
      ? ParseResult.fail(new ParseResult.Type(ast, date, "Expected a date in the years 0000 to 9999"))
      : ParseResult.succeed(formatDateTime(date))
  }
}).annotations({ identifier: "DateTime" })

/**
 * `expiresInMinutes`: an integer in 60..1440.
 *
 * @since 0.1.0
 * @category models
 */
export const ExpiresInMinutes = Schema.Int.pipe(
  Schema.between(Rules.expiresInMinutes.min, Rules.expiresInMinutes.max)
).annotations({
  identifier: "ExpiresInMinutes"
})

/**
 * `CommunicationIdentity`.
 *
 * @since 0.1.0
 * @category models
 */
export const CommunicationIdentity = Schema.Struct({
  id: Schema.String,
  customId: Schema.optional(Schema.String),
  lastTokenIssuedAt: Schema.optional(DateTime)
})

/**
 * @since 0.1.0
 * @category models
 */
export type CommunicationIdentity = typeof CommunicationIdentity.Type

/**
 * `CommunicationIdentityAccessToken`; the token is kept `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export const CommunicationIdentityAccessToken = Schema.Struct({
  token: Schema.Redacted(Schema.String),
  expiresOn: DateTime
})

/**
 * @since 0.1.0
 * @category models
 */
export type CommunicationIdentityAccessToken = typeof CommunicationIdentityAccessToken.Type

/**
 * `CommunicationIdentityAccessTokenResult`: the response of create.
 *
 * @since 0.1.0
 * @category models
 */
export const CommunicationIdentityAccessTokenResult = Schema.Struct({
  identity: CommunicationIdentity,
  accessToken: Schema.optional(CommunicationIdentityAccessToken)
})

/**
 * @since 0.1.0
 * @category models
 */
export type CommunicationIdentityAccessTokenResult = typeof CommunicationIdentityAccessTokenResult.Type

/**
 * `CommunicationIdentityCreateRequest`.
 *
 * @since 0.1.0
 * @category models
 */
export const CommunicationIdentityCreateRequest = Schema.Struct({
  createTokenWithScopes: Schema.optional(Schema.Array(TokenScope)),
  expiresInMinutes: Schema.optional(ExpiresInMinutes),
  customId: Schema.optional(Schema.String.pipe(Schema.length({ min: Rules.customIdLength.min, max: Rules.customIdLength.max })))
})

/**
 * @since 0.1.0
 * @category models
 */
export type CommunicationIdentityCreateRequest = typeof CommunicationIdentityCreateRequest.Type

/**
 * `CommunicationIdentityAccessTokenRequest`.
 *
 * @since 0.1.0
 * @category models
 */
export const CommunicationIdentityAccessTokenRequest = Schema.Struct({
  scopes: Schema.Array(TokenScope),
  expiresInMinutes: Schema.optional(ExpiresInMinutes)
})

/**
 * @since 0.1.0
 * @category models
 */
export type CommunicationIdentityAccessTokenRequest = typeof CommunicationIdentityAccessTokenRequest.Type

/**
 * `TeamsUserExchangeTokenRequest`; the Entra token is kept `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export const TeamsUserExchangeTokenRequest = Schema.Struct({
  token: Schema.Redacted(Schema.String),
  appId: Schema.String,
  userId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type TeamsUserExchangeTokenRequest = typeof TeamsUserExchangeTokenRequest.Type

/**
 * `TeamsExtensionAssignmentCreateOrUpdateRequest`: `principalType` is an open
 * enum (`resourceAccount`, `user`).
 *
 * @since 0.1.0
 * @category models
 */
export const TeamsExtensionAssignmentCreateOrUpdateRequest = Schema.Struct({
  principalType: Schema.String,
  clientIds: Schema.optional(Schema.Array(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export type TeamsExtensionAssignmentCreateOrUpdateRequest = typeof TeamsExtensionAssignmentCreateOrUpdateRequest.Type

/**
 * `TeamsExtensionAssignmentResponse`: a Teams Phone extension access assignment.
 *
 * @since 0.1.0
 * @category models
 */
export const TeamsExtensionAssignmentResponse = Schema.Struct({
  objectId: Schema.String,
  tenantId: Schema.String,
  principalType: Schema.String,
  clientIds: Schema.optional(Schema.Array(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export type TeamsExtensionAssignmentResponse = typeof TeamsExtensionAssignmentResponse.Type

/**
 * `EntraAssignmentCreateOrUpdateRequest`: `principalType` is an open enum
 * (`user`, `group`, `tenant`).
 *
 * @since 0.1.0
 * @category models
 */
export const EntraAssignmentCreateOrUpdateRequest = Schema.Struct({
  tenantId: Schema.String,
  principalType: Schema.String,
  clientIds: Schema.Array(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type EntraAssignmentCreateOrUpdateRequest = typeof EntraAssignmentCreateOrUpdateRequest.Type

/**
 * `EntraAssignment`: an Entra ID access assignment.
 *
 * @since 0.1.0
 * @category models
 */
export const EntraAssignment = Schema.Struct({
  objectId: Schema.String,
  tenantId: Schema.String,
  principalType: Schema.String,
  clientIds: Schema.Array(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type EntraAssignment = typeof EntraAssignment.Type

/**
 * `EntraAssignmentUpdateBulkRequest`: a JSON merge patch from object id to the
 * assignment to set, or `null` to remove it.
 *
 * @since 0.1.0
 * @category models
 */
export const EntraAssignmentUpdateBulkRequest = Schema.Record({
  key: Schema.String,
  value: Schema.NullOr(EntraAssignmentCreateOrUpdateRequest)
})

/**
 * @since 0.1.0
 * @category models
 */
export type EntraAssignmentUpdateBulkRequest = typeof EntraAssignmentUpdateBulkRequest.Type

/**
 * `EntraAssignmentsResponse`: a page of Entra ID access assignments.
 *
 * @since 0.1.0
 * @category models
 */
export const EntraAssignmentsResponse = Schema.Struct({
  value: Schema.Array(EntraAssignment),
  nextLink: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type EntraAssignmentsResponse = typeof EntraAssignmentsResponse.Type

/**
 * `CommunicationError` (recursive through `details` and `innererror`).
 *
 * @since 0.1.0
 * @category models
 */
export type CommunicationError = ErrorEnvelope.CommunicationError

/**
 * @since 0.1.0
 * @category models
 */
export const CommunicationError: Schema.Schema<CommunicationError> = Schema.Struct({
  code: Schema.String,
  message: Schema.String,
  target: Schema.optional(Schema.String),
  details: Schema.optional(Schema.Array(Schema.suspend(() => CommunicationError))),
  innererror: Schema.optional(Schema.suspend(() => CommunicationError))
}).annotations({ identifier: "CommunicationError" })

/**
 * `CommunicationErrorResponse`: the body of every error response.
 *
 * @since 0.1.0
 * @category models
 */
export const CommunicationErrorResponse = Schema.Struct({ error: CommunicationError })

/**
 * @since 0.1.0
 * @category models
 */
export type CommunicationErrorResponse = typeof CommunicationErrorResponse.Type

/**
 * The schema of each wire model, by its name in the operation table.
 *
 * @since 0.1.0
 * @category models
 */
export const byName = {
  CommunicationIdentity,
  CommunicationIdentityAccessToken,
  CommunicationIdentityAccessTokenResult,
  CommunicationIdentityCreateRequest,
  CommunicationIdentityAccessTokenRequest,
  TeamsUserExchangeTokenRequest,
  TeamsExtensionAssignmentCreateOrUpdateRequest,
  TeamsExtensionAssignmentResponse,
  EntraAssignment,
  EntraAssignmentCreateOrUpdateRequest,
  EntraAssignmentUpdateBulkRequest,
  EntraAssignmentsResponse,
  CommunicationErrorResponse
} as const satisfies Record<ModelName, Schema.Schema.Any>
