/**
 * The scenarios of `@azure/communication-common`'s own credential suite
 * (`test/public/communicationTokenCredential.spec.ts` in azure-sdk-for-js),
 * ported, as one table: `Credential.test.ts` runs every scenario against the
 * official class and ours (`@effect-acs/identity-node`) under both fake-timer
 * installations, and the browser suite (`test/browser/Credential.test.ts`)
 * bundles this same table into a page and runs it in Chromium against the
 * browser package's credential under `@sinonjs/fake-timers`. So a scenario may
 * use only web-standard globals and what its `Context` hands it — vitest's
 * `expect`, chai's `assert` and vitest's `fn` (`vi.fn`), or their browser builds.
 *
 * Ported to the current official release (2.5): a token that is not a JWT is
 * accepted as opaque with a 600 s lifetime (the suite's older "throws if
 * non-JWT" scenarios assert that now), and an empty one throws
 * `Invalid token…`. The scenarios that read the official class's private
 * fields (`activeTimeout`, `activeTokenUpdating`) observe the refresher instead;
 * "let the refresh finish" is `tickAsync(0)`, which runs the pending promise
 * jobs without moving the clock.
 */
import type { assert, ExpectStatic, vi } from "vitest"
import type { Clock, Install } from "./fakeTimers.js"

/** What every scenario sees of a credential. */
export interface Credential {
  getToken(options?: { abortSignal?: AbortSignal }): Promise<{ token: string; expiresOnTimestamp: number }>
  dispose(): void
}

/** A credential class, constructed from any of the three official forms. */
export type CredentialClass = new(input: any) => Credential

/** The test tools a scenario asserts with: vitest's in Node, their browser builds in a page. */
export interface Tools {
  readonly expect: ExpectStatic
  readonly assert: typeof assert
  readonly fn: typeof vi.fn
}

/** What a scenario runs with. */
export interface Context extends Tools {
  readonly clock: Clock
  /** Constructs and remembers, so that each scenario ends with its credentials disposed. */
  readonly make: (input: unknown) => Credential
  /** Lets pending refreshes finish (promise jobs only; the clock stays). */
  readonly settle: () => Promise<void>
}

export interface Scenario {
  readonly name: string
  readonly run: (context: Context) => void | Promise<void>
}

/**
 * Runs `scenario` against `Credential` under a fresh fake clock from
 * `install`; then, passed or not, lets pending refreshes finish, disposes
 * every credential it made and uninstalls the clock.
 */
export const runScenario = async (
  scenario: Scenario,
  Credential: CredentialClass,
  install: Install,
  tools: Tools
): Promise<void> => {
  const clock = install()
  const created: Array<Credential> = []
  const settle = () => clock.tickAsync(0)
  const make = (input: unknown): Credential => {
    const credential = new Credential(input)
    created.push(credential)
    return credential
  }
  try {
    await scenario.run({ ...tools, clock, make, settle })
  } finally {
    try {
      await settle()
      for (const credential of created) credential.dispose()
    } finally {
      clock.uninstall()
    }
  }
}

const generateToken = (validForMinutes: number): string => {
  const expiresOn = (Date.now() + validForMinutes * 60 * 1000) / 1000
  const payload = btoa(JSON.stringify({ exp: expiresOn }))
  return `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${payload}.adM-ddBZZlQ1WlN3pdPBOF5G4Wh9iZpxNP_fSvpF4cWs`
}

export const scenarios: ReadonlyArray<Scenario> = [
  {
    name: "handles valid JWT strings",
    run: ({ make }) => {
      make(generateToken(60))
    }
  },
  {
    name: "accepts a non-JWT token as opaque, with a 600 s lifetime; an empty one throws Invalid token",
    run: async ({ make, assert }) => {
      const credential = make("IAmNotAToken")
      assert.deepStrictEqual(await credential.getToken(), {
        token: "IAmNotAToken",
        expiresOnTimestamp: Date.now() + 600_000
      })
      assert.throws(() => make(""), /^Invalid token: token must not be empty\.$/)
      assert.throws(() => make("   "), /^Invalid token: token must not be empty\.$/)
    }
  },
  {
    name: "accepts a non-JWT passed as lambda as opaque; an empty one rejects with Invalid token",
    run: async ({ make, expect, assert }) => {
      const opaque = make({ tokenRefresher: async () => "IAmNotAToken" })
      assert.strictEqual((await opaque.getToken()).token, "IAmNotAToken")
      const empty = make({ tokenRefresher: async () => "" })
      await expect(empty.getToken()).rejects.toThrow(/^Invalid token: token must not be empty\.$/)
      const nothing = make({ tokenRefresher: async () => undefined })
      await expect(nothing.getToken()).rejects.toThrow(/^Invalid token: expected a string or an AccessToken/)
    }
  },
  {
    name: "returns token as expected",
    run: async ({ make, assert }) => {
      const token = generateToken(60)
      const tokenCredential = make(token)
      assert.strictEqual((await tokenCredential.getToken()).token, token)
    }
  },
  {
    name: "returns token as expected when using lambda",
    run: async ({ make, expect, assert, fn }) => {
      const token = generateToken(60)
      const tokenRefresher = fn().mockResolvedValue(token)
      const tokenCredential = make({ tokenRefresher })
      assert.strictEqual((await tokenCredential.getToken()).token, token)
      expect(tokenRefresher).toHaveBeenCalledOnce()
    }
  },
  {
    name: "uses initial token as expected",
    run: async ({ make, expect, assert, fn }) => {
      const token = generateToken(60)
      const tokenRefresher = fn().mockResolvedValue(generateToken(120))
      const tokenCredential = make({ tokenRefresher, token, refreshProactively: true })
      assert.strictEqual((await tokenCredential.getToken()).token, token)
      expect(tokenRefresher).not.toHaveBeenCalled()
    }
  },
  {
    name: "no proactive refresh, accepts expired token",
    run: ({ make, clock, expect, fn }) => {
      const tokenRefresher = fn().mockResolvedValue(generateToken(-1))
      make({ tokenRefresher })
      clock.tick(5 * 60 * 1000)
      expect(tokenRefresher).not.toHaveBeenCalled()
    }
  },
  {
    name: "with proactive refresh, passing an expired token to constructor triggers immediate refresh",
    run: ({ make, clock, expect, fn }) => {
      const tokenRefresher = fn().mockResolvedValue(generateToken(30))
      make({ tokenRefresher, refreshProactively: true, token: generateToken(-1) })
      // not in the constructor: on the first timer turn
      expect(tokenRefresher).not.toHaveBeenCalled()
      clock.tick(5 * 60 * 1000)
      expect(tokenRefresher).toHaveBeenCalledOnce()
    }
  },
  {
    name: "throws if tokenRefresher returns an expired token",
    run: async ({ make, clock, expect, fn }) => {
      const tokenRefresher = fn().mockResolvedValue(generateToken(-1))
      const credential = make({ tokenRefresher })
      clock.tick(5 * 60 * 1000)
      await expect(credential.getToken()).rejects.toThrow(/^The token returned from the tokenRefresher is expired\.$/)
      expect(tokenRefresher).toHaveBeenCalledOnce()
    }
  },
  {
    name: "returns expired token when not using a lambda",
    run: async ({ make, assert }) => {
      const token = generateToken(-1)
      assert.strictEqual((await make(token).getToken()).token, token)
    }
  },
  {
    name: "passes abortSignal through to tokenRefresher (called within getToken)",
    run: async ({ make, expect, assert, fn }) => {
      const tokenRefresher = fn().mockResolvedValue(generateToken(60))
      const tokenCredential = make({ tokenRefresher })
      const aborter = new AbortController()
      const pending = tokenCredential.getToken({ abortSignal: aborter.signal })
      expect(tokenRefresher).toHaveBeenCalledExactlyOnceWith(aborter.signal)
      // aborting is the refresher's business: this one ignores it
      aborter.abort()
      assert.isString((await pending).token)
    }
  },
  {
    name: "throws if disposed",
    run: async ({ make, expect }) => {
      const withStatic = make(generateToken(60))
      const withLambda = make({ tokenRefresher: async () => generateToken(60) })
      withStatic.dispose()
      withLambda.dispose()
      await expect(withStatic.getToken()).rejects.toThrow(/^User credential is disposed$/)
      await expect(withLambda.getToken()).rejects.toThrow(/^User credential is disposed$/)
    }
  },
  {
    name: "doesn't swallow error from tokenRefresher",
    run: async ({ make, expect, fn }) => {
      const error = new Error("No token for you!")
      const tokenRefresher = fn(() => {
        throw error
      })
      await expect(make({ tokenRefresher }).getToken()).rejects.toBe(error)
    }
  },
  {
    name: "requests new token when token is about to expire",
    run: async ({ make, clock, expect, assert, fn }) => {
      const token = generateToken(20)
      const newToken = generateToken(60)
      const tokenRefresher = fn().mockResolvedValue(token)
      const tokenCredential = make({ tokenRefresher })

      assert.strictEqual((await tokenCredential.getToken()).token, token)
      tokenRefresher.mockResolvedValue(newToken)
      // go into the soon-to-expire window
      clock.tick(19 * 60 * 1000)
      // returns old token because it's still valid
      assert.strictEqual((await tokenCredential.getToken()).token, token)
      clock.tick(5 * 60 * 1000)
      // now it returns new token
      assert.strictEqual((await tokenCredential.getToken()).token, newToken)
      expect(tokenRefresher).toHaveBeenCalledTimes(2)
    }
  },
  {
    name: "proactively refreshes token when it is about to expire",
    run: ({ make, clock, expect, fn }) => {
      const token = (): string => generateToken(20)
      const tokenRefresher = fn().mockResolvedValue(token())
      make({ tokenRefresher, refreshProactively: true, token: token() })
      // go into the soon-to-expire window
      clock.tick(19 * 60 * 1000)
      expect(tokenRefresher).toHaveBeenCalledOnce()
    }
  },
  {
    name: "repeats proactive refreshing (a new timer after each refresh)",
    run: async ({ make, clock, settle, expect, fn }) => {
      const token = (): string => generateToken(20)
      const tokenRefresher = fn().mockResolvedValue(token())
      make({ tokenRefresher, refreshProactively: true, token: token() })
      // go into the soon-to-expire window: the timer set at construction fires
      clock.tick(19 * 60 * 1000)
      expect(tokenRefresher).toHaveBeenCalledOnce()
      await settle()
      // the refreshed token has a minute left: the next timer fires after half of it
      clock.tick(30 * 1000)
      expect(tokenRefresher).toHaveBeenCalledTimes(2)
    }
  },
  {
    name: "dispose cancels timer",
    run: ({ make, clock, expect, fn }) => {
      const token = (): string => generateToken(20)
      const tokenRefresher = fn().mockResolvedValue(token())
      const tokenCredential = make({ tokenRefresher, refreshProactively: true, token: token() })
      tokenCredential.dispose()
      // go into the soon-to-expire window
      clock.tick(19 * 60 * 1000)
      expect(tokenRefresher).not.toHaveBeenCalled()
    }
  },
  {
    name: "multiple calls to getToken call tokenRefresher only once",
    run: async ({ make, expect, fn }) => {
      const tokenRefresher = fn().mockResolvedValue(generateToken(60))
      const tokenCredential = make({ tokenRefresher })
      for (let i = 0; i < 10; i++) await tokenCredential.getToken()
      expect(tokenRefresher).toHaveBeenCalledOnce()
    }
  },
  {
    name: "calls tokenRefresher only once when proactive refreshing is in progress",
    run: async ({ make, clock, expect, fn }) => {
      const tokenRefresher = fn().mockResolvedValue(generateToken(20))
      const tokenCredential = make({ tokenRefresher, refreshProactively: true })
      // go into the soon-to-expire window
      clock.tick(19 * 60 * 1000)
      await tokenCredential.getToken()
      expect(tokenRefresher).toHaveBeenCalledOnce()
    }
  },
  {
    name: "applies fractional backoff when the token is about to expire",
    run: async ({ make, clock, settle, expect, fn }) => {
      const defaultRefreshAfterLifetimePercentage = 0.5
      const tokenExpirationMinutes = 20
      const expectedPreBackOffCallCount = 1
      const expectedTotalCallCount = Math.floor(
        Math.log(tokenExpirationMinutes * 60) / Math.log(1 / defaultRefreshAfterLifetimePercentage)
      )
      const staticToken = generateToken(tokenExpirationMinutes)
      // keep returning the same token for the duration of the test
      const tokenRefresher = fn().mockResolvedValue(staticToken)
      const tokenCredential = make({ tokenRefresher, refreshProactively: true, token: staticToken })
      const newToken = await tokenCredential.getToken()

      // go into the soon-to-expire window
      for (let i = 0; i < 10 * 60; i++) {
        await settle()
        clock.tick(1000)
      }
      // refreshed only once within the first 10 minutes
      expect(tokenRefresher).toHaveBeenCalledTimes(expectedPreBackOffCallCount)

      // until the penultimate second of the token's lifetime (at most 10 minutes more)
      for (let i = 0; i < 10 * 60 && Math.floor((newToken.expiresOnTimestamp - Date.now()) / 1000) > 1; i++) {
        await settle()
        clock.tick(1000)
      }
      // refreshed with an increasing frequency in the remaining 10 minutes
      expect(tokenRefresher).toHaveBeenCalledTimes(expectedTotalCallCount)
    }
  },

  // beyond the official suite: the 2.5 options, the same for both classes
  {
    name: "uses an AccessToken (static or from the refresher) with its expiry, and the configured opaque lifetime",
    run: async ({ make, expect, assert }) => {
      const expiresOnTimestamp = Date.now() + 8 * 60 * 60 * 1000
      assert.deepStrictEqual(await make({ token: "opaque", expiresOnTimestamp }).getToken(), {
        token: "opaque",
        expiresOnTimestamp
      })
      const explicit = make({ tokenRefresher: async () => ({ token: "opaque", expiresOnTimestamp }) })
      assert.deepStrictEqual(await explicit.getToken(), { token: "opaque", expiresOnTimestamp })
      const configured = make({ tokenRefresher: async () => "opaque", undecodableTokenExpiryIntervalInSeconds: 1800 })
      assert.strictEqual((await configured.getToken()).expiresOnTimestamp, Date.now() + 1800 * 1000)
      // the lifetime is checked when an opaque token is read, not before
      const invalid = make({ tokenRefresher: async () => "opaque", undecodableTokenExpiryIntervalInSeconds: 0 })
      await expect(invalid.getToken()).rejects.toThrow(
        /^undecodableTokenExpiryIntervalInSeconds must be a positive number\.$/
      )
    }
  },
  {
    name: "proactively refreshes an opaque token at half its fallback lifetime",
    run: ({ make, clock, expect, fn }) => {
      const tokenRefresher = fn().mockResolvedValue("opaque-2")
      make({ tokenRefresher, refreshProactively: true, token: "opaque-1" })
      clock.tick(5 * 60 * 1000 - 1000)
      expect(tokenRefresher).not.toHaveBeenCalled()
      clock.tick(2000)
      expect(tokenRefresher).toHaveBeenCalledOnce()
    }
  },
  {
    name: "a getToken waiting for the refresher when disposed rejects as disposed",
    run: async ({ make, expect }) => {
      let resolve: (token: string) => void = () => {}
      const tokenCredential = make({ tokenRefresher: () => new Promise<string>((r) => (resolve = r)) })
      const pending = tokenCredential.getToken()
      tokenCredential.dispose()
      resolve(generateToken(60))
      await expect(pending).rejects.toThrow(/^User credential is disposed$/)
    }
  }
]
