/**
 * Ready layers for browsers: the Identity client on `fetch` and WebCrypto.
 * Browsers cannot set `User-Agent`; the client sends `x-ms-useragent`.
 *
 * @since 0.1.0
 */
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity/IdentityError"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import * as BrowserCrypto from "./BrowserCrypto.js"
import * as BrowserHttpClient from "./BrowserHttpClient.js"

/**
 * Everything the client needs in a browser: transport and crypto.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPlatform = Layer.merge(BrowserHttpClient.layer, BrowserCrypto.layer)

/**
 * The client from explicit options.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Client.CommunicationIdentityClient.Options
): Layer.Layer<Client.CommunicationIdentityClient, IdentityError> =>
  Client.layer({ userAgentHeader: "x-ms-useragent", ...options }).pipe(Layer.provide(layerPlatform))

/**
 * The client from `ACS_CONNECTION_STRING` in the current `ConfigProvider`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options?: Parameters<typeof Client.layerConfig>[0]
): Layer.Layer<Client.CommunicationIdentityClient, IdentityError | ConfigError.ConfigError> =>
  Client.layerConfig({ userAgentHeader: "x-ms-useragent", ...options }).pipe(Layer.provide(layerPlatform))
