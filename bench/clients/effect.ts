/** This library through the Effect API: one ManagedRuntime, built once. */
import * as CommunicationIdentityClient from "@effect-acs/identity/CommunicationIdentityClient"
import * as NodeIdentityClient from "@effect-acs/identity-node/NodeIdentityClient"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { Setup } from "./types.js"

export const setup: Setup = async (connectionString) => {
  const runtime = ManagedRuntime.make(NodeIdentityClient.layer({ connectionString }))
  const client = await runtime.runPromise(CommunicationIdentityClient.CommunicationIdentityClient)
  const { user } = await runtime.runPromise(client.createUserAndToken(["chat"]))
  return {
    createUserAndToken: () => runtime.runPromise(client.createUserAndToken(["chat"])),
    getToken: () => runtime.runPromise(client.getToken(user, ["chat"])),
    close: () => runtime.dispose()
  }
}
