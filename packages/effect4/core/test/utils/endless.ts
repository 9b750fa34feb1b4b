/**
 * An endless response body for size-limit tests, bounded by the test itself
 * (the Effect 3 line's `packages/core/test/utils/endless.ts`).
 */
import type * as Http from "node:http"

/** A handler streaming a body that only the client can end, and how much of it went out. */
export interface Endless {
  readonly handle: (req: Http.IncomingMessage, res: Http.ServerResponse) => void
  /** Body bytes written so far. */
  readonly written: () => number
}

/**
 * Answers `status` with `headers`, then writes `x` bytes in 64 KiB chunks
 * (with backpressure) until the client closes the connection, or — should it
 * never — until `bound` bytes are out, when the response ends.
 */
export const endless = (status: number, headers: Http.OutgoingHttpHeaders, bound: number): Endless => {
  let written = 0
  const chunk = Buffer.alloc(64 * 1024, 120)
  const handle = (_req: Http.IncomingMessage, res: Http.ServerResponse) => {
    res.writeHead(status, headers)
    const pump = () => {
      while (!res.destroyed && written < bound) {
        written += chunk.length
        if (!res.write(chunk)) return void res.once("drain", pump)
      }
      if (!res.destroyed) res.end()
    }
    pump()
  }
  return { handle, written: () => written }
}
