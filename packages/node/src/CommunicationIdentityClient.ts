/**
 * The drop-in Promise client: `import { CommunicationIdentityClient } from
 * "@effect-acs/identity-node"` instead of `"@azure/communication-identity"`.
 * Every instance shares one runtime (NodeIdentityClient.layerPlatform), built on
 * first use; `dispose()` releases it.
 *
 * @since 0.1.0
 */
import * as PromiseClient from "@effect-acs/identity/PromiseClient"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { layerPlatform } from "./NodeIdentityClient.js"

const runtime = ManagedRuntime.make(layerPlatform)

/**
 * Same constructors and methods as `@azure/communication-identity` 1.3.1:
 * `(connectionString, options?)`, `(endpoint, { key }, options?)`,
 * `(endpoint, tokenCredential, options?)`.
 *
 * @since 0.1.0
 * @category constructors
 */
export class CommunicationIdentityClient extends PromiseClient.PromiseClient {
  constructor(
    ...args: readonly [
      string,
      (PromiseClient.ClientOptions | PromiseClient.KeyCredential | PromiseClient.TokenCredential)?,
      PromiseClient.ClientOptions?
    ]
  ) {
    super(runtime, ...args)
  }
}

/**
 * Releases the shared runtime (its keep-alive sockets); call it once every client is done.
 *
 * @since 0.1.0
 * @category lifecycle
 */
export const dispose = (): Promise<void> => runtime.dispose()
