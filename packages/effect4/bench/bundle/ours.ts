// A minimal page: create a user and token with @effect-acs/identity-effect4-browser.
import * as CommunicationIdentityClient from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import * as BrowserIdentityClient from "@effect-acs/identity-effect4-browser/BrowserIdentityClient"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

const program = Effect.flatMap(
  Effect.service(CommunicationIdentityClient.CommunicationIdentityClient),
  (client) => client.createUserAndToken(["chat"])
)
Effect.runPromise(
  program.pipe(Effect.provide(BrowserIdentityClient.layer({ connectionString: location.hash.slice(1) })))
)
  .then((
    result
  ) => (document.body.textContent = `${result.user.communicationUserId} ${Redacted.value(result.token).length}`))
