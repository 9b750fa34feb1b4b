/**
 * Ready layers for Node: the Identity client on the `node:http` transport and
 * `node:crypto`.
 *
 * @since 0.1.0
 */
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity/IdentityError"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import * as NodeCrypto from "./NodeCrypto.js"
import * as NodeHttpClient from "./NodeHttpClient.js"

/**
 * Everything the client needs on Node: transport and crypto.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPlatform = Layer.merge(NodeHttpClient.layer(), NodeCrypto.layer)

/**
 * The client from explicit options.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Client.CommunicationIdentityClient.Options
): Layer.Layer<Client.CommunicationIdentityClient, IdentityError> =>
  Client.layer(options).pipe(Layer.provide(layerPlatform))

/**
 * The client from `ACS_CONNECTION_STRING`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options?: Parameters<typeof Client.layerConfig>[0]
): Layer.Layer<Client.CommunicationIdentityClient, IdentityError | ConfigError.ConfigError> =>
  Client.layerConfig(options).pipe(Layer.provide(layerPlatform))
