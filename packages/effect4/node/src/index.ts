/**
 * Node.js layers for `@effect-acs/identity-effect4`.
 *
 * @since 0.1.0
 */

/**
 * `Crypto` on `node:crypto`, with the synchronous fast path.
 *
 * @since 0.1.0
 */
export * as NodeCrypto from "./NodeCrypto.js"

/**
 * The `node:http` transports: the direct one and an `HttpClient`.
 *
 * @since 0.1.0
 */
export * as NodeHttpClient from "./NodeHttpClient.js"

/**
 * Ready Identity client layers for Node.
 *
 * @since 0.1.0
 */
export * as NodeIdentityClient from "./NodeIdentityClient.js"
