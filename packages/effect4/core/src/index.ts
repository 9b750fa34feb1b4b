/**
 * Azure Communication Services Identity for Effect 4.
 *
 * @since 0.1.0
 */

/**
 * The supported api-versions and the features each accepts.
 *
 * @since 0.1.0
 */
export * as ApiVersion from "./ApiVersion.js"

/**
 * Credentials and what authenticates requests with them (HMAC or Entra ID bearer): headers and middleware.
 *
 * @since 0.1.0
 */
export * as Auth from "./Auth.js"

/**
 * The Identity client service, its layers and operations.
 *
 * @since 0.1.0
 */
export * as CommunicationIdentityClient from "./CommunicationIdentityClient.js"

/**
 * Connection strings and endpoints.
 *
 * @since 0.1.0
 */
export * as ConnectionString from "./ConnectionString.js"

/**
 * The abstract crypto service (SHA-256, HMAC-SHA256, UUIDs).
 *
 * @since 0.1.0
 */
export * as Crypto from "./Crypto.js"

/**
 * Communication identifiers: raw ids, kinds, guards and the serialized wire model.
 *
 * @since 0.1.0
 */
export * as Identifier from "./Identifier.js"

/**
 * The typed errors.
 *
 * @since 0.1.0
 */
export * as IdentityError from "./IdentityError.js"

/**
 * Wire-model schemas.
 *
 * @since 0.1.0
 */
export * as Models from "./Models.js"

/**
 * Paged lists read to their end as a `Stream`.
 *
 * @since 0.41.0
 */
export * as Paging from "./Paging.js"

/**
 * The retry policy.
 *
 * @since 0.1.0
 */
export * as Retry from "./Retry.js"

/**
 * HMAC-SHA256 request signing and verification.
 *
 * @since 0.1.0
 */
export * as Signing from "./Signing.js"

/**
 * The auto-refreshing user token credential service.
 *
 * @since 0.1.0
 */
export * as TokenCredential from "./TokenCredential.js"

/**
 * Reading expiry and scopes from access tokens.
 *
 * @since 0.1.0
 */
export * as TokenParser from "./TokenParser.js"

/**
 * The direct transport: a plain request sent and read in one step, the node fast path beside `HttpClient`.
 *
 * @since 0.1.0
 */
export * as Transport from "./Transport.js"
