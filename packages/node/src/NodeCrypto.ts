/**
 * `Crypto` on `node:crypto`: the HMAC key object is created once, and every
 * operation also has its synchronous form (`Crypto.Service.sync`).
 *
 * @since 0.1.0
 */
import { Crypto } from "@effect-acs/identity/Crypto"
import { CredentialError } from "@effect-acs/identity/IdentityError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as NodeCrypto from "node:crypto"

const sha256 = (data: Uint8Array): Uint8Array => NodeCrypto.createHash("sha256").update(data).digest()

const randomUUID = (): string => NodeCrypto.randomUUID()

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
        const secret = NodeCrypto.createSecretKey(Uint8Array.from(key))
        const signSync = (data: Uint8Array): Uint8Array => NodeCrypto.createHmac("sha256", secret).update(data).digest()
        return { sign: (data) => Effect.sync(() => signSync(data)), signSync }
      }),
  randomUUID: Effect.sync(randomUUID),
  sync: { sha256, randomUUID, base64 }
}

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Crypto> = Layer.succeed(Crypto, make)
