/**
 * HMAC-SHA256 request signing as the Communication Services expect it: the
 * canonical string to sign, the headers, and the verifier's parsing rules.
 * Hashing and the MAC itself come from the caller's crypto.
 *
 * String to sign: `METHOD\npathAndQuery\nx-ms-date;host;x-ms-content-sha256`.
 *
 * @since 0.1.0
 */

/**
 * `x-ms-content-sha256` of an empty body.
 *
 * @since 0.1.0
 * @category constants
 */
export const emptyContentHash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

/**
 * The signed-headers list every current SDK sends.
 *
 * @since 0.1.0
 * @category constants
 */
export const signedHeaders = "x-ms-date;host;x-ms-content-sha256"

/**
 * RFC 1123 date in GMT (`Wed, 13 Apr 2022 18:09:12 GMT`).
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatDate = (millis: number): string => new Date(millis).toUTCString()

const plainQuery = /^\?[\w.*-]+=[\w.*-]*(?:&[\w.*-]+=[\w.*-]*)*$/

/**
 * The path and query as signed: the percent-encoded path as sent, then the
 * query re-serialised by `URLSearchParams` (as the official JS client does).
 *
 * @since 0.1.0
 * @category signing
 */
export const pathAndQuery = (url: URL): string => {
  const search = url.search
  if (search === "") return url.pathname
  // `name=value` pairs of characters URLSearchParams leaves alone (as in
  // `?api-version=…`) serialise to themselves: no need to parse them
  if (plainQuery.test(search)) return url.pathname + search
  const query = url.searchParams.toString()
  return query === "" ? url.pathname : `${url.pathname}?${query}`
}

/**
 * The string to sign.
 *
 * @since 0.1.0
 * @category signing
 */
export const stringToSign = (
  method: string,
  pathAndQuery: string,
  date: string,
  host: string,
  contentHash: string
): string => `${method.toUpperCase()}\n${pathAndQuery}\n${date};${host};${contentHash}`

/**
 * The `Authorization` header value for a signature.
 *
 * @since 0.1.0
 * @category signing
 */
export const authorization = (signature: string): string =>
  `HMAC-SHA256 SignedHeaders=${signedHeaders}&Signature=${signature}`

/**
 * What to sign: method, URL (as it will be sent) and the date.
 *
 * @since 0.1.0
 * @category models
 */
export interface Request {
  readonly method: string
  readonly url: URL
  /** RFC 1123 date, see {@link formatDate}. */
  readonly date: string
}

/**
 * The headers that authenticate a request.
 *
 * @since 0.1.0
 * @category models
 */
export type Headers = {
  readonly "x-ms-date": string
  readonly "x-ms-content-sha256": string
  readonly authorization: string
}

/**
 * The string to sign of a request whose body hashes to `contentHash`.
 *
 * @since 0.1.0
 * @category signing
 */
export const requestToSign = (request: Request, contentHash: string): string =>
  stringToSign(request.method, pathAndQuery(request.url), request.date, request.url.host, contentHash)

/**
 * The authentication headers, given the content hash and the base64 signature.
 *
 * @since 0.1.0
 * @category signing
 */
export const headers = (request: Request, contentHash: string, signature: string): Headers => ({
  "x-ms-date": request.date,
  "x-ms-content-sha256": contentHash,
  authorization: authorization(signature)
})

/**
 * Synchronous primitives to sign with (e.g. `node:crypto`'s), each giving its
 * digest as standard, padded base64: the only form a signature carries.
 *
 * @since 0.1.0
 * @category models
 */
export interface Primitives<Body = Uint8Array> {
  /** SHA-256 of a request body, as the caller holds it (bytes, or text taken as its UTF-8 bytes), in base64. */
  readonly sha256Base64: (body: Body) => string
  /** HMAC-SHA256 of the string to sign (its UTF-8 bytes) with the (prepared) access key, in base64. */
  readonly hmacBase64: (text: string) => string
}

/**
 * Signs a request in one step with synchronous primitives: its content hash,
 * string to sign, signature and headers.
 *
 * @since 0.1.0
 * @category signing
 */
export const signer =
  <Body extends { readonly length: number }>(primitives: Primitives<Body>) =>
  (request: Request & { readonly body: Body | undefined }): Headers => {
    const hash = request.body === undefined || request.body.length === 0
      ? emptyContentHash
      : primitives.sha256Base64(request.body)
    return headers(request, hash, primitives.hmacBase64(requestToSign(request, hash)))
  }

// ---------------------------------------------------------------------------
// verifying
// ---------------------------------------------------------------------------

/**
 * Why a request failed verification.
 *
 * @since 0.1.0
 * @category models
 */
export type Failure =
  | "MissingAuthorization"
  | "MalformedAuthorization"
  | "MissingDate"
  | "StaleDate"
  | "ContentHashMismatch"
  | "SignatureMismatch"

/**
 * A verification failure and its message.
 *
 * @since 0.1.0
 * @category models
 */
export interface Rejection {
  readonly reason: Failure
  readonly message: string
}

/**
 * What the `Authorization` header of a signed request says.
 *
 * @since 0.1.0
 * @category models
 */
export interface Parsed {
  /** The header that carries the signed date: `x-ms-date`, or `date` from tolerant peers. */
  readonly dateName: string
  readonly signature: string
}

const authorizationPattern = /^HMAC-SHA256 SignedHeaders=([^&]+)&Signature=([A-Za-z0-9+/=]+)$/

/**
 * Parses an `Authorization` header; `tolerant` accepts `date` for `x-ms-date`.
 *
 * @since 0.1.0
 * @category verifying
 */
export const parseAuthorization = (header: string | undefined, tolerant: boolean): Parsed | Rejection => {
  if (header === undefined) return { reason: "MissingAuthorization", message: "The Authorization header is missing." }
  const match = header.length > 4096 ? null : authorizationPattern.exec(header)
  const names = match?.[1]?.toLowerCase().split(";") ?? []
  const dateName = names[0]
  if (
    match === null || names.length !== 3 || names[1] !== "host" || names[2] !== "x-ms-content-sha256" ||
    !(dateName === "x-ms-date" || (tolerant && dateName === "date"))
  ) {
    return {
      reason: "MalformedAuthorization",
      message: `The Authorization header must be 'HMAC-SHA256 SignedHeaders=${signedHeaders}&Signature=<base64>'.`
    }
  }
  return { dateName: dateName!, signature: match[2]! }
}

/**
 * Checks the signed date against the server's clock; `undefined` when it is within `maxSkewMillis`.
 *
 * @since 0.1.0
 * @category verifying
 */
export const checkDate = (
  dateName: string,
  date: string | undefined,
  now: number,
  maxSkewMillis: number
): Rejection | undefined => {
  const signedAt = date === undefined ? NaN : Date.parse(date)
  if (Number.isNaN(signedAt)) return { reason: "MissingDate", message: `The ${dateName} header is missing or invalid.` }
  return Math.abs(now - signedAt) > maxSkewMillis
    ? {
      reason: "StaleDate",
      message: `The ${dateName} header is more than ${
        Math.round(maxSkewMillis / 60_000)
      } minutes away from the server time.`
    }
    : undefined
}

/**
 * Compares two strings in time that depends only on their length.
 *
 * @since 0.1.0
 * @category verifying
 */
export const constantTimeEqual = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/**
 * The paths-and-queries a received request target may have been signed as:
 * as received and re-serialised; `tolerant` adds the percent-decoded form and
 * forms without the leading `/` (documented cross-SDK variants).
 *
 * @since 0.1.0
 * @category verifying
 */
export const targetCandidates = (target: string, tolerant: boolean): ReadonlyArray<string> => {
  const candidates = new Set([target])
  try {
    // an origin-form target is a path even when it starts with `//` (never an authority)
    candidates.add(pathAndQuery(target.startsWith("/") ? new URL(`http://x${target}`) : new URL(target, "http://x")))
  } catch {
    // an unparsable target (e.g. `http://[`) can only match as sent
  }
  if (tolerant) {
    try {
      candidates.add(decodeURIComponent(target))
    } catch {
      // a malformed escape has no decoded form
    }
    for (const candidate of [...candidates]) if (candidate.startsWith("/")) candidates.add(candidate.slice(1))
  }
  return [...candidates]
}

/**
 * The hosts a received `Host` may have been signed as; `tolerant` adds the
 * host without its port (as some SDKs sign it).
 *
 * @since 0.1.0
 * @category verifying
 */
export const hostCandidates = (host: string, tolerant: boolean): ReadonlyArray<string> => {
  const lower = host.toLowerCase()
  if (!tolerant) return [lower]
  const port = /:(\d+)$/.exec(lower)
  return port === null ? [lower] : [lower, lower.slice(0, port.index), `${lower}:${port[1]}`]
}

/**
 * Every string to sign a received request may have been signed over.
 *
 * @since 0.1.0
 * @category verifying
 */
export const candidatesToSign = (
  method: string,
  target: string,
  host: string,
  date: string,
  contentHash: string,
  tolerant: boolean
): ReadonlyArray<string> =>
  hostCandidates(host, tolerant).flatMap((h) =>
    targetCandidates(target, tolerant).map((t) => stringToSign(method, t, date, h, contentHash))
  )
