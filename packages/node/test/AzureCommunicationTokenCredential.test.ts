/**
 * The Promise form, `AzureCommunicationTokenCredential`, against the official
 * test suite of `@azure/communication-common` 2.5 (`communicationTokenCredential.spec.ts`),
 * ported to this package, with fake timers driving the Effect runtime's clock;
 * plus the `examples/token-refresher.ts` demo against its loopback backend.
 */
import { AzureCommunicationTokenCredential } from "@effect-acs/identity-node"
import * as NodeIndex from "@effect-acs/identity-node"
import * as BrowserIndex from "@effect-acs/identity-browser"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { afterEach, assert, beforeEach, describe, expect, it, vi } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { demo } from "../../../examples/token-refresher.js"

const generateToken = (validForMinutes: number): string => {
  const expiresOn = (Date.now() + validForMinutes * 60 * 1000) / 1000
  const payload = Buffer.from(JSON.stringify({ exp: expiresOn })).toString("base64")
  return `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${payload}.adM-ddBZZlQ1WlN3pdPBOF5G4Wh9iZpxNP_fSvpF4cWs`
}
const generateEncryptedToken = (): string => Array(5).fill(Buffer.from("opaque").toString("base64")).join(".")

/** Lets the Effect fibers behind the credential run (microtasks) without moving the clock. */
const flush = () => vi.advanceTimersByTimeAsync(0)

describe("AzureCommunicationTokenCredential", () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("is exported by the node and browser packages", () => {
    assert.strictEqual(NodeIndex.AzureCommunicationTokenCredential, AzureCommunicationTokenCredential)
    assert.strictEqual(BrowserIndex.AzureCommunicationTokenCredential, AzureCommunicationTokenCredential)
  })

  it("returns a static token as expected, also after it expired", async () => {
    const token = generateToken(60)
    const credential = new AzureCommunicationTokenCredential(token)
    assert.deepStrictEqual(await credential.getToken(), { token, expiresOnTimestamp: Math.trunc(Date.now() + 3_600_000) })
    const expired = generateToken(-1)
    assert.strictEqual((await new AzureCommunicationTokenCredential(expired).getToken()).token, expired)
  })

  it("accepts an opaque token with a 10-minute fallback, and a static AccessToken with its expiry", async () => {
    const encrypted = generateEncryptedToken()
    assert.deepStrictEqual(await new AzureCommunicationTokenCredential(encrypted).getToken(), {
      token: encrypted,
      expiresOnTimestamp: Date.now() + 600_000
    })
    assert.strictEqual((await new AzureCommunicationTokenCredential("IAmNotAToken").getToken()).token, "IAmNotAToken")
    const expiresOnTimestamp = Date.now() + 3_600_000
    assert.deepStrictEqual(
      await new AzureCommunicationTokenCredential({ token: encrypted, expiresOnTimestamp }).getToken(),
      { token: encrypted, expiresOnTimestamp }
    )
  })

  it("throws `Invalid token: token must not be empty.` for an empty token", () => {
    assert.throws(() => new AzureCommunicationTokenCredential(""), Error, "Invalid token: token must not be empty.")
    assert.throws(() => new AzureCommunicationTokenCredential("  "), /^Invalid token: token must not be empty\.$/)
    assert.throws(
      () => new AzureCommunicationTokenCredential({ tokenRefresher: async () => "x", token: "" }),
      "Invalid token: token must not be empty."
    )
    assert.throws(
      () => new AzureCommunicationTokenCredential({ token: "", expiresOnTimestamp: 1 }),
      /^Invalid token: expected a string or an AccessToken/
    )
  })

  it("returns the refresher's token and calls it only once while valid", async () => {
    const token = generateToken(60)
    const tokenRefresher = vi.fn().mockResolvedValue(token)
    const credential = new AzureCommunicationTokenCredential({ tokenRefresher })
    for (let i = 0; i < 10; i++) assert.strictEqual((await credential.getToken()).token, token)
    expect(tokenRefresher).toHaveBeenCalledOnce()
  })

  it("uses the initial token", async () => {
    const token = generateToken(60)
    const tokenRefresher = vi.fn().mockResolvedValue(generateToken(120))
    const credential = new AzureCommunicationTokenCredential({ tokenRefresher, token, refreshProactively: true })
    assert.strictEqual((await credential.getToken()).token, token)
    expect(tokenRefresher).not.toHaveBeenCalled()
    credential.dispose()
  })

  it("without proactive refresh nothing is fetched in the background", async () => {
    const tokenRefresher = vi.fn().mockResolvedValue(generateToken(-1))
    new AzureCommunicationTokenCredential({ tokenRefresher })
    await vi.advanceTimersByTimeAsync(5 * 60 * 1000)
    expect(tokenRefresher).not.toHaveBeenCalled()
  })

  it("with proactive refresh, an expired initial token triggers an immediate refresh", async () => {
    const tokenRefresher = vi.fn().mockResolvedValue(generateToken(30))
    const credential = new AzureCommunicationTokenCredential({
      tokenRefresher,
      refreshProactively: true,
      token: generateToken(-1)
    })
    await flush()
    expect(tokenRefresher).toHaveBeenCalledOnce()
    await vi.advanceTimersByTimeAsync(5 * 60 * 1000)
    expect(tokenRefresher).toHaveBeenCalledOnce()
    credential.dispose()
  })

  it("rejects with `The token returned from the tokenRefresher is expired.`", async () => {
    const tokenRefresher = vi.fn().mockResolvedValue(generateToken(-1))
    const credential = new AzureCommunicationTokenCredential({ tokenRefresher })
    await expect(credential.getToken()).rejects.toThrow(/^The token returned from the tokenRefresher is expired\.$/)
    expect(tokenRefresher).toHaveBeenCalledOnce()
  })

  it("does not swallow the refresher's error (the same object), sync or async", async () => {
    const error = new Error("No token for you!")
    const rejecting = new AzureCommunicationTokenCredential({ tokenRefresher: () => Promise.reject(error) })
    await expect(rejecting.getToken()).rejects.toBe(error)
    const throwing = new AzureCommunicationTokenCredential({
      tokenRefresher: () => {
        throw error
      }
    })
    await expect(throwing.getToken()).rejects.toBe(error)
    // a refresher that returns nothing usable
    const broken = new AzureCommunicationTokenCredential({ tokenRefresher: vi.fn() })
    await expect(broken.getToken()).rejects.toThrow(/tokenRefresher/)
  })

  it("passes an abort signal to the refresher; aborting getToken aborts it and rejects with an AbortError", async () => {
    let received: AbortSignal | undefined
    const tokenRefresher = vi.fn((signal?: AbortSignal) => {
      received = signal
      return new Promise<string>((resolve) => setTimeout(() => resolve(generateToken(60)), 10_000))
    })
    const credential = new AzureCommunicationTokenCredential({ tokenRefresher })
    const aborter = new AbortController()
    const pending = credential.getToken({ abortSignal: aborter.signal })
    await flush()
    expect(tokenRefresher).toHaveBeenCalledOnce()
    assert.instanceOf(received, AbortSignal)
    assert.isFalse(received!.aborted)
    aborter.abort()
    await expect(pending).rejects.toMatchObject({ name: "AbortError" })
    await flush()
    assert.isTrue(received!.aborted)
    // the credential still works
    const next = credential.getToken()
    await vi.advanceTimersByTimeAsync(10_000)
    assert.isString((await next).token)
    expect(tokenRefresher).toHaveBeenCalledTimes(2)
  })

  it("rejects with `User credential is disposed` once disposed (static and refreshing)", async () => {
    const withStatic = new AzureCommunicationTokenCredential(generateToken(60))
    const withLambda = new AzureCommunicationTokenCredential({ tokenRefresher: async () => generateToken(60) })
    withStatic.dispose()
    withLambda.dispose()
    withLambda.dispose() // idempotent
    await expect(withStatic.getToken()).rejects.toThrow(/^User credential is disposed$/)
    await expect(withLambda.getToken()).rejects.toThrow(/^User credential is disposed$/)
  })

  it("a getToken waiting for the refresher when disposed rejects as disposed", async () => {
    const tokenRefresher = vi.fn(() => new Promise<string>((resolve) => setTimeout(() => resolve(generateToken(60)), 1000)))
    const credential = new AzureCommunicationTokenCredential({ tokenRefresher })
    const pending = expect(credential.getToken()).rejects.toThrow(/^User credential is disposed$/)
    await flush()
    credential.dispose()
    await vi.advanceTimersByTimeAsync(1000)
    await pending
  })

  it("returns a valid token inside the expiring-soon window, refreshes once it expired", async () => {
    const token = generateToken(20)
    const newToken = generateToken(60)
    const tokenRefresher = vi.fn().mockResolvedValue(token)
    const credential = new AzureCommunicationTokenCredential({ tokenRefresher })
    assert.strictEqual((await credential.getToken()).token, token)
    tokenRefresher.mockResolvedValue(newToken)
    await vi.advanceTimersByTimeAsync(19 * 60 * 1000)
    assert.strictEqual((await credential.getToken()).token, token)
    await vi.advanceTimersByTimeAsync(5 * 60 * 1000)
    assert.strictEqual((await credential.getToken()).token, newToken)
    expect(tokenRefresher).toHaveBeenCalledTimes(2)
  })

  it("proactively refreshes 10 minutes before expiry, and again 10 minutes before the new token's expiry", async () => {
    const tokenRefresher = vi.fn(async () => generateToken(20))
    const credential = new AzureCommunicationTokenCredential({
      tokenRefresher,
      refreshProactively: true,
      token: generateToken(20)
    })
    await vi.advanceTimersByTimeAsync(10 * 60 * 1000 - 1)
    expect(tokenRefresher).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(9 * 60 * 1000)
    expect(tokenRefresher).toHaveBeenCalledOnce()
    await vi.advanceTimersByTimeAsync(60 * 1000) // the new token expires at 30 min: next refresh at 20 min
    expect(tokenRefresher).toHaveBeenCalledOnce()
    await vi.advanceTimersByTimeAsync(1)
    expect(tokenRefresher).toHaveBeenCalledTimes(2)
    credential.dispose()
  })

  it("dispose cancels the timer", async () => {
    const tokenRefresher = vi.fn().mockResolvedValue(generateToken(20))
    const credential = new AzureCommunicationTokenCredential({
      tokenRefresher,
      refreshProactively: true,
      token: generateToken(20)
    })
    credential.dispose()
    await vi.advanceTimersByTimeAsync(19 * 60 * 1000)
    expect(tokenRefresher).not.toHaveBeenCalled()
    assert.strictEqual(vi.getTimerCount(), 0)
  })

  it("concurrent getToken calls share one refresher call, also during a proactive refresh", async () => {
    const tokenRefresher = vi.fn(() => new Promise<string>((resolve) => setTimeout(() => resolve(generateToken(60)), 500)))
    const credential = new AzureCommunicationTokenCredential({ tokenRefresher })
    const all = Promise.all(Array.from({ length: 25 }, () => credential.getToken()))
    await vi.advanceTimersByTimeAsync(500)
    assert.strictEqual(new Set((await all).map((token) => token.token)).size, 1)
    expect(tokenRefresher).toHaveBeenCalledOnce()

    // no initial token: the proactive refresh starts at once, and a caller arriving meanwhile joins it
    const proactiveRefresher = vi.fn(() => new Promise<string>((resolve) => setTimeout(() => resolve(generateToken(20)), 500)))
    const proactive = new AzureCommunicationTokenCredential({ tokenRefresher: proactiveRefresher, refreshProactively: true })
    await flush()
    expect(proactiveRefresher).toHaveBeenCalledOnce()
    const joined = proactive.getToken()
    await vi.advanceTimersByTimeAsync(500)
    assert.isString((await joined).token)
    expect(proactiveRefresher).toHaveBeenCalledOnce()
    proactive.dispose()
  })

  it("uses an AccessToken returned by the refresher and the configured opaque lifetime", async () => {
    const encrypted = generateEncryptedToken()
    const expiresOnTimestamp = Date.now() + 8 * 60 * 60 * 1000
    const explicit = new AzureCommunicationTokenCredential({
      tokenRefresher: vi.fn().mockResolvedValue({ token: encrypted, expiresOnTimestamp })
    })
    assert.deepStrictEqual(await explicit.getToken(), { token: encrypted, expiresOnTimestamp })
    const configured = new AzureCommunicationTokenCredential({
      tokenRefresher: vi.fn().mockResolvedValue(encrypted),
      undecodableTokenExpiryIntervalInSeconds: 1800
    })
    assert.strictEqual((await configured.getToken()).expiresOnTimestamp, Date.now() + 1800 * 1000)
    assert.throws(
      () => new AzureCommunicationTokenCredential({ tokenRefresher: async () => encrypted, undecodableTokenExpiryIntervalInSeconds: 0 }),
      "undecodableTokenExpiryIntervalInSeconds must be a positive number."
    )
  })

  it("proactively refreshes an opaque token at half its fallback lifetime (5 min)", async () => {
    const tokenRefresher = vi.fn().mockResolvedValue(generateEncryptedToken())
    const credential = new AzureCommunicationTokenCredential({
      tokenRefresher,
      refreshProactively: true,
      token: generateEncryptedToken()
    })
    await vi.advanceTimersByTimeAsync(4 * 60 * 1000)
    expect(tokenRefresher).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(60 * 1000 + 1000)
    expect(tokenRefresher).toHaveBeenCalledOnce()
    credential.dispose()
  })

  it("applies fractional backoff when the token is about to expire (the official procedure)", async () => {
    const tokenExpirationMinutes = 20
    const expectedTotalCallCount = Math.floor(Math.log(tokenExpirationMinutes * 60) / Math.log(2))
    const staticToken = generateToken(tokenExpirationMinutes)
    const tokenRefresher = vi.fn().mockResolvedValue(staticToken)
    const credential = new AzureCommunicationTokenCredential({ tokenRefresher, refreshProactively: true, token: staticToken })
    const newToken = await credential.getToken()
    for (let i = 0; i < 10 * 60; i++) await vi.advanceTimersByTimeAsync(1000)
    expect(tokenRefresher).toHaveBeenCalledTimes(1)
    while (Math.floor((newToken.expiresOnTimestamp - Date.now()) / 1000) > 1) await vi.advanceTimersByTimeAsync(1000)
    expect(tokenRefresher).toHaveBeenCalledTimes(expectedTotalCallCount)
    expect(expectedTotalCallCount).toBe(10)
    credential.dispose()
  })
})

describe("examples/token-refresher.ts", () => {
  it("refreshes proactively against its loopback backend, one request for a burst, then disposes", async () => {
    const lines: Array<string> = []
    const result = await Effect.runPromise(
      demo({ seconds: 4, refreshEverySeconds: 1, log: (line) => lines.push(line) }).pipe(Effect.provide(FetchHttpClient.layer))
    )
    assert.strictEqual(result.burstRequests, 1)
    assert.isAtLeast(result.issued, 2) // the first token, then at least one proactive refresh
    assert.strictEqual(result.observed.length, 4)
    for (const { at, expiresOnTimestamp } of result.observed) assert.isAbove(expiresOnTimestamp, at + 9 * 60 * 1000)
    assert.strictEqual(result.afterDispose, "User credential is disposed")
    assert.isTrue(lines.some((line) => line.includes("issued token #2")))
    // the token never appears in the narration
    assert.isFalse(lines.some((line) => /eyJ[\w-]+\.[\w-]+\.[\w-]+/.test(line)))
  }, 20_000)
})
