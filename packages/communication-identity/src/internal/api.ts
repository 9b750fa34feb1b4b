/**
 * Everything both entry points export besides the platform's client class.
 */
export {
  type AbortSignalLike,
  type ClientConstructor,
  type CommunicationAccessToken,
  type CommunicationIdentityClientOptions,
  type CommunicationUserDetail,
  type CommunicationUserIdentifier,
  type CommunicationUserToken,
  type CreateUserAndTokenOptions,
  type CreateUserOptions,
  type EntraAssignment,
  type EntraAssignmentRequest,
  type EntraAssignments,
  type GetTokenForTeamsUserOptions,
  type GetTokenOptions,
  type GetUserDetailOptions,
  type KeyCredential,
  type OperationOptions,
  type PagedAsyncIterableIterator,
  type PageSettings,
  type TeamsExtensionAssignment,
  type TeamsExtensionAssignmentRequest,
  type TokenCredential,
  type TokenScope
} from "./client.js"
export {
  type AccessToken,
  AzureCommunicationTokenCredential,
  type CommunicationGetTokenOptions,
  type CommunicationTokenCredential,
  type CommunicationTokenRefreshOptions,
  type EntraCommunicationTokenCredentialOptions,
  type EntraTokenCredential
} from "./credential.js"
export { type Failure, RestError } from "./errors.js"
