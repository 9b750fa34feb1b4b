/**
 * The abort scenarios (abort.ts) on the drop-in Promise client's
 * `abortSignal`: an aborted call rejects with an `AbortError`.
 */
import { CommunicationIdentityClient, dispose } from "@effect-acs/identity-node/CommunicationIdentityClient"
import { afterAll, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { type AbortLine, type Ended, scenarios, user } from "./abort.js"

afterAll(() => dispose())

/** The drop-in's `getToken` with `abortSignal`, settled: an `AbortError` rejection is an abort. */
const dropIn: AbortLine = {
  name: "Promise client: abortSignal",
  client: (connectionString) =>
    Effect.sync(() => {
      const client = new CommunicationIdentityClient(connectionString, { allowInsecureConnection: true })
      return {
        getToken: (signal) =>
          client.getToken(user, ["chat"], signal === undefined ? {} : { abortSignal: signal }).then(
            (token): Ended => ({ _tag: "Success", token: token.token }),
            (error: unknown): Ended =>
              error instanceof Error && error.name === "AbortError" ? { _tag: "Aborted" } : { _tag: "Failure", error }
          )
      }
    })
}

describe(dropIn.name, () => {
  for (const scenario of scenarios(dropIn)) it.live(scenario.name, scenario.run, scenario.timeout)
})
