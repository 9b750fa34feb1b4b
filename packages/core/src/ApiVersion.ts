/**
 * The api-versions of the Identity service this library speaks, and which
 * features each one accepts: the protocol's table, with a schema.
 *
 * @since 0.1.0
 */
import * as Protocol from "@effect-acs/identity-protocol/ApiVersion"
import * as Schema from "effect/Schema"

/**
 * The supported api-versions.
 *
 * @since 0.1.0
 * @category models
 */
export const ApiVersion = Schema.Literal(...Protocol.all)

/**
 * @since 0.1.0
 * @category models
 */
export type ApiVersion = Protocol.ApiVersion

/**
 * A capability that not every api-version has.
 *
 * @since 0.1.0
 * @category models
 */
export type Feature = Protocol.Feature

export {
  /**
   * All supported api-versions, oldest first.
   *
   * @since 0.1.0
   * @category constants
   */
  all,
  /**
   * The default api-version, as in `@azure/communication-identity` 1.3.x.
   *
   * @since 0.1.0
   * @category constants
   */
  defaultVersion,
  /**
   * Whether `version` accepts `feature`.
   *
   * @since 0.1.0
   * @category predicates
   */
  supports,
  /**
   * The api-versions that accept `feature`.
   *
   * @since 0.1.0
   * @category constants
   */
  versionsWith
} from "@effect-acs/identity-protocol/ApiVersion"
