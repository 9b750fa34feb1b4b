/**
 * What the browser suite runs on: Debian's Chromium through playwright-core,
 * the emulator on a loopback socket, and a loopback page server that serves
 * the bundled test page and short-lived tokens for the credential scenarios.
 */
import * as Emulator from "@effect-acs/identity-emulator/Emulator"
import * as EmulatorServer from "@effect-acs/identity-emulator/EmulatorServer"
import * as NodeCrypto from "@effect-acs/identity-node/NodeCrypto"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Fs from "node:fs"
import type * as Http from "node:http"
import * as Path from "node:path"
import { type Browser, chromium, type Page, type Request } from "playwright-core"
import type * as Esbuild from "esbuild"
import { type Bundle, bundle, isNodeBuiltin } from "../../examples/browser/bundle.js"
import { listen } from "../../packages/core/test/utils/loopback.js"
import type { Outcome, SuitePage } from "./protocol.js"

export const root = Path.join(import.meta.dirname, "../..")

/** Where the suite expects Debian's Chromium. */
const chromiumPath = "/usr/bin/chromium"

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

/**
 * Launches Chromium from `executablePath`, closed with the scope. A missing
 * browser is a failure that says how to install one: the suite never skips.
 */
export const launchChromium = (executablePath: string = chromiumPath): Effect.Effect<Browser, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.suspend(() =>
      Fs.existsSync(executablePath)
        ? Effect.tryPromise({
          try: () => chromium.launch({ executablePath, args: chromiumArgs, timeout: 30_000 }),
          catch: (cause) => new Error(`Chromium at ${executablePath} did not start: ${String(cause)}`)
        })
        : Effect.fail(
          new Error(
            `No Chromium at ${executablePath}: the browser suite needs Debian's Chromium. ` +
              "Install it with `apt-get install -y chromium` (as root; .ci/run does this when it is missing)."
          )
        )
    ),
    (browser) => Effect.promise(() => browser.close())
  )

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url")

/** A JWT-shaped token (unsigned) expiring `seconds` from now (ms precision), with `claims`. */
export const mintToken = (seconds: number, claims: Record<string, string> = { acsScope: "chat,voip" }): string =>
  `${base64url({ alg: "none", typ: "JWT" })}.${
    base64url({ ...claims, exp: (Date.now() + seconds * 1000) / 1000, jti: crypto.randomUUID() })
  }.c2ln`

/**
 * The page server: `/` and `/page.js` (the bundled test page), and
 * `/token?tag=<tag>&seconds=<n>`, a fresh token expiring in `n` seconds,
 * counted per tag.
 */
const pageServer = (page: Bundle) =>
  Effect.gen(function*() {
    const calls = new Map<string, number>()
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>browser suite</title>` +
      `<link rel="icon" href="data:,"></head><body><script type="module" src="/page.js"></script></body></html>`
    const { url } = yield* listen((request, response) => {
      const target = new URL(request.url ?? "/", "http://page")
      const send = (status: number, type: string, body: string) =>
        response.writeHead(status, { "content-type": type, "cache-control": "no-store" }).end(body)
      if (target.pathname === "/") return send(200, "text/html; charset=utf-8", html)
      if (target.pathname === "/page.js") return send(200, "text/javascript; charset=utf-8", page.code)
      if (target.pathname !== "/token") return send(404, "text/plain", "Not found")
      const tag = target.searchParams.get("tag") ?? ""
      calls.set(tag, (calls.get(tag) ?? 0) + 1)
      send(200, "text/plain", mintToken(Number(target.searchParams.get("seconds") ?? "60")))
    })
    return { url, tokenCalls: (tag: string) => calls.get(tag) ?? 0 }
  })

/** A loopback server that pages of any origin may call, and what it saw. */
export interface CorsServer {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string
  /** Requests so far, preflights included. */
  readonly requests: () => number
  /** Succeeds once a response was closed (by the client) before it was finished. */
  readonly cutShort: Effect.Effect<void>
}

/**
 * Serves `handle` on 127.0.0.1 for the scope, to any origin: preflights are
 * answered (any method and headers asked for), every response allows `*`.
 */
export const corsServer = (handle: Http.RequestListener): Effect.Effect<CorsServer, never, Scope.Scope> =>
  Effect.gen(function*() {
    let requests = 0
    const cutShort = yield* Deferred.make<void>()
    const { url } = yield* listen((request, response) => {
      requests++
      response.on("close", () => {
        if (!response.writableFinished) Deferred.unsafeDone(cutShort, Exit.void)
      })
      response.setHeader("access-control-allow-origin", "*")
      if (request.method !== "OPTIONS") return handle(request, response)
      response.writeHead(204, {
        "access-control-allow-methods": "GET, POST, DELETE",
        "access-control-allow-headers": request.headers["access-control-request-headers"] ?? ""
      }).end()
    })
    return { url, requests: () => requests, cutShort: Deferred.await(cutShort) }
  })

/**
 * The suite's shared resources.
 */
export class Suite extends Context.Tag("test/browser/Suite")<Suite, {
  readonly browser: Browser
  readonly emulator: Emulator.Emulator.Service
  /** The emulator's `http://127.0.0.1:<port>/`. */
  readonly endpoint: string
  readonly connectionString: string
  /** The page server's `http://127.0.0.1:<port>/`. */
  readonly pageUrl: string
  /** `/token` requests with this tag so far. */
  readonly tokenCalls: (tag: string) => number
  /** The emulator's request log lines (`METHOD /path status 3ms`). */
  readonly emulatorLog: () => ReadonlyArray<string>
}>() {}

/**
 * Builds everything for the suite page `entry` (relative to the repository:
 * this line's `test/browser/page.ts`, or the Effect 4 line's); fails (never
 * skips) without Chromium.
 */
export const layerFor = (entry: string): Layer.Layer<Suite, Error> =>
  Layer.scoped(
    Suite,
    Effect.gen(function*() {
      const browser = yield* launchChromium()
      const page = yield* Effect.tryPromise({
        try: () => bundle(Path.join(root, entry)),
        catch: (cause) => new Error(`The test page does not bundle for browsers: ${String(cause)}`)
      })
      const lines: Array<string> = []
      const served = yield* EmulatorServer.serve({ port: 0 }).pipe(
        Effect.provide(Logger.replace(
          Logger.defaultLogger,
          Logger.make(({ message }) => lines.push(Array.isArray(message) ? message.join(" ") : String(message)))
        ))
      )
      const server = yield* pageServer(page)
      return {
        browser,
        emulator: yield* Emulator.Emulator,
        endpoint: served.url,
        connectionString: Redacted.value(served.connectionString),
        pageUrl: server.url,
        tokenCalls: server.tokenCalls,
        emulatorLog: () => [...lines]
      }
    })
  ).pipe(Layer.provide(Emulator.layer({ log: true })), Layer.provide(NodeCrypto.layer))

/** The suite of this line's page. */
export const layer: Layer.Layer<Suite, Error> = layerFor("test/browser/page.ts")

/** An open tab and what it did. */
export interface Tab {
  readonly page: Page
  /** Uncaught errors and `console.error` lines of the page (not Chromium's own "Failed to load resource" lines). */
  readonly errors: Array<string>
  /** Every request the page sent. */
  readonly requests: Array<Request>
}

/** Opens `url` in a fresh browser context, closed with the scope. */
export const openTab = (url: string): Effect.Effect<Tab, Error, Suite | Scope.Scope> =>
  Effect.flatMap(Suite, ({ browser }) => openTabIn(browser, url))

/** Opens `url` in a fresh context of `browser`, closed with the scope. */
const openTabIn = (browser: Browser, url: string): Effect.Effect<Tab, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const context = await browser.newContext()
        const page = await context.newPage()
        page.setDefaultTimeout(15_000)
        const errors: Array<string> = []
        const requests: Array<Request> = []
        page.on("pageerror", (error) => errors.push(error.message))
        page.on("console", (message) => {
          if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
            errors.push(message.text())
        })
        page.on("request", (request) => requests.push(request))
        await page.goto(url)
        return { context, page, errors, requests }
      },
      catch: (cause) => new Error(`Could not open ${url}: ${String(cause)}`)
    }),
    ({ context }) => Effect.promise(() => context.close())
  )

/** Opens the test page and waits (at most 15 s) for `window.__suite`. */
export const openSuitePage: Effect.Effect<Tab, Error, Suite | Scope.Scope> = Effect.gen(function*() {
  const { pageUrl } = yield* Suite
  const tab = yield* openTab(pageUrl)
  yield* Effect.tryPromise({
    try: () => tab.page.waitForFunction(() => window.__suite !== undefined, undefined, { timeout: 15_000 }),
    catch: (cause) => new Error(`The test page did not start: ${String(cause)}; page errors: ${tab.errors.join("; ")}`)
  })
  return tab
})

type Input<K extends keyof SuitePage> = Parameters<SuitePage[K]>[0]
type Output<K extends keyof SuitePage> = Awaited<ReturnType<SuitePage[K]>>

/** Runs `window.__suite[name](input)` in the page, for at most 30 s. */
export const call = <K extends keyof SuitePage>(tab: Tab, name: K, input: Input<K>): Effect.Effect<Output<K>, Error> =>
  Effect.tryPromise({
    try: () =>
      tab.page.evaluate(
        ([name, input]) => (window.__suite![name] as (input: unknown) => Promise<unknown>)(input),
        [name, input as unknown] as const
      ) as Promise<Output<K>>,
    catch: (cause) => new Error(`window.__suite.${name} failed: ${String(cause)}`)
  }).pipe(
    Effect.timeoutFail({ duration: "30 seconds", onTimeout: () => new Error(`window.__suite.${name} took over 30 s`) })
  )

// ---------------------------------------------------------------------------
// Case pages: cases shared with the Node tests, run in Chromium
// ---------------------------------------------------------------------------

/**
 * Lets a bundle keep an npm package's `require()` of Node built-ins that it
 * only calls under Node (`@sinonjs/fake-timers` requires `timers`,
 * `perf_hooks` and `util` when `process` exists): those resolve to an empty
 * module for files of `packages`, and stay an error for everything else.
 */
export const unusedNodeBuiltins = (packages: ReadonlyArray<string>): Esbuild.Plugin => ({
  name: "unused-node-builtins",
  setup(build) {
    const within = (importer: string) => packages.some((name) => importer.includes(`/node_modules/${name}/`))
    build.onResolve(
      { filter: /.*/ },
      ({ path, importer }) =>
        isNodeBuiltin(path) && within(importer) ? { path, namespace: "unused-node-builtin" } : undefined
    )
    build.onLoad(
      { filter: /.*/, namespace: "unused-node-builtin" },
      () => ({ contents: "module.exports = {}", loader: "js" })
    )
  }
})

/** Chromium and a loopback page serving one case page's bundle. */
export class CaseSuite extends Context.Tag("test/browser/CaseSuite")<CaseSuite, {
  readonly browser: Browser
  /** The page's `http://127.0.0.1:<port>/`. */
  readonly pageUrl: string
}>() {}

/**
 * Bundles the case page `entry` (relative to the repository) and serves it;
 * fails (never skips) without Chromium or when the page does not bundle for browsers.
 */
export const caseLayer = (
  entry: string,
  options: { readonly plugins?: ReadonlyArray<Esbuild.Plugin> } = {}
): Layer.Layer<CaseSuite, Error> =>
  Layer.scoped(
    CaseSuite,
    Effect.gen(function*() {
      const browser = yield* launchChromium()
      const page = yield* Effect.tryPromise({
        try: () => bundle(Path.join(root, entry), undefined, options),
        catch: (cause) => new Error(`${entry} does not bundle for browsers: ${String(cause)}`)
      })
      const server = yield* pageServer(page)
      return { browser, pageUrl: server.url }
    })
  )

/** Opens the case page and waits (at most 15 s) for `window.__cases`. */
export const openCasePage: Effect.Effect<Tab, Error, CaseSuite | Scope.Scope> = Effect.gen(function*() {
  const { browser, pageUrl } = yield* CaseSuite
  const tab = yield* openTabIn(browser, pageUrl)
  yield* Effect.tryPromise({
    try: () => tab.page.waitForFunction(() => window.__cases !== undefined, undefined, { timeout: 15_000 }),
    catch: (cause) => new Error(`The case page did not start: ${String(cause)}; page errors: ${tab.errors.join("; ")}`)
  })
  return tab
})

/** The names of the cases the page runs, in order. */
export const caseNames = (tab: Tab): Effect.Effect<ReadonlyArray<string>, Error> =>
  Effect.tryPromise({
    try: () => tab.page.evaluate(() => window.__cases!.names()),
    catch: (cause) => new Error(`window.__cases.names failed: ${String(cause)}`)
  })

/**
 * Runs the case `name` in the page, for at most `seconds` (30 by default). It
 * did not pass if the page reported an uncaught error or a `console.error`
 * meanwhile.
 */
export const runCase = (tab: Tab, name: string, seconds = 30): Effect.Effect<Outcome, Error> =>
  Effect.gen(function*() {
    const errorsBefore = tab.errors.length
    const outcome = yield* Effect.tryPromise({
      try: () => tab.page.evaluate((name) => window.__cases!.run(name), name),
      catch: (cause) => new Error(`window.__cases.run(${JSON.stringify(name)}) failed: ${String(cause)}`)
    }).pipe(Effect.timeoutFail({
      duration: `${seconds} seconds`,
      onTimeout: () => new Error(`${name} took over ${seconds} s in the page`)
    }))
    const pageErrors = tab.errors.slice(errorsBefore)
    return pageErrors.length === 0 ? outcome : {
      passed: false,
      error: [outcome.error ?? "the case passed, but the page reported errors:", ...pageErrors].join("\n")
    }
  })
