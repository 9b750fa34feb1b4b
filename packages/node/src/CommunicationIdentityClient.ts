/**
 * The drop-in Promise client: `import { CommunicationIdentityClient } from
 * "@effect-acs/identity-node"` instead of `"@azure/communication-identity"`.
 * It is `@effect-acs/communication-identity`'s (no Effect inside), re-exported
 * here for compatibility.
 *
 * @since 0.1.0
 */
export {
  /**
   * Same constructors and methods as `@azure/communication-identity` 1.3.1:
   * `(connectionString, options?)`, `(endpoint, { key }, options?)`,
   * `(endpoint, tokenCredential, options?)`.
   *
   * @since 0.1.0
   * @category constructors
   */
  CommunicationIdentityClient,
  /**
   * Releases the shared keep-alive sockets; call it once every client is done.
   *
   * @since 0.1.0
   * @category lifecycle
   */
  dispose
} from "@effect-acs/communication-identity"
