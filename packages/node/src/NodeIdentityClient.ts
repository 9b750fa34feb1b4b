/**
 * Ready layers for Node: the Identity client on the `node:http` transport and
 * `node:crypto`.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import type { Crypto } from "@effect-acs/identity/Crypto"
import type * as Transport from "@effect-acs/identity/Transport"
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
export const layerPlatform: Layer.Layer<Platform> = Layer.merge(NodeHttpClient.layer(), NodeCrypto.layer)

/**
 * What {@link layerPlatform} provides: both transports and the crypto.
 *
 * @since 0.1.0
 * @category models
 */
export type Platform = HttpClient.HttpClient | Transport.Direct | Crypto

/**
 * The client from explicit options: on the direct `node:http` transport, or
 * through the `HttpClient` when a `transformClient` hook is given.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Client.CommunicationIdentityClient.Options
): Layer.Layer<Client.CommunicationIdentityClient, IdentityError> =>
  Layer.provide(
    options.transformClient === undefined
      ? Client.layerDirect(options)
      : Client.layer(options) as Layer.Layer<Client.CommunicationIdentityClient, IdentityError, Platform>,
    layerPlatform
  )

/**
 * The client from `ACS_CONNECTION_STRING`, chosen like {@link layer}.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Client.ConfigOptions = {}
): Layer.Layer<Client.CommunicationIdentityClient, IdentityError | ConfigError.ConfigError> =>
  Layer.provide(
    options.transformClient === undefined
      ? Client.layerConfigDirect(options)
      : Client.layerConfig(options) as Layer.Layer<
        Client.CommunicationIdentityClient,
        IdentityError | ConfigError.ConfigError,
        Platform
      >,
    layerPlatform
  )
