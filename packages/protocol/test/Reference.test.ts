/**
 * The web reference (`shared/web.ts`: `btoa`/`atob`, `Headers`, WebCrypto),
 * which the browser suite checks the protocol against inside Chromium, agrees
 * with Node's (`Buffer`, `node:http`, `node:crypto`), which these tests use.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { node } from "./shared/node.js"
import { vectors } from "./shared/Signing.js"
import { web } from "./shared/web.js"

describe("the web reference agrees with Node's", () => {
  it("base64 and base64url", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      expect(web.base64(bytes)).toBe(node.base64(bytes))
      expect(web.base64url(bytes)).toBe(node.base64url(bytes))
    }))
    const large = new Uint8Array(200_000).map((_, i) => i * 7)
    expect(web.base64(large)).toBe(node.base64(large))
  })

  it("canonical base64", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9+/=\s-]{0,16}$/), (text) => {
        expect(web.isCanonicalBase64(text)).toBe(node.isCanonicalBase64(text))
      }),
      { numRuns: 2000 }
    )
  })

  it("header values", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        expect(web.isHeaderValue(value)).toBe(node.isHeaderValue(value))
      }),
      { numRuns: 2000 }
    )
    for (let code = 0; code < 0x200; code++) {
      const value = `a${String.fromCharCode(code)}b`
      expect(web.isHeaderValue(value), `U+${code.toString(16)}`).toBe(node.isHeaderValue(value))
    }
  })

  it("SHA-256 and HMAC-SHA256", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "binary" }),
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        async (text, key) => {
          expect(await web.sha256(text)).toBe(await node.sha256(text))
          const base64Key = node.base64(key)
          expect(await web.hmacSha256(base64Key, text)).toBe(await node.hmacSha256(base64Key, text))
        }
      )
    )
    for (const vector of vectors) {
      expect(await web.hmacSha256(vector.key, vector.url)).toBe(await node.hmacSha256(vector.key, vector.url))
    }
  })
})
