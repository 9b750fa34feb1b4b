// The same page with the drop-in, @effect-acs/communication-identity (its browser build).
import { CommunicationIdentityClient } from "@effect-acs/communication-identity"

new CommunicationIdentityClient(location.hash.slice(1)).createUserAndToken(["chat"])
  .then((result) => (document.body.textContent = `${result.user.communicationUserId} ${result.token.length}`))
