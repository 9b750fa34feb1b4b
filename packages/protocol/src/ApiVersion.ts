/**
 * The api-versions of the Identity service and which features each one has.
 * Every face (clients, drop-in, emulator) gates on this one table.
 *
 * @since 0.1.0
 */

/**
 * All supported api-versions, oldest first.
 *
 * @since 0.1.0
 * @category constants
 */
export const all = [
  "2022-10-01",
  "2023-10-01",
  "2025-03-02-preview",
  "2025-06-30",
  "2026-07-22",
  "2026-09-23"
] as const

/**
 * A supported api-version.
 *
 * @since 0.1.0
 * @category models
 */
export type ApiVersion = typeof all[number]

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
  /** `POST /access/entra/:exchangeAccessToken`. */
  | "entra"

const features: Record<Feature, ReadonlyArray<ApiVersion>> = {
  joinScopes: ["2023-10-01", "2025-03-02-preview", "2025-06-30", "2026-07-22", "2026-09-23"],
  customId: ["2025-03-02-preview"],
  // 2026-07-22 and 2026-09-23 have the operations and models of 2025-06-30 (the TypeSpec snapshots)
  teamsExtension: ["2025-03-02-preview", "2025-06-30", "2026-07-22", "2026-09-23"],
  entra: ["2025-03-02-preview"]
}

/**
 * Whether `value` is a supported api-version.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isApiVersion = (value: unknown): value is ApiVersion =>
  typeof value === "string" && (all as ReadonlyArray<string>).includes(value)

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
