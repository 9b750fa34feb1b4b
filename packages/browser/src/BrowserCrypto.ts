/**
 * `Crypto` on WebCrypto: the HMAC `CryptoKey` is imported once.
 *
 * @since 0.1.0
 */
import { Crypto } from "@effect-acs/identity/Crypto"
import { CredentialError } from "@effect-acs/identity/IdentityError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** A copy backed by a plain `ArrayBuffer`, as WebCrypto's typings require. */
const buffer = (data: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(data)

const subtle = () => globalThis.crypto?.subtle

const randomUUID = (): string => {
  if (typeof globalThis.crypto.randomUUID === "function") return globalThis.crypto.randomUUID()
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * The service value.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Crypto.Service = {
  sha256: (data) => Effect.promise(() => subtle().digest("SHA-256", buffer(data)).then((hash) => new Uint8Array(hash))),
  hmacKey: (key) =>
    key.length === 0
      ? Effect.fail(new CredentialError({ message: "The HMAC key is empty." }))
      : subtle() === undefined
      ? Effect.fail(
        new CredentialError({ message: "WebCrypto is unavailable (it needs a secure context: https or loopback)." })
      )
      : Effect.map(
        Effect.tryPromise({
          try: () => subtle().importKey("raw", buffer(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]),
          catch: (cause) => new CredentialError({ message: "WebCrypto could not import the HMAC key.", cause })
        }),
        (cryptoKey) => ({
          sign: (data) =>
            Effect.promise(() => subtle().sign("HMAC", cryptoKey, buffer(data)).then((mac) => new Uint8Array(mac)))
        })
      ),
  randomUUID: Effect.sync(randomUUID)
}

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Crypto> = Layer.succeed(Crypto, make)
