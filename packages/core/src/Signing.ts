/**
 * HMAC-SHA256 request signing as the Communication Services expect it, and
 * the matching verifier (used by the emulator).
 *
 * String to sign: `METHOD\npathAndQuery\nx-ms-date;host;x-ms-content-sha256`.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Encoding from "effect/Encoding"
import { Crypto } from "./Crypto.js"

const encoder = new TextEncoder()

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

const plainQuery = /^\?[\w.*-]+=[\w.*-]*(?:&[\w.*-]+=[\w.*-]*)*$/

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
 * Base64 SHA-256 of a body (`undefined` or empty hashes as "").
 *
 * @since 0.1.0
 * @category signing
 */
export const contentHash = (body: Uint8Array | undefined): Effect.Effect<string, never, Crypto> =>
  Effect.flatMap(Crypto, (crypto) => contentHashWith(crypto, body))

const contentHashWith = (crypto: Crypto.Service, body: Uint8Array | undefined): Effect.Effect<string> =>
  body === undefined || body.length === 0
    ? Effect.succeed(emptyContentHash)
    : Effect.map(crypto.sha256(body), Encoding.encodeBase64)

/**
 * What to sign: method, URL (as it will be sent), body bytes and the date.
 *
 * @since 0.1.0
 * @category models
 */
export interface Request {
  readonly method: string
  readonly url: URL
  readonly body: Uint8Array | undefined
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
 * Signs a request with a prepared key. Pure: the same inputs give the same headers.
 *
 * @since 0.1.0
 * @category signing
 */
export const sign = (key: Crypto.HmacKey, request: Request): Effect.Effect<Headers, never, Crypto> =>
  Effect.flatMap(Crypto, (crypto) => signer(crypto, key)(request))

const toSign = (request: Request, hash: string): Uint8Array =>
  encoder.encode(stringToSign(request.method, pathAndQuery(request.url), request.date, request.url.host, hash))

const headers = (request: Request, hash: string, signature: string): Headers => ({
  "x-ms-date": request.date,
  "x-ms-content-sha256": hash,
  authorization: authorization(signature)
})

/**
 * {@link sign} bound to a crypto service and key, for signing many requests.
 *
 * @since 0.1.0
 * @category signing
 */
export const signer = (crypto: Crypto.Service, key: Crypto.HmacKey): (request: Request) => Effect.Effect<Headers> => {
  const sync = syncSigner(crypto, key)
  if (sync !== undefined) return (request) => Effect.sync(() => sync(request))
  return (request) =>
    Effect.flatMap(
      contentHashWith(crypto, request.body),
      (hash) => Effect.map(key.sign(toSign(request, hash)), (mac) => headers(request, hash, Encoding.encodeBase64(mac)))
    )
}

/**
 * {@link signer} without Effect steps, when the crypto service and the key
 * compute synchronously (see `Crypto.Service.sync`); `undefined` otherwise.
 *
 * @since 0.1.0
 * @category signing
 */
export const syncSigner = (crypto: Crypto.Service, key: Crypto.HmacKey): ((request: Request) => Headers) | undefined => {
  const sync = crypto.sync
  const mac = key.signSync
  if (sync === undefined || mac === undefined) return undefined
  return (request) => {
    const hash = request.body === undefined || request.body.length === 0
      ? emptyContentHash
      : sync.base64(sync.sha256(request.body))
    return headers(request, hash, sync.base64(mac(toSign(request, hash))))
  }
}

/**
 * Why a request failed verification.
 *
 * @since 0.1.0
 * @category errors
 */
export class VerificationError extends Data.TaggedError("VerificationError")<{
  readonly reason:
    | "MissingAuthorization"
    | "MalformedAuthorization"
    | "MissingDate"
    | "StaleDate"
    | "ContentHashMismatch"
    | "SignatureMismatch"
  readonly message: string
}> {}

/**
 * A request as a server received it.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReceivedRequest {
  readonly method: string
  /** The raw request target: path and query exactly as received. */
  readonly target: string
  /** Header lookup by lower-case name. */
  readonly header: (name: string) => string | undefined
  /** The raw body bytes. */
  readonly body: Uint8Array
}

/**
 * Verification settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface VerifyOptions {
  /** The server's clock, epoch ms. */
  readonly now: number
  /** Allowed clock skew of the signed date either way; default 15 minutes. */
  readonly maxSkewMillis?: number
  /**
   * Accept the documented cross-SDK variants: `date` as a signed header,
   * host without port or with a doubled port, percent-decoded path, path
   * without its leading `/`. Default `true`.
   */
  readonly tolerant?: boolean
}

const authorizationPattern = /^HMAC-SHA256 SignedHeaders=([^&]+)&Signature=([A-Za-z0-9+/=]+)$/

const constantTimeEqual = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

const targetCandidates = (target: string, tolerant: boolean): ReadonlyArray<string> => {
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

const hostCandidates = (host: string, tolerant: boolean): ReadonlyArray<string> => {
  const lower = host.toLowerCase()
  if (!tolerant) return [lower]
  const port = /:(\d+)$/.exec(lower)
  return port === null ? [lower] : [lower, lower.slice(0, port.index), `${lower}:${port[1]}`]
}

/**
 * Verifies an HMAC-signed request the way the service does: the content hash
 * against the raw body, the date within the allowed skew, and the signature
 * (compared in constant time) over the raw path and query and the received host.
 *
 * @since 0.1.0
 * @category verifying
 */
export const verify = (
  key: Crypto.HmacKey,
  request: ReceivedRequest,
  options: VerifyOptions
): Effect.Effect<void, VerificationError, Crypto> =>
  Effect.gen(function*() {
    const tolerant = options.tolerant ?? true
    const header = request.header("authorization")
    if (header === undefined) {
      return yield* new VerificationError({ reason: "MissingAuthorization", message: "The Authorization header is missing." })
    }
    const match = authorizationPattern.exec(header)
    const names = match?.[1]?.toLowerCase().split(";") ?? []
    const dateName = names[0]
    if (
      match === null || names.length !== 3 || names[1] !== "host" || names[2] !== "x-ms-content-sha256" ||
      !(dateName === "x-ms-date" || (tolerant && dateName === "date"))
    ) {
      return yield* new VerificationError({
        reason: "MalformedAuthorization",
        message: `The Authorization header must be 'HMAC-SHA256 SignedHeaders=${signedHeaders}&Signature=<base64>'.`
      })
    }
    const date = request.header(dateName!)
    const signedAt = date === undefined ? NaN : Date.parse(date)
    if (Number.isNaN(signedAt)) {
      return yield* new VerificationError({ reason: "MissingDate", message: `The ${dateName} header is missing or invalid.` })
    }
    const skew = options.maxSkewMillis ?? 15 * 60_000
    if (Math.abs(options.now - signedAt) > skew) {
      return yield* new VerificationError({
        reason: "StaleDate",
        message: `The ${dateName} header is more than ${Math.round(skew / 60_000)} minutes away from the server time.`
      })
    }
    const hash = yield* contentHash(request.body)
    if (!constantTimeEqual(request.header("x-ms-content-sha256") ?? "", hash)) {
      return yield* new VerificationError({
        reason: "ContentHashMismatch",
        message: "The x-ms-content-sha256 header does not match the body."
      })
    }
    const signature = match[2]!
    for (const host of hostCandidates(request.header("host") ?? "", tolerant)) {
      for (const target of targetCandidates(request.target, tolerant)) {
        const mac = yield* key.sign(encoder.encode(stringToSign(request.method, target, date!, host, hash)))
        if (constantTimeEqual(Encoding.encodeBase64(mac), signature)) return
      }
    }
    return yield* new VerificationError({ reason: "SignatureMismatch", message: "The request signature is invalid." })
  })
