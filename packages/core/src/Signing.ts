/**
 * HMAC-SHA256 request signing as the Communication Services expect it, and
 * the matching verifier (used by the emulator).
 *
 * String to sign: `METHOD\npathAndQuery\nx-ms-date;host;x-ms-content-sha256`.
 *
 * @since 0.1.0
 */
import * as Protocol from "@effect-acs/identity-protocol/Signing"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Encoding from "effect/Encoding"
import { Crypto } from "./Crypto.js"
import * as internal from "./internal/signing.js"

const encoder = new TextEncoder()

export {
  /**
   * The `Authorization` header value for a signature.
   *
   * @since 0.1.0
   * @category signing
   */
  authorization,
  /**
   * `x-ms-content-sha256` of an empty body.
   *
   * @since 0.1.0
   * @category constants
   */
  emptyContentHash,
  /**
   * RFC 1123 date in GMT (`Wed, 13 Apr 2022 18:09:12 GMT`).
   *
   * @since 0.1.0
   * @category formatting
   */
  formatDate,
  /**
   * The path and query as signed: the percent-encoded path as sent, then the
   * query re-serialised by `URLSearchParams` (as the official JS client does).
   *
   * @since 0.1.0
   * @category signing
   */
  pathAndQuery,
  /**
   * The signed-headers list every current SDK sends.
   *
   * @since 0.1.0
   * @category constants
   */
  signedHeaders,
  /**
   * The string to sign.
   *
   * @since 0.1.0
   * @category signing
   */
  stringToSign
} from "@effect-acs/identity-protocol/Signing"

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
    ? Effect.succeed(Protocol.emptyContentHash)
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
export type Headers = Protocol.Headers

/**
 * Signs a request with a prepared key. Pure: the same inputs give the same headers.
 *
 * @since 0.1.0
 * @category signing
 */
export const sign = (key: Crypto.HmacKey, request: Request): Effect.Effect<Headers, never, Crypto> =>
  Effect.flatMap(Crypto, (crypto) => signer(crypto, key)(request))

const toSign = (request: Request, hash: string): Uint8Array => encoder.encode(Protocol.requestToSign(request, hash))

const headers: (request: Request, hash: string, signature: string) => Headers = Protocol.headers

/**
 * {@link sign} bound to a crypto service and key, for signing many requests.
 *
 * @since 0.1.0
 * @category signing
 */
export const signer = (crypto: Crypto.Service, key: Crypto.HmacKey): (request: Request) => Effect.Effect<Headers> => {
  const sync = internal.syncSigner(crypto, key)
  if (sync !== undefined) return (request) => Effect.sync(() => sync(request))
  return (request) =>
    Effect.flatMap(
      contentHashWith(crypto, request.body),
      (hash) => Effect.map(key.sign(toSign(request, hash)), (mac) => headers(request, hash, Encoding.encodeBase64(mac)))
    )
}

/**
 * Why a request failed verification.
 *
 * @since 0.1.0
 * @category errors
 */
export class VerificationError extends Data.TaggedError("VerificationError")<{
  readonly reason: Protocol.Failure
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
    const parsed = Protocol.parseAuthorization(request.header("authorization"), tolerant)
    if ("reason" in parsed) return yield* new VerificationError(parsed)
    const date = request.header(parsed.dateName)
    const stale = Protocol.checkDate(parsed.dateName, date, options.now, options.maxSkewMillis ?? 15 * 60_000)
    if (stale !== undefined) return yield* new VerificationError(stale)
    const hash = yield* contentHash(request.body)
    if (!Protocol.constantTimeEqual(request.header("x-ms-content-sha256") ?? "", hash)) {
      return yield* new VerificationError({
        reason: "ContentHashMismatch",
        message: "The x-ms-content-sha256 header does not match the body."
      })
    }
    const candidates = Protocol.candidatesToSign(
      request.method,
      request.target,
      request.header("host") ?? "",
      date!,
      hash,
      tolerant
    )
    for (const candidate of candidates) {
      const mac = yield* key.sign(encoder.encode(candidate))
      if (Protocol.constantTimeEqual(Encoding.encodeBase64(mac), parsed.signature)) return
    }
    return yield* new VerificationError({ reason: "SignatureMismatch", message: "The request signature is invalid." })
  })
