/**
 * The root abort scenarios (test/reliability/abort.ts) on the Effect 4
 * client, on both send paths over `NodeHttpClient`: a call run with an
 * `AbortSignal` (`Effect.runPromiseExit`'s `signal`) is interrupted by its
 * abort — the request in flight is cancelled and its socket closed, a retry
 * wait ends at once, an aborted signal sends nothing.
 */
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { Crypto } from "@effect-acs/identity-effect4/Crypto"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import type * as Transport from "@effect-acs/identity-effect4/Transport"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import * as NodeHttpClient from "@effect-acs/identity-effect4-node/NodeHttpClient"
import { describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import * as Effect3 from "../../../../test/effect3.js"
import { type AbortLine, type Ended, scenarios, user } from "../../../../test/reliability/abort.js"
import type { SendPath } from "../lines.js"

/** The Effect 4 client on `path` for a connection string, its transport in a scope of its own (closed with the test's). */
const line = (path: SendPath): AbortLine => ({
  name: `the Effect 4 client run with an AbortSignal (${path}; NodeHttpClient)`,
  client: (connectionString) =>
    Effect3.map(
      Effect3.acquireRelease(
        async () => {
          const scope = Effect.runSync(Scope.make())
          const context = await Effect.runPromise(
            Scope.provide(Layer.build(Layer.merge(NodeHttpClient.layer(), NodeCrypto.layer)), scope)
          )
          const make: Effect.Effect<
            Client.CommunicationIdentityClient.Service,
            IdentityError,
            HttpClient.HttpClient | Transport.Direct | Crypto
          > = path === "direct" ? Client.makeDirect({ connectionString }) : Client.make({ connectionString })
          return { scope, service: await Effect.runPromise(Effect.provide(make, context)) }
        },
        ({ scope }) => Effect.runPromise(Scope.close(scope, Exit.void))
      ),
      ({ service }) => ({
        getToken: (signal?: AbortSignal) =>
          Effect.runPromiseExit(service.getToken(user, ["chat"]), signal === undefined ? {} : { signal }).then((
            exit
          ): Ended =>
            Exit.isSuccess(exit)
              ? { _tag: "Success", token: Redacted.value(exit.value.token) }
              : Cause.hasInterruptsOnly(exit.cause)
              ? { _tag: "Aborted" }
              : { _tag: "Failure", error: Cause.squash(exit.cause) }
          )
      })
    )
})

for (const path of ["HttpClient", "direct"] as const satisfies ReadonlyArray<SendPath>) {
  const abortable = line(path)
  describe(abortable.name, () => {
    for (const scenario of scenarios(abortable)) {
      it.live(scenario.name, () => Effect.promise(() => Effect3.runPromise(scenario.run())), scenario.timeout)
    }
  })
}
