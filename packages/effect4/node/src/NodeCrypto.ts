/**
 * `Crypto` on `node:crypto`: the HMAC key object is created once, and every
 * operation also has its synchronous form (`Crypto.Service.sync`), so the
 * client signs a request in one step, its digests straight to base64.
 *
 * @since 0.1.0
 */
import { Crypto } from "@effect-acs/identity-effect4/Crypto"
import { CredentialError } from "@effect-acs/identity-effect4/IdentityError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as NodeCrypto from "node:crypto"

/** A string is hashed as its UTF-8 bytes (`update`'s default), with no copy into a byte array. */
const sha256 = (data: string | Uint8Array): Uint8Array => NodeCrypto.createHash("sha256").update(data).digest()

/** The same straight to base64, in one call: no digest buffer. */
const sha256Base64 = (data: string | Uint8Array): string => NodeCrypto.hash("sha256", data, "base64")

const randomUUID = (): string => NodeCrypto.randomUUID()

/** The view's own bytes only, without a copy. */
const base64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")

/**
 * The service value.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Crypto.Service = {
  sha256: (data) => Effect.sync(() => sha256(data)),
  hmacKey: (key) =>
    key.length === 0
      ? Effect.fail(new CredentialError({ message: "The HMAC key is empty." }))
      : Effect.sync(() => {
        // `createSecretKey` copies the bytes: later changes to `key` do not reach it
        const secret = NodeCrypto.createSecretKey(Uint8Array.from(key))
        const signSync = (data: string | Uint8Array): Uint8Array =>
          NodeCrypto.createHmac("sha256", secret).update(data).digest()
        const signBase64Sync = (data: string | Uint8Array): string =>
          NodeCrypto.createHmac("sha256", secret).update(data).digest("base64")
        return { sign: (data: Uint8Array) => Effect.sync(() => signSync(data)), signSync, signBase64Sync }
      }),
  randomUUID: Effect.sync(randomUUID),
  sync: { sha256, randomUUID, base64, sha256Base64 }
}

/**
 * `Crypto` on `node:crypto`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Crypto> = Layer.succeed(Crypto, make)
