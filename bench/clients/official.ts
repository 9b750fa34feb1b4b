/** The official @azure/communication-identity 1.3.1. */
import { CommunicationIdentityClient } from "@azure/communication-identity"
import type { Setup } from "./types.js"

export const setup: Setup = async (connectionString) => {
  const client = new CommunicationIdentityClient(connectionString, { allowInsecureConnection: true })
  const { user } = await client.createUserAndToken(["chat"])
  return {
    createUserAndToken: () => client.createUserAndToken(["chat"]),
    getToken: () => client.getToken(user, ["chat"]),
    close: async () => {}
  }
}
