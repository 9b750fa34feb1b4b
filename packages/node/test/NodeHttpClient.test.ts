/**
 * The node:http transport (and the fetch alternative) against a tiny real
 * node:http server on 127.0.0.1. Real sockets: `it.live` / `it.scopedLive`.
 */
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import { isResponseTooLarge } from "@effect-acs/identity/Retry"
import * as Transport from "@effect-acs/identity/Transport"
import * as BrowserHttpClient from "@effect-acs/identity-browser/BrowserHttpClient"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as NodeHttpClient from "@effect-acs/identity-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Http from "node:http"
import { spawnScript } from "../../core/test/utils/child.js"
import { endless } from "../../core/test/utils/endless.js"
import { closedPort, listen } from "../../core/test/utils/loopback.js"

interface Received {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly rawHeaders: ReadonlyArray<string>
  readonly body: Buffer
}

interface TestServer {
  readonly url: string
  readonly received: Array<Received>
  /** `connection` events seen by the server. */
  readonly connections: () => number
  /** Requests whose connection closed (client side) before a response was finished. */
  readonly aborted: Deferred.Deferred<void>
  /** Connections open now. */
  readonly open: Effect.Effect<number>
}

/** A loopback server for the test's scope; `handle` answers each fully read request. */
const serve = (handle: (req: Http.IncomingMessage, res: Http.ServerResponse, body: Buffer) => void) =>
  Effect.gen(function*() {
    const received: Array<Received> = []
    let connections = 0
    const aborted = yield* Deferred.make<void>()
    const { port, server } = yield* listen((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (chunk: Buffer) => chunks.push(chunk))
      req.on("end", () => {
        const body = Buffer.concat(chunks)
        received.push({ method: req.method!, url: req.url!, headers: req.headers, rawHeaders: req.rawHeaders, body })
        res.on("close", () => {
          if (!res.writableFinished) Effect.runSync(Deferred.succeed(aborted, undefined))
        })
        handle(req, res, body)
      })
    })
    server.on("connection", () => connections++)
    const open = Effect.async<number>((resume) => {
      server.getConnections((error, count) => resume(error ? Effect.die(error) : Effect.succeed(count)))
    })
    return {
      url: `http://127.0.0.1:${port}`,
      received,
      connections: () => connections,
      aborted,
      open
    } satisfies TestServer
  })

/**
 * Polls `done` every 10 ms until it holds, at most 2,000 times (a guard
 * against a condition that never comes, not a deadline); fails the test if
 * it never held.
 */
const until = (done: Effect.Effect<boolean>, what: string) =>
  Effect.gen(function*() {
    for (let i = 0; i < 2_000 && !(yield* done); i++) yield* Effect.sleep("10 millis")
    assert.isTrue(yield* done, what)
  })

/** Until the server has fully read `n` requests. */
const arrived = (server: TestServer, n: number) =>
  until(Effect.sync(() => server.received.length >= n), `${n} request(s) never arrived`)

const ok = (_req: Http.IncomingMessage, res: Http.ServerResponse) => {
  res.writeHead(200, { "content-type": "text/plain" })
  res.end("ok")
}

/** Runs `f` with an `HttpClient` from `layer` (one layer instance: one agent). */
const withClient = <A, E>(
  layer: Layer.Layer<HttpClient.HttpClient>,
  f: (client: HttpClient.HttpClient) => Effect.Effect<A, E>
) => Effect.flatMap(HttpClient.HttpClient, f).pipe(Effect.provide(layer))

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["node:http", NodeHttpClient.layer()],
  ["fetch", NodeHttpClient.layerFetch]
]

describe("NodeHttpClient", () => {
  for (const [name, layer] of transports) {
    it.scopedLive(`${name}: method, target, headers and body arrive as sent; the response comes back whole`, () =>
      Effect.gen(function*() {
        const server = yield* serve((_req, res, body) => {
          res.writeHead(201, { "content-type": "application/json; charset=utf-8", "ms-cv": "cv-1", "x-multi": "a" })
          res.end(JSON.stringify({ echoed: body.toString("utf8") }))
        })
        const text = `{"scopes":["chat"],"note":"héllo 😀"}`
        const response = yield* withClient(layer, (client) =>
          client.execute(
            HttpClientRequest.post(`${server.url}/identities/8%3Aacs%3Ax_y/:issueAccessToken?api-version=2023-10-01`)
              .pipe(
                HttpClientRequest.setHeaders({
                  "x-ms-date": "Wed, 01 May 2024 12:00:00 GMT",
                  "x-custom": "1",
                  accept: "application/json"
                }),
                HttpClientRequest.bodyText(text, "application/json")
              )
          ).pipe(Effect.flatMap((response) =>
            Effect.map(response.text, (body) => ({ status: response.status, headers: response.headers, body }))
          )))
        assert.strictEqual(server.received.length, 1)
        const got = server.received[0]!
        assert.strictEqual(got.method, "POST")
        assert.strictEqual(got.url, "/identities/8%3Aacs%3Ax_y/:issueAccessToken?api-version=2023-10-01")
        assert.strictEqual(got.headers["x-ms-date"], "Wed, 01 May 2024 12:00:00 GMT")
        assert.strictEqual(got.headers["x-custom"], "1")
        assert.strictEqual(got.headers.accept, "application/json")
        assert.strictEqual(got.headers["content-type"], "application/json")
        assert.strictEqual(got.headers.host, server.url.slice("http://".length))
        assert.strictEqual(got.body.toString("utf8"), text)
        assert.strictEqual(got.headers["content-length"], String(Buffer.byteLength(text)))
        assert.strictEqual(got.headers["transfer-encoding"], undefined)
        assert.strictEqual(response.status, 201)
        assert.strictEqual(response.headers["ms-cv"], "cv-1")
        assert.strictEqual(response.headers["content-type"], "application/json; charset=utf-8")
        assert.deepStrictEqual(JSON.parse(response.body), { echoed: text })
      }))

    it.scopedLive(`${name}: bodiless POST and DELETE send no body (no chunked encoding)`, () =>
      Effect.gen(function*() {
        const server = yield* serve((_req, res) => {
          res.writeHead(204)
          res.end()
        })
        yield* withClient(layer, (client) =>
          Effect.gen(function*() {
            for (
              const request of [HttpClientRequest.post(`${server.url}/a`), HttpClientRequest.del(`${server.url}/b`)]
            ) {
              const response = yield* client.execute(request)
              assert.strictEqual(response.status, 204)
              assert.strictEqual(yield* response.text, "")
            }
          }))
        for (const got of server.received) {
          assert.strictEqual(got.body.length, 0)
          assert.strictEqual(got.headers["transfer-encoding"], undefined, `${got.method} was chunked`)
          assert.include(["0", undefined], got.headers["content-length"])
        }
      }))

    it.scopedLive(`${name}: a server that drops the socket mid-response is a failure, not a hang`, () =>
      Effect.gen(function*() {
        const server = yield* serve((_req, res) => {
          res.writeHead(200, { "content-type": "text/plain", "content-length": "1000" })
          res.write("only ten b", () => res.socket?.destroy())
        })
        const result = yield* withClient(
          layer,
          (client) => client.execute(HttpClientRequest.get(`${server.url}/x`)).pipe(Effect.flatMap((r) => r.text))
        ).pipe(Effect.timeout("10 seconds"), Effect.either)
        assert.isTrue(Either.isLeft(result), "a truncated body must not succeed")
        if (Either.isLeft(result)) assert.notStrictEqual(result.left._tag, "TimeoutException")
      }))

    it.scopedLive(`${name}: interrupting an in-flight request closes it (the server sees the close)`, () =>
      Effect.gen(function*() {
        const server = yield* serve(() => {
          // never answers
        })
        yield* withClient(layer, (client) =>
          Effect.gen(function*() {
            // interrupted once the server has it (not after a time that a slow machine could need for the send)
            const inFlight = yield* Effect.fork(client.execute(HttpClientRequest.get(`${server.url}/slow`)))
            yield* arrived(server, 1)
            assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(inFlight)))
            assert.strictEqual(server.received.length, 1)
            // while the client (and its agent) is still alive, the server must observe the
            // aborted request (bounded wait): the interruption itself closed it
            const seen = yield* Deferred.await(server.aborted).pipe(Effect.timeout("20 seconds"), Effect.either)
            assert.isTrue(Either.isRight(seen), "the server never saw the request close")
          }))
      }))

    it.scopedLive(`${name}: a refused connection is a transport failure`, () =>
      Effect.gen(function*() {
        const port = yield* closedPort
        const result = yield* withClient(layer, (client) =>
          client.execute(HttpClientRequest.get(`http://127.0.0.1:${port}/`))).pipe(
            Effect.timeout("10 seconds"),
            Effect.either
          )
        assert.isTrue(Either.isLeft(result))
        if (Either.isLeft(result)) {
          assert.strictEqual(result.left._tag, "RequestError")
          assert.strictEqual((result.left as { reason?: string }).reason, "Transport")
        }
      }))
  }

  it.scopedLive("node:http: keep-alive reuses one socket across sequential requests", () =>
    Effect.gen(function*() {
      const server = yield* serve(ok)
      yield* withClient(NodeHttpClient.layer(), (client) =>
        Effect.gen(function*() {
          for (let i = 0; i < 5; i++) {
            const response = yield* client.execute(HttpClientRequest.get(`${server.url}/r${i}`))
            assert.strictEqual(yield* response.text, "ok")
          }
        }))
      assert.strictEqual(server.received.length, 5)
      assert.strictEqual(server.connections(), 1)
      for (const got of server.received) assert.strictEqual(got.headers.connection, "keep-alive")
    }))

  it.scopedLive("node:http: a response bigger than maxResponseBytes fails (and one at the limit succeeds)", () =>
    Effect.gen(function*() {
      const server = yield* serve((req, res) => {
        const size = Number(new URL(req.url!, "http://x").searchParams.get("size"))
        res.writeHead(200, { "content-type": "application/octet-stream" })
        // in several chunks, without content-length
        const chunk = Buffer.alloc(256, 120)
        for (let sent = 0; sent < size; sent += chunk.length)
          res.write(chunk.subarray(0, Math.min(chunk.length, size - sent)))
        res.end()
      })
      yield* withClient(NodeHttpClient.layer({ maxResponseBytes: 1024 }), (client) =>
        Effect.gen(function*() {
          const atLimit = yield* client.execute(HttpClientRequest.get(`${server.url}/?size=1024`)).pipe(
            Effect.flatMap((r) => r.text)
          )
          assert.strictEqual(atLimit.length, 1024)
          const tooBig = yield* client.execute(HttpClientRequest.get(`${server.url}/?size=4096`)).pipe(
            Effect.flatMap((r) => r.text),
            Effect.timeout("10 seconds"),
            Effect.either
          )
          assert.isTrue(Either.isLeft(tooBig))
          if (Either.isLeft(tooBig)) {
            assert.strictEqual(tooBig.left._tag, "RequestError")
            assert.match(String((tooBig.left as { cause?: unknown }).cause), /exceeds 1024 bytes/)
          }
          // the client still works afterwards
          const after = yield* client.execute(HttpClientRequest.get(`${server.url}/?size=10`)).pipe(
            Effect.flatMap((r) => r.text)
          )
          assert.strictEqual(after.length, 10)
        }))
    }))

  it.scopedLive("node:http: a chunked response cut short is a failure", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res) => {
        res.writeHead(200, { "content-type": "text/plain" })
        res.write("first chunk", () => setTimeout(() => res.socket?.destroy(), 10))
      })
      const result = yield* withClient(NodeHttpClient.layer(), (client) =>
        client.execute(HttpClientRequest.get(`${server.url}/x`)).pipe(Effect.flatMap((r) => r.text))).pipe(
          Effect.timeout("10 seconds"),
          Effect.either
        )
      assert.isTrue(Either.isLeft(result))
      if (Either.isLeft(result))
        assert.strictEqual(result.left._tag, "RequestError")
    }))

  it.scopedLive("node:http: after an interrupted request the next one gets a fresh, working socket", () =>
    Effect.gen(function*() {
      let first = true
      const server = yield* serve((req, res) => {
        if (first) {
          first = false
          return // hang the first one
        }
        ok(req, res)
      })
      yield* withClient(NodeHttpClient.layer(), (client) =>
        Effect.gen(function*() {
          const hanging = yield* Effect.fork(client.execute(HttpClientRequest.get(`${server.url}/hang`)))
          yield* arrived(server, 1)
          assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(hanging)))
          const response = yield* client.execute(HttpClientRequest.get(`${server.url}/ok`))
          assert.strictEqual(yield* response.text, "ok")
        }))
      assert.strictEqual(server.connections(), 2)
    }))
})

/** Runs `f` with the direct transport and the `HttpClient` of one `NodeHttpClient.layer` (one agent). */
const withDirect = <A, E>(
  f: (direct: Transport.Direct.Service, client: HttpClient.HttpClient) => Effect.Effect<A, E>,
  options?: NodeHttpClient.Options
) =>
  Effect.flatMap(Effect.all([Transport.Direct, HttpClient.HttpClient]), ([direct, client]) => f(direct, client)).pipe(
    Effect.provide(NodeHttpClient.layer(options))
  )

const directRequest = (url: string, overrides: Partial<Transport.Direct.Request> = {}): Transport.Direct.Request => ({
  method: "GET",
  url: new URL(url),
  headers: {},
  body: undefined,
  timeoutMillis: 10_000,
  ...overrides
})

describe("NodeHttpClient direct transport", () => {
  it.scopedLive("sends method, target, headers and a UTF-8 body as given (content-length, not chunked); reads status, headers and text", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res, body) => {
        res.writeHead(201, [["content-type", "application/json"], ["ms-cv", "cv-1"], ["x-multi", "a"], [
          "x-multi",
          "b"
        ]])
        res.end(JSON.stringify({ echoed: body.toString("utf8") }))
      })
      const text = `{"scopes":["chat"],"note":"héllo 😀"}`
      const response = yield* withDirect((direct) =>
        direct.send(directRequest(`${server.url}/identities/a%2Fb?api-version=2023-10-01`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-ms-client-request-id": "id-1" },
          body: text
        }))
      )
      assert.strictEqual(response.status, 201)
      assert.strictEqual(response.header("ms-cv"), "cv-1")
      assert.strictEqual(response.header("x-multi"), "a, b")
      assert.strictEqual(response.header("absent"), undefined)
      assert.deepStrictEqual(JSON.parse(response.text), { echoed: text })
      const [got] = server.received
      assert.strictEqual(got!.method, "POST")
      assert.strictEqual(got!.url, "/identities/a%2Fb?api-version=2023-10-01")
      assert.strictEqual(got!.headers["x-ms-client-request-id"], "id-1")
      assert.strictEqual(got!.headers["content-length"], String(Buffer.byteLength(text)))
      assert.strictEqual(got!.headers["transfer-encoding"], undefined)
      assert.strictEqual(got!.body.toString("utf8"), text)
    }))

  it.scopedLive("shares the HttpClient's keep-alive agent: one socket for both", () =>
    Effect.gen(function*() {
      const server = yield* serve(ok)
      yield* withDirect((direct, client) =>
        Effect.gen(function*() {
          assert.strictEqual((yield* direct.send(directRequest(`${server.url}/a`))).text, "ok")
          assert.strictEqual(yield* (yield* client.execute(HttpClientRequest.get(`${server.url}/b`))).text, "ok")
          assert.strictEqual((yield* direct.send(directRequest(`${server.url}/c`))).text, "ok")
        })
      )
      assert.deepStrictEqual(server.received.map((r) => r.url), ["/a", "/b", "/c"])
      assert.strictEqual(server.connections(), 1)
    }))

  it.scopedLive("enforces timeoutMillis itself: RequestFailed caused by an AttemptTimeoutError, and the request is closed", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => {
        // never answers
      })
      yield* withDirect((direct) =>
        Effect.gen(function*() {
          const error = yield* Effect.flip(direct.send(directRequest(`${server.url}/stall`, { timeoutMillis: 50 })))
            .pipe(Effect.timeout("10 seconds"))
          assert.instanceOf(error, Transport.RequestFailed)
          assert.isTrue(Transport.isAttemptTimeout(error.cause))
          // the 50 ms may end before the request reaches the server on a slow machine: what must hold either way
          // is that the timeout itself closed the connection (while the agent lives; a server that never answers
          // keeps an open one forever)
          yield* until(Effect.map(server.open, (n) => n === 0), "the timed-out request's connection was left open")
        })
      )
    }))

  it.scopedLive("a timeoutMillis beyond setTimeout's range (30 days, Infinity) sets no timer: no TimeoutOverflowWarning, the answer arrives", () =>
    Effect.gen(function*() {
      const server = yield* serve((req, res) => {
        // later than the 1 ms that Node turns an overflowing timer into
        setTimeout(() => ok(req, res), 100)
      })
      const warnings: Array<string> = []
      const onWarning = (warning: Error) => warnings.push(warning.name)
      yield* Effect.acquireRelease(
        Effect.sync(() => process.on("warning", onWarning)),
        () => Effect.sync(() => process.off("warning", onWarning))
      )
      yield* withDirect((direct) =>
        Effect.forEach(
          [30 * 24 * 60 * 60 * 1000, 2 ** 31, Infinity],
          (timeoutMillis) =>
            Effect.map(direct.send(directRequest(`${server.url}/slow`, { timeoutMillis })), (response) => {
              assert.strictEqual(response.status, 200, `timeoutMillis ${timeoutMillis}`)
              assert.strictEqual(response.text, "ok")
            })
        )
      )
      assert.deepStrictEqual(warnings.filter((name) => name === "TimeoutOverflowWarning"), [])
    }))

  it.scopedLive("the timeout fires in a process where the request is all that is pending (its timer is unref'd)", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => {
        // never answers
      })
      const child = yield* spawnScript("packages/node/test/fixtures/stalledRequest.ts", [`${server.url}/stall`])
      assert.strictEqual(yield* child.exited, 0)
      assert.strictEqual(child.stdout(), "timed out\n")
      yield* until(Effect.map(server.open, (n) => n === 0), "the timed-out request's connection was left open")
    }))

  it.scopedLive("interruption closes the request (the server sees the close)", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => {
        // never answers
      })
      yield* withDirect((direct) =>
        Effect.gen(function*() {
          const stalled = yield* Effect.fork(direct.send(directRequest(`${server.url}/stall`)))
          yield* arrived(server, 1)
          assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(stalled)))
          yield* Deferred.await(server.aborted).pipe(Effect.timeout("20 seconds"))
        })
      )
    }))

  it.scopedLive("a body over maxResponseBytes fails with ResponseTooLargeError as the cause", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res) => res.end("x".repeat(2048)))
      const error = yield* withDirect((direct) => Effect.flip(direct.send(directRequest(`${server.url}/big`))), {
        maxResponseBytes: 1024
      })
      assert.instanceOf(error, Transport.RequestFailed)
      assert.isTrue(isResponseTooLarge(error.cause))
    }))

  it.scopedLive("a refused connection is a RequestFailed", () =>
    Effect.gen(function*() {
      const port = yield* closedPort
      const error = yield* withDirect((direct) => Effect.flip(direct.send(directRequest(`http://127.0.0.1:${port}/`))))
        .pipe(Effect.timeout("10 seconds"))
      assert.instanceOf(error, Transport.RequestFailed)
      assert.instanceOf(error.cause, Error)
    }))
})

// ---------------------------------------------------------------------------
// Every transport through the identity client
// ---------------------------------------------------------------------------

const accessKey = Buffer.alloc(32, 7).toString("base64")

/** The identity client's ways of sending on Node, each on its own transport. */
const identityTransports: ReadonlyArray<{
  readonly name: string
  readonly layer: Layer.Layer<HttpClient.HttpClient>
  /** Set: the client sends through the `HttpClient` even when a direct transport is there. */
  readonly transformClient?: (client: Client.Client) => Client.Client
}> = [
  { name: "direct (node:http)", layer: NodeHttpClient.layer() },
  { name: "HttpClient (node:http)", layer: NodeHttpClient.layer(), transformClient: (client) => client },
  { name: "fetch (NodeHttpClient.layerFetch)", layer: NodeHttpClient.layerFetch },
  { name: "fetch (BrowserHttpClient.layer)", layer: BrowserHttpClient.layer }
]

/** Runs `f` with an identity client on `transport` for `endpoint` (the transport lives as long as `f`). */
const withIdentity = <A, E>(
  transport: typeof identityTransports[number],
  endpoint: string,
  options: Partial<Client.CommunicationIdentityClient.Options>,
  f: (client: Client.CommunicationIdentityClient.Service) => Effect.Effect<A, E>
) =>
  Effect.flatMap(
    Client.make(Object.assign(
      { connectionString: `endpoint=${endpoint};accesskey=${accessKey}` },
      transport.transformClient === undefined ? undefined : { transformClient: transport.transformClient },
      options
    )),
    f
  ).pipe(Effect.provide(Layer.merge(transport.layer, NodeCrypto.layer)))

const user = { communicationUserId: "8:acs:r_1" }

const tooLargeMessage = (operation: string) =>
  `${operation} failed before a response was read: Transport (The response body exceeds 1048576 bytes.)`

describe("every transport through the identity client", () => {
  for (const transport of identityTransports) {
    it.scopedLive(`${transport.name}: a redirect (301, 302, 303, 307, 308) is a ServiceError with its status, never followed`, () =>
      Effect.gen(function*() {
        // the redirect's target answers every request with a valid getToken result
        const target = yield* serve((_req, res) => {
          res.writeHead(200, { "content-type": "application/json" })
          res.end(JSON.stringify({ token: "eyJhbGciOiJub25lIn0.e30.c2ln", expiresOn: "2030-01-01T00:00:00Z" }))
        })
        const statuses = [301, 302, 303, 307, 308]
        let status = 0
        const redirecting = yield* serve((_req, res) => {
          res.writeHead(status, { location: `${target.url}/identities/x/:issueAccessToken?api-version=2023-10-01` })
          res.end()
        })
        yield* withIdentity(
          transport,
          `${redirecting.url}/`,
          {},
          (client) =>
            Effect.forEach(statuses, (redirect) =>
              Effect.gen(function*() {
                status = redirect
                const error = yield* Effect.flip(client.getToken(user, ["chat"]))
                assert.strictEqual(error._tag, "ServiceError", `${redirect}: ${error.message}`)
                if (error._tag === "ServiceError") assert.strictEqual(error.status, redirect)
              }))
        )
        // one request per call (a redirect is not retried), and none reached the target
        assert.strictEqual(redirecting.received.length, statuses.length)
        assert.strictEqual(target.received.length, 0)
      }))

    it.scopedLive(`${transport.name}: an endless body fails at maxResponseBytes (1 MiB) and the connection is closed`, () =>
      Effect.gen(function*() {
        const bound = 64 * 1024 * 1024
        const stream = endless(201, { "content-type": "application/json" }, bound)
        const server = yield* serve(stream.handle)
        const error = yield* withIdentity(transport, `${server.url}/`, {}, (client) => Effect.flip(client.createUser()))
        assert.strictEqual(error._tag, "TransportError")
        assert.isTrue(isResponseTooLarge((error as { cause?: unknown }).cause))
        assert.strictEqual(error.message, tooLargeMessage("createUser"))
        yield* Deferred.await(server.aborted).pipe(Effect.timeout("20 seconds"))
        assert.isBelow(stream.written(), bound, "the server stopped itself: the client never closed the stream")
        assert.strictEqual(server.received.length, 1)
      }))

    it.scopedLive(`${transport.name}: a content-length over maxResponseBytes fails at once, before the body`, () =>
      Effect.gen(function*() {
        const server = yield* serve((_req, res) => {
          res.writeHead(200, { "content-type": "application/json", "content-length": String(2 * 1024 * 1024) })
          res.write("x".repeat(1024)) // and nothing more: only the announced length can end the call
        })
        const error = yield* withIdentity(
          transport,
          `${server.url}/`,
          { attemptTimeout: "10 seconds" },
          (client) => Effect.flip(client.createUser())
        )
        assert.strictEqual(error.message, tooLargeMessage("createUser"))
        assert.isTrue(isResponseTooLarge((error as { cause?: unknown }).cause))
        yield* Deferred.await(server.aborted).pipe(Effect.timeout("20 seconds"))
      }))
  }
})
