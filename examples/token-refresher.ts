/**
 * A communication user's credential that keeps its token fresh by asking the
 * application's backend, printed as it happens.
 *
 * The backend is a loopback `node:http` server with one route, `POST /token`,
 * the kind of endpoint an app exposes to its signed-in users. In production it
 * would call `CommunicationIdentityClient.getToken` with the ACS access key
 * (which must never reach the client); here it mints JWT-shaped tokens itself,
 * signed with a key made for this run. They last 10 minutes plus 2 seconds, so
 * the proactive refresh (10 minutes before expiry) fires every 2 seconds
 * instead of every 23 h 50 min.
 *
 *   npx tsx --conditions=@effect-acs/source examples/token-refresher.ts
 *
 * The demo runs for 7 seconds, then closes the credential's scope and stops.
 */
import * as TokenCredential from "@effect-acs/identity/TokenCredential"
import * as TokenParser from "@effect-acs/identity/TokenParser"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import { createHmac, randomBytes, randomUUID } from "node:crypto"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { pathToFileURL } from "node:url"

/**
 * @since 0.1.0
 */
export interface DemoOptions {
  /** How long the client keeps asking for its token, in seconds (default 7). */
  readonly seconds?: number
  /** Token lifetime beyond the 10-minute window: the proactive refresh period, in seconds (default 2). */
  readonly refreshEverySeconds?: number
  /** Where the narration goes (default `console.log`). */
  readonly log?: (line: string) => void
}

/**
 * @since 0.1.0
 */
export interface DemoResult {
  /** Tokens the backend issued. */
  readonly issued: number
  /** Backend requests caused by five concurrent `getToken` calls at start-up. */
  readonly burstRequests: number
  /** Every token the client got: when, and when it expires (epoch ms). */
  readonly observed: ReadonlyArray<{ readonly at: number; readonly expiresOnTimestamp: number }>
  /** The failure of `getToken` after the scope closed. */
  readonly afterDispose: string
}

const TokenResponse = Schema.Struct({ token: Schema.Redacted(Schema.String), expiresOn: Schema.String })

const time = (epochMillis: number) => new Date(epochMillis).toISOString().slice(11, 19)
const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url")

interface Backend {
  readonly url: string
  readonly issued: () => number
  readonly close: Effect.Effect<void>
}

/** `POST /token`: a fresh JWT-shaped token (HS256 with a per-run random key) and its expiry. */
const backend = (lifetimeSeconds: number, log: (line: string) => void, started: number) =>
  Effect.acquireRelease(
    Effect.async<Backend>((resume) => {
      const key = randomBytes(32)
      const resourceId = randomUUID()
      let issued = 0
      const server = createServer((request, response) => {
        if (request.method !== "POST" || request.url !== "/token") {
          response.writeHead(404).end()
          return
        }
        issued++
        const iat = Math.floor(Date.now() / 1000)
        // `exp` is in whole seconds: round up so that a token always lasts at least `lifetimeSeconds`
        const exp = Math.ceil(Date.now() / 1000) + lifetimeSeconds
        const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))
        const payload = base64url(JSON.stringify({
          skypeid: `acs:${resourceId}_${randomUUID()}`,
          scp: 1792,
          csi: String(iat),
          exp,
          acsScope: "chat,voip",
          resourceId,
          iat
        }))
        const signature = createHmac("sha256", key).update(`${header}.${payload}`).digest("base64url")
        const token = `${header}.${payload}.${signature}`
        log(
          `  [backend] +${((Date.now() - started) / 1000).toFixed(1)}s  issued token #${issued}, expires ${
            time(exp * 1000)
          }`
        )
        response.writeHead(200, { "content-type": "application/json" })
        response.end(JSON.stringify({ token, expiresOn: new Date(exp * 1000).toISOString() }))
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          url: `http://127.0.0.1:${port}`,
          issued: () => issued,
          close: Effect.async<void>((done) => {
            server.close(() => done(Effect.void))
            server.closeAllConnections()
          })
        }))
      })
    }),
    (server) => server.close
  )

/**
 * The demo: a backend, a credential with proactive refresh fed by it, five
 * concurrent `getToken` calls (one backend request), a `getToken` every
 * second, then disposal.
 *
 * @since 0.1.0
 */
export const demo = (options: DemoOptions = {}): Effect.Effect<DemoResult, unknown, HttpClient.HttpClient> =>
  Effect.scoped(Effect.gen(function*() {
    const seconds = options.seconds ?? 7
    const every = options.refreshEverySeconds ?? 2
    const log = options.log ?? ((line: string) => console.log(line))
    const started = yield* Clock.currentTimeMillis
    const elapsed = Effect.map(Clock.currentTimeMillis, (now) => `+${((now - started) / 1000).toFixed(1)}s`)

    const server = yield* backend(600 + every, log, started)
    log(`backend listening on ${server.url}; tokens last 10 min + ${every} s`)

    // the refresher: the app's own backend call (its errors stay typed: HttpClientError | ParseError)
    const client = HttpClient.filterStatusOk(yield* HttpClient.HttpClient)
    const refresher = client.post(`${server.url}/token`).pipe(
      Effect.flatMap(HttpClientResponse.schemaBodyJson(TokenResponse)),
      Effect.map(({ token }) => token)
    )

    const scope = yield* Scope.make()
    const credential = yield* TokenCredential.fromRefresher({ refresher, refreshProactively: true }).pipe(
      Scope.extend(scope)
    )

    // no initial token: the proactive refresh starts at once, and these five callers share it
    const burst = yield* Effect.all(Array.from({ length: 5 }, () => credential.getToken), { concurrency: "unbounded" })
    const burstRequests = server.issued()
    log(`  [client]  ${yield* elapsed}  5 concurrent getToken calls -> ${burstRequests} backend request(s)`)

    const observed: Array<{ at: number; expiresOnTimestamp: number }> = []
    for (let i = 1; i <= seconds; i++) {
      yield* Effect.sleep(`${1000 - ((yield* Clock.currentTimeMillis) - started) % 1000} millis`)
      const token = yield* credential.getToken
      const now = yield* Clock.currentTimeMillis
      observed.push({ at: now, expiresOnTimestamp: token.expiresOnTimestamp })
      const scopes = TokenParser.parse(token.token, { now })
      const left = Math.round((token.expiresOnTimestamp - now) / 1000)
      log(
        `  [client]  ${yield* elapsed}  getToken -> token expiring ${time(token.expiresOnTimestamp)} ` +
          `(in ${Math.floor(left / 60)} min ${left % 60} s), scopes ${
            scopes._tag === "Right" ? scopes.right.scopes.join(",") : "?"
          }`
      )
    }

    yield* Scope.close(scope, Exit.void)
    const afterDispose = yield* Effect.flip(credential.getToken).pipe(
      Effect.map((error) => error instanceof Error ? error.message : String(error))
    )
    log(`  [client]  ${yield* elapsed}  scope closed: timer stopped; getToken now fails: ${afterDispose}`)
    // the token stays Redacted until the one place that sends it: printing it shows `<redacted>`
    log(`backend issued ${server.issued()} tokens in ${seconds} s; a token prints as ${String(burst[0]!.token)}`)
    return { issued: server.issued(), burstRequests, observed, afterDispose } satisfies DemoResult
  }))

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  demo().pipe(
    Effect.provide(FetchHttpClient.layer),
    Effect.tapErrorCause(Effect.logError),
    Effect.runPromiseExit
  ).then((exit) => process.exit(Exit.isSuccess(exit) ? 0 : 1))
}
