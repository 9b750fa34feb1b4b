/**
 * The interop case table of the root suite (test/interop/cases.ts), run with
 * the Effect 4 client on each of its send paths (the direct transport,
 * HTTP/1.1 on node:net; the HttpClient on node:http and on fetch) against the emulator on
 * a loopback socket.
 *
 * The table's steps are Effect 3 programs over its `Run` interface; here each
 * step awaits an Effect 4 run of the client through a Promise. For every step
 * the Effect 4 client's normalised outcome equals what the table says the
 * Effect client observes (the official client's, except its documented
 * stricter checks), errors are typed (`ServiceError` from the service,
 * `InvalidInput` before sending), and the emulator's counters show exactly the
 * requests sent.
 */
import * as Auth from "@effect-acs/identity-effect4/Auth"
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import * as NodeHttpClient from "@effect-acs/identity-effect4-node/NodeHttpClient"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as Emulator from "@effect-acs/identity-emulator/Emulator"
import { assert, describe, expect, layer } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { randomBytes } from "node:crypto"
import * as Effect3 from "../../../../test/effect3.js"
import {
  type Case,
  cases,
  type Construction,
  type Expectation,
  type Failure,
  jwtPayload,
  type Observed,
  operationOf,
  type Run,
  type Success,
  teamsExpiry,
  userPattern
} from "../../../../test/interop/cases.js"
import { isUserOf } from "../../../../test/model/utils.js"
import * as TestEmulator from "../emulator.js"

// ---------------------------------------------------------------------------
// the Effect 4 client, one call at a time, as a normalised outcome

type Attempt =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly failure: Failure; readonly errorType: string }

const idPattern = /8:acs:[0-9a-f-]{36}_[0-9a-f-]{36}/gi

const failureOf = (error: IdentityError): Attempt => {
  const failure: Failure = error._tag === "ServiceError"
    ? { ok: false, statusCode: error.status, code: error.code, message: error.message.replace(idPattern, "<user id>") }
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

/** Runs one Effect 4 call to its outcome (never a rejection). */
const attempt = <A>(effect: Effect.Effect<A, IdentityError>, f: (a: A) => unknown = (a) => a): Promise<Attempt> =>
  Effect.runPromise(
    Effect.match(effect, { onFailure: failureOf, onSuccess: (value): Attempt => ({ ok: true, value: f(value) }) })
  )

// ---------------------------------------------------------------------------
// recording a case

/** The emulator's resource (ids are `8:acs:<resourceId>_<uuid>`). */
const resourceId = "5f3c8a2e-6b1d-4c7e-9a0f-2d4b6e8c1a3f"

type Outcome = Observed | { readonly tokenStatus: Emulator.TokenStatus }

interface Step {
  readonly label: string
  readonly operation: Emulator.Operation | undefined
  readonly observed: Outcome
  readonly errorType: string | undefined
  /** What the table says the Effect client observes. */
  readonly expected: Outcome
}

/** What a success's shape is judged against. */
interface StepContext {
  readonly userId?: string
  readonly minutes?: number
  readonly entraToken?: string
}

/** A success by shape, as the table describes one (see `Success`). */
const success = (value: unknown, resourceId: string, context: StepContext | undefined): Success => {
  if (value === undefined) return { ok: true, keys: "(void)" }
  if (typeof value !== "object" || value === null) return { ok: true, keys: `not an object: ${String(value)}` }
  const result = value as Record<string, unknown>
  const user = "communicationUserId" in result
    ? result["communicationUserId"]
    : (result["user"] as { communicationUserId?: unknown } | undefined)?.communicationUserId
  const observed: { -readonly [K in keyof Success]: Success[K] } = {
    ok: true,
    keys: Object.keys(result).sort().join(",")
  }
  if (user !== undefined)
    observed.user = typeof user === "string" && isUserOf(resourceId, user)
      ? userPattern
      : String(user)
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

const userOf = (result: Attempt) => {
  if (!result.ok) return { communicationUserId: "(the call failed)" }
  const value = result.value as {
    readonly communicationUserId?: unknown
    readonly user?: { readonly communicationUserId?: unknown }
  }
  return { communicationUserId: String(value.communicationUserId ?? value.user?.communicationUserId) }
}

const tokenOf = (result: Attempt): string =>
  result.ok ? String((result.value as { readonly token?: unknown } | undefined)?.token) : ""

const describeScopes = (scopes: ReadonlyArray<string>, minutes: number | undefined) =>
  `[${scopes.join(",")}]${minutes === undefined ? "" : `, ${minutes}`}`

/** The table's `Run` over the Effect 4 client: every step an Effect 3 program awaiting an Effect 4 run. */
const recorder = (
  service: Client.CommunicationIdentityClient.Service,
  emulator: TestEmulator.TestEmulator["Service"]
) => {
  const steps: Array<Step> = []
  const options = (minutes: number | undefined) => minutes === undefined ? {} : { expiresInMinutes: minutes }
  const call = <A>(
    label: string,
    name: keyof typeof operationOf,
    run: () => Promise<Attempt>,
    expect: Expectation,
    then: (result: Attempt) => A,
    context?: StepContext
  ) =>
    Effect3.fromPromise(async () => {
      const result = await run()
      steps.push({
        label: `#${steps.length} ${label}`,
        operation: operationOf[name],
        observed: result.ok ? success(result.value, resourceId, context) : result.failure,
        errorType: result.ok ? undefined : result.errorType,
        expected: expect.effect?.observed ?? expect.official
      })
      return then(result)
    })
  const run: Run = {
    createUser: (expect) => call("createUser()", "createUser", () => attempt(service.createUser()), expect, userOf),
    createUserAndToken: (scopes, minutes, expect) =>
      call(
        `createUserAndToken(${describeScopes(scopes, minutes)})`,
        "createUserAndToken",
        () => attempt(service.createUserAndToken(scopes, options(minutes)), plain),
        expect,
        (result) => ({ user: userOf(result), token: tokenOf(result) }),
        minutes === undefined ? {} : { minutes }
      ),
    getToken: (user, scopes, minutes, expect) =>
      call(
        `getToken(user, ${describeScopes(scopes, minutes)})`,
        "getToken",
        () => attempt(service.getToken(user, scopes, options(minutes)), plain),
        expect,
        tokenOf,
        { userId: user.communicationUserId, ...(minutes !== undefined && { minutes }) }
      ),
    revokeTokens: (user, expect) =>
      call("revokeTokens(user)", "revokeTokens", () => attempt(service.revokeTokens(user)), expect, () => undefined),
    deleteUser: (user, expect) =>
      call("deleteUser(user)", "deleteUser", () => attempt(service.deleteUser(user)), expect, () => undefined),
    getTokenForTeamsUser: (exchange, expect) =>
      call(
        "getTokenForTeamsUser(…)",
        "getTokenForTeamsUser",
        () => attempt(service.getTokenForTeamsUser(exchange), plain),
        expect,
        () => undefined,
        { entraToken: exchange.teamsUserAadToken }
      ),
    tokenStatus: (token, expected) =>
      Effect3.fromPromise(async () => {
        const status = await emulator.tokenStatus(token)
        steps.push({
          label: `#${steps.length} tokenStatus`,
          operation: undefined,
          observed: { tokenStatus: status },
          errorType: undefined,
          expected: { tokenStatus: expected }
        })
      })
  }
  return { steps, run }
}

// ---------------------------------------------------------------------------
// what the emulator must have seen

type Counts = Record<string, number>

/** The emulator's request counters (per operation, whichever it has), identities created and tokens issued. */
const counted = (stats: Emulator.Stats): Counts => ({
  ...stats.requests,
  identitiesCreated: stats.identitiesCreated,
  tokensIssued: stats.tokensIssued
})

const delta = (before: Emulator.Stats, after: Emulator.Stats): Counts => {
  const [from, to] = [counted(before), counted(after)]
  return Object.fromEntries(Object.keys(to).map((key) => [key, to[key]! - (from[key] ?? 0)]))
}

/** What the steps sent (every call but those rejected before sending), over the counters' keys. */
const sent = (steps: ReadonlyArray<Step>, keys: ReadonlyArray<string>): Counts => {
  const counts: Counts = Object.fromEntries(keys.map((key) => [key, 0]))
  for (const step of steps) {
    if (step.operation === undefined || !("ok" in step.observed)) continue
    const observed = step.observed
    if (!observed.ok && observed.statusCode === undefined && observed.code === "InvalidInput") continue
    counts[step.operation] = (counts[step.operation] ?? 0) + 1
    if (observed.ok && step.operation === "createIdentity") counts["identitiesCreated"]! += 1
    if (observed.ok && observed.token === "JWT") counts["tokensIssued"]! += 1
  }
  return counts
}

/** What every case's client sent, for the totals check. */
const tally: Counts = {}

// ---------------------------------------------------------------------------

const otherKey = randomBytes(64).toString("base64")

/** The client's send paths: each case runs on every one. */
const sendPaths: Record<
  string,
  (
    options: Client.CommunicationIdentityClient.Options
  ) => Layer.Layer<Client.CommunicationIdentityClient, IdentityError>
> = {
  "the direct transport (HTTP/1.1 on node:net)": (options) =>
    Client.layerDirect(options).pipe(Layer.provide([NodeHttpClient.layer(), NodeCrypto.layer])),
  "the HttpClient on node:http": (options) =>
    Client.layer(options).pipe(Layer.provide([NodeHttpClient.layer(), NodeCrypto.layer])),
  "the HttpClient on fetch": (options) =>
    Client.layer(options).pipe(Layer.provide([FetchHttpClient.layer, NodeCrypto.layer]))
}

/** The Effect 4 client for a case, constructed as the table says, on a send path, for the socket. */
const clientFor = (
  path: keyof typeof sendPaths,
  construction: Construction,
  served: { readonly url: string; readonly connectionString: string }
) => {
  const key = /accesskey=([^;]+)/.exec(served.connectionString)![1]!
  const options: Client.CommunicationIdentityClient.Options = construction === "keyCredential"
    ? { endpoint: served.url, credential: Auth.keyCredential(key) }
    : {
      connectionString: construction === "wrongKey"
        ? `endpoint=${served.url};accesskey=${otherKey}`
        : served.connectionString
    }
  return Effect.map(
    Layer.build(sendPaths[path]!(options)),
    (context) => Context.get(context, Client.CommunicationIdentityClient)
  )
}

const view = (steps: ReadonlyArray<Step>) => steps.map((step) => ({ step: step.label, ...step.observed }))
const expected = (steps: ReadonlyArray<Step>) => steps.map((step) => ({ step: step.label, ...step.expected }))

/** The emulator (for the file) and its loopback socket. */
class Served extends Context.Service<Served, {
  readonly emulator: TestEmulator.TestEmulator["Service"]
  readonly socket: { readonly url: string; readonly connectionString: string }
}>()("@effect-acs/identity-effect4/test/interop/Served") {}

const Live = Layer.effect(
  Served,
  Effect.gen(function*() {
    const emulator = yield* TestEmulator.TestEmulator
    return { emulator, socket: yield* Effect.promise(() => emulator.listen({ port: 0 })) }
  })
).pipe(Layer.provide(TestEmulator.layer({ resourceId })))

layer(Live, { excludeTestServices: true })(
  "the interop table with the Effect 4 client, on the emulator's socket",
  (it) => {
    const runCase = (path: string, testCase: Case) =>
      Effect.gen(function*() {
        const { emulator, socket } = yield* Served
        const service = yield* Effect.orDie(clientFor(path, testCase.construction ?? "connectionString", socket))
        const { run, steps } = recorder(service, emulator)
        const before = yield* Effect.promise(() => emulator.stats())
        yield* Effect.promise(() => Effect3.runPromise(testCase.run(run)))
        const after = yield* Effect.promise(() => emulator.stats())
        return { steps, seen: delta(before, after) }
      })

    for (const path of Object.keys(sendPaths)) {
      describe(path, () => {
        for (const testCase of cases) {
          it.effect(testCase.name, () =>
            Effect.gen(function*() {
              const { seen, steps } = yield* runCase(path, testCase)
              // the Effect client observes what the table says (the official client's outcome, or its documented stricter check)
              expect(view(steps)).toEqual(expected(steps))
              // typed errors: the service's are ServiceError, a check before sending InvalidInput
              expect(steps.map((step) => step.errorType)).toEqual(
                steps.map((step) =>
                  "ok" in step.observed && !step.observed.ok
                    ? step.observed.statusCode === undefined ? "InvalidInput" : "ServiceError"
                    : undefined
                )
              )
              // the emulator saw exactly what was sent, nothing for a step rejected before sending
              const counts = sent(steps, Object.keys(seen))
              expect(seen).toEqual(counts)
              for (const [key, count] of Object.entries(counts)) tally[key] = (tally[key] ?? 0) + count
            }))
        }
      })
    }

    it.effect("the emulator's totals are what the cases sent", () =>
      Effect.gen(function*() {
        const { emulator } = yield* Served
        const stats = yield* Effect.promise(() => emulator.stats())
        expect(counted(stats)).toEqual({
          ...Object.fromEntries(Object.keys(counted(stats)).map((key) => [key, 0])),
          ...tally
        })
        // the table exercised every operation the official client has
        for (
          const operation of [
            "createIdentity",
            "deleteIdentity",
            "revokeAccessTokens",
            "issueAccessToken",
            "exchangeTeamsUserAccessToken"
          ]
        ) assert.isAbove(tally[operation] ?? 0, 0, operation)
        assert.strictEqual(stats.faultsApplied, 0)
      }))
  }
)
