/**
 * What the pages of both Effect lines' browser packages share (test/browser/page.ts,
 * packages/effect4/test/browser/page.ts): a typed error as plain JSON and as a
 * page would print it, and the CORS probe, which uses only `fetch` and the
 * protocol's signing headers.
 */
import * as Signing from "@effect-acs/identity-protocol/Signing"
import type { CorsResult, Failure } from "./protocol.js"

/** A typed error of either line (the same tags and fields), as far as a page reads it. */
export interface TypedError {
  readonly _tag: string
  readonly message: string
  readonly stack?: string | undefined
  readonly status?: number
  readonly code?: string | undefined
  readonly field?: string
}

/** A typed error as plain JSON. */
export const failureOf = (error: TypedError): Failure => ({
  name: error._tag,
  message: error.message,
  ...(error.status !== undefined && { status: error.status }),
  ...(error._tag === "ServiceError" && error.code !== undefined && { code: error.code }),
  ...(error._tag === "InvalidInput" && error.field !== undefined && { field: error.field })
})

/** How a page would print or log an error: `String(error)`, `JSON.stringify(error)`, its message and stack. */
export const renderings = (error: TypedError): ReadonlyArray<string> => {
  let json: string
  try {
    json = JSON.stringify(error)
  } catch (cause) {
    json = `JSON.stringify threw ${String(cause)}`
  }
  return [String(error), json, error.message, error.stack ?? ""]
}

/** What the emulator's CORS preflights let through from the page: a header they do not allow, the signing headers. */
export const cors = async ({ endpoint }: { readonly endpoint: string }): Promise<CorsResult> => {
  const url = `${endpoint}identities?api-version=2023-10-01`
  const blocked = await fetch(url, { method: "POST", headers: { "x-not-allowed": "1" } }).then(
    (response) => `answered ${response.status}`,
    (error: unknown) => error instanceof Error ? error.name : String(error)
  )
  const response = await fetch(url, {
    method: "POST",
    headers: {
      authorization: Signing.authorization("AAAA"),
      "x-ms-date": Signing.formatDate(Date.now()),
      "x-ms-content-sha256": Signing.emptyContentHash,
      "x-ms-client-request-id": "cors-probe",
      "x-ms-useragent": "cors-probe",
      "content-type": "application/json",
      accept: "application/json"
    },
    body: "{}"
  })
  return {
    blocked,
    status: response.status,
    msCv: response.headers.get("ms-cv"),
    clientRequestId: response.headers.get("x-ms-client-request-id")
  }
}
