/**
 * Connection strings (`endpoint=...;accesskey=...`) and endpoints. Errors
 * never echo the access key.
 *
 * @since 0.1.0
 */
import * as Base64 from "./Base64.js"
import type * as Rules from "./Rules.js"

/**
 * A parsed connection string; `endpoint` is normalised to `scheme://host[:port]/`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConnectionString {
  readonly endpoint: string
  readonly accessKey: string
}

/**
 * The longest connection string accepted (real ones are under 200 characters).
 *
 * @since 0.1.0
 * @category constants
 */
export const maxLength = 16_384

/**
 * The result of a parse: the value, or the broken rule.
 *
 * @since 0.1.0
 * @category models
 */
export type Result<A> = Rules.Result<A>

const ok = <A>(value: A): Result<A> => ({ ok: true, value })
const invalid = (field: string, message: string): Result<never> => ({ ok: false, violation: { field, message } })

/**
 * Validates and normalises a service endpoint: `http` or `https`, a host, no
 * credentials, no path beyond `/`, no query or fragment, no trailing dot.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseEndpoint = (input: unknown, field = "endpoint"): Result<string> => {
  if (typeof input !== "string" && !(input instanceof URL)) return invalid(field, `${field} must be a string or a URL`)
  const text = String(input).trim()
  if (text.length > maxLength) return invalid(field, `${field} is longer than ${maxLength} characters`)
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return invalid(field, `${field} is not an absolute URL`)
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return invalid(field, `${field} must use http or https, not ${url.protocol.slice(0, -1)}`)
  }
  if (url.username !== "" || url.password !== "") {
    return invalid(field, `${field} must not contain credentials`)
  }
  if (url.hostname === "" || url.hostname.endsWith(".")) {
    return invalid(field, `${field} must have a host name without a trailing dot`)
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "" || text.includes("?") || text.includes("#")) {
    // no echo of the URL: a connection string missing its ';' puts the access key in the path
    return invalid(field, `${field} must not have a path, query or fragment`)
  }
  return ok(`${url.protocol}//${url.host}/`)
}

/**
 * Checks that an access key is non-empty canonical base64 and returns its bytes.
 *
 * @since 0.1.0
 * @category parsing
 */
export const decodeAccessKey = (key: string, field = "accessKey"): Result<Uint8Array> => {
  if (key === "") return invalid(field, `${field} is empty`)
  if (key.length > maxLength) return invalid(field, `${field} is longer than ${maxLength} characters`)
  const bytes = Base64.decodeStrict(key)
  if (bytes === undefined) return invalid(field, `${field} is not valid base64`)
  // `px==` decodes like `pw==` but is not canonical
  return Base64.isCanonical(key, bytes) ? ok(bytes) : invalid(field, `${field} is not canonical base64`)
}

/**
 * Parses `endpoint=<url>;accesskey=<base64>`: keys case-insensitive and in any
 * order, whitespace trimmed, one trailing `;` allowed; duplicate, unknown,
 * empty or missing settings are rejected.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (text: unknown): Result<ConnectionString> => {
  const field = "connectionString"
  if (typeof text !== "string") return invalid(field, `${field} must be a string`)
  if (text.length > maxLength) return invalid(field, `${field} is longer than ${maxLength} characters`)
  const segments = text.trim().split(";")
  if (segments.length > 1 && segments[segments.length - 1]!.trim() === "") segments.pop()
  const settings: Record<string, string> = {}
  for (const segment of segments) {
    const at = segment.indexOf("=")
    if (segment.trim() === "") return invalid(field, `${field} has an empty setting (leading or doubled ';')`)
    if (at < 0) return invalid(field, `${field} has a setting that is not key=value`)
    const key = segment.slice(0, at).trim().toLowerCase()
    const value = segment.slice(at + 1).trim()
    if (key !== "endpoint" && key !== "accesskey") {
      return invalid(field, `${field} has an unknown setting; only endpoint and accesskey are allowed`)
    }
    if (key in settings) return invalid(field, `${field} sets ${key} more than once`)
    if (value === "") return invalid(field, `${field} has an empty ${key}`)
    settings[key] = value
  }
  if (settings["endpoint"] === undefined) return invalid(field, `${field} has no endpoint`)
  const accessKey = settings["accesskey"]
  if (accessKey === undefined) return invalid(field, `${field} has no accesskey`)
  const endpoint = parseEndpoint(settings["endpoint"], `${field} endpoint`)
  if (!endpoint.ok) return endpoint
  const key = decodeAccessKey(accessKey, `${field} accesskey`)
  return key.ok ? ok({ endpoint: endpoint.value, accessKey }) : key
}

/**
 * Formats a connection string; `parse(format(cs))` gives `cs` back.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (cs: ConnectionString): string => `endpoint=${cs.endpoint};accesskey=${cs.accessKey}`
