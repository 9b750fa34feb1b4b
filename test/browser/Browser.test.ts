/**
 * `@effect-acs/identity-browser` in real Chromium (Debian's, through
 * playwright-core): the scenarios of scenarios.ts (shared with the Effect 4
 * line's browser package) on this line's page, and the Promise drop-in
 * client and credential there. Also: the bundles carry no Node built-ins or
 * polyfills, and `examples/browser` (`npm run example:browser`) shows what
 * it should. Without Chromium the suite fails and says how to install it.
 */
import * as Client from "@effect-acs/identity/CommunicationIdentityClient"
import { assert, describe, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import type { Page } from "playwright-core"
import { bundle, isNodeBuiltin } from "../../examples/browser/bundle.js"
import { firstLine, spawnScript } from "../../packages/core/test/utils/child.js"
import * as Harness from "./harness.js"
import { bundlesCleanly, scenarios } from "./scenarios.js"

const timeout = 60_000

// ---------------------------------------------------------------------------
// Bundles
// ---------------------------------------------------------------------------

describe("browser bundles", () => {
  it.live(
    "the browser package, the test page and the example page bundle with no Node built-ins and no polyfills",
    () =>
      bundlesCleanly({
        browserPackage: "packages/browser",
        peers: ["effect", "@effect/platform"],
        nodeModules: "node_modules",
        entries: ["packages/browser/src/index.ts", "test/browser/page.ts", "examples/browser/app.ts"]
      }),
    timeout
  )

  it.live("the check rejects Node built-ins", () =>
    Effect.gen(function*() {
      for (const name of ["node:crypto", "crypto", "fs/promises", "http"]) assert.isTrue(isNodeBuiltin(name), name)
      for (const name of ["effect", "@effect/platform/HttpClient", "cryptography"])
        assert.isFalse(isNodeBuiltin(name), name)
      const error = yield* Effect.flip(
        Effect.tryPromise(() => bundle(Path.join(Harness.root, "packages/node/src/index.ts")))
      )
      assert.match(
        String(error.cause),
        /Node built-in "node:crypto" imported by .*NodeCrypto\.ts cannot run in a browser/
      )
      assert.match(String(error.cause), /Node built-in "node:http"/)
    }), timeout)

  it.live("without Chromium the suite fails, saying how to install it", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Effect.scoped(Harness.launchChromium("/nonexistent/chromium")))
      assert.include(error.message, "No Chromium at /nonexistent/chromium")
      assert.include(error.message, "apt-get install -y chromium")
    }))
})

// ---------------------------------------------------------------------------
// In Chromium
// ---------------------------------------------------------------------------

const readExample = (page: Page) =>
  Effect.promise(() =>
    page.evaluate(() => {
      const text = (id: string) => document.getElementById(id)?.textContent ?? ""
      return {
        user: text("user"),
        scopes: Array.from(document.querySelectorAll("#scopes span"), (chip) => chip.textContent ?? ""),
        expires: text("expires"),
        countdown: text("countdown"),
        fetched: text("fetched"),
        status: text("status")
      }
    })
  )

/** `1:02:03` or `49:58` in seconds, or NaN. */
const countdownSeconds = (text: string): number => {
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(text)
  return match === null ? NaN : Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3])
}

layer(Harness.layer, { excludeTestServices: true, timeout: "90 seconds" })("in Chromium", (it) => {
  it.scoped("serves the Promise drop-in client, with RestError failures", () =>
    Effect.gen(function*() {
      const suite = yield* Harness.Suite
      const tab = yield* Harness.openSuitePage
      const result = yield* Harness.call(tab, "promiseClient", {
        connectionString: suite.connectionString,
        foreignUserId: `8:acs:${crypto.randomUUID()}_${crypto.randomUUID()}`
      })
      assert.match(result.user, new RegExp(`^8:acs:${suite.emulator.resourceId}_`))
      assert.lengthOf(result.tokens, 2)
      for (const token of result.tokens) assert.strictEqual(yield* suite.emulator.tokenStatus(token), "revoked")
      assert.approximately(Date.parse(result.expiresOn) - Date.now(), 24 * 60 * 60_000, 60_000)
      assert.deepInclude(result.failure, {
        name: "RestError",
        status: 401,
        code: "IdentityNotOwned",
        isRestError: true
      })
      assert.deepStrictEqual(tab.errors, [])
    }), timeout)

  for (const scenario of scenarios({ userAgent: Client.userAgent }))
    it.scoped(scenario.name, () => scenario.run, timeout)

  it.scoped(
    "refreshes the drop-in token credential in the page: proactively and on demand",
    () =>
      Effect.gen(function*() {
        const suite = yield* Harness.Suite
        const tab = yield* Harness.openSuitePage
        const url = (tag: string, seconds: number) => `${suite.pageUrl}token?tag=${tag}&seconds=${seconds}`

        // 2-second tokens: refreshed after half their remaining life, with nobody asking
        const proactive = yield* Harness.call(tab, "proactive", { tokenUrl: url("proactive", 2) })
        assert.isAtLeast(proactive.fetched, 3)
        assert.notStrictEqual(proactive.latest.token, proactive.first.token)
        assert.isAbove(proactive.latest.expiresOnTimestamp, proactive.first.expiresOnTimestamp)
        assert.deepStrictEqual(proactive.scopes, ["chat", "voip"])
        assert.strictEqual(proactive.afterDispose, "User credential is disposed")
        assert.strictEqual(proactive.startedAfterDispose, proactive.startedAtDispose, "dispose stops the timer")
        // a refresh in flight at dispose is aborted, so the server may or may not have seen it
        assert.isAtLeast(suite.tokenCalls("proactive"), proactive.fetched)
        assert.isAtMost(suite.tokenCalls("proactive"), proactive.startedAtDispose)

        // 3-second tokens, no proactive refresh: cached until expiry, then fetched again
        const onDemand = yield* Harness.call(tab, "onDemand", {
          tokenUrl: url("demand", 3),
          expiredUrl: url("expired", -5)
        })
        assert.strictEqual(onDemand.cached.token, onDemand.first.token)
        assert.notStrictEqual(onDemand.second.token, onDemand.first.token)
        assert.strictEqual(onDemand.fetched, 2)
        assert.strictEqual(suite.tokenCalls("demand"), 2)
        assert.strictEqual(onDemand.expired, "The token returned from the tokenRefresher is expired.")
        assert.strictEqual(suite.tokenCalls("expired"), 1)
        assert.deepStrictEqual(tab.errors, [])
      }),
    timeout
  )

  it.scoped(
    "examples/browser: npm run example:browser serves a page showing the user, scopes and a live countdown",
    () =>
      Effect.gen(function*() {
        const suite = yield* Harness.Suite
        const child = yield* spawnScript("examples/browser/server.ts", [], {
          PORT: "0",
          ACS_CONNECTION_STRING: suite.connectionString
        })
        const url = yield* firstLine(child, 45)
        assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/)

        const tab = yield* Harness.openTab(url)
        const ticking = () => /^\d+:\d{2}$/.test(document.getElementById("countdown")?.textContent ?? "")
        yield* Effect.tryPromise(() => tab.page.waitForFunction(ticking, undefined, { timeout: 15_000 }))
        const first = yield* readExample(tab.page)
        // kept for a look: <tmpdir>/effect-acs-browser/example.png
        const screenshot = Path.join(Os.tmpdir(), "effect-acs-browser", "example.png")
        Fs.rmSync(screenshot, { force: true })
        yield* Effect.promise(() => tab.page.screenshot({ path: screenshot, fullPage: true }))
        yield* Effect.sleep("2200 millis")
        const second = yield* readExample(tab.page)

        assert.match(first.user, new RegExp(`^8:acs:${suite.emulator.resourceId}_[0-9a-f-]{36}$`))
        assert.deepStrictEqual(first.scopes, ["chat", "voip"])
        assert.strictEqual(first.fetched, "1")
        assert.strictEqual(first.status, "Token ready.")
        // a 60-minute token is refreshed 10 minutes before it expires
        const [before, after] = [countdownSeconds(first.countdown), countdownSeconds(second.countdown)]
        assert.isTrue(before > 49 * 60 - 30 && before <= 50 * 60, `countdown ${first.countdown}`)
        assert.isTrue(
          before - after >= 1 && before - after <= 10,
          `countdown ${first.countdown} then ${second.countdown}`
        )
        assert.deepStrictEqual({ ...second, countdown: "" }, { ...first, countdown: "" })
        assert.deepStrictEqual(Array.from(Fs.readFileSync(screenshot).subarray(0, 8)), [
          137,
          80,
          78,
          71,
          13,
          10,
          26,
          10
        ])
        assert.deepStrictEqual(tab.errors, [])

        // the backend issues the emulator's tokens for that user, and deletes the user when it stops
        const response = yield* Effect.promise(() => fetch(`${url}token`).then((response) => response.json()))
        assert.strictEqual(response.user.communicationUserId, first.user)
        assert.strictEqual(yield* suite.emulator.tokenStatus(response.token), "active")
        child.process.kill("SIGTERM")
        assert.strictEqual(yield* child.exited, 0)
        assert.strictEqual(child.stdout(), `${url}\n`)
        assert.strictEqual(yield* suite.emulator.tokenStatus(response.token), "revoked")
      }),
    90_000
  )
})
