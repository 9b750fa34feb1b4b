/**
 * The browser example: a loopback backend that serves the page (`index.html`
 * and `app.ts` bundled with esbuild) and `GET /token`, a fresh `chat, voip`
 * token for a demo user it creates at start and deletes on exit. The access
 * key stays here; the page only ever sees user tokens.
 *
 * The backend talks to the resource in `ACS_CONNECTION_STRING`, or to an
 * embedded emulator when it is unset. `PORT` picks the port (default: a free one).
 *
 *   npm run example:browser     # prints the page's URL; Ctrl-C stops it
 *
 * A real backend would authenticate its users and map each to their own
 * communication user.
 */
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorServer from "@effect-acs/identity-emulator/EmulatorServer"
import * as CommunicationIdentityClient from "@effect-acs/identity/CommunicationIdentityClient"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as NodeIdentityClient from "@effect-acs/identity-node/NodeIdentityClient"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberSet from "effect/FiberSet"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Fs from "node:fs/promises"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import type { TokenResponse } from "./app.js"
import { bundle } from "./bundle.js"

const file = (name: string) => fileURLToPath(new URL(name, import.meta.url))

/** Listens on 127.0.0.1:`port` until the scope closes; answers with `handle`. */
const listen = (
  port: number,
  handle: (request: Http.IncomingMessage, response: Http.ServerResponse) => void
): Effect.Effect<number, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<Http.Server, Error>((resume) => {
      const server = Http.createServer(handle)
      server.once("error", (error) => resume(Effect.fail(error)))
      server.listen(port, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.async<void>((resume) => {
        server.close(() => resume(Effect.void))
        server.closeAllConnections()
      })
  ).pipe(Effect.map((server) => (server.address() as AddressInfo).port))

/**
 * Serves the page and `GET /token` on 127.0.0.1 until the scope closes;
 * returns the page's URL.
 */
const serve = (port: number) =>
  Effect.gen(function*() {
    const identity = yield* CommunicationIdentityClient.CommunicationIdentityClient
    const [html, app] = yield* Effect.tryPromise(() =>
      Promise.all([Fs.readFile(file("./index.html")), bundle(file("./app.ts"))])
    )
    const user = yield* Effect.acquireRelease(identity.createUser(), (user) => Effect.ignore(identity.deleteUser(user)))
    const token = identity.getToken(user, ["chat", "voip"], { expiresInMinutes: 60 }).pipe(
      Effect.map((token): TokenResponse => ({
        token: Redacted.value(token.token),
        expiresOn: token.expiresOn.toISOString(),
        user
      }))
    )
    const run = yield* FiberSet.makeRuntime<never>()
    const send = (response: Http.ServerResponse, status: number, type: string, body: string | Buffer) =>
      response.writeHead(status, { "content-type": type, "cache-control": "no-store" }).end(body)

    const actualPort = yield* listen(port, (request, response) => {
      const route = `${request.method} ${new URL(request.url ?? "/", "http://localhost").pathname}`
      if (route === "GET /") return send(response, 200, "text/html; charset=utf-8", html)
      if (route === "GET /app.js") return send(response, 200, "text/javascript; charset=utf-8", app.code)
      if (route !== "GET /token") return send(response, 404, "text/plain", "Not found")
      run(Effect.match(token, {
        onFailure: (error) => send(response, 502, "application/json", JSON.stringify({ error: error.message })),
        onSuccess: (body) => send(response, 200, "application/json", JSON.stringify(body))
      }))
    })
    return `http://127.0.0.1:${actualPort}/`
  })

const program = Effect.gen(function*() {
  const port = yield* Config.integer("PORT").pipe(Config.withDefault(0))
  const external = yield* Config.option(Config.redacted("ACS_CONNECTION_STRING"))
  const connectionString = Option.isSome(external)
    ? external.value
    : (yield* EmulatorServer.serve({ port: 0 })).connectionString
  const client = yield* Layer.build(NodeIdentityClient.layer({ connectionString }))
  const url = yield* serve(port).pipe(Effect.provide(client))
  process.stdout.write(`${url}\n`)
  return yield* Effect.never
}).pipe(Effect.scoped, Effect.provide(Emulator.layer()), Effect.provide(NodeCrypto.layer))

const fiber = Effect.runFork(program)
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => fiber.unsafeInterruptAsFork(fiber.id()))
}
fiber.addObserver((exit) => {
  if (Exit.isSuccess(exit) || Exit.isInterrupted(exit)) process.exit(0)
  process.stderr.write(`${Cause.pretty(exit.cause)}\n`)
  process.exit(1)
})
