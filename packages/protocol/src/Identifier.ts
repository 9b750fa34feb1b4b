/**
 * Communication identifiers, as in `@azure/communication-common`: users,
 * phone numbers, Teams users and apps, Teams Phone extension users and
 * unknown ids, their kinds, their raw-id form and the serialized wire model.
 * The functions keep the official names and behaviour.
 *
 * @since 0.1.0
 */
import type * as Rules from "./Rules.js"

/**
 * The clouds a Teams user, Teams app or Teams Phone extension user belongs to.
 *
 * @since 0.1.0
 * @category constants
 */
export const clouds = ["public", "dod", "gcch"] as const

/**
 * The cloud a Teams user, Teams app or Teams Phone extension user belongs to.
 *
 * @since 0.1.0
 * @category models
 */
export type CommunicationCloudEnvironment = typeof clouds[number]

/**
 * An Azure Communication Services user.
 *
 * @since 0.1.0
 * @category models
 */
export interface CommunicationUserIdentifier {
  /** The user's id as returned by the service, e.g. `8:acs:<resource>_<user>`. */
  readonly communicationUserId: string
}

/**
 * A phone number.
 *
 * @since 0.1.0
 * @category models
 */
export interface PhoneNumberIdentifier {
  /** The raw id; wins over the computed one when present. */
  readonly rawId?: string
  /** The phone number, usually in E.164 format. */
  readonly phoneNumber: string
  /** The asserted id: the text after the last `_` of the raw id, if any. */
  readonly assertedId?: string
  /** True for an anonymous caller (`4:anonymous`). */
  readonly isAnonymous?: boolean
}

/**
 * A Microsoft Teams user.
 *
 * @since 0.1.0
 * @category models
 */
export interface MicrosoftTeamsUserIdentifier {
  /** The raw id; wins over the computed one when present. */
  readonly rawId?: string
  /** The Entra object id of the user, or the visitor id of an anonymous user. */
  readonly microsoftTeamsUserId: string
  /** True for a Teams visitor (`8:teamsvisitor:`); missing means false. */
  readonly isAnonymous?: boolean
  /** Missing means `public`. */
  readonly cloud?: CommunicationCloudEnvironment
}

/**
 * A Microsoft Teams app (bot).
 *
 * @since 0.1.0
 * @category models
 */
export interface MicrosoftTeamsAppIdentifier {
  /** The raw id; wins over the computed one when present. */
  readonly rawId?: string
  /** The app id of the bot. */
  readonly teamsAppId: string
  /** Missing means `public`. */
  readonly cloud?: CommunicationCloudEnvironment
}

/**
 * A Teams Phone extension user: `8:acs:<resourceId>_<tenantId>_<userId>`.
 *
 * @since 0.1.0
 * @category models
 */
export interface TeamsExtensionUserIdentifier {
  /** The raw id; wins over the computed one when present. */
  readonly rawId?: string
  /** The Entra object id of the user. */
  readonly userId: string
  /** The Entra tenant id of the user. */
  readonly tenantId: string
  /** The Communication Services resource id. */
  readonly resourceId: string
  /** Missing means `public`. */
  readonly cloud?: CommunicationCloudEnvironment
}

/**
 * An id of no other kind.
 *
 * @since 0.1.0
 * @category models
 */
export interface UnknownIdentifier {
  readonly id: string
}

/**
 * Any communication participant.
 *
 * @since 0.1.0
 * @category models
 */
export type CommunicationIdentifier =
  | CommunicationUserIdentifier
  | PhoneNumberIdentifier
  | MicrosoftTeamsUserIdentifier
  | MicrosoftTeamsAppIdentifier
  | TeamsExtensionUserIdentifier
  | UnknownIdentifier

/**
 * A {@link CommunicationUserIdentifier} tagged with its kind.
 *
 * @since 0.1.0
 * @category models
 */
export interface CommunicationUserKind extends CommunicationUserIdentifier {
  readonly kind: "communicationUser"
}

/**
 * A {@link PhoneNumberIdentifier} tagged with its kind.
 *
 * @since 0.1.0
 * @category models
 */
export interface PhoneNumberKind extends PhoneNumberIdentifier {
  readonly kind: "phoneNumber"
}

/**
 * A {@link MicrosoftTeamsUserIdentifier} tagged with its kind.
 *
 * @since 0.1.0
 * @category models
 */
export interface MicrosoftTeamsUserKind extends MicrosoftTeamsUserIdentifier {
  readonly kind: "microsoftTeamsUser"
}

/**
 * A {@link MicrosoftTeamsAppIdentifier} tagged with its kind.
 *
 * @since 0.1.0
 * @category models
 */
export interface MicrosoftTeamsAppKind extends MicrosoftTeamsAppIdentifier {
  readonly kind: "microsoftTeamsApp"
}

/**
 * A {@link TeamsExtensionUserIdentifier} tagged with its kind.
 *
 * @since 0.1.0
 * @category models
 */
export interface TeamsExtensionUserKind extends TeamsExtensionUserIdentifier {
  readonly kind: "teamsExtensionUser"
}

/**
 * An {@link UnknownIdentifier} tagged with its kind.
 *
 * @since 0.1.0
 * @category models
 */
export interface UnknownIdentifierKind extends UnknownIdentifier {
  readonly kind: "unknown"
}

/**
 * Any identifier, discriminated by `kind`.
 *
 * @since 0.1.0
 * @category models
 */
export type CommunicationIdentifierKind =
  | CommunicationUserKind
  | PhoneNumberKind
  | MicrosoftTeamsUserKind
  | MicrosoftTeamsAppKind
  | TeamsExtensionUserKind
  | UnknownIdentifierKind

// -----------------------------------------------------------------------------
// guards and kinds
// -----------------------------------------------------------------------------

const hasString = (identifier: CommunicationIdentifier, key: string): boolean =>
  typeof Reflect.get(identifier, key) === "string"

/**
 * @since 0.1.0
 * @category guards
 */
export const isCommunicationUserIdentifier = (
  identifier: CommunicationIdentifier
): identifier is CommunicationUserIdentifier => hasString(identifier, "communicationUserId")

/**
 * @since 0.1.0
 * @category guards
 */
export const isPhoneNumberIdentifier = (identifier: CommunicationIdentifier): identifier is PhoneNumberIdentifier =>
  hasString(identifier, "phoneNumber")

/**
 * @since 0.1.0
 * @category guards
 */
export const isMicrosoftTeamsUserIdentifier = (
  identifier: CommunicationIdentifier
): identifier is MicrosoftTeamsUserIdentifier => hasString(identifier, "microsoftTeamsUserId")

/**
 * @since 0.1.0
 * @category guards
 */
export const isMicrosoftTeamsAppIdentifier = (
  identifier: CommunicationIdentifier
): identifier is MicrosoftTeamsAppIdentifier => hasString(identifier, "teamsAppId")

/**
 * True when `userId`, `tenantId` and `resourceId` are all strings.
 *
 * @since 0.1.0
 * @category guards
 */
export const isTeamsExtensionUserIdentifier = (
  identifier: CommunicationIdentifier
): identifier is TeamsExtensionUserIdentifier =>
  hasString(identifier, "userId") && hasString(identifier, "tenantId") && hasString(identifier, "resourceId")

/**
 * @since 0.1.0
 * @category guards
 */
export const isUnknownIdentifier = (identifier: CommunicationIdentifier): identifier is UnknownIdentifier =>
  hasString(identifier, "id")

/**
 * Tags an identifier with its kind. The checks run in the official order:
 * `communicationUserId`, `phoneNumber`, `microsoftTeamsUserId`, `teamsAppId`,
 * then `userId` + `tenantId` + `resourceId`; anything else is `unknown`.
 *
 * @since 0.1.0
 * @category kinds
 */
export const getIdentifierKind = (identifier: CommunicationIdentifier): CommunicationIdentifierKind => {
  if (isCommunicationUserIdentifier(identifier)) return { ...identifier, kind: "communicationUser" }
  if (isPhoneNumberIdentifier(identifier)) return { ...identifier, kind: "phoneNumber" }
  if (isMicrosoftTeamsUserIdentifier(identifier)) return { ...identifier, kind: "microsoftTeamsUser" }
  if (isMicrosoftTeamsAppIdentifier(identifier)) return { ...identifier, kind: "microsoftTeamsApp" }
  if (isTeamsExtensionUserIdentifier(identifier)) return { ...identifier, kind: "teamsExtensionUser" }
  return { ...(identifier as UnknownIdentifier), kind: "unknown" }
}

// -----------------------------------------------------------------------------
// raw ids
// -----------------------------------------------------------------------------

/**
 * The raw-id prefixes, by kind and cloud.
 *
 * @since 0.1.0
 * @category raw ids
 */
export const RawIdPrefix = {
  phoneNumber: "4:",
  teamsVisitor: "8:teamsvisitor:",
  spool: "8:spool:",
  microsoftTeamsUser: { public: "8:orgid:", dod: "8:dod:", gcch: "8:gcch:" },
  microsoftTeamsApp: { public: "28:orgid:", dod: "28:dod:", gcch: "28:gcch:" },
  acs: { public: "8:acs:", dod: "8:dod-acs:", gcch: "8:gcch-acs:" }
} as const

const cloudOf = (cloud: CommunicationCloudEnvironment | undefined): CommunicationCloudEnvironment =>
  cloud === "dod" || cloud === "gcch" ? cloud : "public"

/**
 * The raw id of an identifier, usable as a database key. A non-empty `rawId`
 * wins; otherwise it is computed from the kind, cloud and ids.
 *
 * @since 0.1.0
 * @category raw ids
 */
export const getIdentifierRawId = (identifier: CommunicationIdentifier): string => {
  const kind = getIdentifierKind(identifier)
  switch (kind.kind) {
    case "communicationUser":
      return kind.communicationUserId
    case "microsoftTeamsUser":
      if (kind.rawId) return kind.rawId
      if (kind.isAnonymous) return `${RawIdPrefix.teamsVisitor}${kind.microsoftTeamsUserId}`
      return `${RawIdPrefix.microsoftTeamsUser[cloudOf(kind.cloud)]}${kind.microsoftTeamsUserId}`
    case "microsoftTeamsApp":
      if (kind.rawId) return kind.rawId
      return `${RawIdPrefix.microsoftTeamsApp[cloudOf(kind.cloud)]}${kind.teamsAppId}`
    case "phoneNumber":
      if (kind.rawId) return kind.rawId
      return `${RawIdPrefix.phoneNumber}${kind.phoneNumber}`
    case "teamsExtensionUser":
      if (kind.rawId) return kind.rawId
      return `${RawIdPrefix.acs[cloudOf(kind.cloud)]}${kind.resourceId}_${kind.tenantId}_${kind.userId}`
    case "unknown":
      return kind.id
  }
}

const phoneNumberFromRawId = (rawId: string): PhoneNumberKind => {
  const phoneNumber = rawId.slice(RawIdPrefix.phoneNumber.length)
  const isAnonymous = phoneNumber === "anonymous"
  // the asserted id is the non-empty text after the last "_" ("_123" counts, a trailing "_" does not)
  const start = isAnonymous ? 0 : phoneNumber.lastIndexOf("_") + 1
  return start > 0 && start < phoneNumber.length
    ? { kind: "phoneNumber", phoneNumber, isAnonymous, assertedId: phoneNumber.slice(start) }
    : { kind: "phoneNumber", phoneNumber, isAnonymous }
}

// `8:acs:`-like suffixes with exactly three `_` parts are Teams Phone extension users
const acsUser = (rawId: string, suffix: string, cloud: CommunicationCloudEnvironment): CommunicationIdentifierKind => {
  const parts = suffix.split("_")
  if (parts.length !== 3) return { kind: "communicationUser", communicationUserId: rawId }
  const [resourceId, tenantId, userId] = parts as [string, string, string]
  return { kind: "teamsExtensionUser", userId, tenantId, resourceId, cloud }
}

const teamsUser = (id: string, cloud: CommunicationCloudEnvironment): MicrosoftTeamsUserKind => ({
  kind: "microsoftTeamsUser",
  microsoftTeamsUserId: id,
  isAnonymous: false,
  cloud
})

const teamsApp = (id: string, cloud: CommunicationCloudEnvironment): MicrosoftTeamsAppKind => ({
  kind: "microsoftTeamsApp",
  teamsAppId: id,
  cloud
})

const byPrefix: { readonly [prefix: string]: (suffix: string, rawId: string) => CommunicationIdentifierKind } = {
  [RawIdPrefix.teamsVisitor]: (id) => ({ kind: "microsoftTeamsUser", microsoftTeamsUserId: id, isAnonymous: true }),
  [RawIdPrefix.microsoftTeamsUser.public]: (id) => teamsUser(id, "public"),
  [RawIdPrefix.microsoftTeamsUser.dod]: (id) => teamsUser(id, "dod"),
  [RawIdPrefix.microsoftTeamsUser.gcch]: (id) => teamsUser(id, "gcch"),
  [RawIdPrefix.acs.public]: (suffix, rawId) => acsUser(rawId, suffix, "public"),
  [RawIdPrefix.acs.dod]: (suffix, rawId) => acsUser(rawId, suffix, "dod"),
  [RawIdPrefix.acs.gcch]: (suffix, rawId) => acsUser(rawId, suffix, "gcch"),
  [RawIdPrefix.spool]: (_, rawId) => ({ kind: "communicationUser", communicationUserId: rawId }),
  [RawIdPrefix.microsoftTeamsApp.public]: (id) => teamsApp(id, "public"),
  [RawIdPrefix.microsoftTeamsApp.dod]: (id) => teamsApp(id, "dod"),
  [RawIdPrefix.microsoftTeamsApp.gcch]: (id) => teamsApp(id, "gcch")
}

/**
 * Restores the identifier a raw id encodes. `4:` is a phone number; any other
 * raw id must have exactly three `:`-separated parts and a known prefix, else
 * it is `unknown`. Under `8:acs:`, `8:dod-acs:` and `8:gcch-acs:` a suffix of
 * exactly three `_`-separated parts is a Teams Phone extension user, anything
 * else a communication user.
 *
 * @since 0.1.0
 * @category raw ids
 */
export const createIdentifierFromRawId = (rawId: string): CommunicationIdentifierKind => {
  if (rawId.startsWith(RawIdPrefix.phoneNumber)) return phoneNumberFromRawId(rawId)
  const parts = rawId.split(":")
  if (parts.length !== 3) return { kind: "unknown", id: rawId }
  const [scope, type, suffix] = parts as [string, string, string]
  const make = Object.hasOwn(byPrefix, `${scope}:${type}:`) ? byPrefix[`${scope}:${type}:`] : undefined
  return make === undefined ? { kind: "unknown", id: rawId } : make(suffix, rawId)
}

// -----------------------------------------------------------------------------
// wire model
// -----------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category wire model
 */
export interface SerializedCommunicationUserIdentifier {
  readonly id: string
}

/**
 * @since 0.1.0
 * @category wire model
 */
export interface SerializedPhoneNumberIdentifier {
  readonly value: string
  readonly assertedId?: string
  readonly isAnonymous?: boolean
}

/**
 * @since 0.1.0
 * @category wire model
 */
export interface SerializedMicrosoftTeamsUserIdentifier {
  readonly userId: string
  readonly isAnonymous?: boolean
  readonly cloud?: CommunicationCloudEnvironment
}

/**
 * @since 0.1.0
 * @category wire model
 */
export interface SerializedMicrosoftTeamsAppIdentifier {
  readonly appId: string
  readonly cloud?: CommunicationCloudEnvironment
}

/**
 * @since 0.1.0
 * @category wire model
 */
export interface SerializedTeamsExtensionUserIdentifier {
  readonly userId: string
  readonly tenantId: string
  readonly resourceId: string
  readonly cloud?: CommunicationCloudEnvironment
}

/**
 * The wire model `CommunicationIdentifierModel`: `kind`, `rawId` and at most
 * one nested model.
 *
 * @since 0.1.0
 * @category wire model
 */
export interface SerializedCommunicationIdentifier {
  readonly kind?: string
  readonly rawId?: string
  readonly communicationUser?: SerializedCommunicationUserIdentifier
  readonly phoneNumber?: SerializedPhoneNumberIdentifier
  readonly microsoftTeamsUser?: SerializedMicrosoftTeamsUserIdentifier
  readonly microsoftTeamsApp?: SerializedMicrosoftTeamsAppIdentifier
  readonly teamsExtensionUser?: SerializedTeamsExtensionUserIdentifier
}

/**
 * What {@link deserialize} reads: the wire model with every nested property
 * optional, so that a missing one gets the official message.
 *
 * @since 0.1.0
 * @category wire model
 */
export interface LooseSerializedCommunicationIdentifier {
  readonly kind?: string
  readonly rawId?: string
  readonly communicationUser?: Partial<SerializedCommunicationUserIdentifier>
  readonly phoneNumber?: Partial<SerializedPhoneNumberIdentifier>
  readonly microsoftTeamsUser?: Partial<SerializedMicrosoftTeamsUserIdentifier>
  readonly microsoftTeamsApp?: Partial<SerializedMicrosoftTeamsAppIdentifier>
  readonly teamsExtensionUser?: Partial<SerializedTeamsExtensionUserIdentifier>
}

/**
 * Serializes an identifier for a request. `rawId` is always set (a supplied
 * one wins); `isAnonymous` defaults to `false` and `cloud` to `public`. No
 * `kind` is emitted, as in the official serializer.
 *
 * @since 0.1.0
 * @category wire model
 */
export const serializeCommunicationIdentifier = (
  identifier: CommunicationIdentifier
): SerializedCommunicationIdentifier => {
  const kind = getIdentifierKind(identifier)
  const rawId = (kind.kind !== "communicationUser" && kind.kind !== "unknown" ? kind.rawId : undefined) ??
    getIdentifierRawId(kind)
  switch (kind.kind) {
    case "communicationUser":
      return { rawId, communicationUser: { id: kind.communicationUserId } }
    case "phoneNumber":
      return {
        rawId,
        phoneNumber: {
          value: kind.phoneNumber,
          isAnonymous: kind.isAnonymous ?? false,
          ...(kind.assertedId === undefined ? {} : { assertedId: kind.assertedId })
        }
      }
    case "microsoftTeamsUser":
      return {
        rawId,
        microsoftTeamsUser: {
          userId: kind.microsoftTeamsUserId,
          isAnonymous: kind.isAnonymous ?? false,
          cloud: kind.cloud ?? "public"
        }
      }
    case "microsoftTeamsApp":
      return { rawId, microsoftTeamsApp: { appId: kind.teamsAppId, cloud: kind.cloud ?? "public" } }
    case "teamsExtensionUser":
      return {
        rawId,
        teamsExtensionUser: {
          userId: kind.userId,
          tenantId: kind.tenantId,
          resourceId: kind.resourceId,
          cloud: kind.cloud ?? "public"
        }
      }
    case "unknown":
      return { rawId }
  }
}

// the order in which the official deserializer lists the nested models it found
const nestedModels = [
  "communicationUser",
  "microsoftTeamsUser",
  "microsoftTeamsApp",
  "phoneNumber",
  "teamsExtensionUser"
] as const

class MissingProperty {
  constructor(readonly violation: Rules.Violation) {}
}

const required = <A>(value: A | undefined, type: string, property: string): A => {
  if (value === undefined) {
    throw new MissingProperty({
      field: `${type}.${property}`,
      message: `Property ${property} is required for identifier of type ${type}.`
    })
  }
  return value
}

const kindOf = (serialized: LooseSerializedCommunicationIdentifier): string =>
  serialized.kind ?? (serialized.communicationUser
    ? "communicationUser"
    : serialized.phoneNumber
    ? "phoneNumber"
    : serialized.microsoftTeamsUser
    ? "microsoftTeamsUser"
    : serialized.microsoftTeamsApp
    ? "microsoftTeamsApp"
    : serialized.teamsExtensionUser
    ? "teamsExtensionUser"
    : "unknown")

// the official deserializer's checks, in its order; a missing property throws MissingProperty
const restore = (serialized: LooseSerializedCommunicationIdentifier): CommunicationIdentifierKind => {
  const kind = kindOf(serialized)
  const { communicationUser, microsoftTeamsApp, microsoftTeamsUser, phoneNumber, rawId, teamsExtensionUser } =
    serialized
  if (kind === "communicationUser" && communicationUser) {
    return { kind, communicationUserId: required(communicationUser.id, kind, "id") }
  }
  if (kind === "phoneNumber" && phoneNumber) {
    const identifier: PhoneNumberKind = {
      kind,
      phoneNumber: required(phoneNumber.value, kind, "value"),
      rawId: required(rawId, kind, "rawId"),
      isAnonymous: phoneNumber.isAnonymous ?? false
    }
    return phoneNumber.assertedId === undefined ? identifier : { ...identifier, assertedId: phoneNumber.assertedId }
  }
  if (kind === "microsoftTeamsUser" && microsoftTeamsUser) {
    return {
      kind,
      microsoftTeamsUserId: required(microsoftTeamsUser.userId, kind, "userId"),
      isAnonymous: required(microsoftTeamsUser.isAnonymous, kind, "isAnonymous"),
      cloud: required(microsoftTeamsUser.cloud, kind, "cloud"),
      rawId: required(rawId, kind, "rawId")
    }
  }
  if (kind === "microsoftTeamsApp" && microsoftTeamsApp) {
    return {
      kind,
      teamsAppId: required(microsoftTeamsApp.appId, kind, "appId"),
      cloud: required(microsoftTeamsApp.cloud, kind, "cloud"),
      rawId: required(rawId, kind, "rawId")
    }
  }
  if (kind === "teamsExtensionUser" && teamsExtensionUser) {
    return {
      kind,
      userId: required(teamsExtensionUser.userId, kind, "userId"),
      tenantId: required(teamsExtensionUser.tenantId, kind, "tenantId"),
      resourceId: required(teamsExtensionUser.resourceId, kind, "resourceId"),
      cloud: required(teamsExtensionUser.cloud, kind, "cloud"),
      rawId: required(rawId, kind, "rawId")
    }
  }
  return { kind: "unknown", id: required(rawId, "unknown", "rawId") }
}

/**
 * The identifier a wire model (already checked for its shape) describes,
 * with the official deserializer's rules and messages: more than one nested
 * model is a violation of `identifier`; a missing required property one of
 * `<kind>.<property>`. A `kind` that disagrees with the nested model, or an
 * unknown `kind`, gives an `unknown` identifier from `rawId`.
 *
 * @since 0.1.0
 * @category wire model
 */
export const deserialize = (
  serialized: LooseSerializedCommunicationIdentifier
): Rules.Result<CommunicationIdentifierKind> => {
  const present = nestedModels.filter((key) => serialized[key] !== undefined)
  if (present.length > 1) {
    return {
      ok: false,
      violation: {
        field: "identifier",
        message: `Only one of the properties in ${JSON.stringify(present)} should be present.`
      }
    }
  }
  try {
    return { ok: true, value: restore(serialized) }
  } catch (error) {
    if (error instanceof MissingProperty) return { ok: false, violation: error.violation }
    throw error
  }
}
