/**
 * Communication identifiers, as in `@azure/communication-common`: users,
 * phone numbers, Teams users and apps, Teams Phone extension users and
 * unknown ids; their raw-id form; and the serialized wire model.
 *
 * The functions keep the official names and behaviour, so code written
 * against `@azure/communication-common` keeps working. The wire model has
 * Schemas; decoding reports invalid input as an `InvalidInput`.
 *
 * @since 0.1.0
 */
import * as Protocol from "@effect-acs/identity-protocol/Identifier"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaTransformation from "effect/SchemaTransformation"
import * as Struct from "effect/Struct"
import { InvalidInput } from "./IdentityError.js"

export type {
  /**
   * Any communication participant.
   *
   * @since 0.1.0
   * @category models
   */
  CommunicationIdentifier,
  /**
   * An Azure Communication Services user.
   *
   * @since 0.1.0
   * @category models
   */
  CommunicationUserIdentifier,
  /**
   * A Microsoft Teams app (bot).
   *
   * @since 0.1.0
   * @category models
   */
  MicrosoftTeamsAppIdentifier,
  /**
   * A Microsoft Teams user.
   *
   * @since 0.1.0
   * @category models
   */
  MicrosoftTeamsUserIdentifier,
  /**
   * A phone number.
   *
   * @since 0.1.0
   * @category models
   */
  PhoneNumberIdentifier,
  /**
   * A Teams Phone extension user: `8:acs:<resourceId>_<tenantId>_<userId>`.
   *
   * @since 0.1.0
   * @category models
   */
  TeamsExtensionUserIdentifier,
  /**
   * An id of no other kind.
   *
   * @since 0.1.0
   * @category models
   */
  UnknownIdentifier
} from "@effect-acs/identity-protocol/Identifier"

export {
  /**
   * Restores the identifier a raw id encodes.
   *
   * @since 0.1.0
   * @category raw ids
   */
  createIdentifierFromRawId,
  /**
   * Tags an identifier with its kind, in the official order.
   *
   * @since 0.1.0
   * @category kinds
   */
  getIdentifierKind,
  /**
   * The raw id of an identifier, usable as a database key.
   *
   * @since 0.1.0
   * @category raw ids
   */
  getIdentifierRawId,
  /**
   * @since 0.1.0
   * @category guards
   */
  isCommunicationUserIdentifier,
  /**
   * @since 0.1.0
   * @category guards
   */
  isMicrosoftTeamsAppIdentifier,
  /**
   * @since 0.1.0
   * @category guards
   */
  isMicrosoftTeamsUserIdentifier,
  /**
   * @since 0.1.0
   * @category guards
   */
  isPhoneNumberIdentifier,
  /**
   * True when `userId`, `tenantId` and `resourceId` are all strings.
   *
   * @since 0.1.0
   * @category guards
   */
  isTeamsExtensionUserIdentifier,
  /**
   * @since 0.1.0
   * @category guards
   */
  isUnknownIdentifier,
  /**
   * The raw-id prefixes, by kind and cloud.
   *
   * @since 0.1.0
   * @category raw ids
   */
  RawIdPrefix
} from "@effect-acs/identity-protocol/Identifier"

// -----------------------------------------------------------------------------
// models
// -----------------------------------------------------------------------------

/**
 * The cloud a Teams user, Teams app or Teams Phone extension user belongs to.
 *
 * @since 0.1.0
 * @category models
 */
export const CommunicationCloudEnvironment = Schema.Literals(Protocol.clouds)

/**
 * @since 0.1.0
 * @category models
 */
export type CommunicationCloudEnvironment = typeof CommunicationCloudEnvironment.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const CommunicationUserKind = Schema.Struct({
  kind: Schema.Literal("communicationUser"),
  communicationUserId: Schema.String
})

/**
 * A {@link CommunicationUserIdentifier} tagged with its kind.
 *
 * @since 0.1.0
 * @category models
 */
export type CommunicationUserKind = Protocol.CommunicationUserKind

/**
 * @since 0.1.0
 * @category schemas
 */
export const PhoneNumberKind = Schema.Struct({
  kind: Schema.Literal("phoneNumber"),
  phoneNumber: Schema.String,
  rawId: Schema.optionalKey(Schema.String),
  assertedId: Schema.optionalKey(Schema.String),
  isAnonymous: Schema.optionalKey(Schema.Boolean)
})

/**
 * A {@link PhoneNumberIdentifier} tagged with its kind.
 *
 * @since 0.1.0
 * @category models
 */
export type PhoneNumberKind = Protocol.PhoneNumberKind

/**
 * @since 0.1.0
 * @category schemas
 */
export const MicrosoftTeamsUserKind = Schema.Struct({
  kind: Schema.Literal("microsoftTeamsUser"),
  microsoftTeamsUserId: Schema.String,
  rawId: Schema.optionalKey(Schema.String),
  isAnonymous: Schema.optionalKey(Schema.Boolean),
  cloud: Schema.optionalKey(CommunicationCloudEnvironment)
})

/**
 * A {@link MicrosoftTeamsUserIdentifier} tagged with its kind.
 *
 * @since 0.1.0
 * @category models
 */
export type MicrosoftTeamsUserKind = Protocol.MicrosoftTeamsUserKind

/**
 * @since 0.1.0
 * @category schemas
 */
export const MicrosoftTeamsAppKind = Schema.Struct({
  kind: Schema.Literal("microsoftTeamsApp"),
  teamsAppId: Schema.String,
  rawId: Schema.optionalKey(Schema.String),
  cloud: Schema.optionalKey(CommunicationCloudEnvironment)
})

/**
 * A {@link MicrosoftTeamsAppIdentifier} tagged with its kind.
 *
 * @since 0.1.0
 * @category models
 */
export type MicrosoftTeamsAppKind = Protocol.MicrosoftTeamsAppKind

/**
 * @since 0.1.0
 * @category schemas
 */
export const TeamsExtensionUserKind = Schema.Struct({
  kind: Schema.Literal("teamsExtensionUser"),
  userId: Schema.String,
  tenantId: Schema.String,
  resourceId: Schema.String,
  rawId: Schema.optionalKey(Schema.String),
  cloud: Schema.optionalKey(CommunicationCloudEnvironment)
})

/**
 * A {@link TeamsExtensionUserIdentifier} tagged with its kind.
 *
 * @since 0.1.0
 * @category models
 */
export type TeamsExtensionUserKind = Protocol.TeamsExtensionUserKind

/**
 * @since 0.1.0
 * @category schemas
 */
export const UnknownIdentifierKind = Schema.Struct({
  kind: Schema.Literal("unknown"),
  id: Schema.String
})

/**
 * An {@link UnknownIdentifier} tagged with its kind.
 *
 * @since 0.1.0
 * @category models
 */
export type UnknownIdentifierKind = Protocol.UnknownIdentifierKind

/**
 * Any identifier, discriminated by `kind`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CommunicationIdentifierKind: Schema.Codec<CommunicationIdentifierKind> = Schema.Union([
  CommunicationUserKind,
  PhoneNumberKind,
  MicrosoftTeamsUserKind,
  MicrosoftTeamsAppKind,
  TeamsExtensionUserKind,
  UnknownIdentifierKind
])

/**
 * @since 0.1.0
 * @category models
 */
export type CommunicationIdentifierKind = Protocol.CommunicationIdentifierKind

/**
 * A raw id decoded to its identifier; encoding gives the raw id back.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CommunicationIdentifierFromRawId: Schema.Codec<CommunicationIdentifierKind, string> = Schema.String.pipe(
  Schema.decodeTo(
    Schema.toType(CommunicationIdentifierKind),
    SchemaTransformation.transform({ decode: Protocol.createIdentifierFromRawId, encode: Protocol.getIdentifierRawId })
  )
)

// -----------------------------------------------------------------------------
// wire model
// -----------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category wire model
 */
export const SerializedCommunicationUserIdentifier = Schema.Struct({ id: Schema.String })

/**
 * @since 0.1.0
 * @category wire model
 */
export interface SerializedCommunicationUserIdentifier
  extends Schema.Schema.Type<typeof SerializedCommunicationUserIdentifier>
{}

/**
 * @since 0.1.0
 * @category wire model
 */
export const SerializedPhoneNumberIdentifier = Schema.Struct({
  value: Schema.String,
  assertedId: Schema.optionalKey(Schema.String),
  isAnonymous: Schema.optionalKey(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category wire model
 */
export interface SerializedPhoneNumberIdentifier extends Schema.Schema.Type<typeof SerializedPhoneNumberIdentifier> {}

/**
 * @since 0.1.0
 * @category wire model
 */
export const SerializedMicrosoftTeamsUserIdentifier = Schema.Struct({
  userId: Schema.String,
  isAnonymous: Schema.optionalKey(Schema.Boolean),
  cloud: Schema.optionalKey(CommunicationCloudEnvironment)
})

/**
 * @since 0.1.0
 * @category wire model
 */
export interface SerializedMicrosoftTeamsUserIdentifier
  extends Schema.Schema.Type<typeof SerializedMicrosoftTeamsUserIdentifier>
{}

/**
 * @since 0.1.0
 * @category wire model
 */
export const SerializedMicrosoftTeamsAppIdentifier = Schema.Struct({
  appId: Schema.String,
  cloud: Schema.optionalKey(CommunicationCloudEnvironment)
})

/**
 * @since 0.1.0
 * @category wire model
 */
export interface SerializedMicrosoftTeamsAppIdentifier
  extends Schema.Schema.Type<typeof SerializedMicrosoftTeamsAppIdentifier>
{}

/**
 * @since 0.1.0
 * @category wire model
 */
export const SerializedTeamsExtensionUserIdentifier = Schema.Struct({
  userId: Schema.String,
  tenantId: Schema.String,
  resourceId: Schema.String,
  cloud: Schema.optionalKey(CommunicationCloudEnvironment)
})

/**
 * @since 0.1.0
 * @category wire model
 */
export interface SerializedTeamsExtensionUserIdentifier
  extends Schema.Schema.Type<typeof SerializedTeamsExtensionUserIdentifier>
{}

/**
 * The wire model `CommunicationIdentifierModel`: `kind`, `rawId` and at most
 * one nested model.
 *
 * @since 0.1.0
 * @category wire model
 */
export const SerializedCommunicationIdentifier = Schema.Struct({
  kind: Schema.optionalKey(Schema.String),
  rawId: Schema.optionalKey(Schema.String),
  communicationUser: Schema.optionalKey(SerializedCommunicationUserIdentifier),
  phoneNumber: Schema.optionalKey(SerializedPhoneNumberIdentifier),
  microsoftTeamsUser: Schema.optionalKey(SerializedMicrosoftTeamsUserIdentifier),
  microsoftTeamsApp: Schema.optionalKey(SerializedMicrosoftTeamsAppIdentifier),
  teamsExtensionUser: Schema.optionalKey(SerializedTeamsExtensionUserIdentifier)
})

/**
 * @since 0.1.0
 * @category wire model
 */
export interface SerializedCommunicationIdentifier
  extends Schema.Schema.Type<typeof SerializedCommunicationIdentifier>
{}

/**
 * Serializes an identifier for a request. `rawId` is always set (a supplied
 * one wins); `isAnonymous` defaults to `false` and `cloud` to `public`. No
 * `kind` is emitted, as in the official serializer.
 *
 * @since 0.1.0
 * @category wire model
 */
export const serializeCommunicationIdentifier: (
  identifier: Protocol.CommunicationIdentifier
) => SerializedCommunicationIdentifier = Protocol.serializeCommunicationIdentifier

const partial = <Fields extends Schema.Struct.Fields>(schema: Schema.Struct<Fields>) =>
  Schema.optionalKey(schema.mapFields(Struct.map(Schema.optionalKey)))

// The deserializer's input: the wire model with every nested field optional,
// so that a missing one gets the official message rather than a parse error.
const LooseSerialized = Schema.Struct({
  kind: Schema.optionalKey(Schema.String),
  rawId: Schema.optionalKey(Schema.String),
  communicationUser: partial(SerializedCommunicationUserIdentifier),
  phoneNumber: partial(SerializedPhoneNumberIdentifier),
  microsoftTeamsUser: partial(SerializedMicrosoftTeamsUserIdentifier),
  microsoftTeamsApp: partial(SerializedMicrosoftTeamsAppIdentifier),
  teamsExtensionUser: partial(SerializedTeamsExtensionUserIdentifier)
})

const deserialize = (
  serialized: Protocol.LooseSerializedCommunicationIdentifier
): Result.Result<CommunicationIdentifierKind, InvalidInput> => {
  const result = Protocol.deserialize(serialized)
  return result.ok ? Result.succeed(result.value) : Result.fail(new InvalidInput(result.violation))
}

/**
 * The wire model decoded to an identifier with the official deserializer's
 * rules; encoding is {@link serializeCommunicationIdentifier}. Unknown
 * properties are ignored.
 *
 * @since 0.1.0
 * @category wire model
 */
export const CommunicationIdentifierFromSerialized: Schema.Codec<
  CommunicationIdentifierKind,
  typeof LooseSerialized.Encoded
> = LooseSerialized.pipe(
  Schema.decodeTo(
    Schema.toType(CommunicationIdentifierKind),
    SchemaTransformation.transformEffect({
      decode: (serialized) =>
        Result.match(deserialize(serialized), {
          onFailure: (invalid) => Effect.fail(new SchemaIssue.InvalidValue({ message: invalid.message }, serialized)),
          onSuccess: Effect.succeed
        }),
      encode: (identifier) => Effect.succeed(serializeCommunicationIdentifier(identifier))
    })
  )
)

const decodeLoose = Schema.decodeUnknownResult(LooseSerialized)
const formatIssue = SchemaIssue.makeFormatterDefault()

/**
 * Decodes a serialized identifier (for instance a parsed JSON body). A value
 * that is not the wire model, has more than one nested model or lacks a
 * required property is an `InvalidInput` with the official message.
 *
 * @since 0.1.0
 * @category wire model
 */
export const decodeSerializedIdentifier = (input: unknown): Result.Result<CommunicationIdentifierKind, InvalidInput> =>
  Result.flatMap(
    Result.mapError(decodeLoose(input), (error) =>
      new InvalidInput({
        field: "identifier",
        message: `Invalid serialized identifier: ${formatIssue(error.issue)}`
      })),
    deserialize
  )

/**
 * Drop-in for the official deserializer: like
 * {@link decodeSerializedIdentifier} but throws the `InvalidInput` (an
 * `Error` whose message is the official one).
 *
 * @since 0.1.0
 * @category wire model
 */
export const deserializeCommunicationIdentifier = (
  serializedIdentifier: SerializedCommunicationIdentifier
): CommunicationIdentifierKind => {
  const result = decodeSerializedIdentifier(serializedIdentifier)
  if (Result.isFailure(result)) throw result.failure
  return result.success
}
