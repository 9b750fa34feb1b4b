// A consumer's check: a user of another resource fails with the service's 401, as a typed ServiceError.
import * as CommunicationIdentityClient from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import * as NodeIdentityClient from "@effect-acs/identity-effect4-node/NodeIdentityClient"
import * as Effect from "effect/Effect"

const foreign = {
  communicationUserId: "8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081"
}

const program = Effect.gen(function*() {
  const identity = yield* CommunicationIdentityClient.CommunicationIdentityClient
  const error = yield* Effect.flip(identity.getToken(foreign, ["chat"]))
  console.log(
    JSON.stringify({
      tag: error._tag,
      status: "status" in error ? error.status : undefined,
      code: "code" in error ? error.code : undefined
    })
  )
})

Effect.runPromise(program.pipe(Effect.provide(NodeIdentityClient.layerConfig())))
