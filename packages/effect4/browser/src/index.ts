/**
 * Browser layers for `@effect-acs/identity-effect4`.
 *
 * @since 0.1.0
 */

/**
 * `Crypto` on WebCrypto.
 *
 * @since 0.1.0
 */
export * as BrowserCrypto from "./BrowserCrypto.js"

/**
 * The `fetch` transport: no redirects followed, a response size limit, no tracing headers.
 *
 * @since 0.1.0
 */
export * as BrowserHttpClient from "./BrowserHttpClient.js"

/**
 * Ready Identity client layers for browsers.
 *
 * @since 0.1.0
 */
export * as BrowserIdentityClient from "./BrowserIdentityClient.js"
