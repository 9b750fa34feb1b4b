/**
 * The scenarios of `@azure/communication-common`'s own credential suite,
 * ported (the table and what was changed for 2.5: `credentialScenarios.ts`):
 * every scenario runs against the official class and against ours, with the
 * same assertions, under both ways users install `@sinonjs/fake-timers` — with
 * the synchronous `tick` the official suite uses as well as `tickAsync`. The
 * browser suite runs the same table in Chromium against the browser package's
 * credential (`test/browser/Credential.test.ts`).
 */
import { assert, describe, expect, it, vi } from "vitest"
import { classes, installs } from "./credentialHarness.js"
import { runScenario, scenarios } from "./credentialScenarios.js"

describe.each(classes)("AzureCommunicationTokenCredential: %s", (_, AzureCommunicationTokenCredential) => {
  describe.each(installs)("under %s", (_, install) => {
    for (const scenario of scenarios) {
      it(
        scenario.name,
        () => runScenario(scenario, AzureCommunicationTokenCredential, install, { expect, assert, fn: vi.fn })
      )
    }
  })
})
