/**
 * What the client may ask of its `HttpClient` beyond sending requests: to
 * enforce the per-attempt timeout itself. A transport that provides
 * {@link NativeTimeouts} reads {@link currentAttemptTimeout} for each request
 * and, when it passes, aborts the request and fails with a `RequestError`
 * whose cause is an {@link AttemptTimeoutError}. Otherwise the client times
 * attempts out with `Effect.timeout`, which forks fibers and costs several
 * times more CPU than a timer in the transport.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as FiberRef from "effect/FiberRef"
import { globalValue } from "effect/GlobalValue"

/**
 * The time one attempt may take, in ms (`undefined`: no limit), set by the
 * client around each request.
 *
 * @since 0.1.0
 * @category fiber refs
 */
export const currentAttemptTimeout: FiberRef.FiberRef<number | undefined> = globalValue(
  "@effect-acs/identity/Transport/currentAttemptTimeout",
  () => FiberRef.unsafeMake<number | undefined>(undefined)
)

/**
 * Provided (alongside the `HttpClient`) by transports that enforce
 * {@link currentAttemptTimeout} themselves.
 *
 * @since 0.1.0
 * @category tags
 */
export class NativeTimeouts extends Context.Tag("@effect-acs/identity/Transport/NativeTimeouts")<
  NativeTimeouts,
  true
>() {}

/**
 * The cause a transport fails with when an attempt ran out of time.
 *
 * @since 0.1.0
 * @category errors
 */
export class AttemptTimeoutError extends Error {
  /** Tells this error apart across copies of the module. */
  readonly _tag = "AttemptTimeoutError"
  override readonly name = "AttemptTimeoutError"

  constructor(readonly millis: number) {
    super(`No response within ${millis} ms.`)
  }
}

/**
 * Whether `cause` is an {@link AttemptTimeoutError} (from any copy of this module).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isAttemptTimeout = (cause: unknown): cause is AttemptTimeoutError =>
  cause instanceof Error && (cause as { readonly _tag?: unknown })._tag === "AttemptTimeoutError"
