/**
 * Node.js layers for `@effect-acs/identity`.
 *
 * @since 0.1.0
 */

/**
 * `Crypto` on `node:crypto`.
 *
 * @since 0.1.0
 */
export * as NodeCrypto from "./NodeCrypto.js"

/**
 * The `node:http` transport (default) and the `fetch` alternative.
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
