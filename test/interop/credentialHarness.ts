/**
 * What the two ported credential suites share in Node: the two classes under
 * test (the official `@azure/communication-common` one and ours) and the two
 * ways users install `@sinonjs/fake-timers` (`sinon.useFakeTimers()` installs it
 * with its defaults; `vi.useFakeTimers()` installs vitest's copy).
 */
import { AzureCommunicationTokenCredential as Official } from "@azure/communication-common"
import { AzureCommunicationTokenCredential as Ours } from "@effect-acs/identity-node"
import { vi } from "vitest"
import type { CredentialClass } from "./credentialScenarios.js"
import { type Install, sinonInstall } from "./fakeTimers.js"

export type { Credential, CredentialClass } from "./credentialScenarios.js"
export type { Clock, Install } from "./fakeTimers.js"

/** The classes every scenario runs against, with the same assertions. */
export const classes: ReadonlyArray<readonly [name: string, CredentialClass]> = [
  ["official @azure/communication-common", Official as CredentialClass],
  ["ours (@effect-acs/identity-node)", Ours as CredentialClass]
]

/** The two installations. */
export const installs: ReadonlyArray<readonly [name: string, Install]> = [
  ["sinon.useFakeTimers() (@sinonjs/fake-timers install)", sinonInstall],
  ["vi.useFakeTimers()", (options) => {
    vi.useFakeTimers({ ...(options?.shouldAdvanceTime ? { shouldAdvanceTime: true } : {}) })
    return {
      tick: (ms) => {
        vi.advanceTimersByTime(ms)
      },
      tickAsync: async (ms) => {
        await vi.advanceTimersByTimeAsync(ms)
      },
      uninstall: () => {
        vi.useRealTimers()
      }
    }
  }]
]
