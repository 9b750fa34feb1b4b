/**
 * Effect 3's runtime for the Effect 4 line's runs of these suites' tables
 * (packages/effect4/test): a table's steps are Effect 3 programs, and the
 * Effect 4 side enters and leaves them through Promises.
 */
import * as Effect from "effect/Effect"

/** Runs an Effect 3 program (a table's case) to its Promise. */
export const runPromise = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)

/** An Effect 3 step awaiting a Promise that does not reject (an Effect 4 run, outcome captured). */
export const fromPromise = <A>(evaluate: () => Promise<A>): Effect.Effect<A> => Effect.promise(evaluate)
