/**
 * The drop-in Promise client: `import { CommunicationIdentityClient } from
 * "@effect-acs/identity-browser"` instead of `"@azure/communication-identity"`.
 * Every instance shares one runtime (`BrowserIdentityClient.layerPlatform`),
 * built on first use.
 *
 * @since 0.1.0
 */
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import * as PromiseClient from "@effect-acs/identity/PromiseClient"
import { layerPlatform } from "./BrowserIdentityClient.js"

const platform = PromiseClient.forPlatform(layerPlatform, Client.make)

/**
 * Same constructors and methods as `@azure/communication-identity` 1.3.1:
 * `(connectionString, options?)`, `(endpoint, { key }, options?)`,
 * `(endpoint, tokenCredential, options?)`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const CommunicationIdentityClient = platform.CommunicationIdentityClient

/**
 * @since 0.1.0
 * @category models
 */
export type CommunicationIdentityClient = PromiseClient.PromiseClient

/**
 * Releases the shared runtime (its keep-alive sockets); call it once every client is done.
 *
 * @since 0.1.0
 * @category lifecycle
 */
export const dispose: () => Promise<void> = platform.dispose
