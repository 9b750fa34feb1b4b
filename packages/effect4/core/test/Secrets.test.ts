/**
 * No secret ever escapes: access keys and tokens must not appear in errors,
 * logs or spans along any failure path, and results keep tokens `Redacted`.
 *
 * Secrets are random per run: an access key (base64 of random bytes; checked
 * as its base64 text, its bytes as latin1 and as hex) and a JWT-shaped token
 * (the service's tokens and Entra tokens are JWTs) that the scripted server
 * returns, that is sent as the Teams user's Entra token, and that a bearer
 * credential hands out. A leak is any substring of length >= 8 of a secret.
 *
 * Request ids and span ids are made deterministic and non-hex so that hex
 * renderings of a random key cannot collide with them by chance.
 *
 * The Effect 3 line's `Secrets.test.ts` on Effect 4: its renderings are
 * Effect 4's (`Inspectable` formatting of errors, `Redacted`, `Cause.pretty`,
 * the `logfmt`/JSON/simple loggers). The Promise API's cases stay with the
 * Effect 3 line, whose core alone has a `PromiseClient`.
 */
import * as Auth from "@effect-acs/identity-effect4/Auth"
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import { Crypto } from "@effect-acs/identity-effect4/Crypto"
import * as ConnectionString from "@effect-acs/identity-effect4/ConnectionString"
import { CredentialError } from "@effect-acs/identity-effect4/IdentityError"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import * as Retry from "@effect-acs/identity-effect4/Retry"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import fc from "fast-check"
import * as Fiber from "effect/Fiber"
import * as Formatter from "effect/Formatter"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import * as TestClock from "effect/testing/TestClock"
import * as Tracer from "effect/Tracer"
import { inspect } from "node:util"
import { property } from "./utils/property.js"
import * as Cases from "../../../../test/cases/Secrets.js"
import * as Scripted from "./utils/scripted.js"

// ---------------------------------------------------------------------------
// Capturing logs and spans
// ---------------------------------------------------------------------------

interface RecordedSpan {
  readonly name: string
  readonly attributes: Map<string, unknown>
  readonly events: Array<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }>
  exit: Exit.Exit<unknown, unknown> | undefined
}

/** A tracer that records every span (attributes, events, exit), with non-random ids. */
const recordingTracer = (spans: Array<RecordedSpan>): Tracer.Tracer => {
  let counter = 0
  return Tracer.make({
    span({ annotations, kind, links, name, parent, startTime }) {
      counter++
      const recorded: RecordedSpan = { name, attributes: new Map(), events: [], exit: undefined }
      spans.push(recorded)
      let status: Tracer.SpanStatus = { _tag: "Started", startTime }
      const allLinks = [...links]
      return {
        _tag: "Span",
        name,
        spanId: `span-${counter}`,
        traceId: Option.match(parent, { onNone: () => `trace-${counter}`, onSome: (p) => p.traceId }),
        parent,
        annotations,
        get status() {
          return status
        },
        attributes: recorded.attributes,
        links: allLinks,
        sampled: true,
        kind,
        end(endTime, exit) {
          status = { _tag: "Ended", startTime, endTime, exit }
          recorded.exit = exit
        },
        attribute(key, value) {
          recorded.attributes.set(key, value)
        },
        event(eventName, _startTime, attributes) {
          recorded.events.push({ name: eventName, attributes })
        },
        addLinks(more) {
          allLinks.push(...more)
        }
      }
    }
  })
}

/** `Crypto` on node:crypto with deterministic, non-hex request ids. */
const deterministicCrypto = () => {
  let counter = 0
  const randomUUID = () => `request-${++counter}`
  return Layer.succeed(Crypto, {
    ...NodeCrypto.make,
    randomUUID: Effect.sync(randomUUID),
    sync: { ...NodeCrypto.make.sync!, randomUUID }
  })
}

interface Captured {
  readonly exit: Exit.Exit<unknown, IdentityError>
  readonly texts: ReadonlyArray<readonly [string, string]>
}

/**
 * Runs `effect` (forked, with plenty of TestClock time for retries and
 * timeouts) at the Debug log level, logs its failure (the error with `Effect.logError`, annotated,
 * and the whole cause), records its spans, and renders everything a leak
 * could hide in.
 */
const capture = <A>(label: string, effect: Effect.Effect<A, IdentityError>, timed = false) =>
  Effect.gen(function*() {
    const lines: Array<string> = []
    const spans: Array<RecordedSpan> = []
    const logger = Logger.make<unknown, void>((options) => {
      lines.push(Logger.formatLogFmt.log(options))
      lines.push(Logger.formatJson.log(options))
      lines.push(Logger.formatSimple.log(options))
      lines.push(inspect(options.message, { depth: 10 }))
      lines.push(inspect(options.fiber.getRef(References.CurrentLogAnnotations), { depth: 10 }))
      lines.push(Cause.pretty(options.cause))
    })
    const instrumented = effect.pipe(
      Effect.tapCause((cause) => Effect.logError("operation failed", cause)),
      Effect.tapError((error) =>
        Effect.logError(error).pipe(
          Effect.annotateLogs({ error, operation: label }),
          Effect.annotateLogs("detail", error)
        )
      ),
      Effect.tap((result) => Effect.log(result).pipe(Effect.annotateLogs("result", result))),
      Effect.withSpan(`test.${label}`),
      Effect.withTracer(recordingTracer(spans)),
      Effect.provide(Logger.layer([logger])),
      // at Debug, so that the client's per-attempt lines are rendered and searched too
      Effect.provideService(References.MinimumLogLevel, "Debug"),
      Effect.exit
    )
    let exit: Exit.Exit<A, IdentityError>
    if (timed) {
      const fiber = yield* Effect.forkChild(instrumented)
      yield* TestClock.adjust("30 minutes")
      exit = yield* Fiber.join(fiber)
    } else {
      exit = yield* instrumented
    }
    const texts: Array<readonly [string, string]> = []
    if (Exit.isFailure(exit)) {
      for (const error of exit.cause.reasons.filter(Cause.isFailReason).map((reason) => reason.error)) {
        texts.push([`${label}: error.message`, error.message])
        texts.push([`${label}: String(error)`, String(error)])
        texts.push([`${label}: JSON.stringify(error)`, JSON.stringify(error)])
        texts.push([`${label}: inspect(error)`, inspect(error, { depth: 10 })])
        texts.push([`${label}: Inspectable.toStringUnknown(error)`, Inspectable.toStringUnknown(error)])
        texts.push([`${label}: Formatter.format(error)`, Formatter.format(error)])
        texts.push([`${label}: error.stack`, error.stack ?? ""])
      }
      texts.push([`${label}: inspect(exit)`, inspect(exit, { depth: 10 })])
      texts.push([`${label}: Cause.pretty`, Cause.pretty(exit.cause)])
    }
    lines.forEach((line, i) => texts.push([`${label}: log line ${i}`, line]))
    assert.isAbove(lines.length, 0, `${label}: nothing was logged`)
    spans.forEach((span, i) => {
      texts.push([
        `${label}: span ${i} ${span.name}`,
        inspect({ name: span.name, attributes: span.attributes, events: span.events }, { depth: 10 })
      ])
      for (const [key, value] of span.attributes)
        texts.push([`${label}: span ${span.name} attribute ${key}`, String(value)])
      if (span.exit !== undefined)
        texts.push([`${label}: span ${span.name} exit`, inspect(span.exit, { depth: 10 })])
    })
    return { exit, texts } satisfies Captured
  })

// ---------------------------------------------------------------------------
// Leak detection
// ---------------------------------------------------------------------------

const assertNoLeak = (captured: ReadonlyArray<Captured>, needles: ReadonlyMap<string, string>) => {
  for (const { texts } of captured) {
    for (const [where, text] of texts) {
      for (const [needle, secret] of needles) {
        if (text.includes(needle)) {
          assert.fail(
            `${where} leaks part of the ${secret}: ${JSON.stringify(needle)} in ${JSON.stringify(text.slice(0, 600))}`
          )
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Failure paths
// ---------------------------------------------------------------------------

type Service = Client.CommunicationIdentityClient.Service

const clientWith = (via: Scripted.Via, options: Client.CommunicationIdentityClient.Options, script: Scripted.Script) =>
  Scripted.makeVia(via)(options).pipe(
    Effect.provide(Layer.merge(Scripted.layerVia(Scripted.make(script), via), deterministicCrypto()))
  )

const withClient = (
  via: Scripted.Via,
  options: Client.CommunicationIdentityClient.Options,
  script: Scripted.Script,
  run: (client: Service) => Effect.Effect<unknown, IdentityError>
) => Effect.flatMap(clientWith(via, options, script), run)

interface FailurePath {
  readonly label: string
  readonly effect: Effect.Effect<unknown, IdentityError>
  /** Needs TestClock time (retries, timeouts). */
  readonly timed: boolean
}

const failurePaths = (key: string, token: string, filler: string): ReadonlyArray<FailurePath> => {
  const connectionString = `endpoint=${Cases.endpoint};accesskey=${key}`
  const teams = { teamsUserAadToken: token, clientId: "app-id", userObjectId: "object-id" }
  const getToken = (c: Service) => c.getToken(Cases.user, ["chat"])
  const exchange = (c: Service) => c.getTokenForTeamsUser(teams)
  const createWithToken = (c: Service) => c.createUserAndToken(["chat", "voip"])
  const envelope = {
    code: "InvalidAccessToken",
    message: `Provided access token ${token} is not valid.`,
    target: token,
    details: [{ code: "Detail", message: `detail ${token}`, token }],
    innererror: { code: "Inner", message: token, innererror: { code: "Innermost", message: `(${token})` } },
    token
  }
  const textBody = `${filler}${token}${filler.split("").reverse().join("")}`

  const paths: Array<FailurePath> = []

  // make fails on these before any transport is used
  for (const [name, variant] of Cases.connectionStringVariants(key)) {
    for (const [form, connectionString] of [["", variant], ["redacted ", Redacted.make(variant)]] as const) {
      paths.push({
        label: `${form}connection string: ${name}`,
        effect: clientWith("HttpClient", { connectionString }, []),
        timed: false
      })
    }
  }
  // everything past make, on both ways of sending
  for (const via of Scripted.transports) {
    // one retry keeps the retried path (and its spans) in play at half the cost
    const keyed = (
      script: Scripted.Script,
      run: (client: Service) => Effect.Effect<unknown, IdentityError>,
      extra: Partial<Client.CommunicationIdentityClient.Options> = {}
    ) =>
      withClient(
        via,
        { connectionString, retry: { maxRetries: 1 }, ...extra } as Client.CommunicationIdentityClient.Options,
        script,
        run
      )
    const add = (label: string, effect: Effect.Effect<unknown, IdentityError>, timed = false) =>
      paths.push({ label: `${label} (via ${via})`, effect, timed })
    for (const status of [400, 401, 500]) {
      add(
        `${status} envelope echoing the token`,
        keyed(() => Scripted.json(status, { error: envelope, accessToken: { token } }), getToken),
        status >= 500
      )
      add(
        `${status} envelope, Teams exchange`,
        keyed(() => Scripted.json(status, { error: envelope }), exchange),
        status >= 500
      )
    }
    add(
      "401 InvalidAccessToken for a Teams token",
      keyed(
        [Scripted.error(401, { code: "InvalidAccessToken", message: "Provided access token is not valid." })],
        exchange
      )
    )
    for (const status of [400, 401, 500, 502, 503]) {
      add(`${status} text/plain with the token`, keyed(() => Scripted.text(status, textBody), getToken), status >= 500)
    }
    add("200 text/plain with the token", keyed([Scripted.text(200, textBody)], getToken))
    add("201 text/plain with the token (create)", keyed([Scripted.text(201, textBody)], createWithToken))
    add(
      "200 where 201 is required, body with the token",
      keyed([
        Scripted.json(200, { identity: { id: "8:acs:x" }, accessToken: { token, expiresOn: "2030-01-01T00:00:00Z" } })
      ], createWithToken)
    )
    const malformed: ReadonlyArray<readonly [string, unknown]> = [
      ["token wrong-typed (object)", { token: { value: token }, expiresOn: "2030-01-01T00:00:00Z" }],
      ["token wrong-typed (array)", { token: [token], expiresOn: "2030-01-01T00:00:00Z" }],
      ["token in an extra field", { tokn: token, expiresOn: "2030-01-01T00:00:00Z" }],
      ["token as expiresOn", { token: 42, expiresOn: token }],
      ["valid token, garbage expiresOn", { token, expiresOn: "garbage" }],
      ["valid token, expiresOn with the token", { token, expiresOn: `2030-01-01 ${token}` }],
      ["valid token, numeric expiresOn", { token, expiresOn: 1893456000 }],
      ["valid token, no expiresOn", { token }],
      ["body is the token", token],
      ["body is [token]", [token]]
    ]
    for (const [name, body] of malformed) {
      add(`getToken: ${name}`, keyed([Scripted.json(200, body)], getToken))
      add(`exchange: ${name}`, keyed([Scripted.json(200, body)], exchange))
      add(
        `createUserAndToken: ${name}`,
        keyed([Scripted.json(201, { identity: { id: "8:acs:x" }, accessToken: body })], createWithToken)
      )
    }
    add(
      "create: identity wrong-typed, token valid",
      keyed([
        Scripted.json(201, {
          identity: { id: 7, secret: token },
          accessToken: { token, expiresOn: "2030-01-01T00:00:00Z" }
        })
      ], createWithToken)
    )
    add("transport failure", keyed(() => Scripted.transportError(new Error("read ECONNRESET")), getToken), true)
    add(
      "transport failure, Teams exchange",
      keyed(() => Scripted.transportError(new Error("socket hang up")), exchange),
      true
    )
    add("attempt timeout, Teams exchange", keyed(() => Scripted.hang, exchange, { attemptTimeout: "1 second" }), true)
    add("overall timeout", keyed(() => Scripted.hang, getToken, { timeout: "5 seconds" }), true)

    // bearer credentials
    const bearerToken = { token: Redacted.make(token), expiresOnTimestamp: Cases.start + 60 * 60_000 }
    let calls = 0
    const flaky = Auth.entraTokenCredential(() =>
      ++calls === 1
        ? Effect.succeed(bearerToken)
        : Effect.fail(new CredentialError({ message: "The token provider failed." }))
    )
    add(
      "bearer: token used, then the provider fails",
      withClient(
        via,
        { endpoint: Cases.endpoint, credential: flaky },
        [Scripted.json(200, { token, expiresOn: "2030-01-01T00:00:00Z" })],
        (c) =>
          Effect.gen(function*() {
            yield* c.getToken(Cases.user, ["chat"])
            yield* TestClock.adjust("2 hours")
            return yield* c.getToken(Cases.user, ["chat"])
          })
      )
    )
    add(
      "bearer: 401 echoing the bearer token",
      withClient(
        via,
        { endpoint: Cases.endpoint, credential: Auth.entraTokenCredential(() => Effect.succeed(bearerToken)) },
        () => Scripted.text(401, `Bearer ${token} rejected: ${filler}`),
        getToken
      )
    )
    add(
      "bearer: provider rejects",
      withClient(
        via,
        {
          endpoint: Cases.endpoint,
          credential: Auth.fromAzureTokenCredential({
            getToken: () => Promise.reject(new Error("AADSTS70011: The provided scope is invalid."))
          })
        },
        [],
        getToken
      )
    )
    add(
      "bearer: provider returns null",
      withClient(
        via,
        {
          endpoint: Cases.endpoint,
          credential: Auth.fromAzureTokenCredential({ getToken: () => Promise.resolve(null) })
        },
        [],
        getToken
      )
    )
    add(
      "bearer: provider returns an empty token",
      withClient(
        via,
        {
          endpoint: Cases.endpoint,
          credential: Auth.fromAzureTokenCredential({
            getToken: () => Promise.resolve({ token: "", expiresOnTimestamp: Cases.start })
          })
        },
        [],
        getToken
      )
    )
  }
  return paths
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

describe("secrets never leak", () => {
  it.effect("along every failure path: errors, logs and spans", () =>
    property(
      fc.record({ keyBytes: Cases.keyArbitrary, token: Cases.tokenArbitrary, filler: Cases.fillerArbitrary }),
      ({ filler, keyBytes, token }) =>
        Effect.gen(function*() {
          yield* TestClock.setTime(Cases.start)
          const { key, needles } = Cases.secretsOf(keyBytes, token)
          const captured: Array<Captured> = []
          const paths = failurePaths(key, token, filler)
          for (const { effect: path, label, timed } of paths) {
            const result = yield* capture(label, path, timed)
            assert.isTrue(Exit.isFailure(result.exit), `${label} should fail`)
            captured.push(result)
          }
          assertNoLeak(captured, needles)
        }),
      { numRuns: 3, endOnFailure: true }
    ), 60_000)

  it.effect("on success: results keep the token Redacted; logs and spans stay clean", () =>
    property(
      fc.record({ keyBytes: Cases.keyArbitrary, token: Cases.tokenArbitrary }),
      ({ keyBytes, token }) =>
        Effect.gen(function*() {
          yield* TestClock.setTime(Cases.start)
          const { connectionString, needles } = Cases.secretsOf(keyBytes, token)
          const service = Scripted.identityService({ token })
          const captured: Array<Captured> = []
          const results: Array<unknown> = []
          const operations: ReadonlyArray<readonly [string, (c: Service) => Effect.Effect<unknown, IdentityError>]> = [
            ["createUserAndToken", (c) => c.createUserAndToken(["chat"])],
            ["getToken", (c) => c.getToken(Cases.user, ["voip"], { expiresInMinutes: 60 })],
            [
              "getTokenForTeamsUser",
              (c) =>
                c.getTokenForTeamsUser({
                  teamsUserAadToken: Redacted.make(token),
                  clientId: "app",
                  userObjectId: "oid"
                })
            ],
            ["createUser", (c) => c.createUser()]
          ]
          for (const via of Scripted.transports) {
            for (const [label, run] of operations) {
              const result = yield* capture(
                `${label} (via ${via})`,
                withClient(
                  via,
                  { connectionString },
                  service,
                  (c) => Effect.tap(run(c), (r) => Effect.sync(() => results.push(r)))
                )
              )
              assert.isTrue(Exit.isSuccess(result.exit), `${label} via ${via} should succeed`)
              captured.push(result)
            }
          }
          assertNoLeak(captured, needles)
          // the first three operations of each round return a token
          const withTokens = results.filter((_, i) => i % operations.length < 3)
          assert.strictEqual(withTokens.length, 3 * Scripted.transports.length)
          for (const result of withTokens) {
            const withToken = result as Client.AccessToken
            assert.isTrue(Redacted.isRedacted(withToken.token))
            assert.strictEqual(Redacted.value(withToken.token), token)
            assert.strictEqual(String(withToken.token), "<redacted>")
            assert.include(JSON.stringify(result), `"token":"<redacted>"`)
            assert.include(inspect(result, { depth: 10 }), "<redacted>")
            assert.strictEqual(Formatter.format(withToken.token), "<redacted>")
            assertNoLeak([{
              exit: Exit.void,
              texts: [
                ["JSON.stringify(result)", JSON.stringify(result)],
                ["inspect(result)", inspect(result, { depth: 10 })],
                ["String(result.token)", String(withToken.token)],
                ["template", `${withToken.token}`],
                ["Inspectable.toStringUnknown(result)", Inspectable.toStringUnknown(result)],
                ["Inspectable.toJson(result)", JSON.stringify(Inspectable.toJson(result))],
                ["Formatter.format(result)", Formatter.format(result)],
                ["Formatter.formatJson(result)", Formatter.formatJson(result)]
              ]
            }], needles)
          }
        }),
      { numRuns: 10 }
    ), 60_000)

  it.effect("a token in a plain-text body is redacted wherever the 200-character cut falls", () =>
    Effect.gen(function*() {
      const token =
        "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJza3lwZWlkIjoiYWNzOnNlY3JldCIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMTIzNDU2"
      const needles = Cases.needlesFor(new Uint8Array(16).fill(1), token)
      for (let offset = 100; offset <= 200; offset++) {
        const body = `${"x".repeat(offset)} ${token} trailing text`
        const client = yield* clientWith("HttpClient", {
          connectionString: `endpoint=${Cases.endpoint};accesskey=${"A".repeat(22)}==`,
          retry: { maxRetries: 0 }
        }, [Scripted.text(400, body)])
        const error = yield* Effect.flip(client.getToken(Cases.user, ["chat"]))
        assert.strictEqual(error._tag, "ServiceError")
        assertNoLeak([{ exit: Exit.void, texts: [[`offset ${offset}`, error.message]] }], needles)
      }
    }))

  it.effect("the leak detector is not vacuous: it finds a token in a log line and a span attribute", () =>
    Effect.gen(function*() {
      const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlMTIzNDU2Nzg5"
      const needles = Cases.needlesFor(new Uint8Array(32).fill(7), token)
      const logged = yield* capture(
        "probe",
        Effect.fail(new CredentialError({ message: "no" })).pipe(
          Effect.tapError(() => Effect.logError(`oops ...${token.slice(10, 20)}...`))
        )
      )
      assert.throws(() => assertNoLeak([logged], needles), /leaks part of the token/)
      const spanned = yield* capture(
        "probe",
        Effect.fail(new CredentialError({ message: "no" })).pipe(
          Effect.withSpan("inner", { attributes: { note: token.slice(30, 40) } })
        )
      )
      assert.throws(() => assertNoLeak([spanned], needles), /leaks part of the token/)
      const keyed = yield* capture(
        "probe",
        Effect.fail(
          new CredentialError({ message: Buffer.from(new Uint8Array(32).fill(7)).toString("hex").slice(0, 9) })
        )
      )
      assert.throws(() => assertNoLeak([keyed], needles), /leaks part of the access key \(hex\)/)
    }))
})

// ---------------------------------------------------------------------------
// More failure paths: the retry edges, rendered objects
// ---------------------------------------------------------------------------

describe("secrets never leak: the retry edges", () => {
  it.effect(
    "retry edges: a Retry-After past the deadline, an oversized body, a 429 storm; and rendered credentials",
    () =>
      property(
        fc.record({ keyBytes: Cases.keyArbitrary, token: Cases.tokenArbitrary }),
        ({ keyBytes, token }) =>
          Effect.gen(function*() {
            yield* TestClock.setTime(Cases.start)
            const { connectionString, key, needles } = Cases.secretsOf(keyBytes, token)
            const echo = { error: { code: "TooManyRequests", message: `slow down ${token}`, target: token } }
            const getToken = (c: Service) => c.getToken(Cases.user, ["chat"])
            const captured: Array<Captured> = []
            const paths: ReadonlyArray<
              readonly [string, Scripted.Script, Partial<Client.CommunicationIdentityClient.Options>]
            > = [
              ["Retry-After past the deadline", () => Scripted.json(429, echo, { "retry-after": "600" }), {
                timeout: "1 minute"
              }],
              ["429 storm", () => Scripted.json(429, echo, { "retry-after-ms": "10" }), {}],
              ["503 burst, then an oversized body", [
                Scripted.json(503, echo),
                Scripted.transportError(new Retry.ResponseTooLargeError(64))
              ], {}],
              ["a stall past the overall timeout", () => Scripted.hang, { timeout: "2 seconds" }]
            ]
            for (const via of Scripted.transports) {
              for (const [label, script, extra] of paths) {
                const options = { connectionString, ...extra } as Client.CommunicationIdentityClient.Options
                const result = yield* capture(`${label} (via ${via})`, withClient(via, options, script, getToken), true)
                assert.isTrue(Exit.isFailure(result.exit), `${label} via ${via} should fail`)
                captured.push(result)
              }
            }
            // objects a caller may log: the credential, the parsed connection string, the service
            const parsed = ConnectionString.parse(connectionString)
            const credential = Auth.keyCredential(key)
            const client = yield* clientWith("HttpClient", { connectionString }, [])
            const texts: Array<readonly [string, string]> = [
              ["inspect(parse(cs))", inspect(parsed, { depth: 10 })],
              ["JSON.stringify(parse(cs))", JSON.stringify(parsed)],
              ["inspect(keyCredential)", inspect(credential, { depth: 10 })],
              ["JSON.stringify(keyCredential)", JSON.stringify(credential)],
              ["String(keyCredential.key)", String(credential.key)],
              ["inspect(client)", inspect(client, { depth: 10 })],
              ["Inspectable.toStringUnknown(keyCredential)", Inspectable.toStringUnknown(credential)],
              ["Formatter.format(parse(cs))", Formatter.format(parsed)]
            ]
            captured.push({ exit: Exit.void, texts })
            assertNoLeak(captured, needles)
          }),
        { numRuns: 3, endOnFailure: true }
      ),
    60_000
  )
})
