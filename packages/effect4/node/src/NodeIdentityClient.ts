/**
 * Ready layers for Node: the Identity client on the `node:http` transport and
 * `node:crypto`.
 *
 * @since 0.1.0
 */
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { Crypto } from "@effect-acs/identity-effect4/Crypto"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import type * as Transport from "@effect-acs/identity-effect4/Transport"
import type * as Config from "effect/Config"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as NodeCrypto from "./NodeCrypto.js"
import * as NodeHttpClient from "./NodeHttpClient.js"

/**
 * What {@link layerPlatform} provides: both transports and the crypto.
 *
 * @since 0.1.0
 * @category models
 */
export type Platform = HttpClient.HttpClient | Transport.Direct | Crypto

/**
 * Everything the client needs on Node: the `node:http` transports and `node:crypto`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPlatform: Layer.Layer<Platform> = Layer.merge(NodeHttpClient.layer(), NodeCrypto.layer)

const onPlatform = <E>(
  client: Layer.Layer<Client.CommunicationIdentityClient, E, Platform>
): Layer.Layer<Client.CommunicationIdentityClient, E> => Layer.provide(client, layerPlatform)

/**
 * The client from explicit options: on the direct `node:http` transport, or
 * through the `HttpClient` (on the same agents) when a `transformClient` hook
 * is given.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Client.CommunicationIdentityClient.Options
): Layer.Layer<Client.CommunicationIdentityClient, IdentityError> =>
  onPlatform(options.transformClient === undefined ? Client.layerDirect(options) : Client.layer(options))

/**
 * The client from `ACS_CONNECTION_STRING` (a redacted config value), sending
 * as {@link layer} does.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Client.ConfigOptions = {}
): Layer.Layer<Client.CommunicationIdentityClient, IdentityError | Config.ConfigError> =>
  onPlatform(options.transformClient === undefined ? Client.layerConfigDirect(options) : Client.layerConfig(options))
