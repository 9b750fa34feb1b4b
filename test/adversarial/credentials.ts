/**
 * The scenarios of Credentials.test.ts (on this line's faces) and of
 * packages/effect4/test (on the Effect 4 client's):
 *
 * Hostile credentials: never settling, throwing, garbage, tokens with control
 * characters. Each ends in a typed error within the client's own limits, with
 * no token in any message, on every face.
 */
import * as Auth from "@effect-acs/identity/Auth"
import type * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity/IdentityError"
import * as Effect from "effect/Effect"
import { loopback, type Scenario } from "../reliability/harness.js"
import { bounded, entra, type Face, noLeaks, typedFailure } from "./harness.js"

const user = { communicationUserId: "8:acs:resource_user" }
const token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW9mLWEtdG9rZW4"

/** The title the scenarios run under, with the face's name. */
export const title = "hostile credentials"

/** The scenarios on `face`. */
export const scenarios = (face: Face): ReadonlyArray<Scenario> => {
  const all: Array<Scenario> = []
  const live = (name: string, run: () => Effect.Effect<unknown, unknown>, timeout?: number) =>
    all.push({ name, run: () => Effect.asVoid(run()), ...(timeout !== undefined && { timeout }) })
  const against = <A, Tag extends IdentityError["_tag"]>(
    credential: Auth.Credential,
    run: (client: Client.CommunicationIdentityClient.Service) => Effect.Effect<A, IdentityError>,
    tag: Tag,
    secrets: ReadonlyArray<string>
  ) =>
    noLeaks(Effect.gen(function*() {
      // a server that would answer, so that only the credential can hold the call up
      const server = yield* loopback((_, res) => res.writeHead(204).end())
      const client = yield* face.make({ endpoint: server.url, credential, ...bounded })
      return yield* typedFailure(run(client), tag, secrets)
    }))

  live(
    "a credential that never answers: the attempt and overall timeouts still end the call",
    () =>
      Effect.gen(function*() {
        const error = yield* against(
          entra(() => new Promise(() => {})),
          (c) => c.revokeTokens(user),
          "TransportError",
          []
        )
        if (!error.timedOut) throw new Error(`expected a timeout, got ${error.message}`)
      })
  )

  live(
    "a credential that throws: CredentialError",
    () =>
      Effect.asVoid(against(
        entra(() => Promise.reject(new Error("vault unreachable"))),
        (c) => c.revokeTokens(user),
        "CredentialError",
        []
      ))
  )

  live("a credential that returns garbage: CredentialError", () =>
    Effect.gen(function*() {
      for (const garbage of [null, { token: "", expiresOnTimestamp: 0 }]) {
        yield* against(entra(() => Promise.resolve(garbage)), (c) => c.revokeTokens(user), "CredentialError", [])
      }
    }))

  live(
    "a token with CR/LF or NUL never reaches the transport: CredentialError without the token",
    () =>
      Effect.gen(function*() {
        for (const bad of [`${token}\r\nX-Injected: 1`, `${token}\u0000`, `${token}\n`]) {
          yield* against(
            entra(() => Promise.resolve({ token: bad, expiresOnTimestamp: Date.now() + 3_600_000 })),
            (c) => c.revokeTokens(user),
            "CredentialError",
            [token]
          )
        }
      })
  )

  live(
    "a Teams Phone extension token with control characters: InvalidInput without the token",
    () =>
      Effect.gen(function*() {
        const server = yield* loopback((_, res) => res.writeHead(500).end())
        const client = yield* face.make({
          endpoint: server.url,
          credential: Auth.keyCredential(Buffer.alloc(32, 1).toString("base64")),
          apiVersion: "2025-06-30",
          ...bounded
        })
        for (const bad of [`${token}\r\n`, `${token}\u0000x`, `${token}\u2028`]) {
          yield* typedFailure(client.getTokenForTeamsExtensionUser(bad), "InvalidInput", [token])
        }
        if (server.requests() !== 0) throw new Error("a request was sent")
      }).pipe(Effect.scoped)
  )
  return all
}
