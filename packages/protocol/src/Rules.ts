/**
 * The service's input rules, written once. Each check returns a
 * {@link Violation} (the field and a message that never echoes a secret) or
 * `undefined`. The clients check up front; the emulator applies the same
 * limits and answers with the service's own error texts.
 *
 * @since 0.1.0
 */
import * as ApiVersion from "./ApiVersion.js"

/**
 * A broken rule.
 *
 * @since 0.1.0
 * @category models
 */
export interface Violation {
  readonly field: string
  readonly message: string
}

/**
 * A checked value, or the rule it breaks.
 *
 * @since 0.1.0
 * @category models
 */
export type Result<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly violation: Violation }

/**
 * Every access-token scope.
 *
 * @since 0.1.0
 * @category constants
 */
export const scopes = ["chat", "voip", "chat.join", "chat.join.limited", "voip.join"] as const

/**
 * An access-token scope.
 *
 * @since 0.1.0
 * @category models
 */
export type TokenScope = typeof scopes[number]

/**
 * Token lifetime limits, in minutes (`expiresInMinutes`), and the service's default.
 *
 * @since 0.1.0
 * @category constants
 */
export const expiresInMinutes = { min: 60, max: 1440, default: 1440 } as const

/**
 * `customId` length limits.
 *
 * @since 0.1.0
 * @category constants
 */
export const customIdLength = { min: 1, max: 256 } as const

/**
 * The longest id (user, client or object id) a client sends.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxIdLength = 1024

const violation = (field: string, message: string): Violation => ({ field, message })

/** A short, safe rendering of a rejected value: primitives as text (cut to 64 characters), objects by type. */
const show = (value: unknown, quote: boolean): string => {
  if (typeof value === "object" && value !== null || typeof value === "function" || typeof value === "symbol") {
    return typeof value
  }
  const text = String(value)
  const cut = text.length > 64 ? `${text.slice(0, 64)}…` : text
  return quote && typeof value === "string" ? JSON.stringify(cut) : cut
}

/**
 * Whether `value` is a token scope.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isScope = (value: unknown): value is TokenScope =>
  typeof value === "string" && (scopes as ReadonlyArray<string>).includes(value)

/**
 * Whether a scope is one of the join scopes (feature `joinScopes`).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isJoinScope = (scope: TokenScope): boolean => scope.includes(".join")

/**
 * Whether `value` is a valid `expiresInMinutes`: an integer in 60..1440.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isExpiry = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= expiresInMinutes.min &&
  value <= expiresInMinutes.max

/**
 * Whether `value` is a valid `customId`: a string of 1 to 256 characters.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isCustomId = (value: unknown): value is string =>
  typeof value === "string" && value.length >= customIdLength.min && value.length <= customIdLength.max

/**
 * Scopes: a non-empty array of distinct known scopes that `version` accepts.
 *
 * @since 0.1.0
 * @category checks
 */
export const checkScopes = (value: unknown, version: ApiVersion.ApiVersion): Violation | undefined => {
  if (!Array.isArray(value) || value.length === 0) return violation("scopes", "scopes must be a non-empty array")
  const seen = new Set<string>()
  for (const scope of value as ReadonlyArray<unknown>) {
    if (!isScope(scope)) {
      return violation("scopes", `unknown scope ${show(scope, true)}; expected one of ${scopes.join(", ")}`)
    }
    if (seen.has(scope)) return violation("scopes", `scope ${scope} is given twice`)
    if (isJoinScope(scope) && !ApiVersion.supports(version, "joinScopes")) {
      return violation(
        "scopes",
        `scope ${scope} needs api-version ${ApiVersion.versionsWith("joinScopes").join(" or ")}`
      )
    }
    seen.add(scope)
  }
  return undefined
}

/**
 * `expiresInMinutes`, when given: an integer in 60..1440.
 *
 * @since 0.1.0
 * @category checks
 */
export const checkExpiry = (minutes: unknown): Violation | undefined =>
  minutes === undefined || isExpiry(minutes) ? undefined : violation(
    "expiresInMinutes",
    `expiresInMinutes must be an integer from ${expiresInMinutes.min} to ${expiresInMinutes.max}, got ${
      show(minutes, false)
    }`
  )

const idPattern = /^[\x21-\x7e]+$/

/**
 * An id the client sends (user, client, object id): 1 to 1024 printable ASCII
 * characters without spaces.
 *
 * @since 0.1.0
 * @category checks
 */
export const checkId = (value: unknown, field: string): Violation | undefined =>
  typeof value === "string" && value.length <= maxIdLength && idPattern.test(value)
    ? undefined
    : violation(field, `${field} must be 1 to ${maxIdLength} printable ASCII characters without spaces`)

/**
 * A user id that goes into a path: an id, and not a dot segment (`/identities/..`
 * would resolve to another route).
 *
 * @since 0.1.0
 * @category checks
 */
export const checkUserId = (value: unknown, field = "user.communicationUserId"): Violation | undefined =>
  checkId(value, field) ?? (value === "." || value === ".."
    ? violation(field, `${field} must not be a dot segment`)
    : undefined)

/**
 * `customId`, when given: 1 to 256 characters, on an api-version that has it.
 *
 * @since 0.1.0
 * @category checks
 */
export const checkCustomId = (value: unknown, version: ApiVersion.ApiVersion): Violation | undefined => {
  if (value === undefined) return undefined
  if (!ApiVersion.supports(version, "customId")) {
    return violation("customId", `customId needs api-version ${ApiVersion.versionsWith("customId").join(" or ")}`)
  }
  return isCustomId(value)
    ? undefined
    : violation("customId", `customId must be ${customIdLength.min} to ${customIdLength.max} characters`)
}

/**
 * That `version` has `feature`, for the operation `operation`.
 *
 * @since 0.1.0
 * @category checks
 */
export const checkFeature = (
  version: ApiVersion.ApiVersion,
  feature: ApiVersion.Feature | undefined,
  operation: string
): Violation | undefined =>
  feature === undefined || ApiVersion.supports(version, feature)
    ? undefined
    : violation("apiVersion", `${operation} needs api-version ${ApiVersion.versionsWith(feature).join(" or ")}`)

/**
 * Whether `value` can be sent as an HTTP header value: no control characters
 * (CR, LF, NUL, …) and nothing above U+00FF, as every HTTP stack requires.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isHeaderValue = (value: string): boolean => {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if ((code < 0x20 && code !== 0x09) || code === 0x7f || code > 0xff) return false
  }
  return true
}

/**
 * A secret for a header (a bearer token): non-empty text that a header can
 * carry. The message never contains the value.
 *
 * @since 0.1.0
 * @category checks
 */
export const checkHeaderSecret = (value: unknown, field: string): Violation | undefined =>
  typeof value !== "string" || value.trim() === ""
    ? violation(field, `${field} is empty`)
    : isHeaderValue(value)
    ? undefined
    : violation(field, `${field} contains characters a header cannot carry (control characters or non-Latin-1)`)
