/**
 * Base64 (RFC 4648) without platform globals: linear in the input, no
 * recursion, no spread of large arrays — any input size is safe.
 *
 * @since 0.1.0
 */

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

const values = new Int16Array(128).fill(-1)
for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i

/**
 * Encodes bytes as padded standard base64.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encode = (bytes: Uint8Array): string => {
  let out = ""
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += `${alphabet[n >> 18]!}${alphabet[(n >> 12) & 63]!}==`
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += `${alphabet[n >> 18]!}${alphabet[(n >> 12) & 63]!}${alphabet[(n >> 6) & 63]!}=`
  }
  return out
}

/**
 * Decodes padded standard base64 (length a multiple of 4, padding only at
 * the end); `undefined` for anything else.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeStrict = (text: string): Uint8Array | undefined =>
  text.length % 4 === 0 ? decodeWith(text, true) : undefined

/**
 * Whether `text` is the one canonical base64 of its bytes (unused trailing bits zero).
 *
 * @since 0.1.0
 * @category decoding
 */
export const isCanonical = (text: string, bytes: Uint8Array): boolean => encode(bytes) === text

/**
 * Decodes base64url or standard base64, padded or not (the leniency of
 * `jwt-decode`); `undefined` for anything else.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeLenient = (text: string): Uint8Array | undefined => {
  if (text.length % 4 === 1) return undefined
  return decodeWith(text, false)
}

const decodeWith = (text: string, strict: boolean): Uint8Array | undefined => {
  let end = text.length
  if (end > 0 && text.charCodeAt(end - 1) === 61) end--
  if (end > 0 && text.charCodeAt(end - 1) === 61) end--
  if (strict ? text.length - end > 2 : (end % 4 === 1 || (text.length !== end && text.length % 4 !== 0))) {
    return undefined
  }
  const out = new Uint8Array(Math.floor(end * 3 / 4))
  let buffer = 0
  let bits = 0
  let at = 0
  for (let i = 0; i < end; i++) {
    let code = text.charCodeAt(i)
    if (!strict) code = code === 45 ? 43 : code === 95 ? 47 : code // '-' → '+', '_' → '/'
    const value = code < 128 ? values[code]! : -1
    if (value < 0) return undefined
    buffer = (buffer << 6) | value
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[at++] = (buffer >> bits) & 0xff
    }
  }
  return out
}
