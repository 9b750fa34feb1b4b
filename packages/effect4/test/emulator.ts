/**
 * The emulator for the Effect 4 line's tests: started once per layer, in
 * process, and reached through an Effect 4 `HttpClient` over its web-standard
 * handler (no socket, so `TestClock` drives everything on our side), or
 * served on a loopback port.
 */
import * as EmulatorRuntime from "@effect-acs/identity-emulator/EmulatorRuntime"
import type * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"

/** The endpoint the in-process emulator answers as. */
export const endpoint = "https://emulator.local/"

/** A running emulator. */
export class TestEmulator extends Context.Service<TestEmulator, EmulatorRuntime.Running>()(
  "@effect-acs/identity-effect4/test/TestEmulator"
) {}

/** Starts an emulator for the layer's lifetime. */
export const layer = (options: Emulator.Options = {}): Layer.Layer<TestEmulator> =>
  Layer.effect(
    TestEmulator,
    Effect.acquireRelease(
      Effect.promise(() => EmulatorRuntime.start(options)),
      (running) => Effect.promise(() => running.close())
    )
  )

/** An Effect 4 `HttpClient` whose every request the emulator answers in-process. */
export const httpClient: Layer.Layer<HttpClient.HttpClient, never, TestEmulator> = Layer.unwrap(
  Effect.map(Effect.service(TestEmulator), (emulator) =>
    FetchHttpClient.layer.pipe(
      Layer.provide(
        Layer.succeed(
          FetchHttpClient.Fetch,
          ((input: RequestInfo | URL, init?: RequestInit) =>
            emulator.handler(new Request(input, init))) as typeof globalThis.fetch
        )
      )
    ))
)

/** The connection string of the in-process emulator. */
export const connectionString: Effect.Effect<string, never, TestEmulator> = Effect.map(
  Effect.service(TestEmulator),
  (emulator) => emulator.connectionString(endpoint)
)
