import * as ApiVersion from "@effect-acs/identity/ApiVersion"
import * as Auth from "@effect-acs/identity/Auth"
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import type { IdentityError } from "@effect-acs/identity/IdentityError"
import * as Signing from "@effect-acs/identity/Signing"
import type * as Transport from "@effect-acs/identity/Transport"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import type { Crypto } from "@effect-acs/identity/Crypto"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Tracer from "effect/Tracer"
import type { Call } from "../../../test/cases/Call.js"
import * as Cases from "../../../test/cases/CommunicationIdentityClient.js"
import * as Scripted from "./utils/scripted.js"

// ---------------------------------------------------------------------------
// Fixture and setup
// ---------------------------------------------------------------------------

type Extra = Omit<Client.CommunicationIdentityClient.Options, "connectionString" | "endpoint" | "credential">

/** A client over a fresh scripted server, with node:crypto; the TestClock is set to `now`. */
const setupVia = (via: Scripted.Via) => (script: Scripted.Script, extra: Extra = {}) =>
  Effect.zipRight(
    TestClock.setTime(Cases.now),
    Scripted.client(via, script, { connectionString: Cases.connectionString, ...extra })
  )

/** Verifies a recorded request's HMAC signature strictly (JS 2.4.2+ form), as the service would. */
const verifySignature = (recorded: Scripted.RecordedRequest, at = Cases.now) =>
  Effect.gen(function*() {
    const key = yield* Effect.orDie(NodeCrypto.make.hmacKey(Buffer.from(Cases.accessKey, "base64")))
    return yield* Signing.verify(key, Scripted.toReceived(recorded), { now: at, tolerant: false })
  }).pipe(Effect.provide(NodeCrypto.layer))

/** The header checks every request must pass. */
const assertCommonHeaders = (recorded: Scripted.RecordedRequest, at = Cases.now) =>
  Effect.gen(function*() {
    assert.strictEqual(recorded.header("accept"), "application/json")
    assert.strictEqual(recorded.header("user-agent"), Client.userAgent)
    assert.match(recorded.header("user-agent")!, /effect-acs-identity/)
    assert.match(recorded.header("x-ms-client-request-id")!, Cases.uuidV4)
    assert.strictEqual(recorded.header("x-ms-date"), Signing.formatDate(at))
    assert.strictEqual(
      recorded.header("x-ms-content-sha256"),
      recorded.body === undefined ? Signing.emptyContentHash : Cases.sha256(recorded.body)
    )
    assert.match(
      recorded.header("authorization")!,
      /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=[A-Za-z0-9+/]{43}=$/
    )
    for (const name of ["traceparent", "tracestate", "b3", "x-b3-traceid"]) {
      assert.strictEqual(recorded.header(name), undefined, `${name} must not be sent`)
    }
    if (recorded.body === undefined) assert.strictEqual(recorded.header("content-type"), undefined)
    else assert.strictEqual(recorded.header("content-type"), "application/json")
    yield* verifySignature(recorded, at)
  })

/** `result` as the official `sdkResult` JSON shape (token unwrapped, dates as ISO strings). */
const plain = (result: unknown): unknown => {
  if (result === undefined) return "__undefined__"
  const unwrap = (value: unknown): unknown =>
    Redacted.isRedacted(value)
      ? Redacted.value(value)
      : value instanceof Date
      ? value.toISOString()
      : typeof value === "object" && value !== null
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v)]))
      : value
  return unwrap(result)
}

/** `call` on `client`. */
const run = (client: Client.CommunicationIdentityClient.Service, [method, args]: Call) =>
  (client[method] as (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, IdentityError>)(...args)

// ---------------------------------------------------------------------------
// Wire parity
// ---------------------------------------------------------------------------

for (const via of Scripted.transports)
  describe(`wire parity with @azure/communication-identity 1.3.1 (via ${via})`, () => {
    const setup = setupVia(via)
    it("maps every call of the fixture", () => {
      assert.deepStrictEqual(
        Cases.fixture.requests.calls.map((c) => c.call).sort(),
        Object.keys(Cases.officialCalls).sort()
      )
    })

    for (const official of Cases.fixture.requests.calls) {
      it.effect(official.call, () =>
        Effect.gen(function*() {
          const { client, server } = yield* setup([
            official.mockResponse.body === undefined || official.mockResponse.body === null
              ? Scripted.empty(official.mockResponse.status)
              : Scripted.json(official.mockResponse.status, official.mockResponse.body)
          ])
          // inside a caller span: trace propagation would add headers here if it were on
          const result = yield* run(client, Cases.officialCalls[official.call]!).pipe(Effect.withSpan("caller"))
          assert.strictEqual(server.requests.length, 1)
          const sent = server.requests[0]!
          assert.strictEqual(sent.method, official.request.method)
          assert.strictEqual(sent.url.toString(), official.request.url)
          assert.strictEqual(sent.body, Cases.expectedBody(official.request.body))
          assert.strictEqual(sent.query["api-version"], "2023-10-01")
          if (!official.call.startsWith("getTokenForTeamsUser")) {
            // the fixture's hashes are of its exact bodies
            assert.strictEqual(sent.header("x-ms-content-sha256"), official.request.headers["x-ms-content-sha256"])
          }
          yield* assertCommonHeaders(sent)
          // exactly these headers: the official set minus what the transport adds
          // (Host, Accept-Encoding) and minus createUser's bodiless Content-Type
          const officialNames = Object.keys(official.request.headers)
            .map((name) => name.toLowerCase())
            .filter((name) => name !== "host" && name !== "accept-encoding")
            .filter((name) => name !== "content-type" || official.request.body !== null)
          // (content-length is the transport's business, as it was for the official client's recording)
          const ours = Object.keys(sent.headers).filter((name) => name !== "content-length")
          assert.deepStrictEqual(ours.sort(), officialNames.sort(), JSON.stringify(sent.headers))
          if (sent.header("content-length") !== undefined) {
            assert.strictEqual(sent.header("content-length"), String(sent.bodyBytes.length))
          }
          assert.deepStrictEqual(plain(result), official.sdkResult)
        }))
    }

    it.effect("sends a fresh v4 x-ms-client-request-id on every request", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(Scripted.identityService())
        for (const official of Cases.fixture.requests.calls) yield* run(client, Cases.officialCalls[official.call]!)
        yield* client.createUser()
        const ids = server.requests.map((r) => r.header("x-ms-client-request-id"))
        assert.strictEqual(ids.length, Cases.fixture.requests.calls.length + 1)
        for (const id of ids) assert.match(id!, Cases.uuidV4)
        assert.strictEqual(new Set(ids).size, ids.length)
      }))

    it.effect("the trace-header check is not vacuous: the scripted server sees propagation when it is on", () =>
      Effect.gen(function*() {
        const server = Scripted.make([Scripted.empty(204)])
        yield* server.client.execute(HttpClientRequest.get(Cases.endpoint)).pipe(Effect.withSpan("caller"))
        assert.match(server.last().header("traceparent")!, /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/)
        assert.isDefined(server.last().header("b3"))
      }))

    it.effect("the signature check is not vacuous: a tampered request fails verification", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([Scripted.json(200, { token: "t", expiresOn: "2030-01-01T00:00:00Z" })])
        yield* client.getToken(Cases.user, ["chat"])
        const sent = server.last()
        yield* verifySignature(sent)
        const tampered: Scripted.RecordedRequest = {
          ...sent,
          bodyBytes: new TextEncoder().encode(`{"scopes":["voip"]}`)
        }
        const hashError = yield* Effect.flip(verifySignature(tampered))
        assert.strictEqual(hashError.reason, "ContentHashMismatch")
        const otherPath: Scripted.RecordedRequest = {
          ...sent,
          target: sent.target.replace("issueAccessToken", "revokeAccessTokens")
        }
        const pathError = yield* Effect.flip(verifySignature(otherPath))
        assert.strictEqual(pathError.reason, "SignatureMismatch")
      }))
  })

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

const tokenBody = {
  token: "eyJhbGciOiJSUzI1NiJ9.eyJza3lwZWlkIjoiYWNzOngifQ.c2ln",
  expiresOn: "2023-10-19T15:34:17.0493886+00:00"
}

for (const via of Scripted.transports)
  describe(`operations (via ${via})`, () => {
    const setup = setupVia(via)
    it.effect("createUser: POST /identities without a body, resolves to {communicationUserId}", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([Scripted.json(201, { identity: { id: Cases.userId } })])
        const result = yield* client.createUser()
        assert.deepStrictEqual(result, { communicationUserId: Cases.userId })
        const sent = server.last()
        assert.strictEqual(sent.method, "POST")
        assert.strictEqual(sent.target, "/identities?api-version=2023-10-01")
        assert.strictEqual(sent.body, undefined)
        yield* assertCommonHeaders(sent)
      }))

    it.effect("createUserAndToken: with and without expiresInMinutes; token Redacted, expiresOn a Date", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          Scripted.json(201, { identity: { id: Cases.userId }, accessToken: tokenBody }),
          Scripted.json(201, { identity: { id: Cases.userId }, accessToken: tokenBody })
        ])
        const first = yield* client.createUserAndToken(["voip"])
        const second = yield* client.createUserAndToken(["chat", "voip.join"], { expiresInMinutes: 1440 })
        assert.strictEqual(server.requests[0]!.body, `{"createTokenWithScopes":["voip"]}`)
        assert.strictEqual(
          server.requests[1]!.body,
          `{"createTokenWithScopes":["chat","voip.join"],"expiresInMinutes":1440}`
        )
        for (const result of [first, second]) {
          assert.deepStrictEqual(result.user, { communicationUserId: Cases.userId })
          assert.isTrue(Redacted.isRedacted(result.token))
          assert.strictEqual(Redacted.value(result.token), tokenBody.token)
          assert.instanceOf(result.expiresOn, Date)
          assert.strictEqual(result.expiresOn.toISOString(), "2023-10-19T15:34:17.049Z")
        }
        for (const sent of server.requests) yield* assertCommonHeaders(sent)
      }))

    it.effect("getToken: with and without expiry, join scopes", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(() => Scripted.json(200, tokenBody))
        yield* client.getToken(Cases.user, ["chat"])
        yield* client.getToken(Cases.user, ["voip"], { expiresInMinutes: 60 })
        yield* client.getToken(Cases.user, ["chat.join", "chat.join.limited", "voip.join"], { expiresInMinutes: 75 })
        const token = yield* client.getToken(Cases.user, ["chat", "voip"])
        assert.deepStrictEqual(server.requests.map((r) => r.body), [
          `{"scopes":["chat"]}`,
          `{"scopes":["voip"],"expiresInMinutes":60}`,
          `{"scopes":["chat.join","chat.join.limited","voip.join"],"expiresInMinutes":75}`,
          `{"scopes":["chat","voip"]}`
        ])
        for (const sent of server.requests) {
          assert.strictEqual(sent.method, "POST")
          assert.strictEqual(sent.target, `/identities/${Cases.encodedUserId}/:issueAccessToken?api-version=2023-10-01`)
          yield* assertCommonHeaders(sent)
        }
        assert.deepStrictEqual(Object.keys(token).sort(), ["expiresOn", "token"])
        assert.strictEqual(Redacted.value(token.token), tokenBody.token)
      }))

    it.effect("revokeTokens and deleteUser: no body, no content-type, void", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([Scripted.empty(204), Scripted.empty(204)])
        assert.strictEqual(yield* client.revokeTokens(Cases.user), undefined)
        assert.strictEqual(yield* client.deleteUser(Cases.user), undefined)
        const [revoke, remove] = server.requests
        assert.strictEqual(revoke!.method, "POST")
        assert.strictEqual(
          revoke!.target,
          `/identities/${Cases.encodedUserId}/:revokeAccessTokens?api-version=2023-10-01`
        )
        assert.strictEqual(remove!.method, "DELETE")
        assert.strictEqual(remove!.target, `/identities/${Cases.encodedUserId}?api-version=2023-10-01`)
        for (const sent of server.requests) {
          assert.strictEqual(sent.body, undefined)
          yield* assertCommonHeaders(sent)
        }
      }))

    it.effect("getTokenForTeamsUser: {token, appId, userId}; a Redacted Entra token is sent as its value", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(() => Scripted.json(200, tokenBody))
        yield* client.getTokenForTeamsUser(Cases.teams)
        yield* client.getTokenForTeamsUser({
          ...Cases.teams,
          teamsUserAadToken: Redacted.make(Cases.teams.teamsUserAadToken)
        })
        for (const sent of server.requests) {
          assert.strictEqual(sent.target, "/teamsUser/:exchangeAccessToken?api-version=2023-10-01")
          assert.strictEqual(
            sent.body,
            `{"token":"${Cases.teams.teamsUserAadToken}","appId":"${Cases.teams.clientId}","userId":"${Cases.teams.userObjectId}"}`
          )
          yield* assertCommonHeaders(sent)
        }
      }))

    it.effect("getUser (2025-03-02-preview): GET /identities/{id}, flat body", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          Scripted.json(200, {
            customId: "sally@contoso.com",
            lastTokenIssuedAt: "2025-04-14T15:32:35+00:00",
            id: Cases.userId
          }),
          Scripted.json(200, { id: Cases.userId })
        ], { apiVersion: "2025-03-02-preview" })
        const detail = yield* client.getUser(Cases.user)
        assert.deepStrictEqual(detail.user, Cases.user)
        assert.strictEqual(detail.customId, "sally@contoso.com")
        assert.instanceOf(detail.lastTokenIssuedAt, Date)
        assert.strictEqual(detail.lastTokenIssuedAt!.toISOString(), "2025-04-14T15:32:35.000Z")
        const bare = yield* client.getUser(Cases.user)
        assert.deepStrictEqual(bare, { user: Cases.user })
        for (const sent of server.requests) {
          assert.strictEqual(sent.method, "GET")
          assert.strictEqual(sent.target, `/identities/${Cases.encodedUserId}?api-version=2025-03-02-preview`)
          assert.strictEqual(sent.body, undefined)
          yield* assertCommonHeaders(sent)
        }
      }))

    it.effect("createUser / createUserAndToken with customId (2025-03-02-preview)", () =>
      Effect.gen(function*() {
        const identity = { customId: "alice", id: Cases.userId, lastTokenIssuedAt: "2025-02-10T21:39:39.3244584+00:00" }
        const { client, server } = yield* setup([
          Scripted.json(201, { identity }),
          Scripted.json(201, { identity, accessToken: tokenBody })
        ], { apiVersion: "2025-03-02-preview" })
        assert.deepStrictEqual(yield* client.createUser({ customId: "alice" }), { communicationUserId: Cases.userId })
        const withToken = yield* client.createUserAndToken(["chat"], { expiresInMinutes: 60, customId: "alice" })
        assert.deepStrictEqual(withToken.user, { communicationUserId: Cases.userId })
        assert.deepStrictEqual(server.requests.map((r) => r.body), [
          `{"customId":"alice"}`,
          `{"createTokenWithScopes":["chat"],"expiresInMinutes":60,"customId":"alice"}`
        ])
        for (const sent of server.requests) {
          assert.strictEqual(sent.target, "/identities?api-version=2025-03-02-preview")
          yield* assertCommonHeaders(sent)
        }
      }))

    it.effect("every operation sends the configured api-version (once)", () =>
      Effect.gen(function*() {
        for (const apiVersion of ApiVersion.all) {
          const { client, server } = yield* setup(Scripted.identityService(), { apiVersion })
          assert.strictEqual(client.apiVersion, apiVersion)
          yield* client.createUser()
          yield* client.createUserAndToken(["chat"])
          yield* client.getToken(Cases.user, ["voip"])
          yield* client.revokeTokens(Cases.user)
          yield* client.deleteUser(Cases.user)
          yield* client.getTokenForTeamsUser(Cases.teams)
          if (ApiVersion.supports(apiVersion, "customId")) yield* client.getUser(Cases.user)
          assert.isAtLeast(server.requests.length, 6)
          for (const sent of server.requests) {
            assert.deepStrictEqual(sent.url.searchParams.getAll("api-version"), [apiVersion])
            assert.strictEqual(sent.url.search, `?api-version=${apiVersion}`)
          }
        }
      }))

    it.effect("ids are one percent-encoded path segment", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(() => Scripted.empty(204))
        yield* client.deleteUser({ communicationUserId: "8:acs:a/b?c#d%e&f=g+h" })
        assert.strictEqual(server.last().path, "/identities/8%3Aacs%3Aa%2Fb%3Fc%23d%25e%26f%3Dg%2Bh")
        assert.strictEqual(server.last().url.search, "?api-version=2023-10-01")
        yield* assertCommonHeaders(server.last())
      }))

    it.effect("expiresOn: 7-digit fractions, offsets, Z and no fraction", () =>
      Effect.gen(function*() {
        const { client } = yield* setup(
          Cases.expiresOns.map(([expiresOn]) => Scripted.json(200, { token: "t", expiresOn }))
        )
        for (const [, iso] of Cases.expiresOns) {
          const token = yield* client.getToken(Cases.user, ["chat"])
          assert.instanceOf(token.expiresOn, Date)
          assert.strictEqual(token.expiresOn.toISOString(), iso)
        }
      }))
  })

// ---------------------------------------------------------------------------
// Input validation: InvalidInput, and no request
// ---------------------------------------------------------------------------

const cast = <A>(value: unknown): A => value as A

/** The bad inputs, with this line's empty `Redacted` Teams token among them. */
const invalidCases: ReadonlyArray<
  Cases.InvalidCase | {
    readonly name: string
    readonly field: string
    readonly run: (client: Client.CommunicationIdentityClient.Service) => Effect.Effect<unknown, IdentityError>
  }
> = [
  ...Cases.invalidCases,
  {
    name: "empty Redacted Teams token",
    field: "teamsUserAadToken",
    run: (c) => c.getTokenForTeamsUser({ ...Cases.teams, teamsUserAadToken: Redacted.make("") })
  },
  ...Cases.invalidTeams
]

for (const via of Scripted.transports)
  describe(`tracing (via ${via})`, () => {
    const setup = setupVia(via)
    /** A tracer that keeps every span it makes. */
    const recording = () => {
      const spans: Array<Tracer.Span> = []
      const native = Context.get(DefaultServices.liveServices, Tracer.Tracer)
      const tracer = Tracer.make({
        span: (...args) => {
          const span = native.span(...args)
          spans.push(span)
          return span
        },
        context: (f) => f()
      })
      return { spans, tracer }
    }

    it.effect("one client span per operation, under the caller's span, with the outcome", () =>
      Effect.gen(function*() {
        const { spans, tracer } = recording()
        const { client } = yield* setup([
          Scripted.json(201, { identity: { id: Cases.userId } }),
          Scripted.error(404, { code: "IdentityNotFound", message: "Identity not found." })
        ])
        yield* client.createUser().pipe(Effect.withSpan("caller"), Effect.withTracer(tracer))
        yield* client.deleteUser(Cases.user).pipe(Effect.flip, Effect.withTracer(tracer))
        const [caller, created, deleted] = [
          spans.find((span) => span.name === "caller")!,
          spans.find((span) => span.name === "CommunicationIdentityClient.createUser")!,
          spans.find((span) => span.name === "CommunicationIdentityClient.deleteUser")!
        ]
        assert.strictEqual(spans.length, 3, spans.map((span) => span.name).join())
        assert.strictEqual(created.kind, "client")
        assert.strictEqual(Option.getOrThrow(created.parent).spanId, caller.spanId)
        assert.strictEqual(created.attributes.get("acs.operation"), "createUser")
        assert.strictEqual(created.attributes.get("acs.api_version"), "2023-10-01")
        assert.strictEqual(created.attributes.get("server.address"), Cases.endpoint)
        assert.isTrue(created.status._tag === "Ended" && Exit.isSuccess(created.status.exit))
        assert.strictEqual(deleted.attributes.get("error.type"), "ServiceError")
        assert.strictEqual(deleted.attributes.get("http.response.status_code"), 404)
        assert.isTrue(deleted.status._tag === "Ended" && Exit.isFailure(deleted.status.exit))
      }))

    it.effect("tracing off: no span even with a tracer installed; the built-in tracer (records nowhere): none made", () =>
      Effect.gen(function*() {
        const { spans, tracer } = recording()
        const { client } = yield* setup(Scripted.identityService())
        const user = yield* client.createUser().pipe(Effect.withTracerEnabled(false), Effect.withTracer(tracer))
        assert.deepStrictEqual(spans, [])
        // with the built-in tracer nothing could observe the span, so the call simply runs
        const token = yield* client.getToken(user, ["chat"]).pipe(Effect.withSpan("caller"))
        assert.isTrue(token.expiresOn instanceof Date)
      }))
  })

for (const via of Scripted.transports)
  describe(`input validation fails with InvalidInput and sends nothing (via ${via})`, () => {
    const setup = setupVia(via)
    for (const testCase of invalidCases) {
      it.effect(testCase.name, () =>
        Effect.gen(function*() {
          // an empty script: any request would be a defect
          const { client, server } = yield* setup(
            [],
            "apiVersion" in testCase ? { apiVersion: testCase.apiVersion } : {}
          )
          const error = yield* Effect.flip("call" in testCase ? run(client, testCase.call) : testCase.run(client))
          assert.strictEqual(error._tag, "InvalidInput")
          assert.strictEqual((error as { field?: string }).field, testCase.field)
          assert.strictEqual(server.requests.length, 0)
        }))
    }

    // the official client's own client-side validations (official-wire-shapes.json): no HTTP call either
    it("covers every client-side validation of the fixture", () => {
      assert.deepStrictEqual(
        Cases.fixture.errorMapping.clientSideValidation.map((c) => c.call).sort(),
        Object.keys(Cases.officialValidations).sort()
      )
    })

    for (const official of Cases.fixture.errorMapping.clientSideValidation) {
      it.effect(`as the official client: ${official.call} (${official.thrown})`, () =>
        Effect.gen(function*() {
          const [field, call] = Cases.officialValidations[official.call]!
          const server = Scripted.make([])
          const provided = <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient | Transport.Direct | Crypto>) =>
            Effect.provide(effect, Layer.merge(Scripted.layerVia(server, via), NodeCrypto.layer))
          const error = Array.isArray(call)
            ? yield* Effect.flip(
              Effect.flatMap(provided(Scripted.makeVia(via)({ connectionString: Cases.connectionString })), (client) =>
                run(client, call as Call))
            )
            : yield* Effect.flip(provided(Scripted.makeVia(via)(call as Client.CommunicationIdentityClient.Options)))
          assert.strictEqual(error._tag, "InvalidInput")
          assert.strictEqual((error as { field: string }).field, field)
          assert.strictEqual(server.requests.length, official.httpCalls ?? 0)
        }))
    }

    it.effect("valid edge values are accepted (60, 1440, 256-character customId, 1024-character id)", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(Scripted.identityService(), { apiVersion: "2025-03-02-preview" })
        yield* client.getToken(Cases.user, ["chat"], { expiresInMinutes: 60 })
        yield* client.createUserAndToken(["chat"], { expiresInMinutes: 1440 })
        yield* client.createUser({ customId: "x".repeat(256) })
        yield* client.deleteUser({ communicationUserId: `8:acs:${"a".repeat(1018)}` })
        assert.strictEqual(server.requests.length, 4)
      }))

    const makeCases: ReadonlyArray<
      readonly [string, Client.CommunicationIdentityClient.Options, (field: string) => boolean]
    > = [
      ["garbage connection string", { connectionString: "garbage" }, (f) => f === "connectionString"],
      [
        "redacted garbage connection string",
        { connectionString: Redacted.make("garbage") },
        (f) => f === "connectionString"
      ],
      [
        "file: endpoint",
        { connectionString: "endpoint=file://x;accesskey=abc" },
        (f) => f.startsWith("connectionString")
      ],
      [
        "key not base64",
        { connectionString: `endpoint=${Cases.endpoint};accesskey=not base64!` },
        (f) => f.startsWith("connectionString")
      ],
      [
        "empty key",
        { connectionString: `endpoint=${Cases.endpoint};accesskey=` },
        (f) => f.startsWith("connectionString")
      ],
      ["no endpoint", { connectionString: `accesskey=${Cases.accessKey}` }, (f) => f === "connectionString"],
      ["endpoint with a path", {
        connectionString: `endpoint=${Cases.endpoint}identities;accesskey=${Cases.accessKey}`
      }, (f) => f.startsWith("connectionString")],
      ["ftp endpoint", {
        endpoint: "ftp://contoso.communication.azure.com/",
        credential: Auth.keyCredential(Cases.accessKey)
      }, (f) => f === "endpoint"],
      ["relative endpoint", {
        endpoint: "contoso.communication.azure.com",
        credential: Auth.keyCredential(Cases.accessKey)
      }, (f) => f === "endpoint"],
      [
        "endpoint with a query",
        { endpoint: `${Cases.endpoint}?x=1`, credential: Auth.keyCredential(Cases.accessKey) },
        (f) => f === "endpoint"
      ],
      [
        "unknown apiVersion",
        { connectionString: Cases.connectionString, apiVersion: cast("2021-03-07") },
        (f) => f === "apiVersion"
      ],
      ["bearer over plain http (not loopback)", {
        endpoint: "http://contoso.communication.azure.com/",
        credential: Auth.entraTokenCredential(() => Effect.die("never asked"))
      }, (f) => f === "endpoint"]
    ]

    for (const [name, options, fieldOk] of makeCases) {
      it.effect(`make: ${name}`, () =>
        Effect.gen(function*() {
          const server = Scripted.make([])
          const error = yield* Effect.flip(
            Scripted.makeVia(via)(options).pipe(
              Effect.provide(Layer.merge(Scripted.layerVia(server, via), NodeCrypto.layer))
            )
          )
          assert.strictEqual(error._tag, "InvalidInput")
          const field = (error as { field: string }).field
          assert.isTrue(fieldOk(field), `unexpected field ${field}`)
          assert.strictEqual(server.requests.length, 0)
        }))
    }
  })
