/**
 * The reference in a browser, on web-standard APIs only: `btoa`/`atob`, the
 * Fetch `Headers` class and WebCrypto (`crypto.subtle`). Node has them too, so
 * `../Reference.test.ts` checks that it agrees with Node's reference.
 */
import type { Reference } from "./Case.js"

const encoder = new TextEncoder()

const binary = (bytes: Uint8Array): string => {
  let text = ""
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return text
}

const base64 = (bytes: Uint8Array): string => btoa(binary(bytes))

const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Controls a Fetch header value may carry but Node's (and the protocol's) rule refuses: all but tab. */
const controls = /[\u0000-\u0008\u000a-\u001f\u007f]/

export const web: Reference = {
  name: "web",
  base64,
  base64url: (bytes) => base64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
  isCanonicalBase64: (text) => {
    try {
      return btoa(atob(text)) === text
    } catch {
      return false
    }
  },
  // Fetch refuses NUL, CR, LF and anything past Latin-1 (a TypeError); Node refuses the other controls as well
  isHeaderValue: (value) => {
    try {
      new Headers([["x", value]])
    } catch {
      return false
    }
    return !controls.test(value)
  },
  sha256: async (text) => base64(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)))),
  hmacSha256: async (key, text) => {
    const hmac = await crypto.subtle.importKey("raw", fromBase64(key), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign"
    ])
    return base64(new Uint8Array(await crypto.subtle.sign("HMAC", hmac, encoder.encode(text))))
  }
}
