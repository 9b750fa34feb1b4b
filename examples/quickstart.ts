/**
 * The whole identity lifecycle, printed step by step: create a user, issue a
 * `chat` token, get a `voip` token, create a user with a 60-minute token,
 * revoke, delete.
 *
 * Run against any ACS resource (or the emulator):
 *   ACS_CONNECTION_STRING="endpoint=https://<resource>.communication.azure.com/;accesskey=<key>" \
 *     npx tsx --conditions=@effect-acs/source examples/quickstart.ts
 */
import * as CommunicationIdentityClient from "@effect-acs/identity/CommunicationIdentityClient"
import * as TokenParser from "@effect-acs/identity/TokenParser"
import * as NodeIdentityClient from "@effect-acs/identity-node/NodeIdentityClient"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { pathToFileURL } from "node:url"

const step = (name: string, detail: string) => Console.log(`  ✓ ${name.padEnd(38)} ${detail}`)

const describeToken = (token: CommunicationIdentityClient.AccessToken) =>
  Effect.map(Clock.currentTimeMillis, (now) => {
    const info = TokenParser.parse(token.token, { now })
    const scopes = Either.isRight(info) && info.right.scopes.length > 0
      ? info.right.scopes.join(", ")
      : "(opaque token)"
    const minutes = Math.round((token.expiresOn.getTime() - now) / 60_000)
    return `expires ${token.expiresOn.toISOString()} (in ${Math.floor(minutes / 60)} h ${
      minutes % 60
    } min) · scopes ${scopes}`
  })

/**
 * The lifecycle, for any `CommunicationIdentityClient`.
 */
export const quickstart = Effect.gen(function*() {
  const client = yield* CommunicationIdentityClient.CommunicationIdentityClient

  const user = yield* client.createUser()
  yield* step("createUser()", user.communicationUserId)

  const chat = yield* client.getToken(user, ["chat"])
  yield* step(`getToken(user, ["chat"])`, yield* describeToken(chat))

  const voip = yield* client.getToken(user, ["voip"])
  yield* step(`getToken(user, ["voip"])`, yield* describeToken(voip))

  const guest = yield* client.createUserAndToken(["chat", "voip"], { expiresInMinutes: 60 })
  yield* step(`createUserAndToken([...], 60 min)`, guest.user.communicationUserId)
  yield* Console.log(`    ${"".padEnd(38)} ${yield* describeToken(guest)}`)

  yield* client.revokeTokens(user)
  yield* step("revokeTokens(user)", "every token of the user is revoked")

  yield* client.deleteUser(user)
  yield* client.deleteUser(guest.user)
  yield* step("deleteUser(user), deleteUser(guest)", "both users are deleted")
})

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  quickstart.pipe(
    Effect.provide(NodeIdentityClient.layerConfig()),
    Effect.tapErrorCause(Effect.logError),
    Effect.runPromiseExit
  ).then((exit) => process.exit(exit._tag === "Success" ? 0 : 1))
}
