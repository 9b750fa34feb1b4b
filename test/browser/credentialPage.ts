/**
 * A page running the drop-in credential's refresh suite
 * (`test/interop/credentialScenarios.ts`, the table `test/interop/Credential.test.ts`
 * runs in Node) against the browser package's `AzureCommunicationTokenCredential`,
 * under `@sinonjs/fake-timers` installed as `sinon.useFakeTimers()` does, with
 * vitest's `expect`, chai's `assert` and `@vitest/spy`'s `fn` (what `vi.fn` is).
 */
import { AzureCommunicationTokenCredential } from "@effect-acs/identity-browser"
import { fn } from "@vitest/spy"
import { type CredentialClass, runScenario, scenarios } from "../interop/credentialScenarios.js"
import { sinonInstall } from "../interop/fakeTimers.js"
import { casePage } from "./cases.js"
import { assert, expect } from "./expect.js"

window.__cases = casePage(
  scenarios.map((scenario) =>
    [
      scenario.name,
      () =>
        runScenario(scenario, AzureCommunicationTokenCredential as CredentialClass, sinonInstall, {
          expect,
          assert,
          fn
        })
    ] as const
  )
)
