/**
 * `AzureCommunicationTokenCredential`: the Promise form of
 * `CommunicationTokenCredential`, with the constructor options, methods and
 * error messages of `@azure/communication-common`. The node and browser
 * packages re-export it.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import { CredentialError, InvalidInput } from "./IdentityError.js"
import * as TokenCredential from "./TokenCredential.js"

/**
 * A token and when it expires (epoch ms), as `@azure/core-auth`'s `AccessToken`.
 *
 * @since 0.1.0
 * @category models
 */
export interface AccessToken {
  readonly token: string
  readonly expiresOnTimestamp: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface CommunicationGetTokenOptions {
  /** Aborting stops waiting; when no other caller waits, the refresh is cancelled and its signal aborted. */
  readonly abortSignal?: AbortSignal | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
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
 * The Communication Services token credential interface.
 *
 * @since 0.1.0
 * @category models
 */
export interface CommunicationTokenCredential {
  /** A valid token; rejects once disposed. */
  getToken(options?: CommunicationGetTokenOptions): Promise<AccessToken>
  /** Stops the proactive refresh; later `getToken` calls reject. */
  dispose(): void
}

const officialMessage = (error: InvalidInput): string =>
  error.field === "token" && error.message === "The token is empty."
    ? "Invalid token: token must not be empty."
    : error.field === "opaqueTokenLifetimeSeconds"
    ? "undecodableTokenExpiryIntervalInSeconds must be a positive number."
    : error.message

const abortError = (): Error => {
  const error = new Error("The operation was aborted.")
  error.name = "AbortError"
  return error
}

// the failure itself (a CredentialError, or whatever the tokenRefresher rejected with)
const rejection = (cause: Cause.Cause<unknown>): unknown => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) return failure.value
  return Cause.isInterruptedOnly(cause) ? abortError() : Cause.squash(cause)
}

/**
 * The credential with proactive refresh, as in `@azure/communication-common`:
 * `new AzureCommunicationTokenCredential(token)` never refreshes;
 * `new AzureCommunicationTokenCredential({ tokenRefresher, token?, refreshProactively? })`
 * refreshes on demand or proactively. Errors are `Error`s with the official
 * messages (`The token returned from the tokenRefresher is expired.`,
 * `User credential is disposed`); a refresher's rejection propagates as is.
 *
 * @since 0.1.0
 * @category constructors
 */
export class AzureCommunicationTokenCredential implements CommunicationTokenCredential {
  readonly #scope: Scope.CloseableScope
  readonly #credential: TokenCredential.CommunicationTokenCredential.Service<unknown>
  #disposed = false

  /**
   * A static token (a JWT string, or an `AccessToken` with an explicit expiry).
   */
  constructor(token: string | AccessToken)
  /**
   * A refresher, an optional initial token and opt-in proactive refresh.
   */
  constructor(refreshOptions: CommunicationTokenRefreshOptions)
  constructor(tokenOrRefreshOptions: string | AccessToken | CommunicationTokenRefreshOptions) {
    const make = typeof tokenOrRefreshOptions === "object" && tokenOrRefreshOptions !== null &&
        "tokenRefresher" in tokenOrRefreshOptions
      ? TokenCredential.fromRefresher<unknown>({
        refresher: Effect.tryPromise({
          // async: a refresher that throws synchronously rejects instead
          try: async (signal) => tokenOrRefreshOptions.tokenRefresher(signal),
          catch: (error) => error
        }),
        refreshProactively: tokenOrRefreshOptions.refreshProactively ?? false,
        ...(tokenOrRefreshOptions.token === undefined ? {} : { token: tokenOrRefreshOptions.token }),
        ...(tokenOrRefreshOptions.undecodableTokenExpiryIntervalInSeconds === undefined
          ? {}
          : { opaqueTokenLifetimeSeconds: tokenOrRefreshOptions.undecodableTokenExpiryIntervalInSeconds })
      })
      : TokenCredential.fromToken(tokenOrRefreshOptions)
    const scope = Effect.runSync(Scope.make())
    // construction is synchronous: parse, validate, start the proactive timer
    const exit = Effect.runSyncExit(Scope.extend(make, scope))
    if (Exit.isFailure(exit)) {
      Effect.runFork(Scope.close(scope, exit))
      const failure = rejection(exit.cause)
      throw failure instanceof InvalidInput
        ? new InvalidInput({ field: failure.field, message: officialMessage(failure) })
        : failure
    }
    this.#scope = scope
    this.#credential = exit.value
  }

  /**
   * A valid token. Rejects with `User credential is disposed` once disposed.
   */
  async getToken(options?: CommunicationGetTokenOptions): Promise<AccessToken> {
    this.#throwIfDisposed()
    const signal = options?.abortSignal
    const exit = await Effect.runPromiseExit(this.#credential.getToken, signal === undefined ? undefined : { signal })
    this.#throwIfDisposed()
    if (Exit.isSuccess(exit)) {
      return { token: Redacted.value(exit.value.token), expiresOnTimestamp: exit.value.expiresOnTimestamp }
    }
    throw rejection(exit.cause)
  }

  /**
   * Stops the proactive refresh and makes later `getToken` calls reject.
   */
  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    // immediate: the credential is marked disposed before this returns
    Effect.runFork(Scope.close(this.#scope, Exit.void), { immediate: true })
  }

  #throwIfDisposed(): void {
    if (this.#disposed) throw new CredentialError({ message: TokenCredential.messages.disposed })
  }
}
