/**
 * Shared pieces of the reliability suites: the emulator on a real loopback
 * socket, the real `node:http` transport (under either Effect line's client), outcome checks (success or a typed
 * `IdentityError`, never a defect, an interruption or a hang) and tiny
 * loopback servers for answers the emulator cannot give.
 */
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity/IdentityError"
import * as Retry from "@effect-acs/identity/Retry"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as NodeHttpClient from "@effect-acs/identity-node/NodeHttpClient"
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorServer from "@effect-acs/identity-emulator/EmulatorServer"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import { listen } from "../../packages/core/test/utils/loopback.js"

/** Short backoff for real-time tests. */
export const fastRetry = { baseDelay: "10 millis", maxDelay: "50 millis" } as const

type Service = Client.CommunicationIdentityClient.Service
type Options = Client.CommunicationIdentityClient.Options

/** A request as it goes on the wire (after signing), for a test to alter. */
export interface Wire {
  /** With the query. */
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  /** The body as text, when there is one. */
  readonly body: string | undefined
}

/** What a tampering transport applies to every request; a test swaps it between calls. */
export interface Tamper {
  current: (wire: Wire) => Wire
}

/**
 * The client a suite runs: this line's Effect client here ({@link effect3});
 * the Effect 4 line's tests pass an adapter of theirs (packages/effect4/test),
 * so the same scenarios run on both.
 */
export interface Line {
  /**
   * A `node:http` transport with `http` for the scope, and a constructor of
   * clients that share it (and its sockets); with `tamper`, every request goes
   * through it on its way to the wire (through the `HttpClient`).
   */
  readonly transport: (
    http: NodeHttpClient.Options,
    tamper?: Tamper
  ) => Effect.Effect<(options: Options) => Effect.Effect<Service, IdentityError>, never, Scope.Scope>
  /** Whether a `TransportError`'s cause is the response size limit's. */
  readonly isResponseTooLarge: (cause: unknown) => boolean
}

const decoder = new TextDecoder()

/** `request` as `tamper` alters it. */
const onWire = (request: HttpClientRequest.HttpClientRequest, tamper: (wire: Wire) => Wire) => {
  const body = request.body._tag === "Uint8Array" ? decoder.decode(request.body.body) : undefined
  const wire = tamper({ url: request.url, headers: request.headers, body })
  const altered = HttpClientRequest.setHeaders(HttpClientRequest.setUrl(request, wire.url), wire.headers)
  return wire.body === body || wire.body === undefined
    ? altered
    : HttpClientRequest.bodyText(altered, wire.body, "application/json")
}

/** The node transport's `HttpClient` with `tamper` applied to each request. */
const tampering = (http: NodeHttpClient.Options, tamper: Tamper) =>
  Layer.scoped(
    HttpClient.HttpClient,
    Effect.map(NodeHttpClient.make(http), (node) =>
      HttpClient.make((request) => node.client.execute(onWire(request, tamper.current))))
  )

/** The Effect 3 client on `NodeHttpClient` and `NodeCrypto`. */
export const effect3: Line = {
  transport: (http, tamper) =>
    Effect.map(
      Layer.build(
        Layer.merge(tamper === undefined ? NodeHttpClient.layer(http) : tampering(http, tamper), NodeCrypto.layer)
      ),
      (platform) => (options) => Effect.provide(Client.make(options), platform)
    ),
  isResponseTooLarge: Retry.isResponseTooLarge
}

/** The emulator with `node:crypto`. */
export const emulatorLayer = (options: Emulator.Options = {}) =>
  Emulator.layer(options).pipe(Layer.provideMerge(NodeCrypto.layer))

type Extra = Omit<Options, "connectionString" | "endpoint" | "credential">

/**
 * Serves the emulator on 127.0.0.1 (for the test's scope) and builds a client
 * of `line` for it, on a `node:http` transport with `http`. Its time limits
 * are generous guards that a normal call on a loaded machine stays far
 * inside: a test that needs a short limit (to end a stalled attempt) builds a
 * second client with `clientWith` (the same options plus its own, the same
 * transport) for the faulted call only.
 */
export const served = (line: Line, extra: Extra = {}, http: NodeHttpClient.Options = {}) =>
  Effect.gen(function*() {
    const server = yield* EmulatorServer.serve({ port: 0 })
    const emulator = yield* Emulator.Emulator
    const make = yield* line.transport(http)
    const clientWith = (options: Extra) =>
      make({
        connectionString: server.connectionString,
        retry: fastRetry,
        attemptTimeout: "10 seconds",
        timeout: "15 seconds",
        ...extra,
        ...options
      })
    const client = yield* clientWith({})
    return { server, emulator, client, clientWith }
  })

/** A test of a suite's, built for one client (a line's, a face's) and registered by each line's test file. */
export interface Scenario {
  readonly name: string
  readonly run: () => Effect.Effect<void, unknown>
  /** Runs on the TestClock (`it.effect`); the others run live (`it.live`). */
  readonly testClock?: true
  /** The test's own time limit (a guard), when the default is short for it. */
  readonly timeout?: number
}

/** What an operation ended in. */
export type Outcome<A> =
  | { readonly _tag: "Success"; readonly value: A }
  | { readonly _tag: "Failure"; readonly error: IdentityError }

/**
 * Runs an operation and checks that it ended in a success or one typed
 * failure within `guard` (a generous bound against hangs, not a performance
 * assertion); a defect, an interruption or a hang fails the test.
 */
export const outcome = <A>(effect: Effect.Effect<A, IdentityError>, guard = 20_000) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(Effect.timeoutOption(effect, guard))
    if (Exit.isSuccess(exit)) {
      assert.isTrue(Option.isSome(exit.value), `the operation hung (no outcome within ${guard} ms)`)
      return { _tag: "Success", value: Option.getOrThrow(exit.value) } as Outcome<A>
    }
    assert.isFalse(Cause.isDie(exit.cause), `a defect: ${Cause.pretty(exit.cause)}`)
    assert.isFalse(Cause.isInterrupted(exit.cause), `interrupted: ${Cause.pretty(exit.cause)}`)
    const failures = [...Cause.failures(exit.cause)]
    assert.strictEqual(failures.length, 1, `one typed failure expected: ${Cause.pretty(exit.cause)}`)
    return { _tag: "Failure", error: failures[0]! } as Outcome<A>
  })

/** The value of a successful outcome (else fails the test with the error). */
export const succeeded = <A>(result: Outcome<A>): A => {
  if (result._tag === "Failure") assert.fail(`expected a success, got ${result.error._tag}: ${result.error.message}`)
  return (result as Extract<Outcome<A>, { _tag: "Success" }>).value
}

/** The error of a failed outcome, checked to have `tag`. */
export const failedWith = <A, Tag extends IdentityError["_tag"]>(
  result: Outcome<A>,
  tag: Tag
): Extract<IdentityError, { _tag: Tag }> => {
  if (result._tag === "Success") assert.fail(`expected a ${tag}, got a success`)
  const error = (result as Extract<Outcome<A>, { _tag: "Failure" }>).error
  assert.strictEqual(error._tag, tag, `expected a ${tag}, got ${error._tag}: ${error.message}`)
  return error as Extract<IdentityError, { _tag: Tag }>
}

/** The difference of two emulator stats: requests per operation and the counters. */
export const delta = (before: Emulator.Stats, after: Emulator.Stats) => ({
  requests: Object.fromEntries(
    Object.entries(after.requests).map((
      [operation, n]
    ) => [operation, n - before.requests[operation as Emulator.Operation]])
  ) as Record<Emulator.Operation, number>,
  identitiesCreated: after.identitiesCreated - before.identitiesCreated,
  tokensIssued: after.tokensIssued - before.tokensIssued,
  faultsApplied: after.faultsApplied - before.faultsApplied
})

/** A tiny loopback server for the test's scope. */
export interface LoopbackServer {
  readonly url: string
  /** Requests received so far. */
  readonly requests: () => number
  /** Requests whose connection closed before their response was finished. */
  readonly aborted: () => number
  /** Open connections. */
  readonly connections: Effect.Effect<number>
}

/** Serves `handle` on 127.0.0.1 until the scope closes (every connection is closed then). */
export const loopback = (handle: (req: Http.IncomingMessage, res: Http.ServerResponse) => void) =>
  Effect.gen(function*() {
    let requests = 0
    let aborted = 0
    const { port, server } = yield* listen((req, res) => {
      requests++
      res.on("close", () => {
        if (!res.writableFinished) aborted++
      })
      req.resume()
      req.on("end", () => handle(req, res))
    })
    return {
      url: `http://127.0.0.1:${port}/`,
      requests: () => requests,
      aborted: () => aborted,
      connections: Effect.async<number>((resume) => {
        server.getConnections((error, count) => resume(error ? Effect.die(error) : Effect.succeed(count)))
      })
    } satisfies LoopbackServer
  })

/** A connection string for `url` with a fixed (valid) key. */
export const connectionStringFor = (url: string) =>
  `endpoint=${url};accesskey=${Buffer.from("reliability-test-key-0123456789").toString("base64")}`

/**
 * Polls `check` every 10 ms until it holds, at most `attempts` times; the last
 * value either way. The default bound (at least 20 s) is a guard against a
 * condition that never comes, not a deadline that a slow machine could miss.
 */
export const eventually = <A>(probe: Effect.Effect<A>, check: (a: A) => boolean, attempts = 2_000) =>
  Effect.gen(function*() {
    let value = yield* probe
    for (let i = 0; i < attempts && !check(value); i++) {
      yield* Effect.sleep("10 millis")
      value = yield* probe
    }
    return value
  })
