/**
 * Ready layers for Node: the Identity client on the Node transports and
 * `node:crypto`.
 *
 * @since 0.1.0
 */
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { Crypto } from "@effect-acs/identity-effect4/Crypto"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import * as Transport from "@effect-acs/identity-effect4/Transport"
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Wire from "./internal/wire.js"
import * as NodeCrypto from "./NodeCrypto.js"

/**
 * What {@link layerPlatform} provides: both transports and the crypto.
 *
 * @since 0.1.0
 * @category models
 */
export type Platform = HttpClient.HttpClient | Transport.Direct | Crypto

/**
 * Everything the client needs on Node: both Node transports and
 * `node:crypto`. `NodeHttpClient` (and `effect/http` with it) is loaded when
 * the layer is built (a dynamic import).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPlatform: Layer.Layer<Platform> = Layer.unwrap(
  Effect.map(
    Effect.promise(() => import("./NodeHttpClient.js")),
    (NodeHttpClient) => Layer.merge(NodeHttpClient.layer(), NodeCrypto.layer)
  )
)

/** What a client on the direct transport needs: that transport and `node:crypto`, without `effect/http`. */
const layerDirectPlatform: Layer.Layer<Transport.Direct | Crypto> = Layer.merge(
  Layer.effect(Transport.Direct, Wire.make(Wire.limits({}))),
  NodeCrypto.layer
)

/**
 * The client from explicit options: on the direct transport (HTTP/1.1 on its
 * own pooled connections), or through the `HttpClient` (on `node:http`) when
 * a `transformClient` hook is given.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Client.CommunicationIdentityClient.Options
): Layer.Layer<Client.CommunicationIdentityClient, IdentityError> =>
  options.transformClient === undefined
    ? Layer.provide(Client.layerDirect(options), layerDirectPlatform)
    : Layer.provide(Client.layer(options), layerPlatform)

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
  options.transformClient === undefined
    ? Layer.provide(Client.layerConfigDirect(options), layerDirectPlatform)
    : Layer.provide(Client.layerConfig(options), layerPlatform)
