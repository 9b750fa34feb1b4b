/**
 * Schemas of every wire model of the Identity API (exact casing), shared by
 * the client and the emulator.
 *
 * @since 0.1.0
 */
import type * as ErrorEnvelope from "@effect-acs/identity-protocol/ErrorEnvelope"
import type { ModelName } from "@effect-acs/identity-protocol/Operation"
import * as DateTimeText from "@effect-acs/identity-protocol/DateTime"
import * as Rules from "@effect-acs/identity-protocol/Rules"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaTransformation from "effect/SchemaTransformation"

/**
 * An access-token scope.
 *
 * @since 0.1.0
 * @category models
 */
export const TokenScope = Schema.Literals(Rules.scopes)

/**
 * @since 0.1.0
 * @category models
 */
export type TokenScope = typeof TokenScope.Type

/**
 * A service timestamp decoded to a `Date` (millisecond precision).
 *
 * @since 0.1.0
 * @category models
 */
export const DateTime = Schema.String.pipe(
  Schema.decodeTo(
    Schema.Date,
    SchemaTransformation.transformEffect({
      decode: (text) => {
        const millis = DateTimeText.parse(text)
        return millis === undefined
          ? Effect.fail(new SchemaIssue.InvalidValue({ message: "Expected an RFC 3339 date-time" }, text))
          : Effect.succeed(new Date(millis))
      },
      encode: (date) => {
        const year = date.getUTCFullYear()
        return Number.isNaN(date.getTime()) || year < 0 || year > 9999
          ? Effect.fail(new SchemaIssue.InvalidValue({ message: "Expected a date in the years 0000 to 9999" }, date))
          : Effect.succeed(DateTimeText.format(date))
      }
    })
  )
).annotate({ identifier: "DateTime" })

/**
 * `expiresInMinutes`: an integer in 60..1440.
 *
 * @since 0.1.0
 * @category models
 */
export const ExpiresInMinutes = Schema.Int.check(
  Schema.isBetween({ minimum: Rules.expiresInMinutes.min, maximum: Rules.expiresInMinutes.max })
).annotate({
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
  customId: Schema.optionalKey(Schema.String),
  lastTokenIssuedAt: Schema.optionalKey(DateTime)
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
  token: Schema.RedactedFromValue(Schema.String),
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
  accessToken: Schema.optionalKey(CommunicationIdentityAccessToken)
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
  createTokenWithScopes: Schema.optionalKey(Schema.Array(TokenScope)),
  expiresInMinutes: Schema.optionalKey(ExpiresInMinutes),
  customId: Schema.optionalKey(
    Schema.String.check(Schema.isMinLength(Rules.customIdLength.min), Schema.isMaxLength(Rules.customIdLength.max))
  )
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
  expiresInMinutes: Schema.optionalKey(ExpiresInMinutes)
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
  token: Schema.RedactedFromValue(Schema.String),
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
  clientIds: Schema.optionalKey(Schema.Array(Schema.String))
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
  clientIds: Schema.optionalKey(Schema.Array(Schema.String))
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
export const EntraAssignmentUpdateBulkRequest = Schema.Record(
  Schema.String,
  Schema.NullOr(EntraAssignmentCreateOrUpdateRequest)
)

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
  nextLink: Schema.optionalKey(Schema.String)
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
export const CommunicationError: Schema.Codec<CommunicationError> = Schema.Struct({
  code: Schema.String,
  message: Schema.String,
  target: Schema.optionalKey(Schema.String),
  details: Schema.optionalKey(Schema.Array(Schema.suspend(() => CommunicationError))),
  innererror: Schema.optionalKey(Schema.suspend(() => CommunicationError))
}).annotate({ identifier: "CommunicationError" })

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
  CommunicationErrorResponse,
  TeamsExtensionAssignmentCreateOrUpdateRequest,
  TeamsExtensionAssignmentResponse,
  EntraAssignment,
  EntraAssignmentCreateOrUpdateRequest,
  EntraAssignmentUpdateBulkRequest,
  EntraAssignmentsResponse
} as const satisfies Record<ModelName, Schema.Top>
