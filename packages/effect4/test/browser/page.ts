/**
 * The browser suite's page for the Effect 4 line: `@effect-acs/identity-effect4-browser`
 * driven from inside Chromium, answering the root suite's `EffectSuitePage`
 * (test/browser/protocol.ts) so that the root scenarios (test/browser/scenarios.ts)
 * run on it as on the Effect 3 page.
 */
import { BrowserCrypto, BrowserHttpClient, BrowserIdentityClient } from "@effect-acs/identity-effect4-browser"
import * as Auth from "@effect-acs/identity-effect4/Auth"
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import type { TokenScope } from "@effect-acs/identity-effect4/Models"
import * as Signing from "@effect-acs/identity-effect4/Signing"
import * as TokenCredential from "@effect-acs/identity-effect4/TokenCredential"
import * as TokenParser from "@effect-acs/identity-effect4/TokenParser"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Base64 from "effect/encoding/Base64"
import * as Exit from "effect/Exit"
import * as HttpClient from "effect/http/HttpClient"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Scope from "effect/Scope"
import type {
  EffectSuitePage,
  Failure,
  HostileInput,
  HostileResult,
  TokenView
} from "../../../../test/browser/protocol.js"
import { cors, failureOf, renderings } from "../../../../test/browser/views.js"

const encoder = new TextEncoder()

const view = (token: Client.AccessToken): TokenView => {
  const text = Redacted.value(token.token)
  return {
    token: text,
    expiresOn: token.expiresOn.toISOString(),
    scopes: Result.match(TokenParser.parse(text, { now: Date.now() }), {
      onFailure: () => [],
      onSuccess: (info) => info.scopes
    })
  }
}

/** The client options of a hostile call: its credential, no retries. */
const hostileOptions = (
  { auth, endpoint, teamsExtensionToken }: HostileInput
): Client.CommunicationIdentityClient.Options => ({
  ...("connectionStringKey" in auth
    ? { connectionString: `endpoint=${endpoint};accesskey=${auth.connectionStringKey}` }
    : "key" in auth
    ? { endpoint, credential: Auth.keyCredential(auth.key) }
    : {
      endpoint,
      credential: Auth.fromAzureTokenCredential({
        getToken: async () => ({ token: auth.bearer, expiresOnTimestamp: Date.now() + 3_600_000 })
      })
    }),
  ...(teamsExtensionToken !== undefined && { apiVersion: "2025-06-30" }),
  retry: { maxRetries: 0 }
})

const suite: EffectSuitePage = {
  lifecycle: ({ connectionString, teams }) =>
    Effect.gen(function*() {
      const client = yield* Client.CommunicationIdentityClient
      const user = yield* client.createUser()
      const guest = yield* client.createUserAndToken(["chat", "voip"], { expiresInMinutes: 60 })
      const token = yield* client.getToken(user, ["voip"], { expiresInMinutes: 120 })
      const named = yield* client.createUser({ customId: "browser-suite" })
      const detail = yield* client.getUser(named)
      const namedToken = yield* client.getToken(named, ["chat"])
      const teamsToken = yield* client.getTokenForTeamsUser({
        teamsUserAadToken: teams.token,
        clientId: teams.clientId,
        userObjectId: teams.userObjectId
      })
      yield* client.revokeTokens(guest.user)
      yield* client.deleteUser(user)
      return {
        user: user.communicationUserId,
        guest: { ...view(guest), user: guest.user.communicationUserId },
        token: view(token),
        named: { user: detail.user.communicationUserId, customId: detail.customId, token: view(namedToken) },
        teams: view(teamsToken)
      }
    }).pipe(
      Effect.provide(BrowserIdentityClient.layerConfig({ apiVersion: "2025-03-02-preview" })),
      Effect.provideService(
        ConfigProvider.ConfigProvider,
        ConfigProvider.fromUnknown({ ACS_CONNECTION_STRING: connectionString })
      ),
      Effect.runPromise
    ),

  failure: ({ connectionString, scopes, userId }) =>
    Effect.gen(function*() {
      const client = yield* Client.CommunicationIdentityClient
      return yield* client.getToken({ communicationUserId: userId }, scopes as ReadonlyArray<TokenScope>)
    }).pipe(
      Effect.provide(BrowserIdentityClient.layer({ connectionString, retry: { maxRetries: 0 } })),
      Effect.match({ onFailure: failureOf, onSuccess: (): Failure => ({ name: "none", message: "succeeded" }) }),
      Effect.runPromise
    ),

  sign: (vectors) =>
    Effect.forEach(vectors, (vector) =>
      Effect.flatMap(
        Effect.orDie(BrowserCrypto.make.hmacKey(Result.getOrThrow(Base64.decode(vector.key)))),
        (key) =>
          Signing.sign(key, {
            method: vector.method,
            url: new URL(vector.url),
            body: encoder.encode(vector.body),
            date: vector.date
          })
      )).pipe(Effect.provide(BrowserCrypto.layer), Effect.runPromise),

  cors,

  effectCredential: async ({ tokenUrl }) => {
    let calls = 0
    const scope = Effect.runSync(Scope.make())
    const program = Effect.gen(function*() {
      const client = HttpClient.filterStatusOk(yield* HttpClient.HttpClient)
      const credential = yield* TokenCredential.fromRefresher({
        refresher: Effect.suspend(() => {
          calls++
          return Effect.flatMap(client.get(tokenUrl), (response) => response.text)
        }),
        refreshProactively: true
      }).pipe(Scope.provide(scope))
      const burst = yield* Effect.all(Array.from({ length: 5 }, () => credential.getToken), {
        concurrency: "unbounded"
      })
      const burstCalls = calls
      const seen = new Set(burst.map((token) => Redacted.value(token.token)))
      for (let i = 0; i < 60 && seen.size < 3; i++) {
        yield* Effect.sleep("100 millis")
        seen.add(Redacted.value((yield* credential.getToken).token))
      }
      yield* Scope.close(scope, Exit.void)
      const afterClose = yield* Effect.flip(credential.getToken)
      return {
        burstCalls,
        burstTokens: new Set(burst.map((token) => Redacted.value(token.token))).size,
        distinctTokens: seen.size,
        afterClose: { name: afterClose._tag, message: afterClose.message }
      }
    })
    return Effect.runPromise(program.pipe(Effect.provide(BrowserHttpClient.layer)))
  },

  hostile: (input) =>
    Effect.gen(function*() {
      const client = yield* Client.CommunicationIdentityClient
      const call: Effect.Effect<unknown, IdentityError> = input.teamsExtensionToken === undefined
        ? client.revokeTokens({ communicationUserId: "8:acs:resource_user" })
        : client.getTokenForTeamsExtensionUser(input.teamsExtensionToken)
      return yield* call
    }).pipe(
      Effect.provide(BrowserIdentityClient.layer(hostileOptions(input))),
      Effect.match({
        onFailure: (error): HostileResult => ({ failure: failureOf(error), renderings: renderings(error) }),
        onSuccess: (): HostileResult => ({ failure: { name: "none", message: "succeeded" }, renderings: [] })
      }),
      Effect.runPromise
    )
}

window.__suite = suite
