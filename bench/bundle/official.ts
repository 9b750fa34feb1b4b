// The same page with the official SDK.
import { CommunicationIdentityClient } from "@azure/communication-identity"

new CommunicationIdentityClient(location.hash.slice(1)).createUserAndToken(["chat"])
  .then((result) => (document.body.textContent = `${result.user.communicationUserId} ${result.token.length}`))
