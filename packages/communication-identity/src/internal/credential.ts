/**
 * `AzureCommunicationTokenCredential`: the Promise credential of
 * `@azure/communication-common` 2.5 — the same three constructor forms
 * (a token, refresh options, Entra options), the same messages and the same
 * timing. Token reading and the refresh schedule are the protocol's
 * (`TokenRefresh`), shared with the Effect credentials.
 *
 * Its timers are plain `setTimeout` callbacks, looked up on `globalThis` when
 * they are set, and the refresher is called from them synchronously, so fake
 * timers (`vi.useFakeTimers()`, `sinon.useFakeTimers()`) drive it with a
 * synchronous `tick` as well as with `tickAsync`, as they drive the official
 * class.
 */
import * as Operation from "@effect-acs/identity-protocol/Operation"
import * as Retry from "@effect-acs/identity-protocol/Retry"
import * as TokenRefresh from "@effect-acs/identity-protocol/TokenRefresh"
import { abortError, invalid, RestError } from "./errors.js"
import { credentialError, sleep } from "./executor.js"

/**
 * A token and when it expires (epoch ms), as `@azure/core-auth`'s `AccessToken`.
 */
export interface AccessToken {
  readonly token: string
  readonly expiresOnTimestamp: number
}

/** Options of `getToken`. */
export interface CommunicationGetTokenOptions {
  /** Handed to the `tokenRefresher` (or the Entra credential and the exchange request) as is. */
  readonly abortSignal?: AbortSignal | undefined
}

/** The refresher form: a function fetching tokens, an optional first token, proactive refresh or not. */
export interface CommunicationTokenRefreshOptions {
  /** Fetches a new token (a JWT string, or an `AccessToken` with an explicit expiry). */
  readonly tokenRefresher: (abortSignal?: AbortSignal) => Promise<string | AccessToken>
  /** The token to start with. */
  readonly token?: string | AccessToken | undefined
  /** Refresh before expiry rather than on demand; default false. */
  readonly refreshProactively?: boolean | undefined
  /** Lifetime assumed for a token that is not a readable JWT, in seconds; default 600. */
  readonly undecodableTokenExpiryIntervalInSeconds?: number | undefined
}

/**
 * An Entra ID credential, as `@azure/core-auth`'s `TokenCredential` (any
 * `@azure/identity` credential fits).
 */
export interface EntraTokenCredential {
  getToken(scopes: string | Array<string>, options?: { abortSignal?: AbortSignal }): Promise<AccessToken | null>
}

/**
 * The Entra form, as the official `EntraCommunicationTokenCredentialOptions`:
 * the credential exchanges the Entra user's token for a Communication
 * Services token at `resourceEndpoint`.
 */
export interface EntraCommunicationTokenCredentialOptions {
  /** The resource endpoint, e.g. `https://contoso.communication.azure.com` (https only). */
  readonly resourceEndpoint: string
  /** Provides the Entra user's token. */
  readonly tokenCredential: EntraTokenCredential
  /**
   * The Entra scopes; default `https://communication.azure.com/clients/.default`.
   * All `https://communication.azure.com/clients/…` (Communication clients) or
   * all `https://auth.msft.communication.azure.com/…` / `.us/…` (Teams Phone extensibility).
   */
  readonly scopes?: ReadonlyArray<string> | undefined
}

/**
 * The Communication Services token credential interface.
 */
export interface CommunicationTokenCredential {
  /** A valid token; rejects once disposed. */
  getToken(options?: CommunicationGetTokenOptions): Promise<AccessToken>
  /** Stops the proactive refresh; later `getToken` calls reject. */
  dispose(): void
}

// ---------------------------------------------------------------------------
// tokens

interface Held {
  readonly token: string
  readonly expiresOnTimestamp: number
}

/** What an empty credential returns: the official `{ token: "", … }`. */
const emptyToken = (expiresOnTimestamp: number): AccessToken => ({ token: "", expiresOnTimestamp })

const officialMessage = (violation: { readonly field: string; readonly message: string }): string =>
  violation.field === "token" && violation.message === "The token is empty."
    ? "Invalid token: token must not be empty."
    : violation.field === "opaqueTokenLifetimeSeconds"
    ? "undecodableTokenExpiryIntervalInSeconds must be a positive number."
    : violation.message

/** A token string or `AccessToken`, read as the official `parseToken` does; throws its messages. */
const readToken = (input: unknown, opaqueTokenLifetimeSeconds: number | undefined): Held => {
  const read = TokenRefresh.readToken(input, Date.now(), opaqueTokenLifetimeSeconds)
  if (!read.ok) throw invalid({ field: read.violation.field, message: officialMessage(read.violation) })
  return { token: read.value.token, expiresOnTimestamp: read.value.expiresOnTimestamp }
}

const plain = (held: Held): AccessToken => ({ token: held.token, expiresOnTimestamp: held.expiresOnTimestamp })

const isValid = (held: Held | undefined): held is Held => held !== undefined && Date.now() < held.expiresOnTimestamp

const isExpiringSoon = (held: Held | undefined): boolean =>
  held === undefined || Date.now() >= held.expiresOnTimestamp - TokenRefresh.expiringSoonMillis

const ignore = (): void => {}

interface Inner {
  getToken(options?: CommunicationGetTokenOptions): Promise<AccessToken>
  dispose(): void
}

// ---------------------------------------------------------------------------
// a token that never changes

class StaticCredential implements Inner {
  readonly #held: Held
  constructor(held: Held) {
    this.#held = held
  }
  getToken(): Promise<AccessToken> {
    return Promise.resolve(plain(this.#held))
  }
  dispose(): void {}
}

// ---------------------------------------------------------------------------
// a refresher, on demand or proactive

class RefreshingCredential implements Inner {
  readonly #options: CommunicationTokenRefreshOptions
  /** `undefined`: no token yet, or disposed (the official expired sentinel). */
  #current: Held | undefined
  #updating: Promise<void> | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #disposed = false

  constructor(options: CommunicationTokenRefreshOptions) {
    this.#options = options
    // a missing or empty initial token means "none", as in the official class
    this.#current = options.token ? readToken(options.token, options.undecodableTokenExpiryIntervalInSeconds) : undefined
    if (options.refreshProactively === true) this.#schedule()
  }

  // async so that the refresher is called before the first await: in the same
  // turn as getToken, as the official class calls it
  async getToken(options?: CommunicationGetTokenOptions): Promise<AccessToken> {
    // a token outside the expiring-soon window as is; inside it, a still valid
    // one as is too (the proactive refresh, if any, replaces it)
    if (!isExpiringSoon(this.#current)) return plain(this.#current!)
    if (!isValid(this.#current)) await this.#update(options?.abortSignal)
    return this.#current === undefined ? emptyToken(-10) : plain(this.#current)
  }

  dispose(): void {
    this.#disposed = true
    this.#current = undefined
    this.#updating = undefined
    if (this.#timer !== undefined) globalThis.clearTimeout(this.#timer)
    this.#timer = undefined
  }

  /** One refresh at a time: a caller arriving meanwhile joins it. */
  #update(signal: AbortSignal | undefined): Promise<void> {
    if (this.#disposed) return Promise.resolve()
    if (this.#updating !== undefined) return this.#updating
    const updating = this.#refresh(signal).finally(() => {
      if (this.#updating === updating) this.#updating = undefined
    })
    this.#updating = updating
    return updating
  }

  async #refresh(signal: AbortSignal | undefined): Promise<void> {
    // inside the async function, a refresher that throws synchronously rejects instead
    const fetched = await this.#options.tokenRefresher(signal)
    const token = readToken(fetched, this.#options.undecodableTokenExpiryIntervalInSeconds)
    if (!isValid(token)) throw credentialError(TokenRefresh.messages.expired)
    if (this.#disposed) return
    this.#current = token
    if (this.#options.refreshProactively === true) this.#schedule()
  }

  #schedule(): void {
    if (this.#disposed) return
    if (this.#timer !== undefined) globalThis.clearTimeout(this.#timer)
    const delay = TokenRefresh.refreshDelayMillis(this.#current?.expiresOnTimestamp ?? -10, Date.now())
    this.#timer = globalThis.setTimeout(() => {
      this.#timer = undefined
      // a failed background refresh surfaces at the next getToken, which refreshes on demand
      this.#update(undefined).catch(ignore)
    }, delay)
  }
}

// ---------------------------------------------------------------------------
// Entra token exchange

/** The exchange path and api-version for the scopes, as the official client picks them. */
const exchangeRoute = (scopes: ReadonlyArray<string>): readonly [path: string, apiVersion: string] => {
  const exchange = Operation.exchangeFor(scopes)
  if (exchange === undefined) throw invalid({ field: "scopes", message: Operation.exchangeScopesMessage })
  return [Operation.path(exchange.name), exchange.apiVersion]
}

const exchangeOperation = "exchangeEntraToken"
const maxRetries = 3
// the transport failures the Azure core pipeline retries
const retriedErrorCodes = new Set(["ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNREFUSED", "ECONNRESET", "ENOENT", "ENOTFOUND"])

const isAbort = (cause: unknown): boolean => cause instanceof Error && cause.name === "AbortError"

const errorCode = (cause: unknown): unknown =>
  typeof cause === "object" && cause !== null && "cause" in cause && typeof cause.cause === "object" &&
    cause.cause !== null && "code" in cause.cause
    ? cause.cause.code
    : undefined

/** The Azure core pipeline's exponential backoff (the protocol's: uniform in [c/2, c], c = min(64 s, 1 s · 2^retry)). */
const backoffMillis = (retry: number): number =>
  Retry.delayMillis(retry, undefined, Math.random(), Retry.defaults.baseDelayMillis, Retry.defaults.maxDelayMillis)

/** The wait before retry number `retry` (from 0), or `undefined` for none — the core pipeline's `defaultRetryPolicy`. */
const retryDelay = (
  retry: number,
  outcome: { readonly response: Response } | { readonly cause: unknown }
): number | undefined => {
  if (retry >= maxRetries) return undefined
  if ("cause" in outcome) {
    return retriedErrorCodes.has(errorCode(outcome.cause) as string) ? backoffMillis(retry) : undefined
  }
  const { headers, status } = outcome.response
  if (Retry.isNotProcessedStatus(status)) {
    const asked = Retry.retryAfterMillis((name) => headers.get(name) ?? undefined, Date.now())
    if (asked !== undefined) return asked
  }
  return status === 408 || (status >= 500 && status !== 501 && status !== 505) ? backoffMillis(retry) : undefined
}

/**
 * One exchange of an Entra token for a Communication Services token, sent
 * with `globalThis.fetch` and retried as the Azure core pipeline retries.
 */
const exchange = async (
  url: string,
  entraToken: string,
  signal: AbortSignal | undefined
): Promise<Held> => {
  // as the Azure core pipeline, plain http is refused (before anything is sent)
  if (new URL(url).protocol !== "https:") {
    throw invalid({ field: "resourceEndpoint", message: `Cannot connect to ${url} while allowInsecureConnection is false.` })
  }
  const requestId = globalThis.crypto.randomUUID()
  for (let retry = 0;; retry++) {
    let outcome: { readonly response: Response; readonly body: string } | { readonly cause: unknown }
    try {
      const response = await globalThis.fetch(url, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${entraToken}`,
          "Content-Type": "application/json",
          Accept: "application/json",
          "x-ms-client-request-id": requestId
        },
        body: "{}",
        ...(signal === undefined ? {} : { signal })
      })
      outcome = { response, body: await response.text() }
    } catch (cause) {
      if (isAbort(cause) || signal?.aborted) throw abortError()
      outcome = { cause }
    }
    const delay = retryDelay(retry, outcome)
    if (delay !== undefined) {
      await sleep(delay, signal)
      continue
    }
    if ("cause" in outcome) {
      throw new RestError({
        _tag: "TransportError",
        operation: exchangeOperation,
        requestId,
        message: `The token exchange request failed: ${
          outcome.cause instanceof Error ? outcome.cause.message : String(outcome.cause)
        }`,
        timedOut: false,
        cause: outcome.cause
      })
    }
    const { body, response } = outcome
    if (response.status !== 200 || body === "") {
      throw new RestError({
        _tag: "ServiceError",
        operation: exchangeOperation,
        status: response.status,
        message: `Service request failed. Status: ${response.status}, Body: ${body}`,
        requestId
      })
    }
    return decodeExchange(body, response.status, requestId)
  }
}

const decodeExchange = (body: string, status: number, requestId: string): Held => {
  try {
    const { accessToken } = JSON.parse(body) as { accessToken: { token: unknown; expiresOn: unknown } }
    if (typeof accessToken.token === "string" && typeof accessToken.expiresOn === "string") {
      return { token: accessToken.token, expiresOnTimestamp: Date.parse(accessToken.expiresOn) }
    }
  } catch {
    // reported below
  }
  throw new RestError({
    _tag: "DecodeError",
    operation: exchangeOperation,
    status,
    message: "The token exchange response has no accessToken { token, expiresOn }.",
    requestId
  })
}

class EntraCredential implements Inner {
  readonly #options: EntraCommunicationTokenCredentialOptions
  readonly #scopes: Array<string>
  /** The Entra token the ACS token was exchanged for. */
  #entraToken: string | undefined
  #acsToken: Held | undefined
  #pending: Promise<AccessToken> | undefined

  constructor(options: EntraCommunicationTokenCredentialOptions) {
    this.#options = options
    this.#scopes = [...(options.scopes ?? [Operation.defaultExchangeScope])]
    // pre-warm: a getToken arriving meanwhile joins it; a failure surfaces there, never unhandled
    const warm = this.getToken()
    this.#pending = warm
    warm.catch(ignore)
  }

  async getToken(options?: CommunicationGetTokenOptions): Promise<AccessToken> {
    // the official answer to an already aborted signal: an empty token, nothing called
    if (options?.abortSignal?.aborted) return emptyToken(0)
    // joins an exchange under way (with its signal, not this caller's)
    this.#pending ??= this.#refresh(options?.abortSignal)
    try {
      await this.#pending
    } finally {
      this.#pending = undefined
    }
    return this.#acsToken === undefined ? emptyToken(0) : plain(this.#acsToken)
  }

  dispose(): void {
    this.#entraToken = undefined
    this.#acsToken = undefined
  }

  async #refresh(signal: AbortSignal | undefined): Promise<AccessToken> {
    // exactly (scopes, undefined) without a signal, as the official client calls it
    const entra = await this.#options.tokenCredential.getToken(
      this.#scopes,
      signal === undefined ? undefined : { abortSignal: signal }
    )
    if (entra === null) {
      this.dispose()
    } else if (
      this.#acsToken === undefined || entra.token !== this.#entraToken ||
      this.#acsToken.expiresOnTimestamp < Date.now()
    ) {
      const [path, apiVersion] = exchangeRoute(this.#scopes)
      const url = `${this.#options.resourceEndpoint}${path}?api-version=${apiVersion}`
      this.#acsToken = await exchange(url, entra.token, signal)
      this.#entraToken = entra.token
    }
    return this.#acsToken === undefined ? emptyToken(0) : plain(this.#acsToken)
  }
}

// ---------------------------------------------------------------------------

const isObject = (input: unknown): input is Record<string, unknown> => typeof input === "object" && input !== null

/**
 * The credential, as in `@azure/communication-common`:
 * `new AzureCommunicationTokenCredential(token)` never refreshes;
 * `new AzureCommunicationTokenCredential({ tokenRefresher, token?, refreshProactively? })`
 * refreshes on demand or proactively;
 * `new AzureCommunicationTokenCredential({ resourceEndpoint, tokenCredential, scopes? })`
 * exchanges an Entra user's token. Errors carry the official messages
 * (`The token returned from the tokenRefresher is expired.`,
 * `User credential is disposed`, `Scopes validation failed…`,
 * `Service request failed. Status: …, Body: …`); a refresher's or Entra
 * credential's rejection propagates as is.
 */
export class AzureCommunicationTokenCredential implements CommunicationTokenCredential {
  readonly #inner: Inner
  #disposed = false

  /**
   * A static token (a JWT string, or an `AccessToken` with an explicit expiry).
   */
  constructor(token: string | AccessToken)
  /**
   * A refresher, an optional initial token and opt-in proactive refresh.
   */
  constructor(refreshOptions: CommunicationTokenRefreshOptions)
  /**
   * An Entra credential whose tokens are exchanged for Communication Services tokens.
   */
  constructor(entraOptions: EntraCommunicationTokenCredentialOptions)
  constructor(
    input: string | AccessToken | CommunicationTokenRefreshOptions | EntraCommunicationTokenCredentialOptions
  ) {
    if (isObject(input) && "tokenRefresher" in input) {
      this.#inner = new RefreshingCredential(input as CommunicationTokenRefreshOptions)
    } else if (isObject(input) && ("resourceEndpoint" in input || "tokenCredential" in input)) {
      const { resourceEndpoint, tokenCredential } = input as Partial<Record<string, unknown>>
      if (typeof resourceEndpoint !== "string") {
        throw invalid({ field: "resourceEndpoint", message: "resourceEndpoint must be a string." })
      }
      if (!isObject(tokenCredential) || typeof tokenCredential.getToken !== "function") {
        throw invalid({ field: "tokenCredential", message: "tokenCredential must have a getToken method." })
      }
      this.#inner = new EntraCredential(input as EntraCommunicationTokenCredentialOptions)
    } else {
      this.#inner = new StaticCredential(readToken(input, undefined))
    }
  }

  /**
   * A valid token. Rejects with `User credential is disposed` once disposed.
   */
  async getToken(options?: CommunicationGetTokenOptions): Promise<AccessToken> {
    this.#throwIfDisposed()
    const token = await this.#inner.getToken(options)
    this.#throwIfDisposed()
    return token
  }

  /**
   * Stops the proactive refresh and makes later `getToken` calls reject.
   */
  dispose(): void {
    this.#disposed = true
    this.#inner.dispose()
  }

  #throwIfDisposed(): void {
    if (this.#disposed) throw credentialError(TokenRefresh.messages.disposed)
  }
}
