/**
 * The executor's decisions over a scripted platform, on fake timers (no
 * assertion depends on how fast the machine is): what is retried and what
 * not, the waits asked for, the attempt and overall limits, abort and dispose.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { RestError } from "../src/internal/errors.js"
import { connectionString, json, scripted, tokenBody, user } from "./scripted.js"

beforeEach(() => {
  vi.useFakeTimers()
  // the backoff's jitter, fixed: every wait is 3/4 of its ceiling
  vi.spyOn(Math, "random").mockReturnValue(0.5)
})

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const busy = json(503, { error: { code: "ServiceUnavailable", message: "later" } })
const failed = json(500, { error: { code: "InternalError", message: "boom" } })
const reset = { fail: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) }

/** The promise's rejection (it must reject). */
const rejection = (promise: Promise<unknown>) =>
  promise.then(() => expect.fail("resolved, expected a rejection"), (error: unknown) => error as RestError)

describe("retry decisions (the protocol's rules, Azure core's policy)", () => {
  it("an idempotent call: 500 and resets are retried 3 times, then the last error; waits 0.75 s, 1.5 s, 3 s", async () => {
    const { CommunicationIdentityClient, sent } = scripted([failed, reset, failed, failed])
    const pending = rejection(new CommunicationIdentityClient(connectionString).getToken(user, ["chat"]))
    await vi.advanceTimersByTimeAsync(0)
    expect(sent).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(749)
    expect(sent).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(sent).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1500)
    expect(sent).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(3000)
    expect(sent).toHaveLength(4)
    const error = await pending
    expect(error).toBeInstanceOf(RestError)
    expect(error).toMatchObject({ statusCode: 500, code: "InternalError", message: "boom" })
  })

  it("a create without customId: retried only when the service did not process it (429, 503)", async () => {
    for (
      const [script, attempts, outcome] of [
        [[failed, json(201, { identity: { id: "8:acs:x" } })], 1, { statusCode: 500 }],
        [[reset, json(201, { identity: { id: "8:acs:x" } })], 1, { code: "TransportError" }],
        [[busy, json(201, { identity: { id: "8:acs:x" } })], 2, { communicationUserId: "8:acs:x" }]
      ] as const
    ) {
      const { CommunicationIdentityClient, sent } = scripted(script)
      const result = new CommunicationIdentityClient(connectionString).createUser().catch((error: unknown) => error)
      await vi.runAllTimersAsync()
      expect(await result).toMatchObject(outcome)
      expect(sent).toHaveLength(attempts)
    }
  })

  it("a create with customId: retried after a 500, never after a reset, a 502 or MultipleIdentitiesForCustomId", async () => {
    const created = json(201, { identity: { id: "8:acs:x", customId: "c" } })
    const multiple = json(409, { error: { code: "MultipleIdentitiesForCustomId", message: "two" } })
    for (
      const [script, attempts] of [[[failed, created], 2], [[reset, created], 1], [[json(502), created], 1], [[
        multiple,
        created
      ], 1]] as const
    ) {
      const { CommunicationIdentityClient, sent } = scripted(script)
      const client = new CommunicationIdentityClient(connectionString, { apiVersion: "2025-03-02-preview" })
      const result = client.createUser({ customId: "c" }).catch((error: unknown) => error)
      await vi.runAllTimersAsync()
      await result
      expect(sent).toHaveLength(attempts)
    }
  })

  it("a 429 with retry-after-ms waits exactly that; 4xx, an oversized body and an undecodable 200 are final", async () => {
    const { CommunicationIdentityClient, sent } = scripted([
      json(429, undefined, { "retry-after-ms": "5000" }),
      json(200, tokenBody)
    ])
    const pending = new CommunicationIdentityClient(connectionString).getToken(user, ["chat"])
    await vi.advanceTimersByTimeAsync(4999)
    expect(sent).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(await pending).toEqual({ token: tokenBody.token, expiresOn: new Date(tokenBody.expiresOn) })
    const { ResponseTooLargeError } = await import("@effect-acs/identity-protocol/Retry")
    for (
      const reply of [
        json(404, { error: { code: "NotFound", message: "no" } }),
        { fail: new ResponseTooLargeError(1) },
        json(200, { token: 1 })
      ]
    ) {
      const final = scripted([reply, json(200, tokenBody)])
      const error = new final.CommunicationIdentityClient(connectionString).getToken(user, ["chat"]).catch((
        e: unknown
      ) => e)
      await vi.runAllTimersAsync()
      expect(await error).toBeInstanceOf(RestError)
      expect(final.sent).toHaveLength(1)
    }
  })

  it("retryOptions: maxRetries 0 sends once; retryDelayInMs and maxRetryDelayInMs shape the backoff", async () => {
    const once = scripted([failed])
    const error = new once.CommunicationIdentityClient(connectionString, { retryOptions: { maxRetries: 0 } }).getToken(
      user,
      ["chat"]
    )
      .catch((e: unknown) => e)
    await vi.runAllTimersAsync()
    expect(await error).toMatchObject({ statusCode: 500 })
    expect(once.sent).toHaveLength(1)
    const shaped = scripted([failed, failed, failed, json(200, tokenBody)])
    const client = new shaped.CommunicationIdentityClient(connectionString, {
      retryOptions: { retryDelayInMs: 100, maxRetryDelayInMs: 200 }
    })
    const pending = client.getToken(user, ["chat"])
    // waits of 75, 150 (ceiling 200) and 150 ms
    await vi.advanceTimersByTimeAsync(75 + 150 + 149)
    expect(shaped.sent).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(1)
    await pending
    expect(shaped.sent).toHaveLength(4)
  })
})

describe("limits", () => {
  it("an attempt without a response ends after 30 s and is retried; the whole call after 2 minutes", async () => {
    const { CommunicationIdentityClient, sent } = scripted(["hang"])
    const pending = rejection(new CommunicationIdentityClient(connectionString).getToken(user, ["chat"]))
    await vi.advanceTimersByTimeAsync(30_000)
    expect(sent).toHaveLength(1)
    await vi.runAllTimersAsync()
    const error = await pending
    expect(error).toMatchObject({
      name: "RestError",
      code: "TransportError",
      message: "getToken: not completed within 2m"
    })
    // 30 s, 0.75 s, 30 s, 1.5 s, 30 s, 3 s, then what is left of 2 minutes
    expect(sent).toHaveLength(4)
  })

  it("a create without a response: one attempt, no retry", async () => {
    const { CommunicationIdentityClient, sent } = scripted(["hang"])
    const error = rejection(new CommunicationIdentityClient(connectionString).createUser())
    await vi.runAllTimersAsync()
    expect(await error).toMatchObject({ code: "TransportError", message: "createUser: no response within 30s" })
    expect((await error).error).toMatchObject({ _tag: "TransportError", timedOut: true })
    expect(sent).toHaveLength(1)
  })

  it("a TokenCredential that never answers is bounded like a request, and asked again (the last ask aborted) each attempt", async () => {
    const { CommunicationIdentityClient, sent } = scripted([json(204)])
    const signals: Array<AbortSignal> = []
    const getToken = vi.fn((_: string | Array<string>, options?: { abortSignal?: AbortSignal }) => {
      signals.push(options!.abortSignal!)
      return new Promise<never>(() => {})
    })
    const client = new CommunicationIdentityClient("https://contoso.communication.azure.com/", { getToken })
    const error = rejection(client.revokeTokens(user))
    await vi.runAllTimersAsync()
    expect(await error).toMatchObject({ code: "TransportError", message: "revokeTokens: not completed within 2m" })
    expect(getToken).toHaveBeenCalledTimes(4)
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true, true, false])
    expect(sent).toHaveLength(0)
  })
})

describe("abort and dispose", () => {
  it("an abort during a retry wait rejects with an AbortError at once and sends nothing more", async () => {
    const { CommunicationIdentityClient, sent } = scripted([json(503, undefined, { "retry-after": "30" })])
    const controller = new AbortController()
    const pending = rejection(
      new CommunicationIdentityClient(connectionString).getToken(user, ["chat"], { abortSignal: controller.signal })
    )
    await vi.advanceTimersByTimeAsync(1000)
    controller.abort()
    expect(await pending).toMatchObject({ name: "AbortError" })
    await vi.runAllTimersAsync()
    expect(sent).toHaveLength(1)
  })

  it("an abort of an attempt in flight, and an already aborted signal (nothing sent)", async () => {
    const hanging = scripted(["hang"])
    const controller = new AbortController()
    const pending = rejection(
      new hanging.CommunicationIdentityClient(connectionString).revokeTokens(user, { abortSignal: controller.signal })
    )
    await vi.advanceTimersByTimeAsync(10)
    controller.abort()
    expect(await pending).toMatchObject({ name: "AbortError" })
    const never = scripted([json(204)])
    const aborted = rejection(
      new never.CommunicationIdentityClient(connectionString).revokeTokens(user, { abortSignal: AbortSignal.abort() })
    )
    expect(await aborted).toMatchObject({ name: "AbortError" })
    expect(never.sent).toHaveLength(0)
  })

  it("dispose: a call waiting to retry rejects with an AbortError; later calls work", async () => {
    const { CommunicationIdentityClient, dispose, sent } = scripted((request) =>
      request.url.pathname.endsWith(":issueAccessToken") ? failed : json(204)
    )
    const client = new CommunicationIdentityClient(connectionString)
    const pending = rejection(client.getToken(user, ["chat"]))
    await vi.advanceTimersByTimeAsync(10)
    await dispose()
    await vi.runAllTimersAsync()
    expect(await pending).toMatchObject({
      name: "AbortError",
      message: "The operation was aborted: the client was disposed."
    })
    expect(sent).toHaveLength(1)
    await client.revokeTokens(user)
  })
})
