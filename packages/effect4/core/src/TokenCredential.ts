/**
 * A communication user's access token, kept fresh: the Effect counterpart of
 * `AzureCommunicationTokenCredential` from `@azure/communication-common`.
 *
 * - `getToken` returns the cached token while it is valid (also inside the
 *   expiring-soon window) and awaits a refresh once it has expired.
 * - Proactive refresh (opt-in) runs 10 minutes before expiry, or after half
 *   the remaining lifetime when already inside that window.
 * - Concurrent callers share one refresh; a caller that is interrupted stops
 *   waiting, and the last one out cancels a refresh nobody else needs.
 * - Closing the scope stops the timer and makes later calls fail with
 *   `User credential is disposed`.
 *
 * Tokens are `Redacted` and never appear in an error or a log.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { CredentialError, type InvalidInput } from "./IdentityError.js"
import * as internal from "./internal/tokenCredential.js"

/**
 * An access token and when it expires.
 *
 * @since 0.1.0
 * @category models
 */
export interface AccessToken {
  readonly token: Redacted.Redacted<string>
  /** Epoch milliseconds. */
  readonly expiresOnTimestamp: number
}

/**
 * A token as a string (its expiry is read from the JWT; an opaque token gets
 * the fallback lifetime) or with an explicit expiry.
 *
 * @since 0.1.0
 * @category models
 */
export type TokenInput =
  | string
  | Redacted.Redacted<string>
  | { readonly token: string | Redacted.Redacted<string>; readonly expiresOnTimestamp: number }

/**
 * The credential of one communication user.
 *
 * @since 0.1.0
 * @category tags
 */
export class CommunicationTokenCredential extends Context.Service<
  CommunicationTokenCredential,
  CommunicationTokenCredential.Service
>()("@effect-acs/identity/CommunicationTokenCredential") {}

/**
 * @since 0.1.0
 */
export declare namespace CommunicationTokenCredential {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service<E = never> {
    /**
     * A valid token (a static credential returns its token even after it
     * expired). Fails with the refresher's error, or a `CredentialError` when
     * the refresher returned an unusable or expired token or the credential
     * is disposed.
     */
    readonly getToken: Effect.Effect<AccessToken, E | CredentialError>
  }
}

/**
 * @since 0.1.0
 * @category models
 */
export interface StaticOptions {
  /** Lifetime assumed for an opaque (non-JWT) token, in seconds; default 600. */
  readonly opaqueTokenLifetimeSeconds?: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface RefreshOptions<E, R> {
  /** Fetches a new token, typically from the application's backend. */
  readonly refresher: Effect.Effect<TokenInput, E, R>
  /** The token to start with; without one the first `getToken` (or proactive refresh) fetches one. */
  readonly token?: TokenInput
  /** Refresh before expiry rather than on demand; default false. */
  readonly refreshProactively?: boolean
  /** Lifetime assumed for an opaque (non-JWT) token, in seconds; default 600. */
  readonly opaqueTokenLifetimeSeconds?: number
}

/**
 * The window before expiry in which a token is "expiring soon" and proactive
 * refresh starts: 10 minutes.
 *
 * @since 0.1.0
 * @category constants
 */
export const expiringSoonMillis: number = internal.expiringSoonMillis

/**
 * The failure messages, identical to the official client's.
 *
 * @since 0.1.0
 * @category constants
 */
export const messages: {
  readonly disposed: string
  readonly expired: string
} = { disposed: internal.messages.disposed, expired: internal.messages.expired }

/**
 * A credential that always returns `token` and never refreshes. An empty
 * token is an `InvalidInput`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromToken = (
  token: TokenInput,
  options?: StaticOptions
): Effect.Effect<CommunicationTokenCredential.Service, InvalidInput, Scope.Scope> =>
  internal.make<never, never>({
    token,
    refresher: undefined,
    refreshProactively: false,
    opaqueTokenLifetimeSeconds: options?.opaqueTokenLifetimeSeconds
  })

/**
 * A credential that fetches tokens with `refresher`; its fibers live in the
 * scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromRefresher = <E = never, R = never>(
  options: RefreshOptions<E, R>
): Effect.Effect<CommunicationTokenCredential.Service<E>, InvalidInput, Scope.Scope | R> =>
  internal.make({
    token: options.token,
    refresher: options.refresher,
    refreshProactively: options.refreshProactively ?? false,
    opaqueTokenLifetimeSeconds: options.opaqueTokenLifetimeSeconds
  })

/**
 * True for refresher options (rather than a token).
 *
 * @since 0.1.0
 * @category guards
 */
export const isRefreshOptions = <E, R>(input: TokenInput | RefreshOptions<E, R>): input is RefreshOptions<E, R> =>
  typeof input === "object" && input !== null && !Redacted.isRedacted(input) && "refresher" in input

/**
 * `fromToken` or `fromRefresher`, like the official constructor.
 *
 * @since 0.1.0
 * @category constructors
 */
export function make(
  token: TokenInput,
  options?: StaticOptions
): Effect.Effect<CommunicationTokenCredential.Service, InvalidInput, Scope.Scope>
export function make<E = never, R = never>(
  options: RefreshOptions<E, R>
): Effect.Effect<CommunicationTokenCredential.Service<E>, InvalidInput, Scope.Scope | R>
export function make<E, R>(
  input: TokenInput | RefreshOptions<E, R>,
  options?: StaticOptions
): Effect.Effect<CommunicationTokenCredential.Service<E>, InvalidInput, Scope.Scope | R> {
  return isRefreshOptions(input) ? fromRefresher(input) : fromToken(input, options)
}

const toCredentialError = (error: unknown): CredentialError =>
  error instanceof CredentialError
    ? error
    : new CredentialError({ message: "The tokenRefresher failed.", cause: error })

/**
 * The credential as a layer (`make` in a `Layer.effect`, scoped to the
 * layer). A refresher's own errors become the `cause` of a `CredentialError`.
 *
 * @since 0.1.0
 * @category layers
 */
export function layer(
  token: TokenInput,
  options?: StaticOptions
): Layer.Layer<CommunicationTokenCredential, InvalidInput>
export function layer<E = never, R = never>(
  options: RefreshOptions<E, R>
): Layer.Layer<CommunicationTokenCredential, InvalidInput, Exclude<R, Scope.Scope>>
export function layer<E, R>(
  input: TokenInput | RefreshOptions<E, R>,
  options?: StaticOptions
): Layer.Layer<CommunicationTokenCredential, InvalidInput, Exclude<R, Scope.Scope>> {
  const service = isRefreshOptions(input)
    ? fromRefresher({ ...input, refresher: Effect.mapError(input.refresher, toCredentialError) })
    : fromToken(input, options)
  return Layer.effect(
    CommunicationTokenCredential,
    Effect.map(service, ({ getToken }): CommunicationTokenCredential.Service => ({ getToken }))
  )
}

/**
 * The current token of the credential in the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const getToken: Effect.Effect<AccessToken, CredentialError, CommunicationTokenCredential> =
  CommunicationTokenCredential.use((credential) => credential.getToken)
