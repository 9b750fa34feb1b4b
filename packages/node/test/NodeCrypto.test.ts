import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Encoding from "effect/Encoding"
import * as fc from "effect/FastCheck"
import { uuidV4 } from "../../../test/cases/Crypto.js"
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

  it.prop(
    "sync.base64 is effect/Encoding's base64, on any bytes and any view of a buffer",
    [fc.uint8Array({ maxLength: 70 }), fc.nat(8), fc.nat(8)],
    ([bytes, before, after]) => {
      // a view into a larger buffer: only its own bytes are encoded
      const backing = new Uint8Array(before + bytes.length + after).fill(0xff)
      backing.set(bytes, before)
      const view = backing.subarray(before, before + bytes.length)
      expect(NodeCrypto.make.sync!.base64(view)).toBe(Encoding.encodeBase64(bytes))
    }
  )
})
