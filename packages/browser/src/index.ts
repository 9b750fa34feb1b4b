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
 * under the official names.
 *
 * @since 0.1.0
 */
export { CommunicationIdentityClient, dispose } from "./CommunicationIdentityClient.js"
export {
  type CommunicationAccessToken,
  type CommunicationIdentityClientOptions,
  type CommunicationUserDetail,
  type CommunicationUserToken,
  type CreateUserAndTokenOptions,
  type GetTokenForTeamsUserOptions,
  type GetTokenOptions,
  type GetUserDetailOptions,
  RestError,
  type TokenScope
} from "@effect-acs/identity/PromiseClient"

/**
 * `AzureCommunicationTokenCredential`, the Promise form of the user token credential
 * (the `@azure/communication-common` surface), with its option types: the
 * refresher form's and the Entra form's (and the Entra credential it takes).
 *
 * @since 0.1.0
 */
export {
  type AccessToken,
  AzureCommunicationTokenCredential,
  type CommunicationGetTokenOptions,
  type CommunicationTokenCredential,
  type CommunicationTokenRefreshOptions,
  type EntraCommunicationTokenCredentialOptions,
  type EntraTokenCredential
} from "@effect-acs/identity/PromiseCredential"
