/**
 * The protocol floor (the bench's `effect4-protocol` client): the drop-in's
 * calls — the shared protocol package under a minimal Promise executor, no
 * Effect — each run as one Effect through one ManagedRuntime. The design puts
 * every wire rule in that protocol package, so no Effect 4 client built on it
 * can cost less than this: Effect 4's per-call price plus the protocol's work.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { setup as dropin } from "../../../bench/clients/dropin.js"
import type { Setup } from "../../../bench/clients/types.js"

export const setup: Setup = async (connectionString) => {
  const runtime = ManagedRuntime.make(Layer.empty)
  const client = await dropin(connectionString)
  return {
    createUserAndToken: () => runtime.runPromise(Effect.promise(client.createUserAndToken)),
    getToken: () => runtime.runPromise(Effect.promise(client.getToken)),
    close: () => runtime.dispose().then(client.close)
  }
}
