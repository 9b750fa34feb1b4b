/**
 * fast-check properties over Effects, for the Effect 4 line's tests (the
 * Effect 3 line's `it.effect.prop` took fast-check arbitraries; Effect 4's
 * takes its own `Arbitrary`, so the Effect 3 arbitraries are kept by running
 * fast-check here).
 */
import * as Effect from "effect/Effect"
import fc from "fast-check"

/**
 * A property over an Effect, run with the calling test's services (its
 * `TestClock` among them): each generated case is one run of `body`, a
 * failure or defect falsifies it (and fast-check shrinks it), and the test
 * fails with fast-check's report and seed.
 */
export const property = <T>(
  arbitrary: fc.Arbitrary<T>,
  body: (value: T) => Effect.Effect<void, unknown>,
  parameters: fc.Parameters<[T]> = {}
): Effect.Effect<void> =>
  Effect.flatMap(
    Effect.context<never>(),
    (context) =>
      Effect.promise(() =>
        fc.assert(fc.asyncProperty(arbitrary, (value) => Effect.runPromiseWith(context)(body(value))), parameters)
      )
  )
