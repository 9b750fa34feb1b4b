/**
 * A fake clock as the credential scenarios drive it, and the installation
 * `sinon.useFakeTimers()` makes of `@sinonjs/fake-timers`. Only web-standard
 * globals and the fake-timers package: the browser suite bundles this into a
 * page (`test/browser/credentialPage.ts`) to run the scenarios in Chromium.
 */
import * as FakeTimers from "@sinonjs/fake-timers"

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

/**
 * `sinon.useFakeTimers()`: `@sinonjs/fake-timers` installed with sinon's
 * defaults — every timer the runtime has (in a browser `requestAnimationFrame`,
 * `requestIdleCallback` and `performance` too) but `process.nextTick` and
 * `queueMicrotask`.
 */
export const sinonInstall: Install = (options) => {
  const toFake = (Object.keys(FakeTimers.timers) as Array<FakeTimers.FakeMethod>).filter((name) =>
    name !== "nextTick" && name !== "queueMicrotask"
  )
  const clock = FakeTimers.install({
    toFake,
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
}
