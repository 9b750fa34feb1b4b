import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Base64 from "effect/encoding/Base64"
import * as fc from "fast-check"
import { uuidV4 } from "../../../../test/cases/Crypto.js"
import { cryptoConformance } from "../../core/test/utils/cryptoConformance.js"

cryptoConformance("NodeCrypto", NodeCrypto.make, NodeCrypto.layer)

describe("NodeCrypto", () => {
  it.effect("randomUUID is node:crypto's v4 UUID", () =>
    Effect.gen(function*() {
      const uuid = yield* NodeCrypto.make.randomUUID
      expect(uuid).toMatch(uuidV4)
      // a fresh value per evaluation, not one captured when the service was built
      expect(yield* NodeCrypto.make.randomUUID).not.toBe(uuid)
    }))

  it.effect("sha256 returns a fresh 32-byte Uint8Array", () =>
    Effect.gen(function*() {
      const hash = yield* NodeCrypto.make.sha256(new Uint8Array([1, 2, 3]))
      expect(hash).toBeInstanceOf(Uint8Array)
      expect(hash.length).toBe(32)
    }))

  it.effect("the sync forms agree with the Effect forms (sha256, signSync)", () =>
    Effect.gen(function*() {
      const sync = NodeCrypto.make.sync!
      const data = new TextEncoder().encode("GET\n/identities?api-version=2023-10-01")
      expect(sync.sha256(data)).toEqual(yield* NodeCrypto.make.sha256(data))
      const key = yield* NodeCrypto.make.hmacKey(new Uint8Array(32).fill(7))
      expect(key.signSync!(data)).toEqual(yield* key.sign(data))
      expect(sync.randomUUID()).toMatch(uuidV4)
    }))

  it.effect("the sync forms take text as its UTF-8 bytes: the same digests as the Effect forms of the encoded text (property)", () =>
    Effect.gen(function*() {
      const sync = NodeCrypto.make.sync!
      const key = yield* NodeCrypto.make.hmacKey(new Uint8Array(32).fill(7))
      const samples = fc.sample(fc.string({ unit: "grapheme", maxLength: 40 }), { numRuns: 100, seed: 19 })
      for (const text of ["", "é", "\u{1F600}", ...samples]) {
        const bytes = new TextEncoder().encode(text)
        expect(sync.sha256(text)).toEqual(yield* NodeCrypto.make.sha256(bytes))
        expect(key.signSync!(text)).toEqual(yield* key.sign(bytes))
      }
    }))

  it.effect("the one-step base64 forms are base64 of the byte forms, on text and bytes (property)", () =>
    Effect.gen(function*() {
      const sync = NodeCrypto.make.sync!
      const key = yield* NodeCrypto.make.hmacKey(new Uint8Array(32).fill(7))
      fc.assert(
        fc.property(
          fc.oneof(fc.string({ unit: "grapheme", maxLength: 60 }), fc.uint8Array({ maxLength: 70 })),
          (data) => {
            expect(sync.sha256Base64!(data)).toBe(Base64.encode(sync.sha256(data)))
            expect(key.signBase64Sync!(data)).toBe(Base64.encode(key.signSync!(data)))
          }
        ),
        { numRuns: 200 }
      )
    }))

  it("sync.base64 is effect/encoding's base64, on any bytes and any view of a buffer", () =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), fc.nat(8), fc.nat(8), (bytes, before, after) => {
        // a view into a larger buffer: only its own bytes are encoded
        const backing = new Uint8Array(before + bytes.length + after).fill(0xff)
        backing.set(bytes, before)
        const view = backing.subarray(before, before + bytes.length)
        expect(NodeCrypto.make.sync!.base64(view)).toBe(Base64.encode(bytes))
      })
    ))
})
