import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import { DecodeError, ServiceError, TransportError } from "@effect-acs/identity-effect4/IdentityError"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/testing/TestClock"
import type { Call } from "../../../../test/cases/Call.js"
import * as Cases from "../../../../test/cases/Errors.js"
import * as Scripted from "./utils/scripted.js"

type Extra = Omit<Client.CommunicationIdentityClient.Options, "connectionString" | "endpoint" | "credential">
const noRetries: Extra = { retry: { maxRetries: 0 } }

const setupVia = (via: Scripted.Via) => (script: Scripted.Script, extra: Extra = noRetries) =>
  Scripted.client(via, script, { connectionString: Cases.connectionString, ...extra })

/** Runs `operation` to its failure, letting TestClock time pass for any retries. */
const failure = <A>(operation: Effect.Effect<A, IdentityError>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.forkChild(Effect.flip(operation))
    yield* TestClock.adjust("10 minutes")
    return yield* Fiber.join(fiber)
  })

const asServiceError = (error: IdentityError): ServiceError => {
  assert.instanceOf(error, ServiceError, `expected a ServiceError, got ${error._tag}: ${error.message}`)
  return error as ServiceError
}

const asDecodeError = (error: IdentityError): DecodeError => {
  assert.instanceOf(error, DecodeError, `expected a DecodeError, got ${error._tag}: ${error.message}`)
  return error as DecodeError
}

/** `call` on `client`. */
const run = (client: Client.CommunicationIdentityClient.Service, [method, args]: Call) =>
  (client[method] as (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, IdentityError>)(...args)

for (const via of Scripted.transports)
  describe(`error mapping matches the official client (official-wire-shapes.json errorMapping.cases) (via ${via})`, () => {
    const setup = setupVia(via)
    for (const official of Cases.fixture.errorMapping.cases) {
      it.effect(`${official.response.status} ${official.response.contentType} ${JSON.stringify(official.response.body)}`, () =>
        Effect.gen(function*() {
          // the fixture was recorded with retryOptions {maxRetries: 2}
          const { client, server } = yield* setup(() => Cases.replyFor(official.response), { retry: { maxRetries: 2 } })
          const error = asServiceError(yield* failure(client.getToken(Cases.user, ["chat"])))
          assert.strictEqual(error.status, official.thrown.statusCode)
          assert.strictEqual(error.code, official.thrown.code ?? undefined)
          // deliberate difference: an empty body gives "HTTP <status>", never an empty message
          assert.strictEqual(
            error.message,
            official.thrown.message === "" ? `HTTP ${official.response.status}` : official.thrown.message
          )
          assert.strictEqual(server.requests.length, official.httpCalls)
          assert.strictEqual(error.operation, "getToken")
        }))
    }
  })

for (const via of Scripted.transports)
  describe(`ServiceError (via ${via})`, () => {
    const setup = setupVia(via)
    it.effect("400 ValidationError envelope: status, code, message, target", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          Scripted.error(400, {
            code: "ValidationError",
            message: "Invalid scopes - Scopes field is required.",
            target: "scopes"
          })
        ])
        const error = asServiceError(yield* Effect.flip(client.getToken(Cases.user, ["chat"])))
        assert.strictEqual(error.status, 400)
        assert.strictEqual(error.code, "ValidationError")
        assert.strictEqual(error.message, "Invalid scopes - Scopes field is required.")
        assert.strictEqual(error.target, "scopes")
        assert.strictEqual(error.operation, "getToken")
        assert.strictEqual(error.requestId, server.last().header("x-ms-client-request-id"))
        assert.strictEqual(server.requests.length, 1)
      }))

    it.effect("401 IdentityNotOwned (revoke, delete, issue)", () =>
      Effect.gen(function*() {
        const notOwned = { code: "IdentityNotOwned", message: "Provided identity doesn't belong to the resource." }
        const { client, server } = yield* setup(() => Scripted.error(401, notOwned))
        for (
          const operation of [
            client.revokeTokens(Cases.user),
            client.deleteUser(Cases.user),
            client.getToken(Cases.user, ["voip"])
          ]
        ) {
          const error = asServiceError(yield* Effect.flip(operation))
          assert.strictEqual(error.status, 401)
          assert.strictEqual(error.code, "IdentityNotOwned")
          assert.strictEqual(error.message, notOwned.message)
          assert.strictEqual(error.target, undefined)
        }
        assert.strictEqual(server.requests.length, 3)
      }))

    it.effect("401 InvalidAccessToken from the Teams exchange", () =>
      Effect.gen(function*() {
        const { client } = yield* setup([
          Scripted.error(401, { code: "InvalidAccessToken", message: "Provided access token is not valid." })
        ])
        const error = asServiceError(
          yield* Effect.flip(
            client.getTokenForTeamsUser({ teamsUserAadToken: "x.y.z", clientId: "app", userObjectId: "oid" })
          )
        )
        assert.strictEqual(error.operation, "getTokenForTeamsUser")
        assert.strictEqual(error.code, "InvalidAccessToken")
      }))

    it.effect("404 with an envelope and without", () =>
      Effect.gen(function*() {
        const { client } = yield* setup([
          Scripted.error(404, { code: "IdentityNotFound", message: "Identity not found." }),
          Scripted.text(404, "Not Found")
        ])
        const enveloped = asServiceError(yield* Effect.flip(client.deleteUser(Cases.user)))
        assert.strictEqual(enveloped.status, 404)
        assert.strictEqual(enveloped.code, "IdentityNotFound")
        const plain = asServiceError(yield* Effect.flip(client.deleteUser(Cases.user)))
        assert.strictEqual(plain.status, 404)
        assert.strictEqual(plain.code, undefined)
        assert.strictEqual(plain.message, "Not Found")
      }))

    it.effect("429 and 500 surface after the retries are exhausted (default policy, TestClock)", () =>
      Effect.gen(function*() {
        for (const [status, headers] of [[429, { "retry-after": "1" }], [500, {}]] as const) {
          const { client, server } = yield* setup(
            () =>
              Scripted.error(status, {
                code: status === 429 ? "TooManyRequests" : "InternalError",
                message: `status ${status}`
              }, headers),
            {}
          )
          const error = asServiceError(yield* failure(client.getToken(Cases.user, ["chat"])))
          assert.strictEqual(error.status, status)
          assert.strictEqual(error.message, `status ${status}`)
          assert.strictEqual(server.requests.length, 4)
          if (status === 429) assert.strictEqual(error.retryAfterMillis, 1000)
          else assert.strictEqual(error.retryAfterMillis, undefined)
        }
      }))

    it.effect("429 and 500 with maxRetries 0: one request", () =>
      Effect.gen(function*() {
        for (const status of [429, 500, 503]) {
          const { client, server } = yield* setup([Scripted.error(status, { code: "X", message: "m" })])
          const error = asServiceError(yield* Effect.flip(client.getToken(Cases.user, ["chat"])))
          assert.strictEqual(error.status, status)
          assert.strictEqual(server.requests.length, 1)
        }
      }))

    it.effect("502 text/plain 'Bad Gateway': message Bad Gateway, no code", () =>
      Effect.gen(function*() {
        const { client } = yield* setup([Scripted.text(502, "Bad Gateway")])
        const error = asServiceError(yield* Effect.flip(client.createUser()))
        assert.strictEqual(error.status, 502)
        assert.strictEqual(error.message, "Bad Gateway")
        assert.strictEqual(error.code, undefined)
        assert.strictEqual(error.target, undefined)
      }))

    it.effect("empty 401 body: message 'HTTP 401'", () =>
      Effect.gen(function*() {
        const { client } = yield* setup([Scripted.empty(401), Scripted.text(401, "   \n")])
        for (let i = 0; i < 2; i++) {
          const error = asServiceError(yield* Effect.flip(client.getToken(Cases.user, ["chat"])))
          assert.strictEqual(error.status, 401)
          assert.strictEqual(error.message, "HTTP 401")
          assert.strictEqual(error.code, undefined)
        }
      }))

    it.effect("a JSON body that is not an error envelope: 'HTTP <status>', no code", () =>
      Effect.gen(function*() {
        const { client } = yield* setup([
          Scripted.json(400, { message: "no envelope" }),
          Scripted.json(400, { error: { message: "no code" } }),
          Scripted.json(500, ["x"])
        ])
        for (const status of [400, 400, 500]) {
          const error = asServiceError(yield* Effect.flip(client.getToken(Cases.user, ["chat"])))
          assert.strictEqual(error.status, status)
          assert.strictEqual(error.message, `HTTP ${status}`)
          assert.strictEqual(error.code, undefined)
        }
      }))

    it.effect("a long plain-text body is cut to 200 characters", () =>
      Effect.gen(function*() {
        const { client } = yield* setup([Scripted.text(503, "x".repeat(5000))])
        const error = asServiceError(yield* Effect.flip(client.createUser()))
        assert.strictEqual(error.message, "x".repeat(200))
      }))

    it.effect("the wrong success status is a ServiceError with the actual status", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(Cases.wrongStatusReplies)
        for (const [operation, actual, expected, call] of Cases.wrongStatusCalls) {
          const error = asServiceError(yield* Effect.flip(run(client, call)))
          assert.strictEqual(error.operation, operation)
          assert.strictEqual(error.status, actual)
          assert.strictEqual(error.code, undefined)
          assert.include(error.message, String(expected))
        }
        // a wrong success status is not retried either
        assert.strictEqual(server.requests.length, Cases.wrongStatusCalls.length)
      }))

    it.effect("serviceRequestId from ms-cv (else x-ms-request-id); requestId is the sent x-ms-client-request-id", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          Scripted.error(400, { code: "ValidationError", message: "m" }, {
            "MS-CV": "ZxYwVu9k3kWBC7ZAbBzW8A.0",
            "x-ms-request-id": "other"
          }),
          Scripted.error(400, { code: "ValidationError", message: "m" }, { "x-ms-request-id": "req-42" }),
          Scripted.error(400, { code: "ValidationError", message: "m" })
        ])
        const errors: Array<ServiceError> = []
        for (let i = 0; i < 3; i++)
          errors.push(asServiceError(yield* Effect.flip(client.getToken(Cases.user, ["chat"]))))
        assert.deepStrictEqual(
          errors.map((e) => e.serviceRequestId),
          ["ZxYwVu9k3kWBC7ZAbBzW8A.0", "req-42", undefined]
        )
        errors.forEach((error, i) =>
          assert.strictEqual(error.requestId, server.requests[i]!.header("x-ms-client-request-id"))
        )
        assert.strictEqual(new Set(errors.map((e) => e.requestId)).size, 3)
      }))

    it.effect("details and innererror are preserved", () =>
      Effect.gen(function*() {
        const envelope = Cases.detailedEnvelope
        const { client } = yield* setup([Scripted.error(400, envelope)])
        const error = asServiceError(yield* Effect.flip(client.getToken(Cases.user, ["chat"])))
        assert.deepStrictEqual(error.details, envelope.details)
        assert.deepStrictEqual(error.innererror, envelope.innererror)
        assert.strictEqual(error.target, "body")
      }))

    it.effect("a 429's retry-after is carried as retryAfterMillis", () =>
      Effect.gen(function*() {
        const { client } = yield* setup([
          Scripted.error(429, { code: "TooManyRequests", message: "slow down" }, { "retry-after-ms": "1500" })
        ])
        const error = asServiceError(yield* Effect.flip(client.getToken(Cases.user, ["chat"])))
        assert.strictEqual(error.retryAfterMillis, 1500)
      }))
  })

for (const via of Scripted.transports)
  describe(`DecodeError (via ${via})`, () => {
    const setup = setupVia(via)
    it.effect("a non-JSON success body", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          Scripted.text(200, "<html>ok</html>"),
          Scripted.text(201, "{not json")
        ])
        const issue = asDecodeError(yield* Effect.flip(client.getToken(Cases.user, ["chat"])))
        assert.strictEqual(issue.status, 200)
        assert.strictEqual(issue.operation, "getToken")
        assert.match(issue.message, /not JSON/)
        assert.strictEqual(issue.requestId, server.requests[0]!.header("x-ms-client-request-id"))
        const create = asDecodeError(yield* Effect.flip(client.createUser()))
        assert.strictEqual(create.status, 201)
        assert.notInclude(create.message, "{not json")
      }))

    it.effect("missing or wrong-typed fields: the message names the path, never the values", () =>
      Effect.gen(function*() {
        for (const [name, reply, call, pathParts] of Cases.undecodable) {
          const { client } = yield* setup([reply])
          const error = asDecodeError(yield* Effect.flip(run(client, call)))
          for (const part of pathParts) assert.include(error.message, part, name)
          assert.notInclude(error.message, Cases.secret, name)
          assert.notInclude(error.message, "42", name)
          assert.notInclude(error.message, "not a date", name)
          assert.notInclude(error.message, "c2VjcmV0", name)
        }
      }))
  })

for (const via of Scripted.transports)
  describe(`TransportError (via ${via})`, () => {
    const setup = setupVia(via)
    it.effect("a transport failure carries the operation and the sent request id", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup([
          Scripted.transportError(new Error("connect ECONNREFUSED 127.0.0.1:1"))
        ])
        const error = yield* Effect.flip(client.revokeTokens(Cases.user))
        assert.instanceOf(error, TransportError)
        const transport = error as TransportError
        assert.strictEqual(transport.operation, "revokeTokens")
        assert.strictEqual(transport.timedOut, false)
        assert.strictEqual(transport.requestId, server.last().header("x-ms-client-request-id"))
        assert.include(transport.message, "ECONNREFUSED")
      }))
  })
