/**
 * What the feature suites share: the in-process emulator, a client of it
 * for an api-version, and the number of requests it has seen.
 */
import type * as ApiVersion from "@effect-acs/identity/ApiVersion"
import * as CommunicationIdentityClient from "@effect-acs/identity/CommunicationIdentityClient"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorHttpClient from "@effect-acs/identity-emulator/EmulatorHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** The emulator in-process, its `HttpClient` and `Crypto`. */
export const emulator = EmulatorHttpClient.layer.pipe(
  Layer.provideMerge(Emulator.layer()),
  Layer.provideMerge(NodeCrypto.layer)
)

/** An Effect client of the in-process emulator. */
export const client = (apiVersion: ApiVersion.ApiVersion) =>
  Effect.flatMap(
    Emulator.Emulator,
    (e) =>
      CommunicationIdentityClient.make({
        connectionString: e.connectionString(EmulatorHttpClient.endpoint),
        apiVersion
      })
  )

/** Every request the emulator has routed. */
export const requestCount = Effect.map(
  Effect.flatMap(Emulator.Emulator, (e) => e.stats),
  (stats) => Object.values(stats.requests).reduce((a, b) => a + b, 0)
)
