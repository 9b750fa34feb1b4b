/**
 * Response bodies within a size limit, for every transport: the default limit
 * and the rule for a `fetch` body — a `content-length` announcing more fails
 * at once, otherwise the bytes are counted as they come; past the limit the
 * stream is cancelled and the read fails with `Retry.ResponseTooLargeError`
 * (never retried).
 *
 * @since 0.2.0
 */
import { ResponseTooLargeError } from "./Retry.js"

/**
 * The largest response body a transport reads unless told otherwise: 1 MiB.
 *
 * @since 0.2.0
 * @category constants
 */
export const maxResponseBytes = 1024 * 1024

/**
 * What {@link read} needs of a body's reader (a WHATWG `ReadableStreamDefaultReader`).
 *
 * @since 0.2.0
 * @category models
 */
export interface ChunkReader<C extends Uint8Array> {
  read(): Promise<{ readonly done: true; readonly value?: C | undefined } | { readonly done: false; readonly value: C }>
  cancel(reason?: unknown): Promise<void>
}

/**
 * The chunks of a body, read in full if it is at most `limit` bytes. An
 * `announced` length (the `content-length` header) over the limit fails
 * before anything is read; a body that grows past it fails as soon as it
 * does. Either way the stream is cancelled and the promise rejects with a
 * `ResponseTooLargeError`.
 *
 * @since 0.2.0
 * @category reading
 */
export const read = async <C extends Uint8Array>(
  reader: ChunkReader<C>,
  announced: string | null,
  limit: number
): Promise<Array<C>> => {
  const chunks: Array<C> = []
  let size = Number(announced)
  if (!(size > limit)) {
    size = 0
    for (let next; size <= limit && !(next = await reader.read()).done;) {
      size += next.value.byteLength
      chunks.push(next.value)
    }
  }
  if (size > limit) {
    const error = new ResponseTooLargeError(limit)
    reader.cancel(error).catch(() => {})
    throw error
  }
  return chunks
}
