/**
 * The protocol package's own tests (`packages/protocol/test/shared`: Base64,
 * the operation table, Redaction and ErrorEnvelope, Rules and Retry, Signing
 * with the official HMAC vectors) run inside Chromium: the same case tables
 * and assertions, bundled into a page with vitest's `expect`, checked against
 * the web reference — `btoa`/`atob`, `Headers`, and WebCrypto's SHA-256 and
 * HMAC where the Node run uses `Buffer`, `node:http` and `node:crypto`. One
 * test per case, failing with the page's error.
 */
import { assert, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { fullNames } from "../../packages/protocol/test/shared/Case.js"
import { suites } from "../../packages/protocol/test/shared/index.js"
import * as Harness from "./harness.js"

const names = fullNames(suites)

layer(Harness.caseLayer("test/browser/protocolPage.ts"), { excludeTestServices: true, timeout: "90 seconds" })(
  "the protocol package's tests in Chromium",
  (it) => {
    it.scoped("the page runs every shared case, by the names vitest reports in Node", () =>
      Effect.gen(function*() {
        const tab = yield* Harness.openCasePage
        assert.deepStrictEqual(yield* Harness.caseNames(tab), names)
        assert.isAtLeast(names.length, 30)
        assert.isTrue(names.some((name) => name.startsWith("Signing (protocol) > vector ")))
      }))

    for (const name of names) {
      it.scoped(name, () =>
        Effect.gen(function*() {
          const tab = yield* Harness.openCasePage
          const outcome = yield* Harness.runCase(tab, name)
          assert.isTrue(outcome.passed, outcome.error)
        }), 60_000)
    }
  }
)
