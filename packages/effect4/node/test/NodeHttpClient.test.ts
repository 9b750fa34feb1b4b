/**
 * The Node transports (the `HttpClient` on node:http and the direct transport,
 * HTTP/1.1 on pooled node:net / node:tls sockets), and the fetch transport
 * (`BrowserHttpClient`) on Node, against tiny real servers on 127.0.0.1.
 * Real sockets: `it.live`. `Http1.test.ts` covers the wire format byte by byte.
 */
import * as BrowserHttpClient from "@effect-acs/identity-effect4-browser/BrowserHttpClient"
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import { isResponseTooLarge } from "@effect-acs/identity-effect4/Retry"
import * as Transport from "@effect-acs/identity-effect4/Transport"
import * as NodeCrypto from "@effect-acs/identity-effect4-node/NodeCrypto"
import * as NodeHttpClient from "@effect-acs/identity-effect4-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import * as ChildProcess from "node:child_process"
import type * as Http from "node:http"
import * as NodeHttp from "node:http"
import * as Fs from "node:fs"
import * as Https from "node:https"
import type { AddressInfo } from "node:net"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import type * as Tls from "node:tls"
import { fileURLToPath } from "node:url"
import { endless } from "../../../core/test/utils/endless.js"
import { selfSigned } from "../../../../test/interop/tls.setup.js"
import { closedPort, listen } from "../../core/test/utils/loopback.js"

interface Received {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
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
        received.push({ method: req.method!, url: req.url!, headers: req.headers, body })
        res.on("close", () => {
          if (!res.writableFinished) Effect.runSync(Deferred.succeed(aborted, undefined))
        })
        handle(req, res, body)
      })
    })
    server.on("connection", () => connections++)
    const open = Effect.callback<number>((resume) => {
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

/** Interrupts `fiber` and returns how it ended. */
const interrupt = <A, E>(fiber: Fiber.Fiber<A, E>) => Effect.andThen(Fiber.interrupt(fiber), Fiber.await(fiber))

const ok = (_req: Http.IncomingMessage, res: Http.ServerResponse) => {
  res.writeHead(200, { "content-type": "text/plain" })
  res.end("ok")
}

/** Runs `f` with an `HttpClient` from `layer` (one layer instance: one agent). */
const withClient = <A, E>(
  layer: Layer.Layer<HttpClient.HttpClient>,
  f: (client: HttpClient.HttpClient) => Effect.Effect<A, E>
) => Effect.flatMap(Effect.service(HttpClient.HttpClient), f).pipe(Effect.provide(layer))

/** The reason of a failed request (the test fails on any other failure). */
const reasonOf = (error: unknown): HttpClientError.HttpClientErrorReason => {
  assert.strictEqual((error as { _tag?: unknown })._tag, "HttpClientError", String(error))
  return (error as HttpClientError.HttpClientError).reason
}

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["node:http", NodeHttpClient.layer()],
  ["fetch (BrowserHttpClient)", BrowserHttpClient.layer]
]

describe("NodeHttpClient", () => {
  for (const [name, layer] of transports) {
    it.live(`${name}: method, target, headers and body arrive as sent; the response comes back whole`, () =>
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
          ).pipe(
            Effect.flatMap((response) =>
              Effect.map(response.text, (body) => ({ status: response.status, headers: response.headers, body }))
            )
          ))
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
        // no trace headers from either transport
        assert.strictEqual(got.headers.traceparent, undefined)
        assert.strictEqual(got.headers.b3, undefined)
        assert.strictEqual(response.status, 201)
        assert.strictEqual(response.headers["ms-cv"], "cv-1")
        assert.strictEqual(response.headers["content-type"], "application/json; charset=utf-8")
        assert.deepStrictEqual(JSON.parse(response.body), { echoed: text })
      }))

    it.live(`${name}: bodiless POST and DELETE send no body (no chunked encoding)`, () =>
      Effect.gen(function*() {
        const server = yield* serve((_req, res) => {
          res.writeHead(204)
          res.end()
        })
        yield* withClient(layer, (client) =>
          Effect.gen(function*() {
            for (
              const request of [HttpClientRequest.post(`${server.url}/a`), HttpClientRequest.delete(`${server.url}/b`)]
            ) {
              const response = yield* client.execute(request)
              assert.strictEqual(response.status, 204)
              assert.strictEqual(yield* response.text, "")
            }
          }))
        assert.strictEqual(server.received.length, 2)
        for (const got of server.received) {
          assert.strictEqual(got.body.length, 0)
          assert.strictEqual(got.headers["transfer-encoding"], undefined, `${got.method} was chunked`)
          assert.include(["0", undefined], got.headers["content-length"])
        }
      }))

    it.live(`${name}: a redirect comes back as the response, never followed`, () =>
      Effect.gen(function*() {
        const target = yield* serve(ok)
        const redirecting = yield* serve((_req, res) => {
          res.writeHead(307, { location: `${target.url}/elsewhere` })
          res.end()
        })
        const response = yield* withClient(layer, (client) =>
          client.execute(HttpClientRequest.get(`${redirecting.url}/x`)))
        assert.strictEqual(response.status, 307)
        assert.strictEqual(target.received.length, 0)
      }))

    it.live(`${name}: a server that drops the socket mid-response is a failure, not a hang`, () =>
      Effect.gen(function*() {
        const server = yield* serve((_req, res) => {
          res.writeHead(200, { "content-type": "text/plain", "content-length": "1000" })
          res.write("only ten b", () => res.socket?.destroy())
        })
        const result = yield* withClient(
          layer,
          (client) => client.execute(HttpClientRequest.get(`${server.url}/x`)).pipe(Effect.flatMap((r) => r.text))
        ).pipe(
          Effect.timeout("10 seconds"),
          Effect.result
        )
        assert.isTrue(Result.isFailure(result), "a truncated body must not succeed")
        if (Result.isFailure(result)) assert.isFalse(Cause.isTimeoutError(result.failure), "the request hung")
      }))

    it.live(`${name}: interrupting an in-flight request closes it (the server sees the close)`, () =>
      Effect.gen(function*() {
        const server = yield* serve(() => {
          // never answers
        })
        yield* withClient(layer, (client) =>
          Effect.gen(function*() {
            // interrupted once the server has it (not after a time that a slow machine could need for the send)
            const inFlight = yield* Effect.forkChild(client.execute(HttpClientRequest.get(`${server.url}/slow`)))
            yield* arrived(server, 1)
            assert.isTrue(Exit.hasInterrupts(yield* interrupt(inFlight)))
            assert.strictEqual(server.received.length, 1)
            // while the client (and its agent) is still alive, the server must observe the
            // aborted request (bounded wait): the interruption itself closed it
            const seen = yield* Deferred.await(server.aborted).pipe(Effect.timeout("20 seconds"), Effect.result)
            assert.isTrue(Result.isSuccess(seen), "the server never saw the request close")
          }))
      }))

    it.live(`${name}: a refused connection is a transport failure`, () =>
      Effect.gen(function*() {
        const port = yield* closedPort
        const error = yield* withClient(layer, (client) =>
          client.execute(HttpClientRequest.get(`http://127.0.0.1:${port}/`)))
          .pipe(Effect.timeout("10 seconds"), Effect.flip)
        assert.strictEqual(reasonOf(error)._tag, "TransportError")
      }))

    it.live(`${name}: a response bigger than maxResponseBytes fails with ResponseTooLargeError (one at the limit succeeds)`, () =>
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
        const limited = name === "node:http"
          ? NodeHttpClient.layer({ maxResponseBytes: 1024 })
          : BrowserHttpClient.layerWith({ maxResponseBytes: 1024 })
        yield* withClient(limited, (client) =>
          Effect.gen(function*() {
            const get = (size: number) =>
              client.execute(HttpClientRequest.get(`${server.url}/?size=${size}`)).pipe(Effect.flatMap((r) => r.text))
            assert.strictEqual((yield* get(1024)).length, 1024)
            const error = yield* get(4096).pipe(Effect.timeout("10 seconds"), Effect.flip)
            const reason = reasonOf(error)
            assert.strictEqual(reason._tag, "TransportError")
            assert.isTrue(isResponseTooLarge(reason.cause), String(reason.cause))
            assert.match(String(reason.cause), /exceeds 1024 bytes/)
            // the client still works afterwards
            assert.strictEqual((yield* get(10)).length, 10)
          }))
      }))
  }

  it.live("node:http: keep-alive reuses one socket across sequential requests", () =>
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

  it.live("node:http: a chunked response cut short is a failure", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res) => {
        res.writeHead(200, { "content-type": "text/plain" })
        res.write("first chunk", () => setTimeout(() => res.socket?.destroy(), 10))
      })
      const error = yield* withClient(NodeHttpClient.layer(), (client) =>
        client.execute(HttpClientRequest.get(`${server.url}/x`)).pipe(Effect.flatMap((r) => r.text))).pipe(
          Effect.timeout("10 seconds"),
          Effect.flip
        )
      assert.strictEqual(reasonOf(error)._tag, "TransportError")
    }))

  it.live("node:http: a status a web Response refuses (600) is a transport failure, not a crash", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res) => {
        res.writeHead(600)
        res.end("odd")
      })
      const error = yield* withClient(
        NodeHttpClient.layer(),
        (client) => client.execute(HttpClientRequest.get(`${server.url}/x`))
      )
        .pipe(Effect.timeout("10 seconds"), Effect.flip)
      const reason = reasonOf(error)
      assert.strictEqual(reason._tag, "TransportError")
      assert.instanceOf(reason.cause, RangeError)
    }))

  it.live("node:http: after an interrupted request the next one gets a fresh, working socket", () =>
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
          const hanging = yield* Effect.forkChild(client.execute(HttpClientRequest.get(`${server.url}/hang`)))
          yield* arrived(server, 1)
          assert.isTrue(Exit.hasInterrupts(yield* interrupt(hanging)))
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
  Effect.flatMap(
    Effect.all([Effect.service(Transport.Direct), Effect.service(HttpClient.HttpClient)]),
    ([direct, client]) => f(direct, client)
  ).pipe(Effect.provide(NodeHttpClient.layer(options)))

const directRequest = (url: string, overrides: Partial<Transport.Direct.Request> = {}): Transport.Direct.Request => ({
  method: "GET",
  url: new URL(url),
  headers: {},
  body: undefined,
  timeoutMillis: 10_000,
  ...overrides
})

/** The repository root (where `tsx` is installed). */
const root = fileURLToPath(new URL("../../../../", import.meta.url))

/** Runs a TypeScript fixture in its own Node process (killed with the scope if still running); its exit code and stdout. */
const runFixture = (script: string, args: ReadonlyArray<string>, env: Readonly<Record<string, string>> = {}) =>
  Effect.acquireRelease(
    Effect.sync(() =>
      ChildProcess.spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "--conditions=@effect-acs/source",
          fileURLToPath(new URL(script, import.meta.url)),
          ...args
        ],
        { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } }
      )
    ),
    (child) => Effect.sync(() => child.exitCode === null && child.kill("SIGKILL"))
  ).pipe(
    Effect.flatMap((child) =>
      Effect.callback<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>((resume) => {
        let stdout = ""
        let stderr = ""
        child.stdout.on("data", (chunk: Buffer) => stdout += chunk.toString("utf8"))
        child.stderr.on("data", (chunk: Buffer) => stderr += chunk.toString("utf8"))
        child.once("close", (code) => resume(Effect.succeed({ code, stdout, stderr })))
      })
    ),
    Effect.timeout("30 seconds")
  )

/**
 * A `node:net` server for the test's scope that answers every read with the
 * same small response and never closes a connection itself; its sockets, in
 * the order they connected.
 */
const rawServer = Effect.gen(function*() {
  const sockets: Array<Net.Socket> = []
  const server = yield* Effect.acquireRelease(
    Effect.callback<Net.Server>((resume) => {
      const server = Net.createServer((socket) => {
        sockets.push(socket)
        socket.on("data", () => socket.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"))
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.callback<void>((resume) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resume(Effect.void))
      })
  )
  return { sockets, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }
})

describe("NodeHttpClient direct transport", () => {
  it.live("sends method, target, headers and a UTF-8 body as given (content-length, not chunked); reads status, headers and text", () =>
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

  it.live("keeps its connection alive: sequential requests share one socket, the HttpClient has its own", () =>
    Effect.gen(function*() {
      const server = yield* serve(ok)
      yield* withDirect((direct, client) =>
        Effect.gen(function*() {
          assert.strictEqual((yield* direct.send(directRequest(`${server.url}/a`))).text, "ok")
          assert.strictEqual((yield* direct.send(directRequest(`${server.url}/b`))).text, "ok")
          assert.strictEqual(server.connections(), 1)
          assert.strictEqual(yield* (yield* client.execute(HttpClientRequest.get(`${server.url}/c`))).text, "ok")
          assert.strictEqual((yield* direct.send(directRequest(`${server.url}/d`))).text, "ok")
        })
      )
      assert.deepStrictEqual(server.received.map((r) => r.url), ["/a", "/b", "/c", "/d"])
      assert.strictEqual(server.connections(), 2)
    }))

  it.live("an IPv6 literal host and URL credentials reach the server as Node sends a URL (host header, basic auth)", () =>
    Effect.gen(function*() {
      const server = yield* Effect.acquireRelease(
        Effect.callback<NodeHttp.Server>((resume) => {
          const server = NodeHttp.createServer((req, res) =>
            res.end(`${req.headers.host} ${req.headers.authorization}`)
          )
          server.listen(0, "::1", () => resume(Effect.succeed(server)))
        }),
        (server) =>
          Effect.callback<void>((resume) => {
            server.close(() => resume(Effect.void))
          })
      )
      const { port } = server.address() as AddressInfo
      const response = yield* withDirect((direct) =>
        direct.send(directRequest(`http://us%20er:p%40ss@[::1]:${port}/x?a=1`))
      )
      assert.strictEqual(response.text, `[::1]:${port} Basic ${Buffer.from("us er:p@ss").toString("base64")}`)
    }))

  it.live("a redirect is returned as it is, never followed", () =>
    Effect.gen(function*() {
      const target = yield* serve(ok)
      const redirecting = yield* serve((_req, res) => {
        res.writeHead(302, { location: `${target.url}/elsewhere` })
        res.end()
      })
      const response = yield* withDirect((direct) => direct.send(directRequest(`${redirecting.url}/x`)))
      assert.strictEqual(response.status, 302)
      assert.strictEqual(response.header("location"), `${target.url}/elsewhere`)
      assert.strictEqual(target.received.length, 0)
    }))

  it.live("enforces timeoutMillis itself: RequestFailed caused by an AttemptTimeoutError, and the request is closed", () =>
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

  it.live("a timeoutMillis beyond setTimeout's range (30 days, 2^31, Infinity) sets no timer: no TimeoutOverflowWarning, the answer arrives", () =>
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

  it.live("the timeout fires in a process where the request is all that is pending (its timer is unref'd)", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => {
        // never answers
      })
      const child = yield* runFixture("./fixtures/stalledRequest.ts", [`${server.url}/stall`])
      assert.strictEqual(child.code, 0, child.stderr)
      assert.strictEqual(child.stdout, "timed out\n")
      yield* until(Effect.map(server.open, (n) => n === 0), "the timed-out request's connection was left open")
    }))

  it.live("interruption closes the request (the server sees the close)", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => {
        // never answers
      })
      yield* withDirect((direct) =>
        Effect.gen(function*() {
          const stalled = yield* Effect.forkChild(direct.send(directRequest(`${server.url}/stall`)))
          yield* arrived(server, 1)
          assert.isTrue(Exit.hasInterrupts(yield* interrupt(stalled)))
          yield* Deferred.await(server.aborted).pipe(Effect.timeout("20 seconds"))
        })
      )
    }))

  it.live("a body over maxResponseBytes fails with ResponseTooLargeError as the cause", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res) => res.end("x".repeat(2048)))
      const error = yield* withDirect((direct) => Effect.flip(direct.send(directRequest(`${server.url}/big`))), {
        maxResponseBytes: 1024
      })
      assert.instanceOf(error, Transport.RequestFailed)
      assert.isTrue(isResponseTooLarge(error.cause))
    }))

  it.live("at most maxSockets connections per origin: further requests wait for one, and all are answered", () =>
    Effect.gen(function*() {
      const server = yield* serve((req, res) => setTimeout(() => ok(req, res), 5))
      const texts = yield* withDirect(
        (direct) =>
          Effect.forEach(
            Array.from({ length: 6 }, (_, i) => `${server.url}/${i}`),
            (url) => Effect.map(direct.send(directRequest(url)), (response) => response.text),
            { concurrency: "unbounded" }
          ),
        { maxSockets: 2 }
      )
      assert.deepStrictEqual(texts, Array(6).fill("ok"))
      assert.isAtMost(server.connections(), 2)
    }))

  it.live("a request waiting for a connection times out on its own; the pool still serves the next one", () =>
    Effect.gen(function*() {
      const server = yield* serve((req, res) => {
        if (req.url !== "/stall") ok(req, res)
      })
      yield* withDirect((direct) =>
        Effect.gen(function*() {
          const stalled = yield* Effect.forkChild(direct.send(directRequest(`${server.url}/stall`)))
          yield* arrived(server, 1)
          const error = yield* Effect.flip(direct.send(directRequest(`${server.url}/queued`, { timeoutMillis: 50 })))
          assert.isTrue(Transport.isAttemptTimeout(error.cause))
          assert.strictEqual(server.received.length, 1, "the queued request never got a connection")
          assert.isTrue(Exit.hasInterrupts(yield* interrupt(stalled)))
          assert.strictEqual((yield* direct.send(directRequest(`${server.url}/next`))).text, "ok")
        }), { maxSockets: 1 })
      assert.deepStrictEqual(server.received.map((r) => r.url), ["/stall", "/next"])
    }))

  it.live("a connection is not reused after `connection: close`, nor past the server's keep-alive hint", () =>
    Effect.gen(function*() {
      let headers: Record<string, string> = {}
      const server = yield* serve((_req, res) => res.writeHead(200, headers).end("ok"))
      yield* withDirect((direct) =>
        Effect.gen(function*() {
          for (const answer of [{ connection: "close" }, { "keep-alive": "timeout=1" }, {}, {}]) {
            headers = answer
            assert.strictEqual((yield* direct.send(directRequest(`${server.url}/x`))).text, "ok")
          }
        })
      )
      // one connection for the first (closed), one for the second (its hint, less a second, has passed), one shared
      assert.strictEqual(server.connections(), 3)
    }))

  it.live("bytes an idle connection receives unasked drop it; the next request goes out on a new one", () =>
    Effect.gen(function*() {
      const { sockets, url } = yield* rawServer
      yield* withDirect((direct) =>
        Effect.gen(function*() {
          assert.strictEqual((yield* direct.send(directRequest(url))).text, "ok")
          const first = sockets[0]!
          first.write("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nforged")
          yield* until(
            Effect.sync(() => first.destroyed || first.readableEnded),
            "the client kept a spoiled connection"
          )
          assert.strictEqual((yield* direct.send(directRequest(url))).text, "ok")
          assert.strictEqual(sockets.length, 2)
        })
      )
    }))

  it.live("a header or target that would break the request's framing is refused before anything is sent", () =>
    Effect.gen(function*() {
      const server = yield* serve(ok)
      yield* withDirect((direct) =>
        Effect.forEach([
          directRequest(`${server.url}/x`, { headers: { "x-a": "1\r\nx-injected: 2" } }),
          directRequest(`${server.url}/x`, { headers: { "bad name": "1" } }),
          directRequest(`${server.url}/x`, { method: "GET /y HTTP/1.1\r\n" })
        ], (request) =>
          Effect.map(Effect.flip(direct.send(request)), (error) => {
            assert.instanceOf(error, Transport.RequestFailed)
            assert.instanceOf(error.cause, TypeError)
          }))
      )
      assert.strictEqual(server.connections(), 0)
    }))

  it.live("a lower-case method is sent upper-case (a `head` reads no body); URL credentials that do not decode fail typed", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res) => res.writeHead(200, { "content-length": "5" }).end("hello"))
      yield* withDirect((direct) =>
        Effect.gen(function*() {
          const head = yield* direct.send(directRequest(`${server.url}/x`, { method: "head" }))
          assert.strictEqual(head.status, 200)
          assert.strictEqual(head.text, "")
          const error = yield* Effect.flip(direct.send(directRequest(`http://a%ZZ@127.0.0.1:1/`)))
          assert.instanceOf(error.cause, URIError)
          const nan = yield* Effect.flip(direct.send(directRequest(`${server.url}/x`, { timeoutMillis: NaN })))
          assert.instanceOf(nan.cause, TypeError)
        })
      )
      assert.deepStrictEqual(server.received.map((r) => r.method), ["HEAD"])
    }))

  it.live("closing the transport's scope closes its idle connections", () =>
    Effect.gen(function*() {
      const server = yield* serve(ok)
      yield* withDirect((direct) => direct.send(directRequest(`${server.url}/x`)))
      yield* until(Effect.map(server.open, (n) => n === 0), "an idle connection outlived the transport's scope")
    }))

  it.live("an idle pooled connection keeps no process alive (it is unref'd)", () =>
    Effect.gen(function*() {
      // a server that never closes a connection itself: only the client's unref'd socket lets the process end
      const { sockets, url } = yield* rawServer
      const child = yield* runFixture("./fixtures/idleConnection.ts", [url])
      assert.strictEqual(child.code, 0, child.stderr)
      assert.strictEqual(child.stdout, "200 ok\n200 ok\n")
      assert.strictEqual(sockets.length, 1)
    }))

  it.live("https: the certificate is verified (a self-signed one fails); a trusted one carries the exchange, with SNI", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-acs-wire-"))),
        (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
      )
      const { cert, key } = selfSigned(dir, "/CN=localhost", "DNS:localhost,IP:127.0.0.1")
      const server = yield* Effect.acquireRelease(
        Effect.callback<Https.Server>((resume) => {
          // answers with the server name the client sent (SNI)
          const server = Https.createServer(
            { key: Fs.readFileSync(key), cert: Fs.readFileSync(cert) },
            (req, res) => res.end(String((req.socket as Tls.TLSSocket).servername))
          )
          server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
        }),
        (server) =>
          Effect.callback<void>((resume) => {
            server.closeAllConnections()
            server.close(() => resume(Effect.void))
          })
      )
      const { port } = server.address() as AddressInfo
      const error = yield* withDirect((direct) =>
        Effect.flip(direct.send(directRequest(`https://127.0.0.1:${port}/x`)))
      )
      assert.instanceOf(error, Transport.RequestFailed)
      assert.match(String((error.cause as { code?: unknown }).code), /SELF_SIGNED|UNABLE_TO_VERIFY/)
      const child = yield* runFixture("./fixtures/idleConnection.ts", [`https://localhost:${port}/x`], {
        NODE_EXTRA_CA_CERTS: cert
      })
      assert.strictEqual(child.stdout, "200 localhost\n200 localhost\n", child.stderr)
      assert.strictEqual(child.code, 0)
    }))

  it.live("a refused connection is a RequestFailed", () =>
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
  readonly make: (
    options: Client.CommunicationIdentityClient.Options
  ) => Effect.Effect<Client.CommunicationIdentityClient.Service, unknown>
}> = [
  {
    name: "direct (HTTP/1.1 on node:net)",
    make: (options) =>
      Client.makeDirect(options).pipe(Effect.provide(Layer.merge(NodeHttpClient.layer(), NodeCrypto.layer)))
  },
  {
    name: "HttpClient (node:http)",
    make: (options) => Client.make(options).pipe(Effect.provide(Layer.merge(NodeHttpClient.layer(), NodeCrypto.layer)))
  },
  {
    name: "fetch (BrowserHttpClient.layer)",
    make: (options) => Client.make(options).pipe(Effect.provide(Layer.merge(BrowserHttpClient.layer, NodeCrypto.layer)))
  }
]

/** Runs `f` with an identity client on `transport` for `endpoint` (the transport lives as long as the test's scope). */
const withIdentity = <A, E>(
  transport: typeof identityTransports[number],
  endpoint: string,
  options: Partial<Client.CommunicationIdentityClient.DirectOptions>,
  f: (client: Client.CommunicationIdentityClient.Service) => Effect.Effect<A, E>
) => Effect.flatMap(transport.make({ connectionString: `endpoint=${endpoint};accesskey=${accessKey}`, ...options }), f)

const user = { communicationUserId: "8:acs:r_1" }

const tooLargeMessage = (operation: string) =>
  `${operation} failed before a response was read: Transport (The response body exceeds 1048576 bytes.)`

describe("every transport through the identity client", () => {
  for (const transport of identityTransports) {
    it.live(`${transport.name}: a redirect (301, 302, 303, 307, 308) is a ServiceError with its status, never followed`, () =>
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

    it.live(`${transport.name}: an endless body fails at maxResponseBytes (1 MiB) and the connection is closed`, () =>
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

    it.live(`${transport.name}: a content-length over maxResponseBytes fails at once, before the body`, () =>
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
