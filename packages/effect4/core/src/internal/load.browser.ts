/**
 * `load.ts` for browser bundles (the package's `browser` field maps one to
 * the other): the same exports over static imports.
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as SendClient from "./sendClient.js"

/** The `HttpClient` send path. */
export const sendClient: Effect.Effect<typeof SendClient> = Effect.succeed(SendClient)

/** A redacted config value, read through the current `ConfigProvider`. */
export const redactedConfig = (name: string): Effect.Effect<Redacted.Redacted<string>, Config.ConfigError> =>
  Config.Redacted(name)
