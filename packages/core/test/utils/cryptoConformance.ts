/**
 * The behaviour every `Crypto` implementation must share, run by the node and
 * browser packages' tests against their own layer.
 */
import { Crypto } from "@effect-acs/identity/Crypto"
import { CredentialError } from "@effect-acs/identity/IdentityError"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as fc from "effect/FastCheck"
import * as Layer from "effect/Layer"
import { createHash, createHmac } from "node:crypto"
import * as Cases from "../../../../test/cases/Crypto.js"

const { hex, hmacVectors, primitives, sha256Vectors, utf8 } = Cases

/**
 * Registers the conformance tests of one `Crypto` implementation: the service
 * value and its layer.
 */
export const cryptoConformance = (name: string, make: Crypto.Service, layer: Layer.Layer<Crypto>) => {
  describe(`${name} conformance`, () => {
    it.effect.each(sha256Vectors)("sha256 of %s", ([, data, expected]) =>
      Effect.gen(function*() {
        expect(hex(yield* make.sha256(data))).toBe(expected)
      }))

    it.effect.each(hmacVectors)("HMAC-SHA256 %s", ([, key, data, expected]) =>
      Effect.gen(function*() {
        const prepared = yield* make.hmacKey(key)
        expect(hex(yield* prepared.sign(data))).toBe(expected)
        // a prepared key signs any number of times
        expect(hex(yield* prepared.sign(data))).toBe(expected)
      }))

    it.effect("the official primitive vectors", () =>
      Effect.gen(function*() {
        expect(primitives.length).toBeGreaterThan(0)
        for (const p of primitives) {
          const actual = p.op.startsWith("HMAC")
            ? yield* Effect.flatMap(
              make.hmacKey(Either.getOrThrow(Encoding.decodeBase64(p.key!))),
              (key) => key.sign(utf8(p.message!))
            )
            : yield* make.sha256(utf8(p.body!))
          expect(Encoding.encodeBase64(actual), `${p.op} ${JSON.stringify(p.message ?? p.body)}`).toBe(p.expected)
        }
      }))

    it.effect("a zero-length HMAC key is a CredentialError", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(make.hmacKey(new Uint8Array(0)))
        expect(error).toBeInstanceOf(CredentialError)
        expect(error._tag).toBe("CredentialError")
      }))

    it.effect("a one-byte key works (WebCrypto and node:crypto agree on short keys)", () =>
      Effect.gen(function*() {
        const key = yield* make.hmacKey(new Uint8Array([0xa7]))
        expect(Encoding.encodeBase64(yield* key.sign(utf8("banana")))).toBe(Cases.shortKeyBanana)
      }))

    it.effect("randomUUID gives distinct v4 UUIDs", () =>
      Effect.gen(function*() {
        const uuids = yield* Effect.replicateEffect(make.randomUUID, 50)
        for (const uuid of uuids) expect(uuid).toMatch(Cases.uuidV4)
        expect(new Set(uuids).size).toBe(uuids.length)
      }))

    it.effect("the key bytes are copied when the key is prepared", () =>
      Effect.gen(function*() {
        const bytes = new Uint8Array(20).fill(0x0b)
        const key = yield* make.hmacKey(bytes)
        bytes.fill(0)
        expect(hex(yield* key.sign(utf8("Hi There")))).toBe(hmacVectors[0]![3])
      }))

    it.effect("views into a larger buffer are hashed by their own bytes only", () =>
      Effect.gen(function*() {
        const backing = utf8("xxabcxx")
        const view = backing.subarray(2, 5)
        expect(hex(yield* make.sha256(view))).toBe(sha256Vectors[1]![2])
        const key = yield* make.hmacKey(new Uint8Array([0, ...utf8("Jefe"), 0]).subarray(1, 5))
        const data = utf8("--what do ya want for nothing?--").subarray(2, 30)
        expect(hex(yield* key.sign(data))).toBe(hmacVectors[1]![3])
      }))

    it.effect("the layer provides the same service", () =>
      Effect.gen(function*() {
        const crypto = yield* Crypto
        expect(hex(yield* crypto.sha256(utf8("abc")))).toBe(sha256Vectors[1]![2])
        expect(crypto.hmacKey).toBe(make.hmacKey)
      }).pipe(Effect.provide(layer)))

    it.effect.prop(
      "agrees with node:crypto on random keys and data",
      [fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.uint8Array({ maxLength: 300 })],
      ([key, data]) =>
        Effect.gen(function*() {
          expect(hex(yield* make.sha256(data))).toBe(createHash("sha256").update(data).digest("hex"))
          const prepared = yield* make.hmacKey(key)
          expect(hex(yield* prepared.sign(data))).toBe(createHmac("sha256", key).update(data).digest("hex"))
        }),
      { fastCheck: { numRuns: 50 } }
    )
  })
}
