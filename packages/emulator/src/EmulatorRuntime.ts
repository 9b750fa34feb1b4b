/**
 * The emulator for callers that do not run Effect 3 (the Effect 4 line's
 * tests, plain Promise code): started and stopped with Promises, serving
 * in-process through its web-standard handler or on a loopback port.
 *
 * @since 0.1.0
 */
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import * as Emulator from "./Emulator.js"
import * as EmulatorServer from "./EmulatorServer.js"
import * as EmulatorWebHandler from "./EmulatorWebHandler.js"

/**
 * A running emulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Running {
  /** The emulator in-process: `(request: Request) => Promise<Response>`, no socket. */
  readonly handler: EmulatorWebHandler.WebHandler
  /** The connection string for the emulator reached at `endpoint` (its throw-away key). */
  readonly connectionString: (endpoint: string) => string
  /** Also serves it on a loopback port (closed by {@link close}). */
  readonly listen: (
    options?: EmulatorServer.ServeOptions
  ) => Promise<{ readonly url: string; readonly connectionString: string }>
  /** Injects a fault (see `Emulator.Faults`). */
  readonly inject: (fault: Emulator.Fault, selection: Emulator.FaultSelection) => Promise<void>
  /** Removes every pending fault. */
  readonly clearFaults: () => Promise<void>
  /** The counters since the start. */
  readonly stats: () => Promise<Emulator.Stats>
  /** The status of a token this emulator issued. */
  readonly tokenStatus: (token: string) => Promise<Emulator.TokenStatus>
  /** Stops serving and releases everything. */
  readonly close: () => Promise<void>
}

/**
 * The emulator's options, and the time it reads.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Emulator.Options {
  /**
   * The current time (epoch millis) for token lifetimes, expiry and signed
   * dates, for a caller that drives time itself (a test clock); default the
   * system clock. Waits (latency faults) stay on the system clock.
   */
  readonly now?: () => number
}

/** A clock that reads `now` and sleeps on the system clock. */
const clockOf = (now: () => number): Clock.Clock => {
  const live = Clock.make()
  const nanos = () => BigInt(now()) * 1_000_000n
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: now,
    currentTimeMillis: Effect.sync(now),
    unsafeCurrentTimeNanos: nanos,
    currentTimeNanos: Effect.sync(nanos),
    sleep: (duration) => live.sleep(duration)
  }
}

/**
 * Starts an emulator (with `node:crypto`); it rejects with the emulator's
 * error when the options are invalid.
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = async ({ now, ...options }: Options = {}): Promise<Running> => {
  const emulator = Emulator.layer(options).pipe(Layer.provide(NodeCrypto.layer))
  const runtime = ManagedRuntime.make(
    now === undefined ? emulator : Layer.merge(emulator, Layer.setClock(clockOf(now)))
  )
  try {
    const [emulator, handler, scope] = await runtime.runPromise(
      Effect.all([Emulator.Emulator, EmulatorWebHandler.make, Scope.make()])
    )
    return {
      handler,
      connectionString: (endpoint) => Redacted.value(emulator.connectionString(endpoint)),
      listen: (serveOptions) =>
        runtime.runPromise(
          Effect.map(Scope.extend(EmulatorServer.serve(serveOptions), scope), (served) => ({
            url: served.url,
            connectionString: Redacted.value(served.connectionString)
          }))
        ),
      inject: (fault, selection) => runtime.runPromise(emulator.faults.inject(fault, selection)),
      clearFaults: () => runtime.runPromise(emulator.faults.clear()),
      stats: () => runtime.runPromise(emulator.stats),
      tokenStatus: (token) => runtime.runPromise(emulator.tokenStatus(token)),
      close: () => runtime.runPromise(Scope.close(scope, Exit.void)).finally(() => runtime.dispose())
    }
  } catch (error) {
    await runtime.dispose()
    throw error
  }
}
