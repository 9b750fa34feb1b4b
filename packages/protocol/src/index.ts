/**
 * `@effect-acs/identity-protocol`: the Identity service's wire contract as
 * data and pure functions, shared by every face of the library.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as ApiVersion from "./ApiVersion.js"
/** @since 0.1.0 */
export * as Base64 from "./Base64.js"
/** @since 0.2.0 */
export * as Body from "./Body.js"
/** @since 0.1.0 */
export * as DateTime from "./DateTime.js"
/** @since 0.1.0 */
export * as ConnectionString from "./ConnectionString.js"
/** @since 0.1.0 */
export * as ErrorEnvelope from "./ErrorEnvelope.js"
/** @since 0.1.0 */
export * as Identifier from "./Identifier.js"
/** @since 0.1.0 */
export * as Jwt from "./Jwt.js"
/** @since 0.1.0 */
export * as Operation from "./Operation.js"
/** @since 0.1.0 */
export * as Paging from "./Paging.js"
/** @since 0.1.0 */
export * as Redaction from "./Redaction.js"
/** @since 0.1.0 */
export * as RequestLog from "./RequestLog.js"
/** @since 0.1.0 */
export * as Requests from "./Requests.js"
/** @since 0.1.0 */
export * as Responses from "./Responses.js"
/** @since 0.1.0 */
export * as Retry from "./Retry.js"
/** @since 0.1.0 */
export * as Rules from "./Rules.js"
/** @since 0.1.0 */
export * as Target from "./Target.js"
/** @since 0.1.0 */
export * as TokenRefresh from "./TokenRefresh.js"
/** @since 0.1.0 */
export * as Signing from "./Signing.js"
