import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { cryptoConformance, uuidV4 } from "../../core/test/utils/cryptoConformance.js"

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
})
