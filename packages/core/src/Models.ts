/**
 * Schemas of every wire model of the Identity API (exact casing), shared by
 * the client and the emulator.
 *
 * @since 0.1.0
 */
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * An access-token scope.
 *
 * @since 0.1.0
 * @category models
 */
export const TokenScope = Schema.Literal("chat", "voip", "chat.join", "chat.join.limited", "voip.join")

/**
 * @since 0.1.0
 * @category models
 */
export type TokenScope = typeof TokenScope.Type

const dateTimePattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i

/**
 * Parses a service timestamp (RFC 3339, any number of fractional digits,
 * `Z` or an offset) to epoch milliseconds, or `undefined`.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseDateTime = (text: string): number | undefined => {
  const match = dateTimePattern.exec(text)
  if (match === null) return undefined
  // Date.parse rolls impossible days over (`02-30` → March 2) and takes hour 24: reject both
  const [year, month, day, hour] = match[1]!.split(/[-T:]/i).map(Number) as [number, number, number, number]
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  if (days === undefined || day < 1 || day > days || hour > 23) return undefined
  const fraction = (match[2] ?? "").padEnd(3, "0").slice(0, 3)
  const millis = Date.parse(`${match[1]}.${fraction}${match[3]!.toUpperCase()}`)
  return Number.isNaN(millis) ? undefined : millis
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
export const ExpiresInMinutes = Schema.Int.pipe(Schema.between(60, 1440)).annotations({
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
  customId: Schema.optional(Schema.String)
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
 * `CommunicationError` (recursive through `details` and `innererror`).
 *
 * @since 0.1.0
 * @category models
 */
export interface CommunicationError {
  readonly code: string
  readonly message: string
  readonly target?: string | undefined
  readonly details?: ReadonlyArray<CommunicationError> | undefined
  readonly innererror?: CommunicationError | undefined
}

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
