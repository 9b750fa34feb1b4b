/**
 * The supported api-versions and the features each accepts (from the
 * protocol package).
 *
 * @since 0.1.0
 */
import * as Protocol from "@effect-acs/identity-protocol/ApiVersion"
import * as Schema from "effect/Schema"

/**
 * A supported api-version.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ApiVersion = Schema.Literals(Protocol.all)

/**
 * @since 0.1.0
 * @category models
 */
export type ApiVersion = Protocol.ApiVersion

/**
 * A service feature that only some api-versions accept.
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
