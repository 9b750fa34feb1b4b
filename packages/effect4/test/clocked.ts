/**
 * A fresh in-process emulator on the test's clock: its time is the
 * `TestClock`'s (`EmulatorRuntime`'s `now`), so token lifetimes, expiry and
 * signed dates move with `TestClock.adjust` on both sides; and the Effect 4
 * client over its handler (an `effect/http` fetch client, no socket).
 */
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import * as EmulatorRuntime from "@effect-acs/identity-emulator/EmulatorRuntime"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/testing/TestClock"
import { endpoint } from "./emulator.js"

/** Starts an emulator reading the `TestClock` for the scope. */
export const emulator = (
  options: EmulatorRuntime.Options = {}
): Effect.Effect<EmulatorRuntime.Running, never, Scope.Scope> =>
  Effect.flatMap(TestClock.testClockWith(Effect.succeed), (clock) =>
    Effect.acquireRelease(
      Effect.promise(() => EmulatorRuntime.start({ ...options, now: () => clock.currentTimeMillisUnsafe() })),
      (running) => Effect.promise(() => running.close())
    ))

/** The Effect 4 client for `running`, in-process, with `options` besides the connection string. */
export const client = (
  running: EmulatorRuntime.Running,
  options: Omit<Client.CommunicationIdentityClient.Options, "connectionString" | "endpoint" | "credential"> = {}
): Effect.Effect<Client.CommunicationIdentityClient.Service, IdentityError> => {
  const fetch =
    ((input: RequestInfo | URL, init?: RequestInit) =>
      running.handler(new Request(input, init))) as typeof globalThis.fetch
  return Client.make({ connectionString: running.connectionString(endpoint), ...options }).pipe(
    Effect.provide(Layer.mergeAll(
      FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fetch))),
      NodeCrypto.layer
    ))
  )
}
