import * as Cause from "effect/Cause"
import * as TokenRefresh from "@effect-acs/identity-protocol/TokenRefresh"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberHandle from "effect/FiberHandle"
import * as FiberSet from "effect/FiberSet"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as SynchronizedRef from "effect/SynchronizedRef"
import { CredentialError, InvalidInput } from "../IdentityError.js"
import type { AccessToken, CommunicationTokenCredential, TokenInput } from "../TokenCredential.js"

export {
  /** Ten minutes: a token expiring sooner is refreshed. */
  expiringSoonMillis,
  /** The official credential's messages. */
  messages
} from "@effect-acs/identity-protocol/TokenRefresh"

/**
 * A token string (its expiry read by the protocol's `TokenRefresh.readToken`)
 * or a token with an explicit expiry, as an `AccessToken` with the token redacted.
 */
export const resolveToken = (
  input: TokenInput,
  now: number,
  opaqueTokenLifetimeSeconds: number | undefined
): Either.Either<{ readonly token: AccessToken; readonly opaque: boolean }, InvalidInput> => {
  const given: unknown = input
  const token = Redacted.isRedacted(given)
    ? given
    : typeof given === "object" && given !== null && "token" in given && Redacted.isRedacted(given.token)
    ? given.token
    : undefined
  const plain = Redacted.isRedacted(given)
    ? Redacted.value(given)
    : token === undefined
    ? given
    : { ...(given as object), token: Redacted.value(token as Redacted.Redacted<unknown>) }
  const read = TokenRefresh.readToken(plain, now, opaqueTokenLifetimeSeconds)
  if (!read.ok) return Either.left(new InvalidInput(read.violation))
  const { expiresOnTimestamp, opaque } = read.value
  return Either.right({
    token: {
      token: (token as Redacted.Redacted<string> | undefined) ?? Redacted.make(read.value.token),
      expiresOnTimestamp
    },
    opaque
  })
}

export const validateLifetime = (seconds: number | undefined): Effect.Effect<void, InvalidInput> =>
  TokenRefresh.isLifetime(seconds)
    ? Effect.void
    : Effect.fail(
      new InvalidInput({ field: "opaqueTokenLifetimeSeconds", message: TokenRefresh.messages.invalidLifetime })
    )

interface Inflight<E> {
  readonly deferred: Deferred.Deferred<AccessToken, E | CredentialError>
  readonly fiber: Fiber.RuntimeFiber<void>
  /** getToken calls waiting for this refresh. */
  readonly waiters: number
  /** A proactive refresh runs to completion even when no caller waits. */
  readonly proactive: boolean
}

interface State<E> {
  /** `undefined` is the expired sentinel (no token yet, or disposed). */
  readonly current: AccessToken | undefined
  readonly inflight: Inflight<E> | undefined
  readonly disposed: boolean
}

type Step<E> =
  | { readonly _tag: "Ready"; readonly token: AccessToken }
  | { readonly _tag: "Failed"; readonly error: CredentialError }
  | { readonly _tag: "Wait"; readonly deferred: Deferred.Deferred<AccessToken, E | CredentialError> }

const describeFailure = (cause: Cause.Cause<unknown>): string => {
  const failure = Cause.squash(cause)
  // our own messages never contain a token; of anything else only the name is logged
  if (failure instanceof CredentialError) return failure.message
  if (typeof failure === "object" && failure !== null && "_tag" in failure && typeof failure._tag === "string") {
    return failure._tag
  }
  return failure instanceof Error ? failure.name : typeof failure
}

export interface MakeOptions<E, R> {
  readonly token: TokenInput | undefined
  readonly refresher: Effect.Effect<TokenInput, E, R> | undefined
  readonly refreshProactively: boolean
  readonly opaqueTokenLifetimeSeconds: number | undefined
}

export const make = <E, R>(
  options: MakeOptions<E, R>
): Effect.Effect<CommunicationTokenCredential.Service<E>, InvalidInput, Scope.Scope | R> =>
  Effect.gen(function*() {
    const lifetime = options.opaqueTokenLifetimeSeconds
    yield* validateLifetime(lifetime)
    const now = yield* Clock.currentTimeMillis
    const initial = options.token === undefined
      ? undefined
      : yield* Effect.map(resolveToken(options.token, now, lifetime), (resolved) => resolved.token)
    const refresher = options.refresher

    // static: the token is returned as-is, even after it expired
    if (refresher === undefined) {
      const state = yield* SynchronizedRef.make({ disposed: false })
      yield* Effect.addFinalizer(() => SynchronizedRef.set(state, { disposed: true }))
      const getToken = Effect.flatMap(SynchronizedRef.get(state), ({ disposed }) =>
        disposed || initial === undefined
          ? Effect.fail(new CredentialError({ message: TokenRefresh.messages.disposed }))
          : Effect.succeed(initial))
      return { getToken }
    }

    // refresh and timer fibers run in the constructor's runtime, interrupted when the scope closes
    const runRefresh = yield* FiberSet.make<void>().pipe(Effect.flatMap((set) => FiberSet.runtime(set)<R>()))
    const runTimer = yield* FiberHandle.make<void>().pipe(Effect.flatMap((handle) => FiberHandle.runtime(handle)<R>()))
    const state = yield* SynchronizedRef.make<State<E>>({ current: initial, inflight: undefined, disposed: false })
    let warnedOpaque = false

    const fetchToken = Effect.gen(function*() {
      const input = yield* refresher
      const now = yield* Clock.currentTimeMillis
      const resolved = yield* Either.mapLeft(
        resolveToken(input, now, lifetime),
        (invalid) =>
          new CredentialError({ message: `The token returned from the tokenRefresher is invalid: ${invalid.message}` })
      )
      if (resolved.opaque && !warnedOpaque) {
        warnedOpaque = true
        yield* Effect.logWarning(
          `The tokenRefresher returned a token that is not a readable JWT; assuming it expires in ${
            lifetime ?? 600
          } s. Return an AccessToken with an explicit expiry to control refresh scheduling.`
        )
      }
      if (!(now < resolved.token.expiresOnTimestamp)) {
        return yield* new CredentialError({ message: TokenRefresh.messages.expired })
      }
      return resolved.token
    })

    const schedule: Effect.Effect<void> = Effect.gen(function*() {
      const { current, disposed } = yield* SynchronizedRef.get(state)
      if (disposed) return
      const now = yield* Clock.currentTimeMillis
      const delay = TokenRefresh.refreshDelayMillis(current?.expiresOnTimestamp ?? Number.NEGATIVE_INFINITY, now)
      yield* Effect.sync(() => runTimer(Effect.interruptible(Effect.zipRight(Effect.sleep(delay), startProactive))))
    })

    const complete = (
      deferred: Deferred.Deferred<AccessToken, E | CredentialError>,
      exit: Exit.Exit<AccessToken, E | CredentialError>
    ) =>
      Effect.gen(function*() {
        const finished = yield* SynchronizedRef.modify(state, (s): readonly [Inflight<E> | undefined, State<E>] =>
          s.inflight?.deferred === deferred
            ? [s.inflight, { ...s, inflight: undefined, current: Exit.isSuccess(exit) ? exit.value : s.current }]
            : [undefined, s])
        yield* Deferred.done(deferred, exit)
        // superseded: abandoned by its callers, or the credential was disposed
        if (finished === undefined) return
        if (Exit.isSuccess(exit)) {
          if (options.refreshProactively)
            yield* schedule
        } else if (finished.waiters === 0) {
          yield* Effect.logWarning(
            "The proactive token refresh failed; the token is refreshed on demand once it expires."
          ).pipe(Effect.annotateLogs("error", describeFailure(exit.cause)))
        }
      })

    // called with the state lock held
    const start = (proactive: boolean, waiters: number) =>
      Effect.gen(function*() {
        const deferred = yield* Deferred.make<AccessToken, E | CredentialError>()
        const fiber = yield* Effect.sync(() =>
          runRefresh(
            Effect.uninterruptibleMask((restore) =>
              Effect.flatMap(Effect.exit(restore(fetchToken)), (exit) => complete(deferred, exit))
            ).pipe(Effect.interruptible)
          )
        )
        return { deferred, fiber, waiters, proactive } satisfies Inflight<E>
      })

    const startProactive: Effect.Effect<void> = SynchronizedRef.modifyEffect(
      state,
      (s): Effect.Effect<readonly [void, State<E>]> =>
        s.disposed
          ? Effect.succeed([undefined, s])
          : s.inflight !== undefined
          ? Effect.succeed([undefined, { ...s, inflight: { ...s.inflight, proactive: true } }])
          : Effect.map(start(true, 0), (inflight) => [undefined, { ...s, inflight }])
    ).pipe(Effect.uninterruptible)

    // a caller stopped waiting: the last one out cancels a refresh nobody else needs
    const leave = (deferred: Deferred.Deferred<AccessToken, E | CredentialError>) =>
      SynchronizedRef.modify(state, (s): readonly [Fiber.RuntimeFiber<void> | undefined, State<E>] => {
        const inflight = s.inflight
        if (inflight === undefined || inflight.deferred !== deferred) return [undefined, s]
        const waiters = inflight.waiters - 1
        return waiters > 0 || inflight.proactive
          ? [undefined, { ...s, inflight: { ...inflight, waiters } }]
          : [inflight.fiber, { ...s, inflight: undefined }]
      }).pipe(Effect.flatMap((fiber) => fiber === undefined ? Effect.void : Fiber.interruptFork(fiber)))

    const decide = SynchronizedRef.modifyEffect(
      state,
      (s): Effect.Effect<readonly [Step<E>, State<E>]> =>
        Effect.gen(function*() {
          if (s.disposed) {
            return [
              { _tag: "Failed", error: new CredentialError({ message: TokenRefresh.messages.disposed }) },
              s
            ] as const
          }
          const now = yield* Clock.currentTimeMillis
          // a valid token is returned as-is, even inside the expiring-soon window
          if (s.current !== undefined && now < s.current.expiresOnTimestamp) {
            return [{ _tag: "Ready", token: s.current }, s] as const
          }
          const inflight = s.inflight === undefined
            ? yield* start(false, 1)
            : { ...s.inflight, waiters: s.inflight.waiters + 1 }
          return [{ _tag: "Wait", deferred: inflight.deferred }, { ...s, inflight }] as const
        })
    )

    const getToken: Effect.Effect<AccessToken, E | CredentialError> = Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(decide, (step) => {
        switch (step._tag) {
          case "Ready":
            return Effect.succeed(step.token)
          case "Failed":
            return Effect.fail(step.error)
          case "Wait":
            return restore(Deferred.await(step.deferred)).pipe(
              Effect.onInterrupt(() => leave(step.deferred)),
              Effect.zipLeft(
                Effect.flatMap(SynchronizedRef.get(state), ({ disposed }) =>
                  disposed
                    ? Effect.fail(new CredentialError({ message: TokenRefresh.messages.disposed }))
                    : Effect.void)
              )
            )
        }
      })
    )

    // disposal: later calls fail, callers still waiting fail, the sentinel replaces the token;
    // the fibers are interrupted afterwards by their FiberSet and FiberHandle
    yield* Effect.addFinalizer(() =>
      SynchronizedRef.modify(state, (s) => [s.inflight, { current: undefined, inflight: undefined, disposed: true }])
        .pipe(
          Effect.flatMap((inflight) =>
            inflight === undefined
              ? Effect.void
              : Deferred.fail(inflight.deferred, new CredentialError({ message: TokenRefresh.messages.disposed }))
          )
        )
    )

    if (options.refreshProactively)
      yield* schedule
    return { getToken }
  })
