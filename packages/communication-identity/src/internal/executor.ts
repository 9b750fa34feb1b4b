/**
 * The platform-free Promise executor: one call is prepared once, then each
 * attempt is authenticated (a fresh date) and sent through the platform,
 * its answer read, and failures retried by the protocol's rules (Azure
 * core's policy) within the attempt and overall time limits.
 */
import * as ConnectionString from "@effect-acs/identity-protocol/ConnectionString"
import * as ErrorEnvelope from "@effect-acs/identity-protocol/ErrorEnvelope"
import * as Operation from "@effect-acs/identity-protocol/Operation"
import * as Retry from "@effect-acs/identity-protocol/Retry"
import * as Rules from "@effect-acs/identity-protocol/Rules"
import * as Signing from "@effect-acs/identity-protocol/Signing"
import { abortError, type Failure, RestError } from "./errors.js"

/** A request as signed: method, URL, date and the body text. */
export type SignedRequest = Signing.Request & { readonly body: string | undefined }

/** A response read in full. */
export interface Received {
  readonly status: number
  /** A header by lower-case name. */
  readonly header: (name: string) => string | undefined
  readonly text: string
}

/** A request ready for the wire. */
export interface Outgoing {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
}

/** What a platform (node, browser) supplies. */
export interface Platform {
  /** The header that carries the user agent. */
  readonly userAgentHeader: string
  readonly randomUUID: () => string
  /** Signs with an HMAC key (decoded bytes): synchronously where the platform can. */
  readonly signer: (key: Uint8Array) => (request: SignedRequest) => Signing.Headers | Promise<Signing.Headers>
  /**
   * Sends one request and reads the response (at most 1 MiB). Rejects with an
   * {@link AttemptTimeout} after `timeoutMillis`, with an `AbortError` when
   * `signal` aborts (the request is torn down either way), or with the cause.
   */
  readonly send: (request: Outgoing, timeoutMillis: number, signal: AbortSignal | undefined) => Promise<Received>
  /** Releases what the platform holds (keep-alive sockets); requests in flight fail. */
  readonly release: () => void
  /** Where info lines go when `AZURE_LOG_LEVEL` asks for them (read at each client's construction), else `undefined`. */
  readonly logger: () => ((message: string) => void) | undefined
}

/**
 * An info logger as `@azure/logger` makes one: on for `AZURE_LOG_LEVEL`
 * `info` or `verbose`, every line prefixed `azure:communication-identity:info`.
 */
export const infoLogger = (
  level: string | undefined,
  write: (line: string) => void
): ((message: string) => void) | undefined =>
  level === "info" || level === "verbose"
    ? (message) => write(`azure:communication-identity:info ${message}`)
    : undefined

/** The cause of an attempt that got no response in time. */
export class AttemptTimeout extends Error {
  override readonly name = "AttemptTimeout"
  constructor(readonly millis: number) {
    super(`No response within ${millis} ms.`)
  }
}

/** Authenticates requests: headers for a request (or a rejection with a `RestError`), and the secrets it sends. */
export interface Authorizer {
  readonly headers: (
    request: SignedRequest,
    signal: AbortSignal | undefined
  ) => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>
  readonly secrets: () => ReadonlyArray<string>
}

/** A credential's rejection as a `RestError`. */
export const credentialError = (message: string, cause?: unknown): RestError =>
  new RestError({ _tag: "CredentialError", message, ...(cause !== undefined && { cause }) })

/**
 * HMAC-SHA256 with an access key read from `source` on every request (key
 * rotation: a changed key is decoded and prepared again). A first key that is
 * not canonical base64 is an `InvalidInput`, a rotated one a `CredentialError`.
 */
export const hmacAuthorizer = (platform: Platform, source: () => string): Authorizer => {
  let text: string | undefined
  let sign: ((request: SignedRequest) => Signing.Headers | Promise<Signing.Headers>) | undefined
  return {
    headers: (request) => {
      const key = source()
      if (key !== text || sign === undefined) {
        const decoded = ConnectionString.decodeAccessKey(key)
        if (!decoded.ok) {
          throw text === undefined
            ? new RestError({ _tag: "InvalidInput", ...decoded.violation })
            : credentialError(`The rotated key: ${decoded.violation.message}`)
        }
        sign = platform.signer(decoded.value)
        text = key
      }
      return sign(request)
    },
    secrets: () => text === undefined ? [] : [text]
  }
}

/** What `@azure/core-auth`'s `TokenCredential` must have. */
export interface TokenCredential {
  getToken(
    scopes: string | Array<string>,
    options?: { abortSignal?: AbortSignal }
  ): Promise<{ readonly token: string; readonly expiresOnTimestamp: number } | null>
}

/** The scope of Communication Services tokens. */
const scope = "https://communication.azure.com//.default"

/**
 * `Authorization: Bearer` from a token credential, cached until two minutes
 * before expiry; one request for a token at a time, and a new one once it has
 * been pending for an attempt's time limit (the abandoned one is aborted).
 */
export const bearerAuthorizer = (credential: TokenCredential): Authorizer => {
  let cached: { readonly header: Readonly<Record<string, string>>; readonly expiresOnTimestamp: number } | undefined
  let pending: {
    readonly header: Promise<Readonly<Record<string, string>>>
    readonly since: number
    readonly controller: AbortController
  } | undefined
  let sent: ReadonlyArray<string> = []
  const fetch = async (abortSignal: AbortSignal) => {
    let token: Awaited<ReturnType<TokenCredential["getToken"]>>
    try {
      token = await credential.getToken(scope, { abortSignal })
    } catch (cause) {
      throw credentialError("The token credential failed to get a token.", cause)
    }
    if (token === null || token.token === "") throw credentialError("The token credential returned no token.")
    if (!Rules.isHeaderValue(token.token)) {
      throw credentialError("The token credential returned a token that an HTTP header cannot carry.")
    }
    sent = [token.token]
    cached = { header: { authorization: `Bearer ${token.token}` }, expiresOnTimestamp: token.expiresOnTimestamp }
    return cached.header
  }
  return {
    headers: () => {
      const now = Date.now()
      if (cached !== undefined && now < cached.expiresOnTimestamp - 120_000) return cached.header
      if (pending === undefined || now - pending.since >= attemptMillis) {
        pending?.controller.abort()
        const controller = new AbortController()
        const header = fetch(controller.signal).finally(() => {
          if (pending?.header === header) pending = undefined
        })
        pending = { header, since: now, controller }
      }
      return pending.header
    },
    secrets: () => sent
  }
}

/** A client's settings, resolved once. */
export interface Settings {
  readonly platform: Platform
  /** `scheme://host[:port]/`. */
  readonly endpoint: string
  /** `?api-version=…`. */
  readonly query: string
  readonly authorizer: Authorizer
  readonly maxRetries: number
  readonly baseDelayMillis: number
  readonly maxDelayMillis: number
  /** Bumped by `dispose()`: a call that sees it change rejects with an `AbortError`. */
  readonly generation: () => number
  /** One info line per attempt, when logging is on. */
  readonly log: ((message: string) => void) | undefined
}

/** What one call sends and how its answer is read. */
export interface Call<A> {
  /** The client method (messages carry it). */
  readonly operation: string
  readonly name: Operation.Name
  /** The path, parameters encoded. */
  readonly path: string
  /** A later page of a list: its path and query after the endpoint (from `Paging.next`), instead of `path`'s. */
  readonly page?: string
  /** The JSON body. */
  readonly body?: string | undefined
  readonly read: (json: unknown) => Rules.Result<A>
  /** A create with a `customId` (see `Retry.Idempotency`). */
  readonly hasCustomId?: boolean
  /** Sent as the bearer token instead of the client's credential (the end user's own). */
  readonly userToken?: string
  /** Secrets the body carries, redacted from any error text. */
  readonly secrets?: ReadonlyArray<string>
}

/** One attempt's time limit, and the whole call's (retries included). */
const attemptMillis = 30_000
const timeoutMillis = 120_000

const userAgent = "effect-acs-identity/0.1.0"

/** `promise`, or an `AttemptTimeout` after `millis`, or an `AbortError` when `signal` aborts. */
const bounded = <A>(promise: Promise<A>, millis: number, signal: AbortSignal | undefined): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    const onAbort = () => settle(() => reject(abortError()))
    const timer = setTimeout(() => settle(() => reject(new AttemptTimeout(millis))), millis)
    const settle = (then: () => void) => {
      clearTimeout(timer)
      signal?.removeEventListener("abort", onAbort)
      then()
    }
    signal?.addEventListener("abort", onAbort, { once: true })
    promise.then((value) => settle(() => resolve(value)), (cause: unknown) => settle(() => reject(cause)))
  })

/** Waits `millis`, or rejects with an `AbortError` when `signal` aborts. */
export const sleep = (millis: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError())
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortError())
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort)
      resolve()
    }, millis)
    signal?.addEventListener("abort", onAbort, { once: true })
  })

const isAbort = (cause: unknown): boolean => cause instanceof Error && cause.name === "AbortError"

/** The failure of an attempt that got no response. */
const noResponse = (operation: string, requestId: string, cause: unknown): Failure => ({
  _tag: "TransportError",
  operation,
  requestId,
  timedOut: cause instanceof AttemptTimeout,
  message: cause instanceof AttemptTimeout
    ? `${operation}: no response within 30s`
    : `${operation} failed before a response was read: Transport${cause instanceof Error ? ` (${cause.message})` : ""}`,
  cause
})

const outcome = (failure: Failure): Retry.Outcome =>
  failure._tag === "TransportError"
    ? { kind: "transport", tooLarge: Retry.isResponseTooLarge(failure.cause) }
    : failure._tag === "ServiceError"
    ? { kind: "status", status: failure.status, code: failure.code }
    : { kind: "final" }

/** A response as the call's value, or its failure. */
const interpret = <A>(
  settings: Settings,
  call: Call<A>,
  requestId: string,
  response: Received
): { readonly ok: true; readonly value: A } | { readonly ok: false; readonly failure: Failure } => {
  const { operation } = call
  const { status, text } = response
  const expected = Operation.get(call.name)
  if (!Operation.isSuccess(expected, status)) {
    const secrets = [
      ...settings.authorizer.secrets(),
      ...(call.userToken === undefined ? [] : [call.userToken]),
      ...(call.secrets ?? [])
    ]
    return {
      ok: false,
      failure: {
        _tag: "ServiceError",
        operation,
        status,
        requestId,
        ...ErrorEnvelope.describe(response, expected.status, secrets, Date.now())
      }
    }
  }
  let json: unknown = undefined
  if (text !== "") {
    try {
      json = JSON.parse(text)
    } catch {
      return {
        ok: false,
        failure: { _tag: "DecodeError", operation, status, requestId, message: "The response body is not JSON." }
      }
    }
  }
  const read = call.read(json)
  return read.ok ? read : {
    ok: false,
    failure: {
      _tag: "DecodeError",
      operation,
      status,
      requestId,
      message:
        `The response body is not a valid ${operation} result: ${read.violation.field}: ${read.violation.message}`
    }
  }
}

/**
 * Runs a call: its value, or a `RestError` (an `AbortError` when `signal`
 * aborts or the client is disposed meanwhile).
 */
export const execute = async <A>(settings: Settings, call: Call<A>, signal: AbortSignal | undefined): Promise<A> => {
  if (signal?.aborted) throw abortError()
  const { authorizer, platform } = settings
  const generation = settings.generation()
  const operation = Operation.get(call.name)
  const method = operation.method
  const idempotent = Operation.isIdempotent(operation, call.hasCustomId === true)
  const requestId = platform.randomUUID()
  const url = new URL(settings.endpoint + (call.page ?? call.path.slice(1) + settings.query))
  const headers: Record<string, string> = {
    accept: "application/json",
    [platform.userAgentHeader]: userAgent,
    "x-ms-client-request-id": requestId
  }
  if (call.body !== undefined) headers["content-type"] = operation.contentType ?? "application/json"
  const userHeader = call.userToken === undefined ? undefined : { authorization: `Bearer ${call.userToken}` }
  const deadline = Date.now() + timeoutMillis

  /** One attempt within `limit` ms, credentials included. */
  const attempt = async (limit: number): Promise<Received> => {
    let auth = userHeader ??
      authorizer.headers({ method, url, body: call.body, date: Signing.formatDate(Date.now()) }, signal)
    if (auth instanceof Promise) {
      const started = Date.now()
      auth = await bounded(auth, limit, signal)
      limit = Math.max(1, limit - (Date.now() - started))
    }
    // the same keys every attempt: set on the call's own headers, no copy
    return platform.send({ method, url, headers: Object.assign(headers, auth), body: call.body }, limit, signal)
  }

  const { log } = settings
  /**
   * {@link attempt}, logged: the operation, method, URL (endpoint, path and
   * api-version: never a key, signature or token), the status and the
   * service's request id, or why there was no response, and the duration.
   */
  const send = log === undefined ? attempt : async (limit: number): Promise<Received> => {
    const started = Date.now()
    const line = (outcome: string) =>
      log(
        `${call.operation} ${method} ${url.href} ${outcome} client-request-id=${requestId} ${Date.now() - started} ms`
      )
    try {
      const response = await attempt(limit)
      line(
        `status=${response.status} request-id=${response.header("ms-cv") ?? response.header("x-ms-request-id") ?? "-"}`
      )
      return response
    } catch (cause) {
      line(
        cause instanceof AttemptTimeout
          ? "timed out"
          : isAbort(cause)
          ? "aborted"
          : cause instanceof RestError
          ? `failed: ${cause.error._tag}`
          : "no response"
      )
      throw cause
    }
  }

  for (let retries = 0;; retries++) {
    // the retries share what is left of the overall limit
    const limit = retries === 0 ? attemptMillis : Math.min(attemptMillis, Math.max(1, deadline - Date.now()))
    let failure: Failure
    try {
      const result = interpret(settings, call, requestId, await send(limit))
      if (result.ok) return result.value
      failure = result.failure
    } catch (cause) {
      if (settings.generation() !== generation) throw abortError("The operation was aborted: the client was disposed.")
      if (signal?.aborted || isAbort(cause)) throw abortError()
      if (cause instanceof RestError) throw cause
      if (cause instanceof AttemptTimeout && limit < attemptMillis) {
        throw new RestError({
          _tag: "TransportError",
          operation: call.operation,
          requestId,
          timedOut: true,
          message: `${call.operation}: not completed within 2m`
        })
      }
      failure = noResponse(call.operation, requestId, cause)
    }
    if (retries >= settings.maxRetries || !Retry.isRetryable(outcome(failure), idempotent)) throw new RestError(failure)
    const asked = failure._tag === "ServiceError" && Retry.isNotProcessedStatus(failure.status)
      ? failure.retryAfterMillis
      : undefined
    const delay = Retry.delayMillis(retries, asked, Math.random(), settings.baseDelayMillis, settings.maxDelayMillis)
    // a wait that would reach the deadline is not made: the last error surfaces at once
    if (Date.now() + delay >= deadline) throw new RestError(failure)
    await sleep(delay, signal)
    if (settings.generation() !== generation) throw abortError("The operation was aborted: the client was disposed.")
  }
}
