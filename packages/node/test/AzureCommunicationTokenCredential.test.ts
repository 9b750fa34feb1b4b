/**
 * The Promise form, `AzureCommunicationTokenCredential`: what the ported
 * official suites (`test/interop/Credential.test.ts`, `EntraCredential.test.ts`,
 * run against the official class and ours) do not cover — the exports, joining
 * a refresh under way, abort, a failing background refresh — with fake timers;
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

/** Lets pending promise jobs run without moving the clock. */
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

  it("an empty initial token means none (as the official class); a malformed AccessToken throws", async () => {
    const tokenRefresher = vi.fn().mockResolvedValue(generateToken(60))
    const credential = new AzureCommunicationTokenCredential({ tokenRefresher, token: "" })
    assert.isString((await credential.getToken()).token)
    expect(tokenRefresher).toHaveBeenCalledOnce()
    assert.throws(
      () => new AzureCommunicationTokenCredential({ token: "", expiresOnTimestamp: 1 }),
      /^Invalid token: expected a string or an AccessToken/
    )
  })

  it("hands the caller's signal to the refresher; getToken rejects when the refresher does, and the credential still works", async () => {
    const tokenRefresher = vi.fn((signal?: AbortSignal) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => resolve(generateToken(60)), 10_000)
        signal?.addEventListener("abort", () => {
          clearTimeout(timer)
          reject(signal.reason)
        })
      })
    )
    const credential = new AzureCommunicationTokenCredential({ tokenRefresher })
    const aborter = new AbortController()
    const pending = credential.getToken({ abortSignal: aborter.signal })
    expect(tokenRefresher).toHaveBeenCalledExactlyOnceWith(aborter.signal)
    aborter.abort()
    await expect(pending).rejects.toMatchObject({ name: "AbortError" })
    const next = credential.getToken()
    await vi.advanceTimersByTimeAsync(10_000)
    assert.isString((await next).token)
    expect(tokenRefresher).toHaveBeenCalledTimes(2)
  })

  it("concurrent getToken calls share one refresher call, also during a proactive refresh", async () => {
    const tokenRefresher = vi.fn(() =>
      new Promise<string>((resolve) => setTimeout(() => resolve(generateToken(60)), 500))
    )
    const credential = new AzureCommunicationTokenCredential({ tokenRefresher })
    const all = Promise.all(Array.from({ length: 25 }, () => credential.getToken()))
    await vi.advanceTimersByTimeAsync(500)
    assert.strictEqual(new Set((await all).map((token) => token.token)).size, 1)
    expect(tokenRefresher).toHaveBeenCalledOnce()

    // no initial token: the proactive refresh starts on the first timer turn, and a caller arriving meanwhile joins it
    const proactiveRefresher = vi.fn(() =>
      new Promise<string>((resolve) => setTimeout(() => resolve(generateToken(20)), 500))
    )
    const proactive = new AzureCommunicationTokenCredential({
      tokenRefresher: proactiveRefresher,
      refreshProactively: true
    })
    vi.advanceTimersByTime(0)
    expect(proactiveRefresher).toHaveBeenCalledOnce()
    const joined = proactive.getToken()
    await vi.advanceTimersByTimeAsync(500)
    assert.isString((await joined).token)
    expect(proactiveRefresher).toHaveBeenCalledOnce()
    proactive.dispose()
    assert.strictEqual(vi.getTimerCount(), 0)
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

  it("a failed proactive refresh is no unhandled rejection: the next getToken refreshes on demand", async () => {
    const tokenRefresher = vi.fn().mockRejectedValueOnce(new Error("busy")).mockResolvedValue(generateToken(60))
    const credential = new AzureCommunicationTokenCredential({
      tokenRefresher,
      refreshProactively: true,
      token: generateToken(-1)
    })
    await flush()
    expect(tokenRefresher).toHaveBeenCalledOnce()
    assert.isString((await credential.getToken()).token)
    expect(tokenRefresher).toHaveBeenCalledTimes(2)
    credential.dispose()
  })
})

describe("examples/token-refresher.ts", () => {
  it("refreshes proactively against its loopback backend, one request for a burst, then disposes", async () => {
    const lines: Array<string> = []
    const result = await Effect.runPromise(
      demo({ seconds: 4, refreshEverySeconds: 1, log: (line) => lines.push(line) }).pipe(
        Effect.provide(FetchHttpClient.layer)
      )
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
