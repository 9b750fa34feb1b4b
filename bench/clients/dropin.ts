/** The drop-in, @effect-acs/communication-identity (no Effect), used as the official client is. */
import { CommunicationIdentityClient, dispose } from "@effect-acs/communication-identity"
import type { Setup } from "./types.js"

export const setup: Setup = async (connectionString) => {
  const client = new CommunicationIdentityClient(connectionString, { allowInsecureConnection: true })
  const { user } = await client.createUserAndToken(["chat"])
  return {
    createUserAndToken: () => client.createUserAndToken(["chat"]),
    getToken: () => client.getToken(user, ["chat"]),
    close: dispose
  }
}
