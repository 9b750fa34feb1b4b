/**
 * The known answers every `Crypto` implementation of either Effect line must
 * give (the conformance suites packages/core/test/utils/cryptoConformance.ts
 * and packages/effect4/core/test/utils/cryptoConformance.ts run them): SHA-256
 * (FIPS 180-2), HMAC-SHA256 (RFC 4231) and the official primitive vectors.
 */
import { readFileSync } from "node:fs"

/** The UTF-8 of `text`. */
export const utf8 = (text: string) => new TextEncoder().encode(text)
/** Lower-case hex of `bytes`. */
export const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
const fromHex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16))

/** A v4 UUID, lower-case. */
export const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** SHA-256 known answers (FIPS 180-2 examples and the ACS vectors). */
export const sha256Vectors: ReadonlyArray<readonly [string, Uint8Array, string]> = [
  ["empty", new Uint8Array(0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
  ["abc", utf8("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  [
    "448-bit message",
    utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
  ],
  [
    "one million a",
    new Uint8Array(1_000_000).fill(0x61),
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
  ]
]

/** HMAC-SHA256 known answers from RFC 4231 (§4.2, 4.3, 4.5 truncated aside, 4.7, 4.8). */
export const hmacVectors: ReadonlyArray<readonly [string, Uint8Array, Uint8Array, string]> = [
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

/** An official primitive vector: HMAC-SHA256 of a message with a key, or SHA-256 of a body. */
export interface Primitive {
  readonly op: string
  readonly key?: string
  readonly message?: string
  readonly body?: string
  readonly expected: string
}

/** The official primitive vectors (hmac-test-vectors.json). */
export const primitives: ReadonlyArray<Primitive> = JSON.parse(
  readFileSync(new URL("../fixtures/hmac-test-vectors.json", import.meta.url), "utf8")
).official_primitives

/** HMAC-SHA256 of "banana" under the one-byte key 0xa7 (base64): WebCrypto and node:crypto agree on short keys. */
export const shortKeyBanana = "88EC05aAS9iXnaimtNO78JLjiPtfWryQB/5QYEzEsu8="
