/**
 * `internal/load.ts` (dynamic imports, what Node runs) and its browser
 * variant `internal/load.browser.ts` (static imports, what the package's
 * `browser` field gives bundlers) load the same send path and read the same
 * config values.
 */
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import { readFileSync } from "node:fs"
import * as Browser from "../src/internal/load.browser.js"
import * as Lazy from "../src/internal/load.js"

const withConfig = (values: Record<string, string>) =>
  Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromUnknown(values))

describe("internal/load", () => {
  it("the package's browser field maps the dynamic one to the static one", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    assert.deepStrictEqual(pkg.browser, { "./dist/internal/load.js": "./dist/internal/load.browser.js" })
  })

  it.effect("both load the same HttpClient send path", () =>
    Effect.gen(function*() {
      const lazy = yield* Lazy.sendClient
      const browser = yield* Browser.sendClient
      assert.deepStrictEqual(Object.keys(browser).sort(), Object.keys(lazy).sort())
      assert.strictEqual(browser.fromContext, lazy.fromContext)
      assert.strictEqual(browser.authenticate, lazy.authenticate)
    }))

  it.effect("both read a redacted config value, and fail alike when it is missing", () =>
    Effect.gen(function*() {
      for (const load of [Lazy, Browser]) {
        const value = yield* load.redactedConfig("ACS_CONNECTION_STRING").pipe(
          withConfig({ ACS_CONNECTION_STRING: "cs" })
        )
        assert.strictEqual(Redacted.value(value), "cs")
        const missing = yield* Effect.exit(
          load.redactedConfig("ACS_CONNECTION_STRING").pipe(withConfig({ OTHER: "x" }))
        )
        assert.isTrue(Exit.isFailure(missing))
        if (Exit.isFailure(missing)) assert.include(String(missing.cause), "ACS_CONNECTION_STRING")
      }
    }))
})
