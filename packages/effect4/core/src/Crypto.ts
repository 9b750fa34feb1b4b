/**
 * The abstract crypto service the core signs with. The node package provides
 * it on `node:crypto`, the browser package on WebCrypto.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { CredentialError } from "./IdentityError.js"

/**
 * SHA-256, HMAC-SHA256 with a key prepared once, and random UUIDs.
 *
 * @since 0.1.0
 * @category tags
 */
export class Crypto extends Context.Service<Crypto, Crypto.Service>()("@effect-acs/identity/Crypto") {}

/**
 * @since 0.1.0
 */
export declare namespace Crypto {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** SHA-256 of `data`. */
    readonly sha256: (data: Uint8Array) => Effect.Effect<Uint8Array>
    /** Prepares an HMAC-SHA256 key once; a zero-length key is a `CredentialError`. */
    readonly hmacKey: (key: Uint8Array) => Effect.Effect<HmacKey, CredentialError>
    /** A random (v4) UUID, for `x-ms-client-request-id`. */
    readonly randomUUID: Effect.Effect<string>
    /**
     * The same without Effect steps, where the platform computes them
     * synchronously (`node:crypto`; WebCrypto cannot): the client then signs
     * a request in one step. Keys from {@link hmacKey} then have `signSync`.
     * They must agree with the Effect forms (the one-step base64 forms too):
     * whoever overrides one overrides all.
     */
    readonly sync?: Sync
  }

  /**
   * Synchronous SHA-256 and random UUIDs, and base64 as the platform
   * encodes it fastest (for the digests a signature carries).
   *
   * @since 0.1.0
   * @category models
   */
  export interface Sync {
    /** SHA-256 of `data`; a string is taken as its UTF-8 bytes (the client hashes request bodies as text). */
    readonly sha256: (data: string | Uint8Array) => Uint8Array
    readonly randomUUID: () => string
    /** Standard, padded base64: what `effect/Encoding`'s `encodeBase64` gives. */
    readonly base64: (bytes: Uint8Array) => string
    /** `base64(sha256(data))` in one step, where the platform has it; optional (the signer composes the two). */
    readonly sha256Base64?: ((data: string | Uint8Array) => string) | undefined
  }

  /**
   * A prepared HMAC-SHA256 key.
   *
   * @since 0.1.0
   * @category models
   */
  export interface HmacKey {
    readonly sign: (data: Uint8Array) => Effect.Effect<Uint8Array>
    /**
     * The same without Effect steps (see {@link Service.sync}); a string is
     * taken as its UTF-8 bytes (the client signs the string to sign as text).
     */
    readonly signSync?: (data: string | Uint8Array) => Uint8Array
    /** `base64(signSync(data))` in one step, where the platform has it; optional. */
    readonly signBase64Sync?: ((data: string | Uint8Array) => string) | undefined
  }
}
