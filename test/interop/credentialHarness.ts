/**
 * What the two ported credential suites share: the two classes under test
 * (the official `@azure/communication-common` one and ours) and the two ways
 * users install `@sinonjs/fake-timers` (`sinon.useFakeTimers()` installs it with
 * its defaults; `vi.useFakeTimers()` installs vitest's copy).
 */
import { AzureCommunicationTokenCredential as Official } from "@azure/communication-common"
import { AzureCommunicationTokenCredential as Ours } from "@effect-acs/identity-node"
import * as FakeTimers from "@sinonjs/fake-timers"
import { vi } from "vitest"

/** What every scenario sees of a credential. */
export interface Credential {
  getToken(options?: { abortSignal?: AbortSignal }): Promise<{ token: string; expiresOnTimestamp: number }>
  dispose(): void
}

/** Either class, constructed from any of the three official forms. */
export type CredentialClass = new(input: any) => Credential

/** The classes every scenario runs against, with the same assertions. */
export const classes: ReadonlyArray<readonly [name: string, CredentialClass]> = [
  ["official @azure/communication-common", Official as CredentialClass],
  ["ours (@effect-acs/identity-node)", Ours as CredentialClass]
]

/** A fake clock as a scenario drives it. */
export interface Clock {
  /** Runs the timers due within `ms`, synchronously (no promise job runs in between). */
  readonly tick: (ms: number) => void
  /** Runs the timers due within `ms`, letting promise jobs run before and between them. */
  readonly tickAsync: (ms: number) => Promise<void>
  readonly uninstall: () => void
}

/** Installs fake timers; `shouldAdvanceTime` lets the fake clock follow real time (for scenarios doing real I/O). */
export type Install = (options?: { readonly shouldAdvanceTime?: boolean }) => Clock

// sinon.useFakeTimers() fakes every timer but process.nextTick and queueMicrotask (vitest likewise)
const sinonToFake = (Object.keys(FakeTimers.timers) as Array<FakeTimers.FakeMethod>).filter((name) =>
  name !== "nextTick" && name !== "queueMicrotask"
)

/** The two installations. */
export const installs: ReadonlyArray<readonly [name: string, Install]> = [
  ["sinon.useFakeTimers() (@sinonjs/fake-timers install)", (options) => {
    const clock = FakeTimers.install({
      toFake: sinonToFake,
      ...(options?.shouldAdvanceTime ? { shouldAdvanceTime: true } : {})
    })
    return {
      tick: (ms) => {
        clock.tick(ms)
      },
      tickAsync: async (ms) => {
        await clock.tickAsync(ms)
      },
      uninstall: () => clock.uninstall()
    }
  }],
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
