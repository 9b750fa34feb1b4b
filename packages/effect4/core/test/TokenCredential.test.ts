/**
 * `CommunicationTokenCredential` (Effect 4): every refresh rule of the official
 * `AutoRefreshTokenCredential` (identity-api.md §10), driven by `TestClock`.
 * The clock starts at 0; tokens are JWTs whose `exp` is relative to it.
 */
import { CredentialError, InvalidInput } from "@effect-acs/identity-effect4/IdentityError"
import * as TokenCredential from "@effect-acs/identity-effect4/TokenCredential"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import * as TestClock from "effect/testing/TestClock"
import * as fc from "fast-check"
import { inspect } from "node:util"
import * as Cases from "../../../../test/cases/TokenCredential.js"

const { jwt, minutes, opaque, seconds } = Cases

/** A JWT valid for `ms` from now. */
const validFor = (ms: number, id?: string) => Effect.map(Clock.currentTimeMillis, (now) => jwt(now + ms, id))

const value = (token: TokenCredential.AccessToken) => Redacted.value(token.token)

/** A refresher counting its calls; `issue(call)` makes the token of each call. */
const counting = <E = never>(issue: (call: number) => Effect.Effect<TokenCredential.TokenInput, E>) =>
  Effect.map(Ref.make(0), (calls) => ({
    calls,
    count: Ref.get(calls),
    refresher: Effect.flatMap(Ref.updateAndGet(calls, (n) => n + 1), issue)
  }))

/** A counting refresher that takes 10 s to issue a 60-minute token and counts its interruptions. */
const slowRefresher = Effect.flatMap(Ref.make(0), (interrupted) =>
  Effect.map(
    counting(() =>
      Effect.andThen(Effect.sleep(seconds(10)), validFor(minutes(60))).pipe(
        Effect.onInterrupt(() => Ref.update(interrupted, (n) => n + 1))
      )
    ),
    (counted) => ({ ...counted, interrupted })
  ))

/** Runs `effect` with a credential in a scope the test closes itself. */
const withScope = Effect.map(Scope.make(), (scope) => ({
  scope,
  make: <A, E, R>(effect: Effect.Effect<A, E, R | Scope.Scope>) => Scope.provide(effect, scope),
  close: Scope.close(scope, Exit.void)
}))

/** Let forked fibers run (they live outside the test fiber's supervision). */
const settle = Effect.repeat(Effect.yieldNow, { times: 20 })
const adjust = (ms: number) => Effect.andThen(TestClock.adjust(ms), settle)

const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = Cause.findErrorOption(exit.cause)
  if (Option.isNone(error)) throw new Error(`expected a failure, got ${Cause.pretty(exit.cause)}`)
  return error.value
}

describe("static token", () => {
  it.effect("returns its token and never refreshes, even after expiry", () =>
    Effect.gen(function*() {
      const token = jwt(minutes(60))
      const credential = yield* TokenCredential.fromToken(token)
      const first = yield* credential.getToken
      assert.strictEqual(value(first), token)
      assert.strictEqual(first.expiresOnTimestamp, minutes(60))
      yield* adjust(minutes(24 * 60))
      const later = yield* credential.getToken
      assert.strictEqual(value(later), token)
      assert.isTrue(Redacted.isRedacted(later.token))
    }))

  it.effect("accepts a Redacted token and an explicit expiry (opaque token)", () =>
    Effect.gen(function*() {
      const redacted = Redacted.make(jwt(minutes(5)))
      assert.strictEqual((yield* (yield* TokenCredential.fromToken(redacted)).getToken).token, redacted)
      const explicit = yield* TokenCredential.fromToken({ token: opaque, expiresOnTimestamp: minutes(480) })
      const token = yield* explicit.getToken
      assert.deepStrictEqual([value(token), token.expiresOnTimestamp], [opaque, minutes(480)])
    }))

  it.effect("an opaque token string expires after the fallback lifetime (default 600 s, configurable)", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(seconds(100))
      const byDefault = yield* (yield* TokenCredential.fromToken(opaque)).getToken
      assert.strictEqual(byDefault.expiresOnTimestamp, seconds(100 + 600))
      const configured = yield* (yield* TokenCredential.fromToken(opaque, { opaqueTokenLifetimeSeconds: 1800 }))
        .getToken
      assert.strictEqual(configured.expiresOnTimestamp, seconds(100 + 1800))
    }))

  it.effect("rejects an empty token, an AccessToken without token or finite expiry, a bad lifetime", () =>
    Effect.gen(function*() {
      const inputs: ReadonlyArray<readonly [TokenCredential.TokenInput, number | undefined]> = [
        ...Cases.refusedStatic,
        [Redacted.make(""), undefined]
      ]
      for (const [token, lifetime] of inputs) {
        const exit = yield* Effect.exit(
          TokenCredential.fromToken(token, lifetime === undefined ? {} : { opaqueTokenLifetimeSeconds: lifetime })
        )
        assert.instanceOf(failure(exit), InvalidInput, inspect(token))
      }
    }))
})

describe("refresh on demand", () => {
  it.effect("without an initial token the first getToken refreshes; a valid token is cached", () =>
    Effect.gen(function*() {
      const { count, refresher } = yield* counting(() => validFor(minutes(60)))
      const credential = yield* TokenCredential.fromRefresher({ refresher })
      assert.strictEqual(yield* count, 0)
      const token = yield* credential.getToken
      assert.strictEqual(token.expiresOnTimestamp, minutes(60))
      for (let i = 0; i < 10; i++) yield* credential.getToken
      assert.strictEqual(yield* count, 1)
    }))

  it.effect("uses the initial token; without proactive refresh nothing runs in the background", () =>
    Effect.gen(function*() {
      const token = jwt(minutes(60))
      const { count, refresher } = yield* counting(() => validFor(minutes(120)))
      const credential = yield* TokenCredential.fromRefresher({ refresher, token })
      assert.strictEqual(value(yield* credential.getToken), token)
      yield* adjust(minutes(59))
      assert.strictEqual(value(yield* credential.getToken), token)
      yield* adjust(minutes(600))
      assert.strictEqual(yield* count, 0)
    }))

  it.effect("a valid token inside the expiring-soon window is returned as-is; an expired one is refreshed", () =>
    Effect.gen(function*() {
      const { calls, count, refresher } = yield* counting((call) =>
        validFor(call === 1 ? minutes(20) : minutes(60), `#${call}`)
      )
      const credential = yield* TokenCredential.fromRefresher({ refresher })
      const first = yield* credential.getToken
      yield* adjust(minutes(19)) // one minute left: inside the window, still valid
      assert.strictEqual(value(yield* credential.getToken), value(first))
      assert.strictEqual(yield* count, 1)
      yield* adjust(minutes(1) - 1) // the last valid millisecond
      assert.strictEqual(value(yield* credential.getToken), value(first))
      yield* adjust(1) // now == expiresOn: expired
      const renewed = yield* credential.getToken
      assert.notStrictEqual(value(renewed), value(first))
      assert.strictEqual(renewed.expiresOnTimestamp, minutes(20) + minutes(60))
      assert.strictEqual(yield* Ref.get(calls), 2)
    }))

  it.effect("a refresher result that is already expired is a CredentialError (official message)", () =>
    Effect.gen(function*() {
      const { count, refresher } = yield* counting(() => validFor(-minutes(1)))
      const credential = yield* TokenCredential.fromRefresher({ refresher })
      const error = failure(yield* Effect.exit(credential.getToken))
      assert.instanceOf(error, CredentialError)
      assert.strictEqual(error.message, "The token returned from the tokenRefresher is expired.")
      assert.strictEqual(yield* count, 1)
      // expiring exactly now is expired too
      const { refresher: atNow } = yield* counting(() => validFor(0))
      const edge = yield* TokenCredential.fromRefresher({ refresher: atNow })
      assert.strictEqual(failure(yield* Effect.exit(edge.getToken)).message, TokenCredential.messages.expired)
    }))

  it.effect("refresher errors propagate typed, and the next call tries again", () =>
    Effect.gen(function*() {
      class BackendDown extends Schema.TaggedError<BackendDown>()("BackendDown", {}) {}
      const { count, refresher } = yield* counting((call) =>
        call === 1 ? Effect.fail(new BackendDown()) : validFor(minutes(60))
      )
      const credential = yield* TokenCredential.fromRefresher({ refresher })
      const error = failure(yield* Effect.exit(credential.getToken))
      assert.instanceOf(error, BackendDown)
      const token = yield* credential.getToken
      assert.strictEqual(token.expiresOnTimestamp, minutes(60))
      assert.strictEqual(yield* count, 2)
    }))

  it.effect("an unusable refresher result is a CredentialError", () =>
    Effect.gen(function*() {
      for (const bad of ["", " ", { token: "", expiresOnTimestamp: minutes(5) }]) {
        const { refresher } = yield* counting(() => Effect.succeed(bad))
        const credential = yield* TokenCredential.fromRefresher({ refresher })
        const error = failure(yield* Effect.exit(credential.getToken))
        assert.instanceOf(error, CredentialError)
        assert.match(error.message, /^The token returned from the tokenRefresher is invalid: /)
      }
    }))

  it.effect("an AccessToken result keeps its explicit expiry; an opaque string gets the fallback", () =>
    Effect.gen(function*() {
      const explicit = yield* TokenCredential.fromRefresher({
        refresher: Effect.succeed({ token: opaque, expiresOnTimestamp: minutes(480) })
      })
      assert.strictEqual((yield* explicit.getToken).expiresOnTimestamp, minutes(480))
      const fallback = yield* TokenCredential.fromRefresher({
        refresher: Effect.succeed(opaque),
        opaqueTokenLifetimeSeconds: 1800
      })
      assert.strictEqual((yield* fallback.getToken).expiresOnTimestamp, seconds(1800))
    }))
})

describe("proactive refresh", () => {
  it.effect("an expired initial token (or none) triggers an immediate refresh", () =>
    Effect.gen(function*() {
      const expired = yield* counting(() => validFor(minutes(30)))
      yield* TokenCredential.fromRefresher({
        refresher: expired.refresher,
        refreshProactively: true,
        token: jwt(-minutes(1))
      })
      const none = yield* counting(() => validFor(minutes(30)))
      yield* TokenCredential.fromRefresher({ refresher: none.refresher, refreshProactively: true })
      yield* settle
      assert.deepStrictEqual([yield* expired.count, yield* none.count], [1, 1])
    }))

  it.effect("a valid initial token is used; the refresh is scheduled at expiry − 10 min, then again", () =>
    Effect.gen(function*() {
      const { count, refresher } = yield* counting((call) => validFor(minutes(60), `#${call}`))
      const credential = yield* TokenCredential.fromRefresher({
        refresher,
        refreshProactively: true,
        token: jwt(minutes(60), "#0")
      })
      assert.strictEqual(value(yield* credential.getToken), jwt(minutes(60), "#0"))
      yield* adjust(minutes(50) - 1)
      assert.strictEqual(yield* count, 0)
      yield* adjust(1)
      assert.strictEqual(yield* count, 1)
      assert.strictEqual(value(yield* credential.getToken), jwt(minutes(110), "#1"))
      // the new token expires at 110 min: next refresh at 100 min
      yield* adjust(minutes(50) - 1)
      assert.strictEqual(yield* count, 1)
      yield* adjust(1)
      assert.strictEqual(yield* count, 2)
    }))

  it.effect("inside the window the refresh runs after half the remaining lifetime", () =>
    Effect.gen(function*() {
      const { count, refresher } = yield* counting(() => validFor(minutes(60)))
      yield* TokenCredential.fromRefresher({ refresher, refreshProactively: true, token: jwt(minutes(8)) })
      yield* adjust(minutes(4) - 1)
      assert.strictEqual(yield* count, 0)
      yield* adjust(1)
      assert.strictEqual(yield* count, 1)
    }))

  it.effect("an opaque token (600 s fallback) is inside the window at once and refreshes at 5 min", () =>
    Effect.gen(function*() {
      const { count, refresher } = yield* counting(() => Effect.succeed(opaque))
      yield* TokenCredential.fromRefresher({ refresher, refreshProactively: true, token: opaque })
      yield* adjust(minutes(4))
      assert.strictEqual(yield* count, 0)
      yield* adjust(minutes(1) - 1)
      assert.strictEqual(yield* count, 0)
      yield* adjust(1)
      assert.strictEqual(yield* count, 1)
      // the new opaque token again lasts 600 s: the next refresh is 5 min later
      yield* adjust(minutes(5))
      assert.strictEqual(yield* count, 2)
    }))

  it.effect(
    "fractional backoff: the same 20-minute token is fetched once in 10 min, floor(log2(1200)) = 10 times in all",
    () =>
      Effect.gen(function*() {
        // the official test's procedure, stopping one second before expiry. TestClock fires every sleep at its
        // exact instant, so the step size does not change the count: one-second steps only where the refreshes
        // are dense, the last 20 seconds
        const token = jwt(minutes(20))
        const { count, refresher } = yield* counting(() => Effect.succeed(token))
        const credential = yield* TokenCredential.fromRefresher({ refresher, refreshProactively: true, token })
        const { expiresOnTimestamp } = yield* credential.getToken
        yield* adjust(minutes(10) - 1)
        assert.strictEqual(yield* count, 0)
        yield* adjust(1)
        assert.strictEqual(yield* count, 1)
        yield* adjust(minutes(10) - seconds(20))
        assert.strictEqual(yield* count, 5) // at 10, 15, 17.5, 18.75 and 19.375 min
        while (Math.floor((expiresOnTimestamp - (yield* Clock.currentTimeMillis)) / 1000) > 1) {
          yield* TestClock.adjust(1000)
        }
        assert.strictEqual(yield* count, Math.floor(Math.log2(1200)))
        assert.strictEqual(yield* count, 10)
      })
  )

  it.effect("fractional backoff halves the remaining lifetime at each refresh, never loops tightly", () =>
    Effect.gen(function*() {
      const token = jwt(minutes(20))
      const times: Array<number> = []
      const refresher = Effect.map(Clock.currentTimeMillis, (now) => {
        times.push(now)
        return token
      })
      yield* TokenCredential.fromRefresher({ refresher, refreshProactively: true, token })
      yield* adjust(minutes(30))
      const remaining = times.map((t) => minutes(20) - t)
      assert.deepStrictEqual(remaining.slice(0, 6), [600_000, 300_000, 150_000, 75_000, 37_500, 18_750])
      // each refresh waits at least half of what was left (whole ms): at most ~20 calls, then the expired result stops it
      assert.isAtMost(times.length, Math.ceil(Math.log2(600_000)) + 2)
      for (let i = 1; i < remaining.length; i++) assert.isAtMost(remaining[i]!, Math.ceil(remaining[i - 1]! / 2))
    }))

  it.effect("a failed proactive refresh is not retried until the token expires; getToken then refreshes", () =>
    Effect.gen(function*() {
      const { count, refresher } = yield* counting((call) => call === 1 ? validFor(-1) : validFor(minutes(60)))
      const credential = yield* TokenCredential.fromRefresher({
        refresher,
        refreshProactively: true,
        token: jwt(minutes(20))
      })
      yield* adjust(minutes(10))
      assert.strictEqual(yield* count, 1) // failed: the result was expired
      yield* adjust(minutes(9))
      assert.strictEqual(yield* count, 1)
      assert.strictEqual((yield* credential.getToken).expiresOnTimestamp, minutes(20)) // still valid
      yield* adjust(minutes(1))
      assert.strictEqual((yield* credential.getToken).expiresOnTimestamp, minutes(80))
      assert.strictEqual(yield* count, 2)
      // and proactive refresh resumed: next at 80 − 10 min
      yield* adjust(minutes(50))
      assert.strictEqual(yield* count, 3)
    }))
})

describe("single flight", () => {
  it.effect("N concurrent getToken calls share one refresh and see the same token (property)", () =>
    Effect.gen(function*() {
      // each run gets its own scope; the runs share the test's TestClock, which only moves forward
      const run = Effect.runPromiseWith(yield* Effect.context<never>())
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 0, max: 2_000 }), (n, latency) =>
            run(Effect.scoped(Effect.gen(function*() {
              const { count, refresher } = yield* counting((call) =>
                Effect.andThen(Effect.sleep(latency), validFor(minutes(60), `#${call}`))
              )
              const credential = yield* TokenCredential.fromRefresher({ refresher })
              const fibers = yield* Effect.forEach(Array.from({ length: n }), () =>
                Effect.forkChild(credential.getToken))
              yield* adjust(latency)
              const tokens = yield* Effect.forEach(fibers, Fiber.join)
              assert.strictEqual(yield* count, 1)
              assert.strictEqual(new Set(tokens.map(value)).size, 1)
            })))),
          { numRuns: 30 }
        )
      )
    }))

  it.effect("a caller arriving during a proactive refresh joins it", () =>
    Effect.gen(function*() {
      const { count, refresher } = yield* counting(() =>
        Effect.andThen(Effect.sleep(seconds(30)), validFor(minutes(60)))
      )
      const credential = yield* TokenCredential.fromRefresher({ refresher, refreshProactively: true })
      yield* settle // the proactive refresh started at once and is in flight
      assert.strictEqual(yield* count, 1)
      const waiting = yield* Effect.forkChild(credential.getToken)
      yield* adjust(seconds(30))
      assert.strictEqual((yield* Fiber.join(waiting)).expiresOnTimestamp, seconds(30) + minutes(60))
      assert.strictEqual(yield* count, 1)
    }))

  it.effect("an interrupted sole waiter cancels the refresh; the credential keeps working", () =>
    Effect.gen(function*() {
      const { count, interrupted, refresher } = yield* slowRefresher
      const credential = yield* TokenCredential.fromRefresher({ refresher })
      const waiter = yield* Effect.forkChild(credential.getToken)
      yield* adjust(seconds(5))
      yield* Fiber.interrupt(waiter)
      yield* settle
      assert.strictEqual(yield* Ref.get(interrupted), 1)
      // a new call starts a new refresh and gets a token
      const next = yield* Effect.forkChild(credential.getToken)
      yield* adjust(seconds(10))
      assert.strictEqual((yield* Fiber.join(next)).expiresOnTimestamp, seconds(15) + minutes(60))
      assert.strictEqual(yield* count, 2)
    }))

  it.effect("interrupting one of two waiters leaves the refresh running for the other", () =>
    Effect.gen(function*() {
      const { count, interrupted, refresher } = yield* slowRefresher
      const credential = yield* TokenCredential.fromRefresher({ refresher })
      const first = yield* Effect.forkChild(credential.getToken)
      const second = yield* Effect.forkChild(credential.getToken)
      yield* adjust(seconds(5))
      yield* Fiber.interrupt(first)
      yield* adjust(seconds(5))
      assert.strictEqual((yield* Fiber.join(second)).expiresOnTimestamp, seconds(10) + minutes(60))
      assert.deepStrictEqual([yield* Ref.get(interrupted), yield* count], [0, 1])
    }))

  it.effect("a proactive refresh joining an on-demand one keeps it alive when the caller leaves", () =>
    Effect.gen(function*() {
      const { count, interrupted, refresher } = yield* slowRefresher
      // the token expires at 1 ms, where the timer (half of the 1 ms left, at least 1 ms) also fires
      const credential = yield* TokenCredential.fromRefresher({
        refresher,
        refreshProactively: true,
        token: { token: opaque, expiresOnTimestamp: 1 }
      })
      // a caller waking at the same instant finds the token expired and starts the refresh on demand
      // (or joins the timer's); the timer joins it (or started it); the caller gives up after 1 s
      const caller = yield* Effect.forkChild(
        Effect.andThen(Effect.sleep(1), Effect.timeout(credential.getToken, seconds(1)))
      )
      yield* adjust(1)
      assert.strictEqual(yield* count, 1)
      yield* adjust(seconds(1))
      assert.isTrue(Exit.isFailure(yield* Fiber.await(caller)))
      assert.strictEqual(yield* Ref.get(interrupted), 0)
      yield* adjust(seconds(9))
      assert.strictEqual((yield* credential.getToken).expiresOnTimestamp, seconds(10) + 1 + minutes(60))
      assert.strictEqual(yield* count, 1)
    }))

  it.effect("a waiter that leaves does not cancel a proactive refresh", () =>
    Effect.gen(function*() {
      const { count, refresher } = yield* counting(() =>
        Effect.andThen(Effect.sleep(seconds(10)), validFor(minutes(60)))
      )
      const credential = yield* TokenCredential.fromRefresher({ refresher, refreshProactively: true })
      yield* settle
      const waiter = yield* Effect.forkChild(credential.getToken)
      yield* settle
      yield* Fiber.interrupt(waiter)
      yield* adjust(seconds(10))
      assert.strictEqual((yield* credential.getToken).expiresOnTimestamp, seconds(10) + minutes(60))
      assert.strictEqual(yield* count, 1)
    }))
})

describe("disposal", () => {
  it.effect("closing the scope stops the timer; later calls fail with `User credential is disposed`", () =>
    Effect.gen(function*() {
      const { count, refresher } = yield* counting(() => validFor(minutes(20)))
      const { close, make } = yield* withScope
      const credential = yield* make(
        TokenCredential.fromRefresher({ refresher, refreshProactively: true, token: jwt(minutes(20)) })
      )
      assert.strictEqual((yield* credential.getToken).expiresOnTimestamp, minutes(20))
      yield* close
      yield* adjust(minutes(19))
      assert.strictEqual(yield* count, 0)
      const error = failure(yield* Effect.exit(credential.getToken))
      assert.instanceOf(error, CredentialError)
      assert.strictEqual(error.message, "User credential is disposed")
    }))

  it.effect("a static credential is disposed too", () =>
    Effect.gen(function*() {
      const { close, make } = yield* withScope
      const credential = yield* make(TokenCredential.fromToken(jwt(minutes(60))))
      yield* close
      assert.strictEqual(failure(yield* Effect.exit(credential.getToken)).message, TokenCredential.messages.disposed)
    }))

  it.effect("a caller waiting on a refresh when the scope closes fails as disposed; the refresh is interrupted", () =>
    Effect.gen(function*() {
      const interrupted = yield* Deferred.make<void>()
      const { refresher } = yield* counting(() =>
        Effect.andThen(Effect.sleep(seconds(10)), validFor(minutes(60))).pipe(
          Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined))
        )
      )
      const { close, make } = yield* withScope
      const credential = yield* make(TokenCredential.fromRefresher({ refresher }))
      const waiter = yield* Effect.forkChild(credential.getToken)
      yield* adjust(seconds(1))
      yield* close
      const error = failure(yield* Fiber.await(waiter))
      assert.strictEqual(error.message, TokenCredential.messages.disposed)
      yield* Deferred.await(interrupted)
    }))
})

describe("disposal while a refresh completes", () => {
  it.effect("a caller resumed after disposal fails as disposed even though its refresh succeeded", () =>
    Effect.gen(function*() {
      const gate = yield* Deferred.make<void>()
      const refresher = Effect.andThen(Deferred.await(gate), validFor(minutes(60)))
      const { close, make } = yield* withScope
      const credential = yield* make(TokenCredential.fromRefresher({ refresher }))
      // both callers wait on one refresh; when it succeeds its waiters resume in order, the first one closes
      // the scope before the second one runs
      const first = yield* Effect.forkChild(Effect.andThen(credential.getToken, close))
      const second = yield* Effect.forkChild(credential.getToken)
      yield* settle
      yield* Deferred.succeed(gate, undefined)
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(first)))
      const error = failure(yield* Fiber.await(second))
      assert.strictEqual(error.message, TokenCredential.messages.disposed)
    }))
})

describe("layer", () => {
  it.effect("provides the service; refresher errors become a CredentialError with the cause", () =>
    Effect.gen(function*() {
      const token = yield* TokenCredential.getToken.pipe(
        Effect.provide(TokenCredential.layer({ refresher: validFor(minutes(60)) }))
      )
      assert.strictEqual(token.expiresOnTimestamp, minutes(60))
      const boom = new Error("backend unavailable")
      const error = yield* TokenCredential.getToken.pipe(
        Effect.provide(TokenCredential.layer({ refresher: Effect.fail(boom) })),
        Effect.flip
      )
      assert.instanceOf(error, CredentialError)
      assert.strictEqual((error.cause as Error).message, "backend unavailable")
      const fromStatic = yield* TokenCredential.getToken.pipe(Effect.provide(TokenCredential.layer(jwt(minutes(5)))))
      assert.strictEqual(fromStatic.expiresOnTimestamp, minutes(5))
      const invalid = yield* Layer.build(TokenCredential.layer("")).pipe(Effect.scoped, Effect.flip)
      assert.instanceOf(invalid, InvalidInput)
    }))

  it.effect("make dispatches like the official constructor", () =>
    Effect.gen(function*() {
      const fromString = yield* Effect.scoped(Effect.flatMap(TokenCredential.make(jwt(minutes(5))), (c) => c.getToken))
      assert.strictEqual(fromString.expiresOnTimestamp, minutes(5))
      const fromOptions = yield* Effect.scoped(
        Effect.flatMap(TokenCredential.make({ refresher: validFor(minutes(7)) }), (c) => c.getToken)
      )
      assert.strictEqual(fromOptions.expiresOnTimestamp, minutes(7))
      assert.isTrue(TokenCredential.isRefreshOptions({ refresher: Effect.succeed("") }))
      assert.isFalse(TokenCredential.isRefreshOptions({ token: "x", expiresOnTimestamp: 1 }))
      assert.isFalse(TokenCredential.isRefreshOptions(Redacted.make("x")))
    }))
})

describe("secrets", () => {
  it.effect("no token text in any error, log line or rendering of a result", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const logger = Logger.make<unknown, void>((options) => {
        lines.push(
          Logger.formatLogFmt.log(options),
          Logger.formatJson.log(options),
          Logger.formatSimple.log(options)
        )
      })
      const secrets = [jwt(-minutes(1), "expired-secret"), opaque, jwt(minutes(20), "initial-secret")]
      const rendered: Array<string> = []
      const render = (u: unknown) => rendered.push(inspect(u, { depth: 10 }), String(u), JSON.stringify(u) ?? "")
      yield* Effect.gen(function*() {
        // a proactive refresh that fails (expired result) and one that returns an opaque token
        const { refresher } = yield* counting((call) => Effect.succeed(call === 1 ? secrets[0]! : secrets[1]!))
        const credential = yield* TokenCredential.fromRefresher({
          refresher,
          refreshProactively: true,
          token: secrets[2]!
        })
        yield* adjust(minutes(10))
        yield* adjust(minutes(10))
        const token = yield* credential.getToken
        render(token)
        render(token.token)
        // failures: expired result, empty result, disposed
        const expired = yield* TokenCredential.fromRefresher({ refresher: Effect.succeed(secrets[0]!) })
        render(yield* Effect.flip(expired.getToken))
        render(yield* Effect.exit(expired.getToken))
      }).pipe(Effect.scoped, Effect.provide(Logger.layer([logger])))
      assert.isAbove(lines.length, 0) // the warnings were logged
      assert.isTrue(lines.some((line) => line.includes("proactive token refresh failed")))
      assert.isTrue(lines.some((line) => line.includes("not a readable JWT")))
      for (const text of [...lines, ...rendered]) {
        for (const secret of secrets) {
          for (const part of secret.split(".")) assert.notInclude(text, part, `leak in ${text}`)
        }
      }
    }))

  it("the failure messages are the official ones", () => {
    assert.deepStrictEqual(TokenCredential.messages, Cases.messages)
    assert.strictEqual(TokenCredential.expiringSoonMillis, Cases.expiringSoonMillis)
  })
})
