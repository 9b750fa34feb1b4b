/**
 * The drop-in's types under the official names are structurally compatible
 * with `@azure/communication-identity` 1.3.1's: a value of each official type
 * is assignable to ours and back (checked by `tsc -b`, which compiles this
 * file; the test only runs the assignments). The names come from the node and
 * browser entry points, as users import them.
 */
import type * as Official from "@azure/communication-identity"
import type * as Browser from "@effect-acs/identity-browser"
import type * as Ours from "@effect-acs/identity-node"
import { describe, expectTypeOf, it } from "vitest"

/** `A` and `B` are assignable to each other. */
const both = <A, B>(a: A, b: B, check: (a: A) => B, back: (b: B) => A) => [check(a), back(b)]

describe("the drop-in's types are the official ones, both ways", () => {
  it("token, user token, options and scopes", () => {
    expectTypeOf<Ours.CommunicationAccessToken>().toEqualTypeOf<Browser.CommunicationAccessToken>()
    const token = { token: "t", expiresOn: new Date(0) }
    both<Official.CommunicationAccessToken, Ours.CommunicationAccessToken>(token, token, (a) => a, (b) => b)
    const userToken = { ...token, user: { communicationUserId: "8:acs:r_u" } }
    both<Official.CommunicationUserToken, Ours.CommunicationUserToken>(userToken, userToken, (a) => a, (b) => b)
    const signal = new AbortController().signal
    const getToken = { tokenExpiresInMinutes: 60, abortSignal: signal }
    both<Official.GetTokenOptions, Ours.GetTokenOptions>(getToken, getToken, (a) => a, (b) => b)
    both<Official.CreateUserAndTokenOptions, Ours.CreateUserAndTokenOptions>(getToken, getToken, (a) => a, (b) => b)
    const teams = { teamsUserAadToken: "t", clientId: "c", userObjectId: "o", abortSignal: signal }
    both<Official.GetTokenForTeamsUserOptions, Ours.GetTokenForTeamsUserOptions>(teams, teams, (a) => a, (b) => b)
    const options = {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 2 }
    }
    both<Official.CommunicationIdentityClientOptions, Ours.CommunicationIdentityClientOptions>(
      options,
      options,
      (a) => a,
      (b) => b
    )
    both<Official.TokenScope, Ours.TokenScope>("chat", "voip.join", (a) => a, (b) => b)
    expectTypeOf<Official.TokenScope>().toEqualTypeOf<Ours.TokenScope>()
  })

  it("the client: code typed against the official client takes ours, and the other way", () => {
    const asOfficial = (client: Ours.CommunicationIdentityClient): Pick<
      Official.CommunicationIdentityClient,
      "createUser" | "createUserAndToken" | "getToken" | "revokeTokens" | "deleteUser" | "getTokenForTeamsUser"
    > => client
    // everything ours shares with the official client (ours has more: preview features, assignments)
    const asOurs = (client: Official.CommunicationIdentityClient): Pick<
      Ours.CommunicationIdentityClient,
      keyof Ours.CommunicationIdentityClient & keyof Official.CommunicationIdentityClient
    > => client
    expectTypeOf(asOfficial).returns.toHaveProperty("getToken")
    expectTypeOf(asOurs).returns.toHaveProperty("getToken")
    // and no method of the official client is missing from ours
    expectTypeOf<Exclude<keyof Official.CommunicationIdentityClient, keyof Ours.CommunicationIdentityClient>>()
      .toEqualTypeOf<never>()
  })
})
