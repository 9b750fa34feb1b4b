// packages/effect4/bench/effect4.ts
import * as CommunicationIdentityClient from "@effect-acs/identity-effect4/CommunicationIdentityClient";
import * as NodeIdentityClient from "@effect-acs/identity-effect4-node/NodeIdentityClient";
import * as Effect from "effect/Effect";
import * as ManagedRuntime from "effect/ManagedRuntime";
var setup = async (connectionString) => {
  const runtime = ManagedRuntime.make(NodeIdentityClient.layer({ connectionString }));
  const client = await runtime.runPromise(Effect.service(CommunicationIdentityClient.CommunicationIdentityClient));
  const { user } = await runtime.runPromise(client.createUserAndToken(["chat"]));
  return {
    createUserAndToken: () => runtime.runPromise(client.createUserAndToken(["chat"])),
    getToken: () => runtime.runPromise(client.getToken(user, ["chat"])),
    close: () => runtime.dispose()
  };
};
export {
  setup
};
