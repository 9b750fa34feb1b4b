/**
 * The Effect 4 runtime floor (the bench's `effect4-runtime` client): the
 * node:http floor's operations, each run as an Effect through one
 * ManagedRuntime, as an app calls any Effect API. What this costs above the
 * floor is Effect 4's per-call price, which no Effect client can go under.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { setup as floor } from "../../../bench/clients/floor.js"
import type { Setup } from "../../../bench/clients/types.js"

export const setup: Setup = async (connectionString) => {
  const runtime = ManagedRuntime.make(Layer.empty)
  const client = await floor(connectionString)
  return {
    createUserAndToken: () => runtime.runPromise(Effect.promise(client.createUserAndToken)),
    getToken: () => runtime.runPromise(Effect.promise(client.getToken)),
    close: () => runtime.dispose().then(client.close)
  }
}
