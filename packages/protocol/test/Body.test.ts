import * as Body from "@effect-acs/identity-protocol/Body"
import * as Retry from "@effect-acs/identity-protocol/Retry"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

/** A reader over `chunks` that records how many it gave and why it was cancelled. */
const readerOf = (chunks: ReadonlyArray<Uint8Array>) => {
  const state = { reads: 0, cancelled: undefined as unknown }
  const reader: Body.ChunkReader<Uint8Array> = {
    read: async () => {
      const chunk = chunks[state.reads]
      if (chunk === undefined) return { done: true }
      state.reads++
      return { done: false, value: chunk }
    },
    cancel: async (reason) => {
      state.cancelled = reason
    }
  }
  return { reader, state }
}

const chunks = fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 12 })

describe("Body.read", () => {
  it("a body within the limit is read whole, in order, and not cancelled", async () => {
    await fc.assert(fc.asyncProperty(chunks, fc.nat(64), async (parts, spare) => {
      const size = parts.reduce((total, part) => total + part.byteLength, 0)
      const { reader, state } = readerOf(parts)
      expect(await Body.read(reader, String(size), size + spare)).toEqual(parts)
      expect(state.cancelled).toBeUndefined()
    }))
  })

  it("a body that grows past the limit: ResponseTooLargeError as soon as it does, the stream cancelled", async () => {
    await fc.assert(fc.asyncProperty(chunks, fc.nat(64), async (parts, limit) => {
      const sizes = parts.map((part) => part.byteLength)
      const over = sizes.findIndex((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b, 0) > limit)
      fc.pre(over >= 0)
      const { reader, state } = readerOf(parts)
      const error = await Body.read(reader, null, limit).then(() => undefined, (error: unknown) => error)
      expect(Retry.isResponseTooLarge(error)).toBe(true)
      expect(state.reads).toBe(over + 1)
      expect(state.cancelled).toBe(error)
    }))
  })

  it("an announced length over the limit fails before anything is read; one that is not a number is ignored", async () => {
    const { reader, state } = readerOf([new Uint8Array(1)])
    await expect(Body.read(reader, "11", 10)).rejects.toMatchObject({ _tag: "ResponseTooLargeError", limit: 10 })
    expect([state.reads, Retry.isResponseTooLarge(state.cancelled)]).toEqual([0, true])
    for (const announced of [null, "", "abc", "-5", "10"]) {
      expect(await Body.read(readerOf([new Uint8Array(3)]).reader, announced, 10)).toHaveLength(1)
    }
  })

  it("a stream that fails to cancel still fails the read with ResponseTooLargeError, nothing unhandled", async () => {
    const reader: Body.ChunkReader<Uint8Array> = {
      read: async () => ({ done: false, value: new Uint8Array(8) }),
      cancel: () => Promise.reject(new Error("cannot cancel"))
    }
    await expect(Body.read(reader, null, 4)).rejects.toMatchObject({ _tag: "ResponseTooLargeError" })
  })

  it("the default limit is 1 MiB", () => {
    expect(Body.maxResponseBytes).toBe(1_048_576)
  })
})
