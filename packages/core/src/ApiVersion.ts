/**
 * The api-versions of the Identity service this library speaks, and which
 * features each one accepts. The client and the emulator gate on the same table.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The supported api-versions.
 *
 * @since 0.1.0
 * @category models
 */
export const ApiVersion = Schema.Literal("2022-10-01", "2023-10-01", "2025-03-02-preview", "2025-06-30")

/**
 * @since 0.1.0
 * @category models
 */
export type ApiVersion = typeof ApiVersion.Type

/**
 * All supported api-versions, oldest first.
 *
 * @since 0.1.0
 * @category constants
 */
export const all: ReadonlyArray<ApiVersion> = ApiVersion.literals

/**
 * The default api-version, as in `@azure/communication-identity` 1.3.x.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultVersion: ApiVersion = "2023-10-01"

/**
 * A capability that not every api-version has.
 *
 * @since 0.1.0
 * @category models
 */
export type Feature =
  /** `chat.join`, `chat.join.limited` and `voip.join` token scopes. */
  | "joinScopes"
  /** `customId` on create, `GET /identities/{id}`, `lastTokenIssuedAt`. */
  | "customId"
  /** `POST /access/teamsExtension/:exchangeAccessToken`. */
  | "teamsExtension"

const features: Record<Feature, ReadonlyArray<ApiVersion>> = {
  joinScopes: ["2023-10-01", "2025-03-02-preview", "2025-06-30"],
  customId: ["2025-03-02-preview"],
  teamsExtension: ["2025-03-02-preview", "2025-06-30"]
}

/**
 * Whether `version` accepts `feature`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const supports = (version: ApiVersion, feature: Feature): boolean => features[feature].includes(version)

/**
 * The api-versions that accept `feature`.
 *
 * @since 0.1.0
 * @category constants
 */
export const versionsWith = (feature: Feature): ReadonlyArray<ApiVersion> => features[feature]
