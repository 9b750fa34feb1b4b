/**
 * Connection strings (`endpoint=...;accesskey=...`) and endpoints.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Redacted from "effect/Redacted"
import { InvalidInput } from "./IdentityError.js"

/**
 * A parsed connection string. `endpoint` is normalised to
 * `scheme://host[:port]/`; the key stays `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConnectionString {
  readonly endpoint: string
  readonly accessKey: Redacted.Redacted<string>
}

const invalid = (field: string, message: string) => Either.left(new InvalidInput({ field, message }))

/**
 * Validates and normalises a service endpoint: `http` or `https`, a host,
 * no credentials, no path beyond `/`, no query or fragment, no trailing dot.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseEndpoint = (input: string | URL, field = "endpoint"): Either.Either<string, InvalidInput> => {
  if (typeof input !== "string" && !(input instanceof URL)) return invalid(field, `${field} must be a string or a URL`)
  const text = String(input).trim()
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
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "" || /[?#]/.test(text)) {
    // no echo of the URL: a connection string missing its ';' puts the access key in the path
    return invalid(field, `${field} must not have a path, query or fragment`)
  }
  return Either.right(`${url.protocol}//${url.host}/`)
}

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Checks that an access key is non-empty, canonical base64 and returns its bytes.
 * The error never echoes the key.
 *
 * @since 0.1.0
 * @category parsing
 */
export const decodeAccessKey = (
  key: Redacted.Redacted<string>,
  field = "accessKey"
): Either.Either<Uint8Array, InvalidInput> => {
  const text = Redacted.value(key)
  if (text === "") return invalid(field, `${field} is empty`)
  if (!base64Pattern.test(text)) return invalid(field, `${field} is not valid base64`)
  return Either.flatMap(
    Either.mapLeft(Encoding.decodeBase64(text), () => new InvalidInput({ field, message: `${field} is not valid base64` })),
    // canonical: unused trailing bits must be zero (`px==` decodes like `pw==` but is not canonical)
    (bytes) => Encoding.encodeBase64(bytes) === text ? Either.right(bytes) : invalid(field, `${field} is not canonical base64`)
  )
}

/**
 * Parses `endpoint=<url>;accesskey=<base64>`: keys case-insensitive and in any
 * order, whitespace trimmed, one trailing `;` allowed; duplicate, unknown,
 * empty or missing settings are rejected. Errors never echo the key.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (input: string | Redacted.Redacted<string>): Either.Either<ConnectionString, InvalidInput> => {
  const field = "connectionString"
  const text: unknown = Redacted.isRedacted(input) ? Redacted.value(input) : input
  if (typeof text !== "string") return invalid(field, `${field} must be a string`)
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
  if (settings.endpoint === undefined) return invalid(field, `${field} has no endpoint`)
  if (settings.accesskey === undefined) return invalid(field, `${field} has no accesskey`)
  const accessKey = Redacted.make(settings.accesskey)
  return Either.flatMap(
    parseEndpoint(settings.endpoint, `${field} endpoint`),
    (endpoint) => Either.map(decodeAccessKey(accessKey, `${field} accesskey`), () => ({ endpoint, accessKey }))
  )
}

/**
 * Formats a connection string; `parse(format(cs))` equals `cs`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (cs: ConnectionString): Redacted.Redacted<string> =>
  Redacted.make(`endpoint=${cs.endpoint};accesskey=${Redacted.value(cs.accessKey)}`)
