/**
 * The behaviour every `Crypto` implementation must share (the Effect 3 line's
 * `packages/core/test/utils/cryptoConformance.ts`), run by the node and
 * browser packages' tests against their own service and layer.
 */
import { Crypto } from "@effect-acs/identity-effect4/Crypto"
import { CredentialError } from "@effect-acs/identity-effect4/IdentityError"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Base64 from "effect/encoding/Base64"
import type * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import * as fc from "fast-check"
import { createHash, createHmac } from "node:crypto"
import { readFileSync } from "node:fs"

const utf8 = (text: string) => new TextEncoder().encode(text)
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
const fromHex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16))

/** A v4 UUID, lower-case. */
export const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** SHA-256 known answers (FIPS 180-2 examples). */
const sha256Vectors: ReadonlyArray<readonly [string, Uint8Array, string]> = [
  ["empty", new Uint8Array(0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
  ["abc", utf8("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  [
    "448-bit message",
    utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
  ],
  ["one million a", new Uint8Array(1_000_000).fill(0x61), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"]
]

/** HMAC-SHA256 known answers from RFC 4231. */
const hmacVectors: ReadonlyArray<readonly [string, Uint8Array, Uint8Array, string]> = [
  [
    "RFC 4231 test case 1",
    new Uint8Array(20).fill(0x0b),
    utf8("Hi There"),
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
  ],
  [
    "RFC 4231 test case 2 (short key)",
    utf8("Jefe"),
    utf8("what do ya want for nothing?"),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
  ],
  [
    "RFC 4231 test case 3",
    new Uint8Array(20).fill(0xaa),
    new Uint8Array(50).fill(0xdd),
    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
  ],
  [
    "RFC 4231 test case 4",
    fromHex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
    new Uint8Array(50).fill(0xcd),
    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
  ],
  [
    "RFC 4231 test case 6 (key longer than a block)",
    new Uint8Array(131).fill(0xaa),
    utf8("Test Using Larger Than Block-Size Key - Hash Key First"),
    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
  ],
  [
    "RFC 4231 test case 7",
    new Uint8Array(131).fill(0xaa),
    utf8(
      "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
    ),
    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
  ]
]

interface Primitive {
  readonly op: string
  readonly key?: string
  readonly message?: string
  readonly body?: string
  readonly expected: string
}

const primitives: ReadonlyArray<Primitive> = JSON.parse(
  readFileSync(new URL("../../../../../test/fixtures/hmac-test-vectors.json", import.meta.url), "utf8")
).official_primitives

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
              make.hmacKey(Result.getOrThrow(Base64.decode(p.key!))),
              (key) => key.sign(utf8(p.message!))
            )
            : yield* make.sha256(utf8(p.body!))
          expect(Base64.encode(actual), `${p.op} ${JSON.stringify(p.message ?? p.body)}`).toBe(p.expected)
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
        expect(Base64.encode(yield* key.sign(utf8("banana")))).toBe("88EC05aAS9iXnaimtNO78JLjiPtfWryQB/5QYEzEsu8=")
      }))

    it.effect("randomUUID gives distinct v4 UUIDs", () =>
      Effect.gen(function*() {
        const uuids = yield* Effect.replicateEffect(make.randomUUID, 50)
        for (const uuid of uuids) expect(uuid).toMatch(uuidV4)
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

    it("agrees with node:crypto on random keys and data", () =>
      fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ minLength: 1, maxLength: 200 }),
          fc.uint8Array({ maxLength: 300 }),
          (key, data) =>
            Effect.runPromise(Effect.gen(function*() {
              expect(hex(yield* make.sha256(data))).toBe(createHash("sha256").update(data).digest("hex"))
              const prepared = yield* make.hmacKey(key)
              expect(hex(yield* prepared.sign(data))).toBe(createHmac("sha256", key).update(data).digest("hex"))
            }))
        ),
        { numRuns: 50 }
      ))
  })
}
