/**
 * Reading a JWT's claims (the payload only; the signature is the service's
 * business), and what a client needs from a Communication Services token.
 *
 * @since 0.1.0
 */
import * as Base64 from "./Base64.js"

const decoder = new TextDecoder()

/**
 * The claims of a JWT, or `undefined` when `token` is not a JWT with a JSON
 * object payload. The payload (second segment) may be base64url or standard
 * base64, padded or not.
 *
 * @since 0.1.0
 * @category parsing
 */
export const claims = (token: string): Record<string, unknown> | undefined => {
  const first = token.indexOf(".")
  if (first < 0) return undefined
  const second = token.indexOf(".", first + 1)
  const segment = token.slice(first + 1, second < 0 ? undefined : second)
  if (segment === "") return undefined
  const bytes = Base64.decodeLenient(segment)
  if (bytes === undefined) return undefined
  try {
    const payload: unknown = JSON.parse(decoder.decode(bytes))
    return typeof payload === "object" && payload !== null && !Array.isArray(payload)
      ? payload as Record<string, unknown>
      : undefined
  } catch {
    return undefined
  }
}

/**
 * A non-empty string claim, or `undefined`.
 *
 * @since 0.1.0
 * @category getters
 */
export const stringClaim = (claims: Readonly<Record<string, unknown>>, name: string): string | undefined => {
  const value = claims[name]
  return typeof value === "string" && value !== "" ? value : undefined
}

/**
 * When the token expires (`exp`, seconds) in epoch ms, or `undefined`.
 *
 * @since 0.1.0
 * @category getters
 */
export const expiresAt = (claims: Readonly<Record<string, unknown>>): number | undefined => {
  const exp = claims["exp"]
  return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined
}

/**
 * The `acsScope` claim split on commas; empty when absent.
 *
 * @since 0.1.0
 * @category getters
 */
export const acsScopes = (claims: Readonly<Record<string, unknown>>): ReadonlyArray<string> => {
  const scope = claims["acsScope"]
  return typeof scope === "string" && scope !== "" ? scope.split(",").map((s) => s.trim()) : []
}
