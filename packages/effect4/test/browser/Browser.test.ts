/**
 * `@effect-acs/identity-effect4-browser` in real Chromium (Debian's, through
 * playwright-core): the root browser suite's scenarios (test/browser/scenarios.ts,
 * on its harness: the emulator on a loopback socket, the page served from
 * another loopback origin, so every call is cross-origin with a CORS
 * preflight) on this line's page (`page.ts`, bundled with esbuild against
 * this root's `effect` 4), and its adversarial scenarios (test/browser/adversarial.ts:
 * hostile error bodies and credentials). Also: the package and the page bundle with no Node
 * built-ins or polyfills. Without Chromium the suite fails and says how to
 * install it.
 */
import * as Client from "@effect-acs/identity-effect4/CommunicationIdentityClient"
import { afterAll, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Adversarial from "../../../../test/browser/adversarial.js"
import * as Harness from "../../../../test/browser/harness.js"
import { bundlesCleanly, scenarios } from "../../../../test/browser/scenarios.js"
import * as Effect3 from "../../../../test/effect3.js"

const timeout = 60_000

/** Chromium, the emulator and the page server with this line's page, shared by the suite. */
const suite = Effect3.managed(Harness.layerFor("packages/effect4/test/browser/page.ts"))
afterAll(() => suite.dispose())

describe("browser bundles (Effect 4)", () => {
  it.live(
    "the Effect 4 browser package and its test page bundle with no Node built-ins and no polyfills",
    () =>
      Effect.promise(() =>
        Effect3.runPromise(bundlesCleanly({
          browserPackage: "packages/effect4/browser",
          peers: ["effect"],
          nodeModules: "packages/effect4/node_modules",
          entries: ["packages/effect4/browser/src/index.ts", "packages/effect4/test/browser/page.ts"]
        }))
      ),
    timeout
  )
})

describe("the Effect 4 browser package in Chromium", () => {
  for (const scenario of scenarios({ userAgent: Client.userAgent })) {
    it.live(scenario.name, () => Effect.promise(() => suite.runPromise(scenario.run)), timeout)
  }
})

describe("adversarial defects in Chromium (Effect 4)", () => {
  for (const scenario of Adversarial.scenarios) {
    it.live(scenario.name, () => Effect.promise(() => suite.runPromise(scenario.run)), timeout)
  }
})
