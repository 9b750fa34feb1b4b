/**
 * A bench client's calls, each run as one Effect through one ManagedRuntime,
 * as an app calls any Effect API: what this adds to the client is Effect 4's
 * per-call price. The Effect 4 floors are made with it.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { Setup } from "../../../bench/clients/types.js"

/** `inner`'s operations, each run as `Effect.promise` through one runtime. */
export const throughRuntime = (inner: Setup): Setup => async (connectionString) => {
  const runtime = ManagedRuntime.make(Layer.empty)
  const client = await inner(connectionString)
  return {
    createUserAndToken: () => runtime.runPromise(Effect.promise(client.createUserAndToken)),
    getToken: () => runtime.runPromise(Effect.promise(client.getToken)),
    close: () => runtime.dispose().then(client.close)
  }
}
