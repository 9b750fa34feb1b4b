/**
 * `@effect-acs/communication-identity` for node (node:https / node:http on keep-alive agents and node:crypto HMAC): the surface of
 * `@azure/communication-identity` 1.3.1 and `AzureCommunicationTokenCredential`
 * of `@azure/communication-common`, without Effect. Switch by changing the
 * import line.
 *
 * @since 0.1.0
 */
import { type ClientConstructor, forPlatform, type PromiseClient } from "./internal/client.js"
import { platform } from "./internal/node.js"

export * from "./internal/api.js"

const dropIn = forPlatform(platform)

/**
 * Same constructors and methods as `@azure/communication-identity` 1.3.1:
 * `(connectionString, options?)`, `(endpoint, { key }, options?)`,
 * `(endpoint, tokenCredential, options?)`; plus `getUserDetail` (alias
 * `getUser`), `customId`, the Entra and Teams Phone extension exchanges and
 * the assignment operations.
 *
 * @since 0.1.0
 * @category constructors
 */
export const CommunicationIdentityClient: ClientConstructor = dropIn.CommunicationIdentityClient

/**
 * @since 0.1.0
 * @category models
 */
export type CommunicationIdentityClient = PromiseClient

/**
 * Releases what the clients share (keep-alive sockets): calls in flight
 * reject; later calls work on fresh ones.
 *
 * @since 0.1.0
 * @category lifecycle
 */
export const dispose: () => Promise<void> = dropIn.dispose
