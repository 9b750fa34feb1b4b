/**
 * The drop-in credential's refresh suite in Chromium: the scenario table of
 * `test/interop/Credential.test.ts` (`test/interop/credentialScenarios.ts`,
 * the official `@azure/communication-common` suite ported) bundled with
 * esbuild into a page and run there against the browser package's
 * `AzureCommunicationTokenCredential`, under `@sinonjs/fake-timers` installed
 * as `sinon.useFakeTimers()` does (Chromium's own `setTimeout`, `Date` and
 * `performance` faked). Each scenario runs in a fresh tab and reports back
 * whether it passed: one test and one assertion per scenario, none skipped.
 */
import { assert, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { scenarios } from "../interop/credentialScenarios.js"
import * as Harness from "./harness.js"

const page = Harness.caseLayer("test/browser/credentialPage.ts", {
  // fake-timers requires node:timers and friends only when `process` exists
  plugins: [Harness.unusedNodeBuiltins(["@sinonjs/fake-timers"])]
})

layer(page, { excludeTestServices: true, timeout: "90 seconds" })(
  "AzureCommunicationTokenCredential (@effect-acs/identity-browser) in Chromium, under @sinonjs/fake-timers",
  (it) => {
    it.scoped("the page runs the whole scenario table, in order", () =>
      Effect.gen(function*() {
        const tab = yield* Harness.openCasePage
        assert.deepStrictEqual(yield* Harness.caseNames(tab), scenarios.map((scenario) => scenario.name))
      }))

    for (const scenario of scenarios) {
      it.scoped(scenario.name, () =>
        Effect.gen(function*() {
          const tab = yield* Harness.openCasePage
          const outcome = yield* Harness.runCase(tab, scenario.name)
          assert.isTrue(outcome.passed, outcome.error)
        }), 60_000)
    }
  }
)
