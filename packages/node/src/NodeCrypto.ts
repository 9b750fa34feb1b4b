/**
 * `Crypto` on `node:crypto`: the HMAC key object is created once.
 *
 * @since 0.1.0
 */
import { Crypto } from "@effect-acs/identity/Crypto"
import { CredentialError } from "@effect-acs/identity/IdentityError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as NodeCrypto from "node:crypto"

/**
 * The service value.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Crypto.Service = {
  sha256: (data) => Effect.sync(() => NodeCrypto.createHash("sha256").update(data).digest()),
  hmacKey: (key) =>
    key.length === 0
      ? Effect.fail(new CredentialError({ message: "The HMAC key is empty." }))
      : Effect.sync(() => {
        const secret = NodeCrypto.createSecretKey(Uint8Array.from(key))
        return { sign: (data) => Effect.sync(() => NodeCrypto.createHmac("sha256", secret).update(data).digest()) }
      }),
  randomUUID: Effect.sync(() => NodeCrypto.randomUUID())
}

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Crypto> = Layer.succeed(Crypto, make)
