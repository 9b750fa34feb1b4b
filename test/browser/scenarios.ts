/**
 * The browser suite's scenarios for either Effect line's browser package
 * (Browser.test.ts runs them on this line's page, packages/effect4/test/browser
 * on the Effect 4 line's): in real Chromium, against the emulator on a
 * loopback socket, from a page served by another loopback origin — so every
 * call is a real cross-origin request with a CORS preflight. Each scenario
 * drives the page's `window.__suite` (an `EffectSuitePage`) and checks what it
 * answers, what Chromium sent and what the emulator saw.
 */
import * as Signing from "@effect-acs/identity/Signing"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import { assert } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Encoding from "effect/Encoding"
import type * as Scope from "effect/Scope"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { bundle } from "../../examples/browser/bundle.js"
import { endless } from "../../packages/core/test/utils/endless.js"
import { closedPort } from "../../packages/core/test/utils/loopback.js"
import * as Harness from "./harness.js"
import type { SignVector } from "./protocol.js"

const headersOf = (tab: Harness.Tab, origin: string) =>
  Effect.promise(() =>
    Promise.all(
      tab.requests.filter((request) => request.url().startsWith(origin)).map(async (request) => ({
        method: request.method(),
        path: new URL(request.url()).pathname,
        headers: await request.allHeaders()
      }))
    )
  )

/** Headers the browser itself controls; a preflight never needs to allow them. */
const browserManaged =
  /^(accept|accept-encoding|accept-language|content-language|user-agent|host|origin|referer|connection|content-length|sec-.*)$/

/** The HMAC vectors of the official SDKs (with their expected headers), plus inputs of our own. */
const signVectors = (): ReadonlyArray<SignVector & { readonly authorization?: string }> => {
  const fixture = JSON.parse(Fs.readFileSync(Path.join(Harness.root, "test/fixtures/hmac-test-vectors.json"), "utf8"))
  const official = [...fixture.official, ...fixture.generated_js_2_5_0].map((vector) => ({
    key: vector.key,
    method: vector.method,
    url: vector.url,
    body: vector.body,
    date: vector["x-ms-date"] ?? fixture["x-ms-date_for_all"],
    authorization: vector.authorization
  }))
  const key = Buffer.alloc(64, 0xa5).toString("base64")
  const date = "Fri, 01 Mar 2024 10:00:00 GMT"
  return [
    ...official,
    { key, method: "POST", url: "http://127.0.0.1:4321/identities?api-version=2023-10-01", body: "", date },
    {
      key,
      method: "post",
      url: "https://contoso.communication.azure.com/identities/8%3Aacs%3Aabc/:issueAccessToken?api-version=2025-06-30",
      body: JSON.stringify({ scopes: ["chat", "voip"], expiresInMinutes: 60 }),
      date
    },
    { key, method: "DELETE", url: "https://x.test/a%20b?q=a b&r=é", body: "", date },
    { key: "pw==", method: "PUT", url: "https://x.test/big", body: "😀 grüße ".repeat(20_000), date }
  ]
}

/**
 * Waits until the page has closed `server`'s connection mid-response. Not a
 * timing check: Chromium may hold a cancelled response's connection while it
 * tries to drain the rest of the body (up to 5 s), so the bound is generous.
 */
const closedBy = (server: Harness.CorsServer, body: string) =>
  server.cutShort.pipe(Effect.timeoutFail({
    duration: "30 seconds",
    onTimeout: () => new Error(`${body}: the page never closed the connection`)
  }))

/** What differs between the lines' pages. */
export interface PageLine {
  /** The `x-ms-useragent` the line's browser client sends. */
  readonly userAgent: string
}

/** A scenario: its name and its program against the suite. */
export interface Scenario {
  readonly name: string
  readonly run: Effect.Effect<void, Error, Harness.Suite | Scope.Scope>
}

/** The scenarios on `line`'s page. */
export const scenarios = (line: PageLine): ReadonlyArray<Scenario> => [
  {
    name: "runs the whole lifecycle cross-origin, signed with WebCrypto, after CORS preflights",
    run: Effect.gen(function*() {
      const suite = yield* Harness.Suite
      const logStart = suite.emulatorLog().length
      const tab = yield* Harness.openSuitePage
      const teams = { clientId: crypto.randomUUID(), userObjectId: crypto.randomUUID() }
      const result = yield* Harness.call(tab, "lifecycle", {
        connectionString: suite.connectionString,
        teams: {
          ...teams,
          token: Harness.mintToken(3600, { appid: teams.clientId, oid: teams.userObjectId, tid: crypto.randomUUID() })
        }
      })
      const now = Date.now()

      const idPattern = new RegExp(`^8:acs:${suite.emulator.resourceId}_[0-9a-f-]{36}$`)
      for (const id of [result.user, result.guest.user, result.named.user]) assert.match(id, idPattern)
      assert.deepStrictEqual(result.guest.scopes, ["chat", "voip"])
      assert.deepStrictEqual(result.token.scopes, ["voip"])
      assert.deepStrictEqual(result.named.token.scopes, ["chat"])
      assert.strictEqual(result.named.customId, "browser-suite")
      assert.approximately(Date.parse(result.guest.expiresOn) - now, 60 * 60_000, 60_000)
      assert.approximately(Date.parse(result.token.expiresOn) - now, 120 * 60_000, 60_000)
      // the exchanged token keeps the Entra token's expiry
      assert.approximately(Date.parse(result.teams.expiresOn) - now, 60 * 60_000, 60_000)
      assert.deepStrictEqual(result.teams.scopes, ["chat", "voip"])
      // the emulator's own view: revoked, deleted and untouched
      assert.strictEqual(yield* suite.emulator.tokenStatus(result.guest.token), "revoked")
      assert.strictEqual(yield* suite.emulator.tokenStatus(result.token.token), "revoked")
      assert.strictEqual(yield* suite.emulator.tokenStatus(result.named.token.token), "active")

      // what Chromium sent: the browser user agent header, no trace headers, the page's origin
      const pageOrigin = new URL(suite.pageUrl).origin
      const sent = yield* headersOf(tab, suite.endpoint)
      assert.deepStrictEqual(
        sent.map((request) => request.method),
        ["POST", "POST", "POST", "POST", "GET", "POST", "POST", "POST", "DELETE"]
      )
      for (const { headers } of sent) {
        assert.strictEqual(headers["x-ms-useragent"], line.userAgent)
        assert.include(headers["user-agent"], "HeadlessChrome")
        assert.strictEqual(headers["origin"], pageOrigin)
        assert.match(
          headers["authorization"] ?? "",
          /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=/
        )
        assert.notProperty(headers, "traceparent")
        assert.notProperty(headers, "b3")
      }
      assert.deepStrictEqual(tab.errors, [])

      // every path was preflighted before it was called
      const log = suite.emulatorLog().slice(logStart)
      for (const { method, path } of sent) {
        const call = log.findIndex((line) => line.startsWith(`${method} ${path} `))
        const preflight = log.findIndex((line) => line.startsWith(`OPTIONS ${path} 204 `))
        assert.isAtLeast(call, 0, `${method} ${path} reached the emulator`)
        assert.isTrue(preflight >= 0 && preflight < call, `${method} ${path} was preflighted: ${log.join(" | ")}`)
      }

      // and the preflight allows every header the client sends, for the page's origin
      const names = [...new Set(sent.flatMap(({ headers }) => Object.keys(headers)))]
        .filter((name) => !browserManaged.test(name))
      for (const name of ["authorization", "content-type", "x-ms-date", "x-ms-content-sha256", "x-ms-useragent"]) {
        assert.include(names, name)
      }
      const preflight = yield* Effect.promise(() =>
        fetch(`${suite.endpoint}identities?api-version=2025-03-02-preview`, {
          method: "OPTIONS",
          headers: {
            origin: pageOrigin,
            "access-control-request-method": "DELETE",
            "access-control-request-headers": names.join(",")
          }
        })
      )
      assert.strictEqual(preflight.status, 204)
      assert.strictEqual(preflight.headers.get("access-control-allow-origin"), pageOrigin)
      const list = (name: string) => (preflight.headers.get(name) ?? "").split(",").map((item) => item.trim())
      for (const name of names) assert.include(list("access-control-allow-headers"), name)
      for (const method of ["GET", "POST", "DELETE"]) assert.include(list("access-control-allow-methods"), method)
    })
  },
  {
    name: "maps failures to typed errors: InvalidInput before any request, service errors, transport errors",
    run: Effect.gen(function*() {
      const suite = yield* Harness.Suite
      const tab = yield* Harness.openSuitePage
      const ownUnknown = `8:acs:${suite.emulator.resourceId}_${crypto.randomUUID()}`
      const probe = (connectionString: string, userId: string, scopes: ReadonlyArray<string>) =>
        Harness.call(tab, "failure", { connectionString, userId, scopes })

      const before = yield* suite.emulator.stats
      const requestsBefore = tab.requests.length
      const empty = yield* probe(suite.connectionString, ownUnknown, [])
      assert.deepInclude(empty, { name: "InvalidInput", field: "scopes" })
      const unknownScope = yield* probe(suite.connectionString, ownUnknown, ["chat", "admin"])
      assert.deepInclude(unknownScope, { name: "InvalidInput", field: "scopes" })
      assert.strictEqual(tab.requests.length, requestsBefore, "nothing was sent")
      assert.deepStrictEqual((yield* suite.emulator.stats).requests, before.requests)

      const foreign = yield* probe(suite.connectionString, `8:acs:${crypto.randomUUID()}_${crypto.randomUUID()}`, [
        "chat"
      ])
      assert.deepInclude(foreign, { name: "ServiceError", status: 401, code: "IdentityNotOwned" })
      const unknown = yield* probe(suite.connectionString, ownUnknown, ["chat"])
      assert.deepInclude(unknown, { name: "ServiceError", status: 404, code: "IdentityNotFound" })
      const wrongKey = `endpoint=${suite.endpoint};accesskey=${Buffer.alloc(32, 7).toString("base64")}`
      const denied = yield* probe(wrongKey, ownUnknown, ["chat"])
      assert.deepInclude(denied, { name: "ServiceError", status: 401, code: "Denied" })
      const port = yield* closedPort
      const unreachable = yield* probe(`endpoint=http://127.0.0.1:${port}/;accesskey=cHc=`, ownUnknown, ["chat"])
      assert.strictEqual(unreachable.name, "TransportError")
      assert.include(unreachable.message, "getToken failed before a response was read")
      assert.deepStrictEqual(tab.errors, [])
    })
  },
  {
    name:
      "never follows a redirect: a 3xx is a ServiceError (status 0: the page cannot see it) and its target gets no request",
    run: Effect.gen(function*() {
      // the target answers every request, preflights too, and with a valid getToken result
      const target = yield* Harness.corsServer((_request, response) => {
        response.writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ token: Harness.mintToken(3600), expiresOn: "2030-01-01T00:00:00Z" }))
      })
      let status = 0
      const redirecting = yield* Harness.corsServer((_request, response) => {
        response.writeHead(status, { location: `${target.url}identities/x/:issueAccessToken?api-version=2023-10-01` })
          .end()
      })
      const tab = yield* Harness.openSuitePage
      for (const redirect of [301, 302, 303, 307, 308]) {
        status = redirect
        const failure = yield* Harness.call(tab, "failure", {
          connectionString: `endpoint=${redirecting.url};accesskey=cHc=`,
          userId: `8:acs:${crypto.randomUUID()}_${crypto.randomUUID()}`,
          scopes: ["chat"]
        })
        assert.deepInclude(failure, { name: "ServiceError", status: 0 }, `${redirect}: ${failure.message}`)
      }
      assert.strictEqual(target.requests(), 0)
      assert.deepStrictEqual(tab.errors, [])
    })
  },
  {
    name: "limits response bodies to 1 MiB: an endless body or a larger content-length fails, and the download stops",
    run: Effect.gen(function*() {
      const tab = yield* Harness.openSuitePage
      const tooLarge = {
        name: "TransportError",
        message: "getToken failed before a response was read: Transport (The response body exceeds 1048576 bytes.)"
      }
      const probe = (server: Harness.CorsServer) =>
        Harness.call(tab, "failure", {
          connectionString: `endpoint=${server.url};accesskey=cHc=`,
          userId: `8:acs:${crypto.randomUUID()}_${crypto.randomUUID()}`,
          scopes: ["chat"]
        })

      const bound = 64 * 1024 * 1024
      const stream = endless(200, { "content-type": "application/json" }, bound)
      const streaming = yield* Harness.corsServer(stream.handle)
      assert.deepStrictEqual(yield* probe(streaming), tooLarge)
      yield* closedBy(streaming, "the endless body")
      assert.isBelow(stream.written(), bound, "the server stopped itself: the page never cancelled the body")

      // announced, then 1 KiB and nothing more: only the announced length can end the call
      const announcing = yield* Harness.corsServer((_request, response) => {
        response.writeHead(200, { "content-type": "application/json", "content-length": String(2 * 1024 * 1024) })
        response.write("x".repeat(1024))
      })
      assert.deepStrictEqual(yield* probe(announcing), tooLarge)
      yield* closedBy(announcing, "the announced body")
      assert.deepStrictEqual(tab.errors, [])
    })
  },
  {
    name: "is answered by real CORS preflights: signing headers allowed, others blocked, correlation headers exposed",
    run: Effect.gen(function*() {
      const suite = yield* Harness.Suite
      const tab = yield* Harness.openSuitePage
      const result = yield* Harness.call(tab, "cors", { endpoint: suite.endpoint })
      assert.strictEqual(result.blocked, "TypeError", "a header the preflight does not allow fails the fetch")
      assert.strictEqual(result.status, 401, "the signing headers pass the preflight (the bogus signature is denied)")
      assert.isNotNull(result.msCv)
      assert.strictEqual(result.clientRequestId, "cors-probe")
    })
  },
  {
    name: "signs with WebCrypto exactly as node:crypto does",
    run: Effect.gen(function*() {
      const tab = yield* Harness.openSuitePage
      const vectors = signVectors()
      const inPage = yield* Harness.call(tab, "sign", vectors.map(({ authorization: _, ...vector }) => vector))
      const inNode = yield* Effect.forEach(vectors, (vector) =>
        Effect.flatMap(
          Effect.orDie(Effect.flatMap(Encoding.decodeBase64(vector.key), NodeCrypto.make.hmacKey)),
          (key) =>
            Signing.sign(key, {
              method: vector.method,
              url: new URL(vector.url),
              body: new TextEncoder().encode(vector.body),
              date: vector.date
            })
        )).pipe(Effect.provide(NodeCrypto.layer))
      assert.deepStrictEqual(inPage, inNode)
      const expected = vectors.flatMap((vector, i) =>
        vector.authorization === undefined ? [] : [[i, vector.authorization]]
      )
      assert.isAtLeast(expected.length, 9)
      for (const [i, authorization] of expected) assert.strictEqual(inPage[i as number]!.authorization, authorization)
    })
  },
  {
    name:
      "refreshes the token credential as an Effect service over BrowserHttpClient: five concurrent callers share one refresh",
    run: Effect.gen(function*() {
      const suite = yield* Harness.Suite
      const tab = yield* Harness.openSuitePage
      const effect = yield* Harness.call(tab, "effectCredential", {
        tokenUrl: `${suite.pageUrl}token?tag=effect&seconds=2`
      })
      assert.strictEqual(effect.burstCalls, 1)
      assert.strictEqual(effect.burstTokens, 1)
      assert.isAtLeast(effect.distinctTokens, 3)
      assert.deepStrictEqual(effect.afterClose, { name: "CredentialError", message: "User credential is disposed" })
      assert.deepStrictEqual(tab.errors, [])
    })
  }
]

/** The npm package a bundled file came from, or `undefined` for workspace sources. */
const packageOf = (input: string): string | undefined => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1]

/** `names` and everything they depend on (their `dependencies`, transitively), as installed in `nodeModules`. */
const dependencyClosure = (nodeModules: string, names: ReadonlyArray<string>): ReadonlySet<string> => {
  const seen = new Set<string>()
  const queue = [...names]
  while (queue.length > 0) {
    const name = queue.pop()!
    if (seen.has(name)) continue
    seen.add(name)
    const manifest = JSON.parse(Fs.readFileSync(Path.join(nodeModules, name, "package.json"), "utf8"))
    queue.push(...Object.keys(manifest.dependencies ?? {}))
  }
  return seen
}

/** Browser shims of Node core modules that a bundler might pull in. */
const polyfills = [
  "assert",
  "buffer",
  "console-browserify",
  "constants-browserify",
  "crypto-browserify",
  "domain-browser",
  "events",
  "https-browserify",
  "os-browserify",
  "path-browserify",
  "process",
  "punycode",
  "querystring-es3",
  "stream-browserify",
  "stream-http",
  "string_decoder",
  "timers-browserify",
  "tty-browserify",
  "url",
  "util",
  "vm-browserify",
  "browserify-zlib",
  "node-stdlib-browser",
  "core-js"
]

/**
 * Bundles each of `entries` (relative to the repository) and checks it uses
 * the browser package at `browserPackage` and bundles nothing but that
 * package's `peers` and their dependencies (as installed in `nodeModules`):
 * no Node built-ins, no polyfills, no `require()`.
 */
export const bundlesCleanly = (options: {
  readonly browserPackage: string
  readonly peers: ReadonlyArray<string>
  readonly nodeModules: string
  readonly entries: ReadonlyArray<string>
}) =>
  Effect.gen(function*() {
    const manifest = JSON.parse(
      Fs.readFileSync(Path.join(Harness.root, options.browserPackage, "package.json"), "utf8")
    )
    assert.deepStrictEqual(Object.keys(manifest.peerDependencies).sort(), [...options.peers].sort())
    const allowed = dependencyClosure(Path.join(Harness.root, options.nodeModules), options.peers)
    for (const entry of options.entries) {
      const result = yield* Effect.promise(() => bundle(Path.join(Harness.root, entry)))
      // the inputs relative to the repository, wherever the bundler ran
      const inputs = result.inputs.map((input) => Path.relative(Harness.root, Path.resolve(input)))
      assert.include(inputs, entry, `${entry} is in its own bundle`)
      assert.isTrue(
        inputs.some((input) => input.startsWith(`${options.browserPackage}/src/`)),
        `${entry} uses the browser package`
      )
      for (const input of inputs.filter((input) => input.includes("node_modules/"))) {
        assert.isTrue(
          input.startsWith(`${options.nodeModules}/`),
          `${entry} bundles ${input}, not from ${options.nodeModules}`
        )
      }
      const packages = new Set(inputs.flatMap((input) => packageOf(input) ?? []))
      assert.include([...packages], "effect")
      for (const name of packages) {
        assert.isTrue(
          allowed.has(name),
          `${entry} bundles ${name}, which is not a dependency of ${options.peers.join(" or ")}`
        )
        assert.notInclude(polyfills, name, `${entry} bundles the polyfill ${name}`)
      }
      // esbuild's `__require` shim only appears for require() calls it could not bundle
      assert.notMatch(result.code, /\b__require\b/, `${entry} calls require()`)
    }
  })
