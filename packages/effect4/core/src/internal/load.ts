/**
 * What a client loads only when it uses it: the `HttpClient` send path (and
 * `effect/http` with it) and `effect/Config`, as dynamic imports, so that a
 * client on a direct transport built from explicit options loads neither.
 * Browser bundlers take `load.browser.ts` instead (the package's `browser`
 * field): the same with static imports, as a bundle holds them anyway and a
 * dynamic import would make the bundler wrap every module it shares.
 */
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type * as SendClient from "./sendClient.js"

/** The `HttpClient` send path. */
export const sendClient: Effect.Effect<typeof SendClient> = Effect.promise(() => import("./sendClient.js"))

/** A redacted config value, read through the current `ConfigProvider`. */
export const redactedConfig = (name: string): Effect.Effect<Redacted.Redacted<string>, Config.ConfigError> =>
  Effect.flatMap(Effect.promise(() => import("effect/Config")), (Config) => Config.Redacted(name))
