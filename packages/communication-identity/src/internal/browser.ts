/**
 * The browser platform (any runtime with `fetch` and WebCrypto): `fetch`
 * following no redirects, bodies read up to a limit, HMAC with WebCrypto.
 */
import * as Base64 from "@effect-acs/identity-protocol/Base64"
import * as Body from "@effect-acs/identity-protocol/Body"
import * as Signing from "@effect-acs/identity-protocol/Signing"
import { abortError } from "./errors.js"
import { AttemptTimeout, credentialError, infoLogger, type Platform, type Received } from "./executor.js"

const encoder = new TextEncoder()

/** The body, up to the limit (`Body.read`): an announced or counted larger one cancels the stream and fails. */
const readBody = async (response: Response): Promise<string> => {
  if (response.body === null) return ""
  const chunks = await Body.read(
    response.body.getReader(),
    response.headers.get("content-length"),
    Body.maxResponseBytes
  )
  const decoder = new TextDecoder()
  return chunks.map((chunk, i) => decoder.decode(chunk, { stream: i < chunks.length - 1 })).join("")
}

const subtle = () => globalThis.crypto?.subtle

const bytes = (data: ArrayBuffer) => new Uint8Array(data)

/** The browser platform. */
export const platform: Platform = {
  userAgentHeader: "x-ms-useragent",
  randomUUID: () => globalThis.crypto.randomUUID(),
  signer: (key) => {
    const crypto = subtle()
    const imported = crypto === undefined
      ? Promise.reject(credentialError("WebCrypto is unavailable (it needs a secure context: https or loopback)."))
      : crypto.importKey("raw", new Uint8Array(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]).catch(
        (cause: unknown) => {
          throw credentialError("WebCrypto could not import the HMAC key.", cause)
        }
      )
    imported.catch(() => {})
    return async (request) => {
      const hmacKey = await imported
      const hash = request.body === undefined || request.body === ""
        ? Signing.emptyContentHash
        : Base64.encode(bytes(await subtle()!.digest("SHA-256", encoder.encode(request.body))))
      const mac = await subtle()!.sign("HMAC", hmacKey, encoder.encode(Signing.requestToSign(request, hash)))
      return Signing.headers(request, hash, Base64.encode(bytes(mac)))
    }
  },
  send: async (request, timeoutMillis, signal) => {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(new AttemptTimeout(timeoutMillis)), timeoutMillis)
    const onAbort = () => controller.abort(abortError())
    signal?.addEventListener("abort", onAbort, { once: true })
    try {
      const response = await globalThis.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined && { body: request.body }),
        redirect: "manual",
        signal: controller.signal
      })
      const text = await readBody(response)
      const { headers, status } = response
      return { status, header: (name) => headers.get(name) ?? undefined, text } satisfies Received
    } catch (cause) {
      throw controller.signal.aborted ? controller.signal.reason : cause
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener("abort", onAbort)
    }
  },
  release: () => {},
  // where a bundler or runtime provides `process.env` (a page has none: logging stays off)
  logger: () =>
    infoLogger(
      (globalThis as { readonly process?: { readonly env?: Record<string, string | undefined> } }).process?.env
        ?.["AZURE_LOG_LEVEL"],
      (line) => console.info(line)
    )
}
