/**
 * The browser suite's page: `@effect-acs/identity-browser` driven from
 * inside Chromium. Each entry of `window.__suite` runs one scenario and
 * answers plain JSON (see `protocol.ts`).
 */
import {
  AzureCommunicationTokenCredential,
  BrowserCrypto,
  BrowserHttpClient,
  BrowserIdentityClient,
  CommunicationIdentityClient as PromiseIdentityClient,
  dispose,
  RestError
} from "@effect-acs/identity-browser"
import * as Auth from "@effect-acs/identity/Auth"
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity/IdentityError"
import type { TokenScope } from "@effect-acs/identity/Models"
import * as Signing from "@effect-acs/identity/Signing"
import * as TokenCredential from "@effect-acs/identity/TokenCredential"
import * as TokenParser from "@effect-acs/identity/TokenParser"
import * as HttpClient from "@effect/platform/HttpClient"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import type { AccessTokenView, Failure, HostileInput, HostileResult, SuitePage, TokenView } from "./protocol.js"
import { cors, failureOf, renderings } from "./views.js"

const encoder = new TextEncoder()

const scopesOf = (token: string): ReadonlyArray<string> =>
  Either.match(TokenParser.parse(token, { now: Date.now() }), { onLeft: () => [], onRight: (info) => info.scopes })

const view = (token: Client.AccessToken): TokenView => ({
  token: Redacted.value(token.token),
  expiresOn: token.expiresOn.toISOString(),
  scopes: scopesOf(Redacted.value(token.token))
})

const plain = (token: { readonly token: string; readonly expiresOnTimestamp: number }): AccessTokenView => ({
  token: token.token,
  expiresOnTimestamp: token.expiresOnTimestamp
})

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

const sleep = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis))

/** Polls `done` every 50 ms for at most `millis`; rejects when it never holds. */
const until = async (done: () => boolean, millis: number, what: string) => {
  for (let waited = 0; !done(); waited += 50) {
    if (waited >= millis) throw new Error(`${what} did not happen within ${millis} ms`)
    await sleep(50)
  }
}

/** A token refresher over `fetch` that counts the calls it started and the tokens it fetched. */
const refresher = (url: string) => {
  let started = 0
  let fetched = 0
  return {
    started: () => started,
    fetched: () => fetched,
    fetch: async (abortSignal?: AbortSignal) => {
      started++
      const response = await fetch(url, { signal: abortSignal ?? null, cache: "no-store" })
      if (!response.ok) throw new Error(`${url} answered ${response.status}`)
      const token = await response.text()
      fetched++
      return token
    }
  }
}

const rejection = (promise: Promise<unknown>): Promise<string> =>
  promise.then(() => "resolved", (error: unknown) => error instanceof Error ? error.message : String(error))

const suite: SuitePage = {
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
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["ACS_CONNECTION_STRING", connectionString]]))),
      Effect.runPromise
    ),

  promiseClient: async ({ connectionString, foreignUserId }) => {
    const client = new PromiseIdentityClient(connectionString, { allowInsecureConnection: true })
    const { expiresOn, token, user } = await client.createUserAndToken(["chat"])
    const voip = await client.getToken(user, ["voip"])
    await client.revokeTokens(user)
    await client.deleteUser(user)
    const failure = await client.getToken({ communicationUserId: foreignUserId }, ["chat"]).then(
      (): Failure => ({ name: "none", message: "resolved" }),
      (error: unknown): Failure =>
        error instanceof RestError
          ? {
            name: error.name,
            message: error.message,
            ...(error.statusCode !== undefined && { status: error.statusCode }),
            ...(error.code !== undefined && { code: error.code }),
            isRestError: true
          }
          : { name: "unexpected", message: String(error) }
    )
    await dispose()
    return { user: user.communicationUserId, tokens: [token, voip.token], expiresOn: expiresOn.toISOString(), failure }
  },

  failure: ({ connectionString, scopes, userId }) =>
    Effect.flatMap(
      Client.CommunicationIdentityClient,
      (client) => client.getToken({ communicationUserId: userId }, scopes as ReadonlyArray<TokenScope>)
    ).pipe(
      Effect.provide(BrowserIdentityClient.layer({ connectionString, retry: { maxRetries: 0 } })),
      Effect.match({ onFailure: failureOf, onSuccess: (): Failure => ({ name: "none", message: "succeeded" }) }),
      Effect.runPromise
    ),

  sign: (vectors) =>
    Effect.forEach(vectors, (vector) =>
      Effect.flatMap(
        Effect.orDie(Effect.flatMap(Encoding.decodeBase64(vector.key), BrowserCrypto.make.hmacKey)),
        (key) =>
          Signing.sign(key, {
            method: vector.method,
            url: new URL(vector.url),
            body: encoder.encode(vector.body),
            date: vector.date
          })
      )).pipe(Effect.provide(BrowserCrypto.layer), Effect.runPromise),

  cors,

  proactive: async ({ tokenUrl }) => {
    const source = refresher(tokenUrl)
    const credential = new AzureCommunicationTokenCredential({
      tokenRefresher: source.fetch,
      refreshProactively: true
    })
    const first = await credential.getToken()
    // nobody calls getToken meanwhile: only the proactive timer refreshes
    await until(() => source.fetched() >= 3, 15_000, "two proactive refreshes")
    const latest = await credential.getToken()
    const fetched = source.fetched()
    credential.dispose()
    const startedAtDispose = source.started()
    const afterDispose = await rejection(credential.getToken())
    await sleep(2_000)
    return {
      first: plain(first),
      latest: plain(latest),
      fetched,
      startedAtDispose,
      startedAfterDispose: source.started(),
      afterDispose,
      scopes: scopesOf(latest.token)
    }
  },

  onDemand: async ({ expiredUrl, tokenUrl }) => {
    const source = refresher(tokenUrl)
    const credential = new AzureCommunicationTokenCredential({
      tokenRefresher: source.fetch
    })
    const first = await credential.getToken()
    const cached = await credential.getToken()
    await sleep(Math.max(0, first.expiresOnTimestamp - Date.now()) + 100)
    const second = await credential.getToken()
    const fetched = source.fetched()
    credential.dispose()
    const expiring = new AzureCommunicationTokenCredential({
      tokenRefresher: refresher(expiredUrl).fetch
    })
    const expired = await rejection(expiring.getToken())
    expiring.dispose()
    return { first: plain(first), cached: plain(cached), second: plain(second), fetched, expired }
  },

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
      }).pipe(Scope.extend(scope))
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
    Effect.flatMap(
      Client.CommunicationIdentityClient,
      (client): Effect.Effect<unknown, IdentityError> =>
        input.teamsExtensionToken === undefined
          ? client.revokeTokens({ communicationUserId: "8:acs:resource_user" })
          : client.getTokenForTeamsExtensionUser(input.teamsExtensionToken)
    ).pipe(
      Effect.provide(BrowserIdentityClient.layer(hostileOptions(input))),
      Effect.match({
        onFailure: (error): HostileResult => ({ failure: failureOf(error), renderings: renderings(error) }),
        onSuccess: (): HostileResult => ({ failure: { name: "none", message: "succeeded" }, renderings: [] })
      }),
      Effect.runPromise
    )
}

window.__suite = suite
