import * as Base64 from "@effect-acs/identity-protocol/Base64"
import * as ConnectionString from "@effect-acs/identity-protocol/ConnectionString"
import fc from "fast-check"
import type { Suite } from "./Case.js"

export const suites: ReadonlyArray<Suite> = [{
  name: "Base64",
  cases: [
    {
      name: "encodes as the reference does, and decodes back",
      run: ({ expect, reference }) => {
        fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
          const text = Base64.encode(bytes)
          expect(text).toBe(reference.base64(bytes))
          expect(Base64.decodeStrict(text)).toEqual(bytes)
          expect(Base64.isCanonical(text, bytes)).toBe(true)
          expect(Base64.decodeLenient(reference.base64url(bytes))).toEqual(bytes)
        }))
      }
    },
    {
      name: "strict decoding refuses what is not padded standard base64",
      run: ({ expect }) => {
        for (const text of ["a", "ab", "abc", "ab-_", "ab==cd==", "a===", "====", "ab c", "ab\ncd=="]) {
          expect(Base64.decodeStrict(text), text).toBeUndefined()
        }
        const px = Base64.decodeStrict("px==")!
        expect(Base64.isCanonical("px==", px)).toBe(false)
      }
    },
    {
      name: "agrees with the reference on arbitrary text: decodes exactly the canonical base64 strings",
      run: ({ expect, reference }) => {
        fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9+/=]{0,16}$/), (text) => {
          const bytes = Base64.decodeStrict(text)
          const canonical = bytes !== undefined && Base64.isCanonical(text, bytes)
          expect(canonical).toBe(reference.isCanonicalBase64(text))
        }))
      }
    },
    {
      name: "any size is safe: a multi-megabyte key is a violation, never a crash",
      run: ({ expect }) => {
        const huge = "A".repeat(8 * 1024 * 1024)
        const parsed = ConnectionString.parse(`endpoint=https://x.example.com/;accesskey=${huge}`)
        expect(parsed.ok).toBe(false)
        expect(ConnectionString.decodeAccessKey(huge).ok).toBe(false)
        // below the cap, a long key is decoded in one linear pass
        const long = Base64.encode(new Uint8Array(12_000).fill(7))
        expect(ConnectionString.decodeAccessKey(long).ok).toBe(true)
        expect(Base64.decodeStrict("A".repeat(4 * 1024 * 1024))?.length).toBe(3 * 1024 * 1024)
      }
    }
  ]
}]
