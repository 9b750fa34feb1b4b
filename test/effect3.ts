/**
 * Effect 3's side of the bridge the Effect 4 line's tests (packages/effect4/test)
 * use to run these suites' tables and scenarios: a table's steps are Effect 3
 * programs, and the Effect 4 side enters and leaves them through Promises and
 * callbacks, never sharing a runtime.
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as TestContext from "effect/TestContext"

/** Runs an Effect 3 program (a table's case, a scenario) to its Promise. */
export const runPromise = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)

/** Runs an Effect 3 program on Effect 3's test services (its `TestClock` standing at 0), as `it.effect` does. */
export const runTestPromise = <A, E>(effect: Effect.Effect<A, E>): Promise<A> =>
  Effect.runPromise(Effect.provide(effect, TestContext.TestContext))

/** An Effect 3 step awaiting a Promise that does not reject (an Effect 4 run, outcome captured). */
export const fromPromise = <A>(evaluate: () => Promise<A>): Effect.Effect<A> => Effect.promise(evaluate)

/** How a run of another runtime ended. */
export type Settled<A, E> =
  | { readonly _tag: "Success"; readonly value: A }
  | { readonly _tag: "Failure"; readonly error: E }
  | { readonly _tag: "Defect"; readonly defect: unknown }
  | { readonly _tag: "Interrupted" }

/**
 * An Effect 3 program over a run of another runtime: `start` begins the run,
 * reports how it ended through `settle`, and returns how to interrupt it
 * (called when this program is interrupted).
 */
export const bridge = <A, E>(start: (settle: (settled: Settled<A, E>) => void) => () => void): Effect.Effect<A, E> =>
  Effect.async<A, E>((resume) => {
    const interrupt = start((settled) =>
      resume(
        settled._tag === "Success"
          ? Effect.succeed(settled.value)
          : settled._tag === "Failure"
          ? Effect.fail(settled.error)
          : settled._tag === "Defect"
          ? Effect.die(settled.defect)
          : Effect.interrupt
      )
    )
    return Effect.sync(interrupt)
  })

/** Starts an Effect 3 program (a credential's, for a client of another line): `settle` gets how it ended; returns how to interrupt it. */
export const start = <A, E>(effect: Effect.Effect<A, E>, settle: (settled: Settled<A, E>) => void): () => void => {
  const fiber = Effect.runFork(effect)
  fiber.addObserver((exit) =>
    settle(
      Exit.isSuccess(exit)
        ? { _tag: "Success", value: exit.value }
        : Cause.isInterruptedOnly(exit.cause)
        ? { _tag: "Interrupted" }
        : Option.match(Cause.failureOption(exit.cause), {
          onNone: () => ({ _tag: "Defect", defect: Cause.squash(exit.cause) }),
          onSome: (error) => ({ _tag: "Failure", error })
        })
    )
  )
  return () => void Effect.runFork(Fiber.interrupt(fiber))
}

/** Runs `f` with the calling fiber's clock (its current time), for a run of another runtime to read. */
export const withCallerTime = <A, E>(f: (now: () => number) => Effect.Effect<A, E>): Effect.Effect<A, E> =>
  Effect.clockWith((clock) => f(() => clock.unsafeCurrentTimeMillis()))

/** The milliseconds of an Effect 3 `Duration` (`Infinity` for an infinite one), or `undefined` for anything else. */
export const durationMillis = (value: unknown): number | undefined =>
  Duration.isDuration(value) ? Duration.toMillis(value) : undefined

/** A resource of another runtime for this Effect 3 scope. */
export const acquireRelease = <A>(
  acquire: () => Promise<A>,
  release: (a: A) => Promise<void>
): Effect.Effect<A, never, Scope.Scope> =>
  Effect.acquireRelease(Effect.promise(acquire), (a) => Effect.promise(() => release(a)))

/**
 * A runtime over an Effect 3 layer (built on first use, shared by every run
 * until disposed), for another line's suite to run scoped programs that need
 * it (the browser suite's Chromium, emulator and page server).
 */
export const managed = <R, E>(layer: Layer.Layer<R, E>) => {
  const runtime = ManagedRuntime.make(layer)
  return {
    runPromise: <A, E2>(effect: Effect.Effect<A, E2, R | Scope.Scope>): Promise<A> =>
      runtime.runPromise(Effect.scoped(effect)),
    dispose: (): Promise<void> => runtime.dispose()
  }
}

/** An Effect 3 `Redacted`. */
export const redact = (value: string): Redacted.Redacted<string> => Redacted.make(value)

/** The value of an Effect 3 `Redacted`, or `undefined` for anything else. */
export const reveal = (value: unknown): string | undefined =>
  Redacted.isRedacted(value) ? String(Redacted.value(value)) : undefined

/** Effect 3's `Effect.map`. */
export const map: typeof Effect.map = Effect.map
