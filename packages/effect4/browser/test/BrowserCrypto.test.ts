import * as BrowserCrypto from "@effect-acs/identity-effect4-browser/BrowserCrypto"
import { CredentialError } from "@effect-acs/identity-effect4/IdentityError"
import { afterEach, describe, expect, it, vi } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { webcrypto } from "node:crypto"
import { uuidV4 } from "../../../../test/cases/Crypto.js"
import { cryptoConformance } from "../../core/test/utils/cryptoConformance.js"

cryptoConformance("BrowserCrypto (WebCrypto)", BrowserCrypto.make, BrowserCrypto.layer)

describe("BrowserCrypto", () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it("runs on the real WebCrypto here", () => {
    expect(typeof globalThis.crypto?.subtle?.importKey).toBe("function")
  })

  it("has no sync forms (WebCrypto is asynchronous only)", () => {
    expect(BrowserCrypto.make.sync).toBeUndefined()
  })

  /** A WebCrypto without `randomUUID` (older Safari, insecure contexts) with given random bytes. */
  const stubCrypto = (fill?: (bytes: Uint8Array) => void) =>
    vi.stubGlobal("crypto", {
      subtle: webcrypto.subtle,
      getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
        if (fill !== undefined && array instanceof Uint8Array) fill(array)
        else webcrypto.getRandomValues(array as Uint8Array)
        return array
      }
    })

  it.effect("randomUUID falls back to getRandomValues when crypto.randomUUID is missing", () =>
    Effect.gen(function*() {
      stubCrypto()
      expect((globalThis.crypto as { randomUUID?: unknown }).randomUUID).toBeUndefined()
      const uuids = yield* Effect.replicateEffect(BrowserCrypto.make.randomUUID, 50)
      for (const uuid of uuids) expect(uuid).toMatch(uuidV4)
      expect(new Set(uuids).size).toBe(uuids.length)
    }))

  it.effect.each(
    [
      [0x00, "00000000-0000-4000-8000-000000000000"],
      [0xff, "ffffffff-ffff-4fff-bfff-ffffffffffff"],
      [0x5a, "5a5a5a5a-5a5a-4a5a-9a5a-5a5a5a5a5a5a"]
    ] as const
  )("the fallback sets the version and variant bits (bytes 0x%s)", ([byte, expected]) =>
    Effect.gen(function*() {
      stubCrypto((bytes) => bytes.fill(byte))
      const uuid = yield* BrowserCrypto.make.randomUUID
      expect(uuid).toBe(expected)
      expect(uuid).toMatch(uuidV4)
    }))

  it.effect("without WebCrypto, preparing a key is a CredentialError (not a defect)", () =>
    Effect.gen(function*() {
      vi.stubGlobal("crypto", undefined)
      const error = yield* Effect.flip(BrowserCrypto.make.hmacKey(new Uint8Array([1, 2, 3])))
      expect(error).toBeInstanceOf(CredentialError)
      expect(error.message).toContain("WebCrypto")
    }))

  it.effect("a key WebCrypto refuses to import is a CredentialError", () =>
    Effect.gen(function*() {
      vi.stubGlobal("crypto", {
        subtle: { importKey: () => Promise.reject(new DOMException("nope", "DataError")) },
        getRandomValues: webcrypto.getRandomValues.bind(webcrypto)
      })
      const error = yield* Effect.flip(BrowserCrypto.make.hmacKey(new Uint8Array([1])))
      expect(error).toBeInstanceOf(CredentialError)
      expect(error.cause).toBeInstanceOf(DOMException)
    }))
})
