/**
 * What the client may ask of its `HttpClient` beyond sending requests. A
 * {@link Direct} transport enforces the per-attempt timeout itself: it reads
 * {@link currentAttemptTimeout} for each request and, when it passes, aborts
 * the request and fails with a `RequestError` whose cause is an
 * {@link AttemptTimeoutError}; and it makes no per-request span and sends no
 * trace headers. Any other transport gets `Effect.timeout` per attempt (which
 * forks fibers) and the platform's tracing switched off per request, both of
 * which cost more CPU than the whole HTTP exchange on loopback.
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
 * {@link currentAttemptTimeout} themselves and trace nothing per request.
 *
 * @since 0.1.0
 * @category tags
 */
export class Direct extends Context.Tag("@effect-acs/identity/Transport/Direct")<Direct, true>() {}

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
