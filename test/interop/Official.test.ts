/**
 * Interop and drop-in comparison: the case table of `cases.ts`, run with the
 * official `@azure/communication-identity` 1.3.1, our drop-in Promise client
 * and our Effect client against one emulator on a loopback socket.
 *
 * For every step: the official client's normalised outcome equals the table's;
 * the drop-in's equals the official's field by field (`RestError` with
 * `statusCode`, `code`, `message`), with no exception; the Effect client's
 * equals it too (status, code, message), except where the Effect API
 * deliberately checks its input before sending (the table says so and both
 * sides are asserted). The emulator's counters must show exactly the requests
 * each client sent (none for a step rejected before sending).
 */
import { CommunicationIdentityClient as OfficialClient } from "@azure/communication-identity"
import { AzureKeyCredential } from "@azure/core-auth"
import { afterAll, expect, layer } from "@effect/vitest"
import * as Auth from "@effect-acs/identity/Auth"
import { CommunicationIdentityClient as EffectClient } from "@effect-acs/identity/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity/IdentityError"
import type { TokenScope } from "@effect-acs/identity/Models"
import {
  CommunicationIdentityClient as DropInClient,
  dispose,
  NodeCrypto,
  NodeIdentityClient,
  RestError
} from "@effect-acs/identity-node"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorServer from "@effect-acs/identity-emulator/EmulatorServer"
import * as Operation from "@effect-acs/identity-protocol/Operation"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { randomBytes } from "node:crypto"
import { isUserOf } from "../model/utils.js"
import {
  type Case,
  cases,
  type Construction,
  type Expectation,
  type Failure,
  foreignId,
  jwtPayload,
  type Observed,
  operationOf,
  type Run,
  type Success,
  type TeamsExchange,
  teamsExpiry,
  type User,
  userPattern
} from "./cases.js"

// ---------------------------------------------------------------------------
// the emulator on a socket, shared by every case

class Served extends Context.Tag("test/interop/Served")<Served, EmulatorServer.Served>() {}

const Live = Layer.scoped(Served, EmulatorServer.serve({ port: 0 })).pipe(
  Layer.provideMerge(Emulator.layer()),
  Layer.provideMerge(NodeCrypto.layer)
)

// ---------------------------------------------------------------------------
// the three clients behind one interface

type Attempt =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly failure: Failure; readonly errorType: string }

interface Adapter {
  readonly createUser: () => Effect.Effect<Attempt>
  readonly createUserAndToken: (scopes: Array<TokenScope>, minutes: number | undefined) => Effect.Effect<Attempt>
  readonly getToken: (user: User, scopes: Array<TokenScope>, minutes: number | undefined) => Effect.Effect<Attempt>
  readonly revokeTokens: (user: User) => Effect.Effect<Attempt>
  readonly deleteUser: (user: User) => Effect.Effect<Attempt>
  readonly getTokenForTeamsUser: (exchange: TeamsExchange) => Effect.Effect<Attempt>
}

type Kind = "official" | "dropIn" | "effect"

/** The surface the official client and the drop-in share. */
interface PromiseSurface {
  createUser(): Promise<unknown>
  createUserAndToken(scopes: Array<TokenScope>, options?: { tokenExpiresInMinutes?: number }): Promise<unknown>
  getToken(user: User, scopes: Array<TokenScope>, options?: { tokenExpiresInMinutes?: number }): Promise<unknown>
  revokeTokens(user: User): Promise<unknown>
  deleteUser(user: User): Promise<unknown>
  getTokenForTeamsUser(options: TeamsExchange): Promise<unknown>
}

const idPattern = /8:acs:[0-9a-f-]{36}_[0-9a-f-]{36}/gi

/** The emulator's loopback URL, in the official refusal of plain http. */
const endpointPattern = /http:\/\/127\.0\.0\.1:\d+/g

/** A message with identity ids (they differ per client) and the emulator's URL replaced. */
const normaliseMessage = (message: unknown) =>
  String(message).replace(idPattern, "<user id>").replace(endpointPattern, "<endpoint>")

/** A rejection of the official client or the drop-in, normalised. */
const promiseFailure = (kind: Kind, error: unknown): Attempt => {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    readonly name?: unknown
    readonly statusCode?: unknown
    readonly code?: unknown
    readonly message?: unknown
    readonly error?: { readonly _tag?: unknown; readonly field?: unknown }
  }
  const field = e.error?._tag === "InvalidInput" ? String(e.error.field) : undefined
  const failure: Failure = {
    ok: false,
    statusCode: typeof e.statusCode === "number" ? e.statusCode : undefined,
    code: typeof e.code === "string" ? e.code : undefined,
    ...(field === undefined ? { message: normaliseMessage(e.message) } : { field })
  }
  // a plain Error is how both Promise clients refuse a plain-http endpoint
  const errorType = kind === "dropIn" && Object.getPrototypeOf(error) !== Error.prototype
    ? error instanceof RestError ? "RestError" : `not our RestError: ${String(e.name)}`
    : String(e.name)
  return { ok: false, failure, errorType }
}

const promiseAdapter = (kind: Kind, client: PromiseSurface): Adapter => {
  const attempt = (call: () => Promise<unknown>) =>
    Effect.promise(() =>
      call().then((value): Attempt => ({ ok: true, value }), (error: unknown) => promiseFailure(kind, error))
    )
  const options = (minutes: number | undefined) =>
    minutes === undefined ? undefined : { tokenExpiresInMinutes: minutes }
  return {
    createUser: () => attempt(() => client.createUser()),
    createUserAndToken: (scopes, minutes) => attempt(() => client.createUserAndToken(scopes, options(minutes))),
    getToken: (user, scopes, minutes) => attempt(() => client.getToken(user, scopes, options(minutes))),
    revokeTokens: (user) => attempt(() => client.revokeTokens(user)),
    deleteUser: (user) => attempt(() => client.deleteUser(user)),
    getTokenForTeamsUser: (exchange) => attempt(() => client.getTokenForTeamsUser(exchange))
  }
}

const effectFailure = (error: IdentityError): Attempt => {
  const failure: Failure = error._tag === "ServiceError"
    ? { ok: false, statusCode: error.status, code: error.code, message: normaliseMessage(error.message) }
    : error._tag === "InvalidInput"
    ? { ok: false, statusCode: undefined, code: "InvalidInput", field: error.field }
    : { ok: false, statusCode: "status" in error ? error.status : undefined, code: error._tag, message: error.message }
  return { ok: false, failure, errorType: error._tag }
}

/** Tokens unwrapped from `Redacted`; every other key kept. */
const plain = (value: { readonly token: Redacted.Redacted<string> }) => ({
  ...value,
  token: Redacted.value(value.token)
})

const effectAdapter = (service: EffectClient.Service): Adapter => {
  const attempt = <A>(effect: Effect.Effect<A, IdentityError>, f: (a: A) => unknown = (a) => a) =>
    Effect.match(effect, { onFailure: effectFailure, onSuccess: (value): Attempt => ({ ok: true, value: f(value) }) })
  const options = (minutes: number | undefined) => minutes === undefined ? {} : { expiresInMinutes: minutes }
  return {
    createUser: () => attempt(service.createUser()),
    createUserAndToken: (scopes, minutes) => attempt(service.createUserAndToken(scopes, options(minutes)), plain),
    getToken: (user, scopes, minutes) => attempt(service.getToken(user, scopes, options(minutes)), plain),
    revokeTokens: (user) => attempt(service.revokeTokens(user)),
    deleteUser: (user) => attempt(service.deleteUser(user)),
    getTokenForTeamsUser: (exchange) => attempt(service.getTokenForTeamsUser(exchange), plain)
  }
}

const otherKey = randomBytes(64).toString("base64")

/** The three clients, constructed the same way. */
const adapters = (construction: Construction) =>
  Effect.gen(function*() {
    const served = yield* Served
    const emulator = yield* Emulator.Emulator
    const key = Redacted.value(emulator.accessKey)
    const connectionString = construction === "wrongKey"
      ? `endpoint=${served.url};accesskey=${otherKey}`
      : Redacted.value(served.connectionString)
    const insecure = { allowInsecureConnection: construction !== "plainHttp" }
    const promiseClients = construction === "keyCredential"
      ? {
        official: new OfficialClient(served.url, new AzureKeyCredential(key), insecure),
        dropIn: new DropInClient(served.url, new AzureKeyCredential(key), insecure)
      }
      : {
        official: new OfficialClient(connectionString, insecure),
        dropIn: new DropInClient(connectionString, insecure)
      }
    const options: EffectClient.Options = construction === "keyCredential"
      ? { endpoint: served.url, credential: Auth.keyCredential(key) }
      : { connectionString }
    const context = yield* Effect.orDie(Layer.build(NodeIdentityClient.layer(options)))
    return {
      official: promiseAdapter("official", promiseClients.official),
      dropIn: promiseAdapter("dropIn", promiseClients.dropIn),
      effect: effectAdapter(Context.get(context, EffectClient))
    } satisfies Record<Kind, Adapter>
  })

// ---------------------------------------------------------------------------
// recording a case

type Outcome = Observed | { readonly tokenStatus: Emulator.TokenStatus }

interface Step {
  readonly label: string
  readonly operation: Emulator.Operation | undefined
  readonly observed: Outcome
  readonly errorType: string | undefined
  readonly official: Outcome
  /** What the Effect client should observe, when it differs (documented). */
  readonly effect: Outcome | undefined
}

interface StepContext {
  /** The id the token belongs to. */
  readonly userId?: string
  /** The lifetime asked for (the default is 1440). */
  readonly minutes?: number
  /** The Entra token of a Teams exchange. */
  readonly entraToken?: string
}

/** A success by shape. */
const success = (value: unknown, resourceId: string, context: StepContext | undefined): Success => {
  if (value === undefined) return { ok: true, keys: "(void)" }
  if (typeof value !== "object" || value === null) return { ok: true, keys: `not an object: ${String(value)}` }
  const result = value as Record<string, unknown>
  const idShape = (id: unknown) => typeof id === "string" && isUserOf(resourceId, id) ? userPattern : String(id)
  const user = "communicationUserId" in result
    ? result["communicationUserId"]
    : "user" in result
    ? (result["user"] as { communicationUserId?: unknown } | undefined)?.communicationUserId
    : undefined
  const observed: { -readonly [K in keyof Success]: Success[K] } = {
    ok: true,
    keys: Object.keys(result).sort().join(",")
  }
  if (user !== undefined) observed.user = idShape(user)
  if (context === undefined) return observed
  const token = result["token"]
  const payload = jwtPayload(token)
  observed.token = payload !== undefined ? "JWT" : typeof token === "string" ? `not a JWT: ${token}` : String(token)
  if (payload !== undefined) {
    if (context.entraToken === undefined) observed.acsScope = String(payload["acsScope"])
    const subject = String(payload["skypeid"])
    const userId = context.userId ?? (typeof user === "string" ? user : undefined)
    observed.subject = userId !== undefined && subject === userId.slice(2) ? "the user" : subject
  }
  const expiresOn = result["expiresOn"]
  if (!(expiresOn instanceof Date)) {
    observed.expiresOn = expiresOn === undefined ? "undefined" : `not a Date: ${String(expiresOn)}`
  } else if (context.entraToken !== undefined) {
    const exp = jwtPayload(context.entraToken)?.["exp"]
    observed.expiresOn = typeof exp === "number" && expiresOn.getTime() === exp * 1000
      ? teamsExpiry
      : expiresOn.toISOString()
  } else {
    const minutes = context.minutes ?? 1440
    observed.expiresOn = Math.abs(expiresOn.getTime() - (Date.now() + minutes * 60_000)) <= 60_000
      ? `now + ${minutes} min`
      : expiresOn.toISOString()
  }
  return observed
}

const userOf = (attempt: Attempt): User => {
  if (!attempt.ok) return { communicationUserId: "(the call failed)" }
  const value = attempt.value as {
    readonly communicationUserId?: unknown
    readonly user?: { readonly communicationUserId?: unknown }
  }
  return { communicationUserId: String(value.communicationUserId ?? value.user?.communicationUserId) }
}

const tokenOf = (attempt: Attempt): string =>
  attempt.ok ? String((attempt.value as { readonly token?: unknown } | undefined)?.token) : ""

const describeScopes = (scopes: ReadonlyArray<string>, minutes: number | undefined) =>
  `[${scopes.join(",")}]${minutes === undefined ? "" : `, ${minutes}`}`

/** Runs a case with one client, recording each step. */
const record = (testCase: Case, adapter: Adapter) =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    const steps: Array<Step> = []
    const call = (
      label: string,
      name: keyof typeof operationOf,
      attempt: Effect.Effect<Attempt>,
      expect: Expectation,
      context?: StepContext
    ) =>
      Effect.tap(attempt, (result) => {
        steps.push({
          label: `#${steps.length} ${label}`,
          operation: operationOf[name],
          observed: result.ok ? success(result.value, emulator.resourceId, context) : result.failure,
          errorType: result.ok ? undefined : result.errorType,
          official: expect.official,
          effect: expect.effect?.observed
        })
      })
    const run: Run = {
      createUser: (expect) => Effect.map(call("createUser()", "createUser", adapter.createUser(), expect), userOf),
      createUserAndToken: (scopes, minutes, expect) =>
        Effect.map(
          call(
            `createUserAndToken(${describeScopes(scopes, minutes)})`,
            "createUserAndToken",
            adapter.createUserAndToken([...scopes], minutes),
            expect,
            minutes === undefined ? {} : { minutes }
          ),
          (attempt) => ({ user: userOf(attempt), token: tokenOf(attempt) })
        ),
      getToken: (user, scopes, minutes, expect) =>
        Effect.map(
          call(
            `getToken(user, ${describeScopes(scopes, minutes)})`,
            "getToken",
            adapter.getToken(user, [...scopes], minutes),
            expect,
            { userId: user.communicationUserId, ...(minutes !== undefined && { minutes }) }
          ),
          tokenOf
        ),
      revokeTokens: (user, expect) =>
        Effect.asVoid(call("revokeTokens(user)", "revokeTokens", adapter.revokeTokens(user), expect)),
      deleteUser: (user, expect) =>
        Effect.asVoid(call("deleteUser(user)", "deleteUser", adapter.deleteUser(user), expect)),
      getTokenForTeamsUser: (exchange, expect) =>
        Effect.asVoid(call(
          "getTokenForTeamsUser(…)",
          "getTokenForTeamsUser",
          adapter.getTokenForTeamsUser(exchange),
          expect,
          { entraToken: exchange.teamsUserAadToken }
        )),
      tokenStatus: (token, expected) =>
        Effect.map(emulator.tokenStatus(token), (status) => {
          steps.push({
            label: `#${steps.length} tokenStatus`,
            operation: undefined,
            observed: { tokenStatus: status },
            errorType: undefined,
            official: { tokenStatus: expected },
            effect: undefined
          })
        })
    }
    const before = yield* emulator.stats
    yield* testCase.run(run)
    const after = yield* emulator.stats
    return { steps, before, after }
  })

// ---------------------------------------------------------------------------
// what the emulator must have seen

type Counts = Record<Emulator.Operation, number> & { identitiesCreated: number; tokensIssued: number }

const zero = (): Counts => ({
  ...Object.fromEntries(Operation.names.map((name) => [name, 0])) as Record<Emulator.Operation, number>,
  identitiesCreated: 0,
  tokensIssued: 0
})

/** Whether a failure happened before sending: no status, and `InvalidInput` or no code (a plain `Error`). */
const beforeSending = (observed: Observed) =>
  !observed.ok && observed.statusCode === undefined && (observed.code === "InvalidInput" || observed.code === undefined)

/** What a client's steps sent: every call except those rejected before sending. */
const sent = (steps: ReadonlyArray<Step>): Counts => {
  const counts = zero()
  for (const step of steps) {
    if (step.operation === undefined || !("ok" in step.observed)) continue
    const observed = step.observed
    // a request to a route the emulator does not have (`/identities//…` of an empty id) counts for no operation
    if (beforeSending(observed) || (!observed.ok && observed.code === "NotFound")) continue
    counts[step.operation]++
    if (observed.ok && step.operation === "createIdentity") counts.identitiesCreated++
    if (observed.ok && observed.token === "JWT") counts.tokensIssued++
  }
  return counts
}

const counted = (stats: Emulator.Stats): Counts => ({
  ...stats.requests,
  identitiesCreated: stats.identitiesCreated,
  tokensIssued: stats.tokensIssued
})

const delta = (before: Emulator.Stats, after: Emulator.Stats): Counts => {
  const [from, to] = [counted(before), counted(after)]
  const counts = zero()
  for (const key of Object.keys(counts) as Array<keyof Counts>) counts[key] = to[key] - from[key]
  return counts
}

/** What every executed case's clients sent, for the totals check. */
const tally = zero()
const add = (counts: Counts) => {
  for (const key of Object.keys(counts) as Array<keyof Counts>) tally[key] += counts[key]
}

// ---------------------------------------------------------------------------

const view = (steps: ReadonlyArray<Step>) => steps.map((step) => ({ step: step.label, ...step.observed }))
const expected = (steps: ReadonlyArray<Step>, effect: boolean) =>
  steps.map((step) => ({ step: step.label, ...(effect ? step.effect ?? step.official : step.official) }))
const withoutDifferences = (steps: ReadonlyArray<Step>, reference: ReadonlyArray<Step>) =>
  view(steps.filter((_, i) => reference[i]?.effect === undefined))

afterAll(() => dispose())

layer(Live, { excludeTestServices: true })(
  "official client vs drop-in vs Effect client, on the emulator's socket",
  (it) => {
    for (const testCase of cases) {
      it.scoped(testCase.name, () =>
        Effect.gen(function*() {
          const clients = yield* adapters(testCase.construction ?? "connectionString")
          const official = yield* record(testCase, clients.official)
          const dropIn = yield* record(testCase, clients.dropIn)
          const effect = yield* record(testCase, clients.effect)
          for (const run of [official, dropIn, effect]) add(sent(run.steps))

          // the table describes what the official client observes
          expect(view(official.steps)).toEqual(expected(official.steps, false))
          // field by field, with no exception: the drop-in is the official client
          expect(view(dropIn.steps)).toEqual(view(official.steps))
          // the Effect client observes the same, except its documented up-front checks, asserted as documented
          expect(view(effect.steps)).toEqual(expected(official.steps, true))
          expect(withoutDifferences(effect.steps, official.steps)).toEqual(
            withoutDifferences(official.steps, official.steps)
          )
          // a documented difference is a real one
          for (const [i, step] of official.steps.entries()) {
            if (step.effect !== undefined) expect(effect.steps[i]?.observed, step.label).not.toEqual(step.observed)
          }

          // errors: RestError from both Promise clients (ours an instance of our RestError; a plain Error for the
          // plain-http refusal, with no status or code), typed errors from Effect
          const promiseErrorType = (step: Step) =>
            "ok" in step.observed && !step.observed.ok
              ? step.observed.statusCode === undefined && step.observed.code === undefined ? "Error" : "RestError"
              : undefined
          expect(official.steps.map((step) => step.errorType)).toEqual(official.steps.map(promiseErrorType))
          expect(dropIn.steps.map((step) => step.errorType)).toEqual(dropIn.steps.map(promiseErrorType))
          expect(effect.steps.map((step) => step.errorType)).toEqual(
            effect.steps.map((step) =>
              "ok" in step.observed && !step.observed.ok
                ? step.observed.statusCode === undefined ? "InvalidInput" : "ServiceError"
                : undefined
            )
          )

          // the emulator saw exactly what each client sent, and nothing for a step rejected before sending
          expect(delta(official.before, official.after)).toEqual(sent(official.steps))
          expect(delta(dropIn.before, dropIn.after)).toEqual(sent(dropIn.steps))
          expect(delta(effect.before, effect.after)).toEqual(sent(effect.steps))
        }))
    }

    /** The rejections of `getToken` for another resource's identity, by the official client and the drop-in (tallied). */
    const foreignRejections = Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const connectionString = Redacted.value((yield* Served).connectionString)
      const rejection = (client: PromiseSurface) =>
        Effect.promise(() =>
          client.getToken({ communicationUserId: foreignId }, ["chat"]).then(() => undefined, (error: unknown) => error)
        )
      const before = yield* emulator.stats
      const official = yield* rejection(new OfficialClient(connectionString, { allowInsecureConnection: true }))
      const dropIn = yield* rejection(new DropInClient(connectionString, { allowInsecureConnection: true }))
      const seen = delta(before, yield* emulator.stats)
      add(seen)
      expect(seen).toEqual({ ...zero(), issueAccessToken: 2 })
      return { official, dropIn }
    })

    it.effect("the official RestError carries details (the parsed error body); ours statusCode, code, message", () =>
      Effect.gen(function*() {
        const { dropIn, official } = yield* foreignRejections
        const envelope = {
          error: { code: "IdentityNotOwned", message: "Provided identity doesn't belong to the resource." }
        }
        expect(official).toMatchObject({ name: "RestError", statusCode: 401, ...envelope.error, details: envelope })
        expect(dropIn).toBeInstanceOf(RestError)
        expect(dropIn).toMatchObject({ name: "RestError", statusCode: 401, ...envelope.error })
      }))

    it.effect("the drop-in's RestError carries the official `details` (the parsed error body)", () =>
      Effect.gen(function*() {
        const { dropIn, official } = yield* foreignRejections
        expect((official as { details?: unknown }).details).toBeDefined()
        expect((dropIn as { details?: unknown }).details).toEqual((official as { details?: unknown }).details)
      }))

    it.effect("a plain http endpoint: refused at the request as the official client refuses it, nothing sent", () =>
      Effect.gen(function*() {
        const served = yield* Served
        const emulator = yield* Emulator.Emulator
        const key = Redacted.value(emulator.accessKey)
        const connectionString = Redacted.value(served.connectionString)
        const entra = {
          getToken: () => Promise.resolve({ token: "an-entra-token", expiresOnTimestamp: Date.now() + 3_600_000 })
        }
        const localhost = served.url.replace("127.0.0.1", "localhost")
        const constructions: ReadonlyArray<readonly [string, ReadonlyArray<unknown>]> = [
          ["a connection string", [connectionString]],
          ["a connection string, allowInsecureConnection: false", [connectionString, {
            allowInsecureConnection: false
          }]],
          ["an AzureKeyCredential", [served.url, new AzureKeyCredential(key)]],
          ["a TokenCredential", [served.url, entra]],
          ["a TokenCredential, allowInsecureConnection: true", [served.url, entra, { allowInsecureConnection: true }]],
          ["a TokenCredential on localhost, allowInsecureConnection: true", [localhost, entra, {
            allowInsecureConnection: true
          }]]
        ]
        const outcome = (call: () => Promise<unknown>) =>
          Effect.promise(() =>
            call().then(
              () => "resolved",
              (error: Error & { code?: unknown; statusCode?: unknown }) => ({
                plainError: Object.getPrototypeOf(error) === Error.prototype,
                name: error.name,
                message: error.message.replace(served.url, "<endpoint>"),
                code: error.code,
                statusCode: error.statusCode
              })
            )
          )
        const before = yield* emulator.stats
        for (const [label, args] of constructions) {
          const [official, dropIn] = [OfficialClient, DropInClient].map((Client) =>
            new (Client as unknown as new(...args: ReadonlyArray<unknown>) => PromiseSurface)(...args)
          )
          for (
            const [call, run] of [
              ["createUser", (client: PromiseSurface) => client.createUser()],
              [
                "getToken",
                (client: PromiseSurface) => client.getToken({ communicationUserId: "8:acs:a b/c" }, ["chat"])
              ],
              ["deleteUser", (client: PromiseSurface) => client.deleteUser({ communicationUserId: ".." })]
            ] as const
          ) {
            const theirs = yield* outcome(() => run(official!))
            expect(theirs, `${label}: ${call}`).toMatchObject({ plainError: true, name: "Error", code: undefined })
            expect(yield* outcome(() => run(dropIn!)), `${label}: ${call}`).toEqual(theirs)
          }
        }
        expect(delta(before, yield* emulator.stats)).toEqual(zero())
      }))

    it.effect("the emulator's totals are what the cases' clients sent", () =>
      Effect.gen(function*() {
        const stats = yield* Effect.flatMap(Emulator.Emulator, (emulator) => emulator.stats)
        expect(counted(stats)).toEqual(tally)
        // the table exercised every operation the official client has
        for (
          const operation of [
            "createIdentity",
            "deleteIdentity",
            "revokeAccessTokens",
            "issueAccessToken",
            "exchangeTeamsUserAccessToken"
          ] as const
        ) expect(tally[operation], operation).toBeGreaterThan(0)
        expect(stats.faultsApplied).toBe(0)
      }))
  }
)
