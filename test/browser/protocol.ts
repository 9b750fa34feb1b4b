/**
 * What the test page (`page.ts`) exposes as `window.__suite`, and what each
 * call answers: plain JSON, so that `page.evaluate` can carry it.
 */
import type * as Signing from "@effect-acs/identity/Signing"

/** A token as the page saw it. */
export interface TokenView {
  readonly token: string
  readonly expiresOn: string
  readonly scopes: ReadonlyArray<string>
}

export interface LifecycleInput {
  readonly connectionString: string
  /** A Teams user's Entra token and its `appid` and `oid`. */
  readonly teams: { readonly token: string; readonly clientId: string; readonly userObjectId: string }
}

export interface LifecycleResult {
  readonly user: string
  readonly guest: TokenView & { readonly user: string }
  readonly token: TokenView
  readonly named: { readonly user: string; readonly customId: string | undefined; readonly token: TokenView }
  readonly teams: TokenView
}

export interface PromiseClientResult {
  readonly user: string
  readonly tokens: ReadonlyArray<string>
  readonly expiresOn: string
  readonly failure: Failure
}

/** A failed call: the typed error's fields, or the `RestError`'s. */
export interface Failure {
  readonly name: string
  readonly message: string
  readonly status?: number
  readonly code?: string
  readonly field?: string
  readonly isRestError?: boolean
}

/** `getToken(user, scopes)` against `connectionString`, no retries. */
export interface FailureInput {
  readonly connectionString: string
  readonly userId: string
  readonly scopes: ReadonlyArray<string>
}

export interface SignVector {
  /** Base64. */
  readonly key: string
  readonly method: string
  readonly url: string
  readonly body: string
  readonly date: string
}

export interface CorsResult {
  /** What `fetch` did with a header the preflight does not allow. */
  readonly blocked: string
  /** The status of a request with the signing headers (unsigned, so 401). */
  readonly status: number
  /** Exposed response headers, as the page can read them. */
  readonly msCv: string | null
  readonly clientRequestId: string | null
}

export interface AccessTokenView {
  readonly token: string
  readonly expiresOnTimestamp: number
}

export interface ProactiveResult {
  readonly first: AccessTokenView
  readonly latest: AccessTokenView
  /** Tokens fetched when `latest` was read. */
  readonly fetched: number
  /** Refresher calls started by `dispose()`, and 2 s later. */
  readonly startedAtDispose: number
  readonly startedAfterDispose: number
  readonly afterDispose: string
  readonly scopes: ReadonlyArray<string>
}

export interface OnDemandResult {
  readonly first: AccessTokenView
  readonly cached: AccessTokenView
  readonly second: AccessTokenView
  /** Tokens fetched. */
  readonly fetched: number
  /** The rejection when the refresher returns an expired token. */
  readonly expired: string
}

export interface EffectCredentialResult {
  /** Refresher calls made by five concurrent `getToken` calls without a token. */
  readonly burstCalls: number
  readonly burstTokens: number
  /** Distinct tokens seen while the proactive refresh ran. */
  readonly distinctTokens: number
  readonly afterClose: Failure
}

/**
 * One call of `BrowserIdentityClient` (fetch transport, no retries) against
 * `endpoint`: `revokeTokens` for a user, or `getTokenForTeamsExtensionUser`
 * with `teamsExtensionToken` (api-version 2025-06-30).
 */
export interface HostileInput {
  readonly endpoint: string
  /** An access key (in a connection string, or as a key credential), or an Entra credential returning `bearer`. */
  readonly auth:
    | { readonly connectionStringKey: string }
    | { readonly key: string }
    | { readonly bearer: string }
  readonly teamsExtensionToken?: string
}

/** How a hostile call failed. */
export interface HostileResult {
  readonly failure: Failure
  /** The error as a page would print or log it: `String(error)`, `JSON.stringify(error)`, its message and stack. */
  readonly renderings: ReadonlyArray<string>
}

/** What a page of either Effect line's browser package answers (test/browser/scenarios.ts drives it). */
export interface EffectSuitePage {
  readonly lifecycle: (input: LifecycleInput) => Promise<LifecycleResult>
  readonly failure: (input: FailureInput) => Promise<Failure>
  readonly sign: (vectors: ReadonlyArray<SignVector>) => Promise<ReadonlyArray<Signing.Headers>>
  readonly cors: (input: { readonly endpoint: string }) => Promise<CorsResult>
  readonly effectCredential: (input: { readonly tokenUrl: string }) => Promise<EffectCredentialResult>
  readonly hostile: (input: HostileInput) => Promise<HostileResult>
}

/** What the Effect 3 page answers besides: the Promise drop-in client and credential. */
export interface DropInSuitePage {
  readonly promiseClient: (
    input: { readonly connectionString: string; readonly foreignUserId: string }
  ) => Promise<PromiseClientResult>
  readonly proactive: (input: { readonly tokenUrl: string }) => Promise<ProactiveResult>
  readonly onDemand: (input: { readonly tokenUrl: string; readonly expiredUrl: string }) => Promise<OnDemandResult>
}

/** Every call a suite page may answer. */
export type SuitePage = EffectSuitePage & DropInSuitePage

/** Whether a case passed in the page, and why not. */
export interface Outcome {
  readonly passed: boolean
  /** The error's name, message and first stack lines. */
  readonly error?: string
}

/**
 * A page that runs cases shared with the Node tests (the protocol package's,
 * the drop-in credential's): their names, and one at a time.
 */
export interface CasePage {
  readonly names: () => Promise<ReadonlyArray<string>>
  readonly run: (name: string) => Promise<Outcome>
}

declare global {
  interface Window {
    __suite?: EffectSuitePage & Partial<DropInSuitePage>
    __cases?: CasePage
  }
}
