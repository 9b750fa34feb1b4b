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
 * The Node transports: the direct one (HTTP/1.1 on pooled sockets) and an
 * `HttpClient` (on `node:http`).
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
