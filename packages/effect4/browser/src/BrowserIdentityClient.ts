/**
 * Ready layers for browsers: the Identity client on `fetch` and WebCrypto.
 * Browsers cannot set `User-Agent`; the client names itself in
 * `x-ms-useragent` instead.
 *
 * @since 0.1.0
 */
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { Crypto } from "@effect-acs/identity-effect4/Crypto"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import type * as Config from "effect/Config"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as BrowserCrypto from "./BrowserCrypto.js"
import * as BrowserHttpClient from "./BrowserHttpClient.js"

/** The header the client names itself in (a browser refuses `User-Agent`). */
const userAgentHeader = "x-ms-useragent"

/**
 * Everything the client needs in a browser: the `fetch` transport and WebCrypto.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPlatform: Layer.Layer<HttpClient.HttpClient | Crypto> = Layer.merge(
  BrowserHttpClient.layer,
  BrowserCrypto.layer
)

/**
 * The client from explicit options.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Client.CommunicationIdentityClient.Options
): Layer.Layer<Client.CommunicationIdentityClient, IdentityError> =>
  Client.layer({ userAgentHeader, ...options }).pipe(Layer.provide(layerPlatform))

/**
 * The client from `ACS_CONNECTION_STRING` (a redacted config value) in the
 * current `ConfigProvider`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Client.ConfigOptions = {}
): Layer.Layer<Client.CommunicationIdentityClient, IdentityError | Config.ConfigError> =>
  Client.layerConfig({ userAgentHeader, ...options }).pipe(Layer.provide(layerPlatform))
