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
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Protocol from "@effect-acs/identity-protocol/Identifier"
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
export const CommunicationCloudEnvironment = Schema.Literal(...Protocol.clouds)

/**
 * @since 0.1.0
 * @category models
 */
export type CommunicationCloudEnvironment = typeof CommunicationCloudEnvironment.Type

const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

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
  rawId: optional(Schema.String),
  assertedId: optional(Schema.String),
  isAnonymous: optional(Schema.Boolean)
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
  rawId: optional(Schema.String),
  isAnonymous: optional(Schema.Boolean),
  cloud: optional(CommunicationCloudEnvironment)
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
  rawId: optional(Schema.String),
  cloud: optional(CommunicationCloudEnvironment)
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
  rawId: optional(Schema.String),
  cloud: optional(CommunicationCloudEnvironment)
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
export const CommunicationIdentifierKind: Schema.Schema<CommunicationIdentifierKind> = Schema.Union(
  CommunicationUserKind,
  PhoneNumberKind,
  MicrosoftTeamsUserKind,
  MicrosoftTeamsAppKind,
  TeamsExtensionUserKind,
  UnknownIdentifierKind
)

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
export const CommunicationIdentifierFromRawId: Schema.Schema<CommunicationIdentifierKind, string> = Schema.transform(
  Schema.String,
  Schema.typeSchema(CommunicationIdentifierKind),
  { strict: true, decode: Protocol.createIdentifierFromRawId, encode: Protocol.getIdentifierRawId }
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
  assertedId: optional(Schema.String),
  isAnonymous: optional(Schema.Boolean)
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
  isAnonymous: optional(Schema.Boolean),
  cloud: optional(CommunicationCloudEnvironment)
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
  cloud: optional(CommunicationCloudEnvironment)
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
  cloud: optional(CommunicationCloudEnvironment)
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
  kind: optional(Schema.String),
  rawId: optional(Schema.String),
  communicationUser: optional(SerializedCommunicationUserIdentifier),
  phoneNumber: optional(SerializedPhoneNumberIdentifier),
  microsoftTeamsUser: optional(SerializedMicrosoftTeamsUserIdentifier),
  microsoftTeamsApp: optional(SerializedMicrosoftTeamsAppIdentifier),
  teamsExtensionUser: optional(SerializedTeamsExtensionUserIdentifier)
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

// The deserializer's input: the wire model with every nested field optional,
// so that a missing one gets the official message rather than a parse error.
const LooseSerialized = Schema.Struct({
  kind: optional(Schema.String),
  rawId: optional(Schema.String),
  communicationUser: optional(Schema.partialWith(SerializedCommunicationUserIdentifier, { exact: true })),
  phoneNumber: optional(Schema.partialWith(SerializedPhoneNumberIdentifier, { exact: true })),
  microsoftTeamsUser: optional(Schema.partialWith(SerializedMicrosoftTeamsUserIdentifier, { exact: true })),
  microsoftTeamsApp: optional(Schema.partialWith(SerializedMicrosoftTeamsAppIdentifier, { exact: true })),
  teamsExtensionUser: optional(Schema.partialWith(SerializedTeamsExtensionUserIdentifier, { exact: true }))
})
const deserialize = (
  serialized: typeof LooseSerialized.Type
): Either.Either<CommunicationIdentifierKind, InvalidInput> => {
  const result = Protocol.deserialize(serialized)
  return result.ok ? Either.right(result.value) : Either.left(new InvalidInput(result.violation))
}

/**
 * The wire model decoded to an identifier with the official deserializer's
 * rules; encoding is {@link serializeCommunicationIdentifier}. Unknown
 * properties are ignored.
 *
 * @since 0.1.0
 * @category wire model
 */
export const CommunicationIdentifierFromSerialized: Schema.Schema<
  CommunicationIdentifierKind,
  Schema.Schema.Encoded<typeof LooseSerialized>
> = Schema.transformOrFail(LooseSerialized, Schema.typeSchema(CommunicationIdentifierKind), {
  strict: true,
  decode: (serialized, _, ast) =>
    Either.mapLeft(deserialize(serialized), (invalid) => new ParseResult.Type(ast, serialized, invalid.message)),
  encode: (identifier) => ParseResult.succeed(serializeCommunicationIdentifier(identifier))
})

const decodeLoose = Schema.decodeUnknownEither(LooseSerialized)

/**
 * Decodes a serialized identifier (for instance a parsed JSON body). A value
 * that is not the wire model, has more than one nested model or lacks a
 * required property is an `InvalidInput` with the official message.
 *
 * @since 0.1.0
 * @category wire model
 */
export const decodeSerializedIdentifier = (input: unknown): Either.Either<CommunicationIdentifierKind, InvalidInput> =>
  Either.flatMap(
    Either.mapLeft(decodeLoose(input), (error) =>
      new InvalidInput({
        field: "identifier",
        message: `Invalid serialized identifier: ${ParseResult.TreeFormatter.formatErrorSync(error)}`
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
): CommunicationIdentifierKind =>
  Either.getOrThrowWith(decodeSerializedIdentifier(serializedIdentifier), (error) => error)
