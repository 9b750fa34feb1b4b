/**
 * Browser layers for `@effect-acs/identity`.
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
 * The `fetch` transport without tracing headers.
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

/**
 * The drop-in Promise client (the `@azure/communication-identity` surface), its `RestError` and its types
 * under the official names, and `AzureCommunicationTokenCredential` (the `@azure/communication-common`
 * surface) with its option types — re-exported from `@effect-acs/communication-identity`, which has
 * no Effect dependency (import from it directly to drop the Effect peers).
 *
 * @since 0.1.0
 */
export { CommunicationIdentityClient, dispose } from "./CommunicationIdentityClient.js"
export {
  type AccessToken,
  AzureCommunicationTokenCredential,
  type CommunicationAccessToken,
  type CommunicationGetTokenOptions,
  type CommunicationIdentityClientOptions,
  type CommunicationTokenCredential,
  type CommunicationTokenRefreshOptions,
  type CommunicationUserDetail,
  type CommunicationUserToken,
  type CreateUserAndTokenOptions,
  type EntraCommunicationTokenCredentialOptions,
  type EntraTokenCredential,
  type GetTokenForTeamsUserOptions,
  type GetTokenOptions,
  type GetUserDetailOptions,
  RestError,
  type TokenScope
} from "@effect-acs/communication-identity"
