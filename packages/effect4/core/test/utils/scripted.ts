/**
 * A scripted, recording `HttpClient` for the Effect 4 line's tests (the
 * Effect 3 line's `packages/core/test/utils/scripted.ts`, on `effect/http`).
 *
 * Every request that reaches the transport is recorded (method, URL, headers
 * as they would go on the wire, body bytes and text, the `Clock` time it was
 * sent at) and answered from a script: a list of replies consumed in order, or
 * a handler that computes a reply from the recorded request. Replies are
 * produced synchronously (no promises, no real timers), so the client works
 * under `TestClock`: a forked operation runs until it is suspended on a sleep
 * (a retry delay, a `delay(...)` reply, or a `hang` reply waiting for a
 * timeout) and `TestClock.adjust` then moves it on deterministically.
 *
 * Notes:
 * - Running out of script is a defect (`Effect.die`) naming the request, so
 *   an unexpected extra request fails the test loudly. Use a handler (or
 *   `{ exhausted: "repeatLast" }`) for "always answer X".
 * - `content-type` is recorded from the body, as a real transport would send
 *   it; `host` is not a request header (the transport derives it from the
 *   URL) — {@link toReceived} adds it for signature checks.
 */
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import type { Crypto } from "@effect-acs/identity-effect4/Crypto"
import type { IdentityError } from "@effect-acs/identity-effect4/IdentityError"
import * as Transport from "@effect-acs/identity-effect4/Transport"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import { assert } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Wire from "../../../../../test/cases/Wire.js"

/** Requests as recorded and responses as scripted: plain data, shared with the other Effect line's tests. */
export { empty, error, json, recorded, response, text, toReceived } from "../../../../../test/cases/Wire.js"
export type { RecordedRequest } from "../../../../../test/cases/Wire.js"

const encoder = new TextEncoder()
const decoder = new TextDecoder()

// ---------------------------------------------------------------------------
// Recorded requests
// ---------------------------------------------------------------------------

const record = (
  index: number,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  sentAt: number
): Effect.Effect<Wire.RecordedRequest> =>
  Effect.gen(function*() {
    let bodyBytes: Uint8Array | undefined
    const body = request.body
    switch (body._tag) {
      case "Empty":
        break
      case "Uint8Array":
        bodyBytes = body.body
        break
      case "Raw":
        if (typeof body.body === "string") bodyBytes = encoder.encode(body.body)
        else if (body.body instanceof Uint8Array) bodyBytes = body.body
        else return yield* Effect.die(new Error(`scripted HttpClient: unsupported Raw body (${typeof body.body})`))
        break
      case "Stream":
        bodyBytes = yield* Stream.mkUint8Array(body.stream).pipe(Effect.orDie)
        break
      case "FormData":
        return yield* Effect.die(new Error("scripted HttpClient: FormData bodies are not recorded"))
    }
    const headers: Record<string, string> = { ...request.headers }
    if (
      body._tag !== "Empty" && "contentType" in body && typeof body.contentType === "string" &&
      !("content-type" in headers)
    ) {
      headers["content-type"] = body.contentType
    }
    return Wire.recorded(index, request.method, url, headers, bodyBytes, sentAt)
  })

// ---------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------

/** What the scripted server does with a request. */
export type Reply =
  | Wire.Response
  | {
    /** The request fails before any response: an `HttpClientError` with a `TransportError` reason. */
    readonly _tag: "TransportError"
    readonly cause: unknown
  }
  | {
    /** The server never answers (until the request is interrupted, e.g. by a timeout). */
    readonly _tag: "Hang"
  }
  | {
    /** Wait `duration` on the `Clock` (TestClock-friendly), then reply. */
    readonly _tag: "Delay"
    readonly duration: Duration.Duration
    readonly reply: Reply
  }

/**
 * Computes a reply from the request (e.g. echo its id, verify its signature);
 * `request.index` is its position among all requests.
 */
export type Handler = (request: Wire.RecordedRequest) => Reply | Effect.Effect<Reply>

/** A script: replies (or handlers) consumed one per request in order, or one handler for every request. */
export type Script = ReadonlyArray<Reply | Handler> | Handler

/** A transport failure (connection reset, refused, …) before any response. */
export const transportError = (cause: unknown = new Error("socket hang up (ECONNRESET)")): Reply => ({
  _tag: "TransportError",
  cause
})

/** The server never answers. */
export const hang: Reply = { _tag: "Hang" }

/** Waits `duration` on the `Clock`, then replies. */
export const delay = (duration: Duration.Input, reply: Reply): Reply => ({
  _tag: "Delay",
  duration: Duration.fromInputUnsafe(duration),
  reply
})

// ---------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------

/** A scripted client and what it recorded. */
export interface ScriptedHttpClient {
  /** The `HttpClient` itself. */
  readonly client: HttpClient.HttpClient
  /** A layer providing {@link client} as the `HttpClient` service. */
  readonly layer: Layer.Layer<HttpClient.HttpClient>
  /** The same script as a direct transport (it enforces each request's `timeoutMillis` on the `Clock`). */
  readonly direct: Transport.Direct.Service
  /** A layer providing both {@link client} and {@link direct}: the identity client then sends through `direct`. */
  readonly layerDirect: Layer.Layer<HttpClient.HttpClient | Transport.Direct>
  /** Every request received so far, in order (a live view). */
  readonly requests: ReadonlyArray<Wire.RecordedRequest>
  /** Indices of requests that were interrupted before they got a reply (e.g. a `hang` hit a timeout). */
  readonly interrupted: ReadonlyArray<number>
  /** Script entries not yet consumed (`Infinity` for a handler script). */
  readonly remaining: () => number
  /** The last request; throws when there was none. */
  readonly last: () => Wire.RecordedRequest
}

/** Options of {@link make}. */
export interface Options {
  /**
   * What to do when a request arrives after a list script is used up:
   * `"die"` (default) fails the test with a defect naming the request;
   * `"repeatLast"` answers with the last entry again.
   */
  readonly exhausted?: "die" | "repeatLast"
}

/** The two ways the identity client sends: through the `HttpClient`, or through a direct transport. */
export const transports = ["HttpClient", "direct"] as const

/** One of {@link transports}. */
export type Via = typeof transports[number]

/** The layer of `server` that makes the identity client send `via` that way. */
export const layerVia = (
  server: ScriptedHttpClient,
  via: Via
): Layer.Layer<HttpClient.HttpClient | Transport.Direct> =>
  via === "direct" ? server.layerDirect : Layer.merge(server.layer, untouchedDirect)

/** A direct transport that a client on the `HttpClient` path must never use. */
const untouchedDirect = Layer.succeed(Transport.Direct, {
  send: (request) => Effect.die(`a client on the HttpClient path sent ${request.method} ${request.url} directly`)
})

/** The client constructor that sends `via` the given way (a `transformClient` hook needs the `HttpClient`). */
export const makeVia = (via: Via) =>
(
  options: Client.CommunicationIdentityClient.Options
): Effect.Effect<
  Client.CommunicationIdentityClient.Service,
  IdentityError,
  HttpClient.HttpClient | Transport.Direct | Crypto
> => via === "direct" && options.transformClient === undefined ? Client.makeDirect(options) : Client.make(options)

/** An identity client (on node:crypto) over a fresh scripted server, sending `via` the given way. */
export const client = (via: Via, script: Script, options: Client.CommunicationIdentityClient.Options) =>
  Effect.gen(function*() {
    const server = make(script)
    const client = yield* makeVia(via)(options).pipe(
      Effect.provide(Layer.merge(layerVia(server, via), NodeCrypto.layer))
    )
    return { server, client }
  })

/** Builds a scripted client. Each call makes an independent client with its own recording; build one per test. */
export const make = (script: Script, options: Options = {}): ScriptedHttpClient => {
  const requests: Array<Wire.RecordedRequest> = []
  const interrupted: Array<number> = []
  let next = 0

  const entryFor = (recorded: Wire.RecordedRequest): Effect.Effect<Reply> => {
    if (typeof script === "function") return Effect.suspend(() => toEffect(script(recorded)))
    let entry = script[next]
    if (entry === undefined && options.exhausted === "repeatLast" && script.length > 0)
      entry = script[script.length - 1]
    if (entry === undefined) {
      return Effect.die(
        new Error(
          `scripted HttpClient: no reply left for request #${recorded.index} ${recorded.method} ${recorded.target} ` +
            `(the script had ${script.length})`
        )
      )
    }
    next++
    const chosen = entry
    return typeof chosen === "function" ? Effect.suspend(() => toEffect(chosen(recorded))) : Effect.succeed(chosen)
  }

  const answer = (
    request: HttpClientRequest.HttpClientRequest,
    reply: Reply
  ): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
    switch (reply._tag) {
      case "Response":
        return Effect.sync(() => HttpClientResponse.fromWeb(request, webResponse(reply)))
      case "TransportError":
        return Effect.fail(
          new HttpClientError.HttpClientError({
            reason: new HttpClientError.TransportError({ request, cause: reply.cause })
          })
        )
      case "Hang":
        return Effect.never
      case "Delay":
        return Effect.andThen(Effect.sleep(reply.duration), answer(request, reply.reply))
    }
  }

  const client = HttpClient.make((request, url) =>
    Effect.gen(function*() {
      const sentAt = yield* Clock.currentTimeMillis
      const recorded = yield* record(requests.length, request, url, sentAt)
      requests.push(recorded)
      const reply = yield* entryFor(recorded)
      return yield* answer(request, reply).pipe(
        Effect.onInterrupt(() => Effect.sync(() => interrupted.push(recorded.index)))
      )
    })
  )

  const answerDirect = (reply: Reply): Effect.Effect<Transport.Direct.Response, Transport.RequestFailed> => {
    switch (reply._tag) {
      case "Response":
        return Effect.succeed({
          status: reply.status,
          header: (name) => reply.headers[name],
          text: decoder.decode(reply.body)
        })
      case "TransportError":
        return Effect.fail(new Transport.RequestFailed({ cause: reply.cause }))
      case "Hang":
        return Effect.never
      case "Delay":
        return Effect.andThen(Effect.sleep(reply.duration), answerDirect(reply.reply))
    }
  }

  const direct: Transport.Direct.Service = {
    send: (request) =>
      Effect.gen(function*() {
        const sentAt = yield* Clock.currentTimeMillis
        const bodyBytes = request.body === undefined ? undefined : encoder.encode(request.body)
        const entry = Wire.recorded(requests.length, request.method, request.url, request.headers, bodyBytes, sentAt)
        requests.push(entry)
        const reply = yield* entryFor(entry)
        return yield* answerDirect(reply).pipe(
          Effect.onInterrupt(() => Effect.sync(() => interrupted.push(entry.index))),
          Effect.timeoutOrElse({
            duration: request.timeoutMillis,
            orElse: () =>
              Effect.fail(
                new Transport.RequestFailed({ cause: new Transport.AttemptTimeoutError(request.timeoutMillis) })
              )
          })
        )
      })
  }

  return {
    client,
    layer: Layer.succeed(HttpClient.HttpClient, client),
    direct,
    layerDirect: Layer.succeedContext(
      Context.make(HttpClient.HttpClient, client).pipe(Context.add(Transport.Direct, direct))
    ),
    requests,
    interrupted,
    remaining: () => typeof script === "function" ? Infinity : Math.max(0, script.length - next),
    last: () => {
      const last = requests[requests.length - 1]
      if (last === undefined) throw new Error("scripted HttpClient: no request was sent")
      return last
    }
  }
}

/**
 * A web `Response` for a reply. The web constructor refuses a body on 204
 * (and statuses outside 200..599), which a misbehaving server may still
 * send: such a response is built as a 200 and given the scripted status.
 */
const webResponse = (reply: Extract<Reply, { readonly _tag: "Response" }>): Response => {
  const body = reply.body.length === 0 ? null : reply.body.slice()
  const plain = reply.status >= 200 && reply.status <= 599 && (body === null || ![204, 205, 304].includes(reply.status))
  if (plain) return new Response(body, { status: reply.status, headers: reply.headers })
  return Object.defineProperty(new Response(body, { status: 200, headers: reply.headers }), "status", {
    value: reply.status
  })
}

const toEffect = (reply: Reply | Effect.Effect<Reply>): Effect.Effect<Reply> =>
  Effect.isEffect(reply) ? reply : Effect.succeed(reply)

// ---------------------------------------------------------------------------
// A tiny in-memory Identity service, as a handler
// ---------------------------------------------------------------------------

/** Options of {@link identityService}. */
export interface IdentityServiceOptions {
  /** Checks each request before it is served, e.g. an HMAC verification; a returned reply (typically 401) is sent instead. */
  readonly check?: (request: Wire.RecordedRequest) => Effect.Effect<Reply | undefined>
  /** The token string every issued token carries; default a fixed fake JWT. */
  readonly token?: string
  /** `expiresOn` of issued tokens; default `2030-01-02T03:04:05.1234567+00:00`. */
  readonly expiresOn?: string
}

/** A fake (unsigned) JWT-shaped token. */
export const fakeToken = "eyJhbGciOiJub25lIn0.eyJza3lwZWlkIjoiYWNzOmZha2UifQ.c2lnbmF0dXJl"

/**
 * A handler that answers the Identity operations the way the service does
 * (201 create, 200 issue/exchange/get, 204 revoke/delete; ids
 * `8:acs:<resource>_<n>`), for "happy path" tests over a whole client. Unknown
 * routes get 404 with an error envelope.
 */
export const identityService = (options: IdentityServiceOptions = {}): Handler => {
  let counter = 0
  const resource = "00000000-0000-0000-0000-0000000000aa"
  const token = {
    token: options.token ?? fakeToken,
    expiresOn: options.expiresOn ?? "2030-01-02T03:04:05.1234567+00:00"
  }
  const route = (request: Wire.RecordedRequest): Reply => {
    const body = request.body === undefined || request.body === ""
      ? undefined
      : JSON.parse(request.body) as Record<string, unknown>
    const idMatch = /^\/identities\/([^/]+)(\/:(issueAccessToken|revokeAccessTokens))?$/.exec(request.path)
    if (request.method === "POST" && request.path === "/identities") {
      counter++
      const customId = typeof body?.customId === "string" ? body.customId : undefined
      const identity = {
        id: `8:acs:${resource}_${String(counter).padStart(12, "0")}`,
        ...(customId !== undefined && { customId })
      }
      return Wire.json(201, body?.createTokenWithScopes === undefined ? { identity } : { identity, accessToken: token })
    }
    if (request.method === "POST" && request.path === "/teamsUser/:exchangeAccessToken") return Wire.json(200, token)
    if (idMatch !== null) {
      const id = decodeURIComponent(idMatch[1]!)
      const action = idMatch[3]
      if (request.method === "POST" && action === "issueAccessToken") return Wire.json(200, token)
      if (request.method === "POST" && action === "revokeAccessTokens") return Wire.empty(204)
      if (request.method === "DELETE" && action === undefined) return Wire.empty(204)
      if (request.method === "GET" && action === undefined) {
        return Wire.json(200, { customId: "alice", lastTokenIssuedAt: "2025-04-14T15:32:35+00:00", id })
      }
    }
    return Wire.error(404, { code: "NotFound", message: `No route for ${request.method} ${request.path}` })
  }
  return (request) =>
    options.check === undefined
      ? route(request)
      : Effect.map(options.check(request), (rejected) => rejected ?? route(request))
}

/** `METHOD path` of a recorded request, with the identity id replaced by `{id}`. */
export const routeOf = (request: Wire.RecordedRequest): string =>
  `${request.method} ${request.path.replace(/^\/identities\/8%3Aacs%3A[^/]+/, "/identities/{id}")}`

/** A Teams user exchange the {@link identityService} accepts. */
export const teamsExchange = {
  teamsUserAadToken: "eyJ0eXAiOiJKV1QifQ.eyJvaWQiOiJ4In0.c2ln",
  clientId: "app-id",
  userObjectId: "object-id"
}

/**
 * The node and browser layer tests' lifecycle: every operation against an
 * {@link identityService}, checking each result (routes: {@link lifecycleRoutes}).
 */
export const lifecycle = (client: Client.CommunicationIdentityClient.Service, withPreview: boolean) =>
  Effect.gen(function*() {
    const user = yield* client.createUser()
    assert.match(user.communicationUserId, /^8:acs:/)
    const withToken = yield* client.createUserAndToken(["chat", "voip"], { expiresInMinutes: 60 })
    assert.strictEqual(Redacted.value(withToken.token), fakeToken)
    assert.instanceOf(withToken.expiresOn, Date)
    const token = yield* client.getToken(user, ["chat"], { expiresInMinutes: 120 })
    assert.strictEqual(token.expiresOn.toISOString(), "2030-01-02T03:04:05.123Z")
    yield* client.revokeTokens(user)
    const exchanged = yield* client.getTokenForTeamsUser(teamsExchange)
    assert.strictEqual(Redacted.value(exchanged.token), fakeToken)
    if (withPreview) {
      const custom = yield* client.createUser({ customId: "alice" })
      const detail = yield* client.getUser(custom)
      assert.strictEqual(detail.customId, "alice")
      assert.deepStrictEqual(detail.user, custom)
    }
    yield* client.deleteUser(user)
  }).pipe(Effect.withSpan("caller"))

/** The routes of {@link lifecycle}, in order. */
export const lifecycleRoutes = (withPreview: boolean): ReadonlyArray<string> => [
  "POST /identities",
  "POST /identities",
  "POST /identities/{id}/:issueAccessToken",
  "POST /identities/{id}/:revokeAccessTokens",
  "POST /teamsUser/:exchangeAccessToken",
  ...(withPreview ? ["POST /identities", "GET /identities/{id}"] : []),
  "DELETE /identities/{id}"
]
