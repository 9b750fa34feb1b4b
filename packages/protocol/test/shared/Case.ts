/**
 * The protocol package's tests as data, so that the same cases run under
 * vitest in Node (`../*.test.ts`) and inside Chromium (`test/browser/Protocol.test.ts`
 * bundles them into a page). A case may use only what every runtime has:
 * web-standard globals, `fast-check`, the `expect` it is handed, and the
 * `Reference` — the independent implementations it checks the protocol
 * against (Node's `Buffer`, `node:http` and `node:crypto` in Node; `btoa`/`atob`,
 * `Headers` and WebCrypto in a browser).
 */
import type { ExpectStatic } from "vitest"

/** What a case checks the protocol against, from the runtime it runs on. */
export interface Reference {
  /** Where the reference comes from, e.g. `node:crypto`. */
  readonly name: string
  /** Standard, padded base64 of `bytes`. */
  readonly base64: (bytes: Uint8Array) => string
  /** Unpadded base64url of `bytes`. */
  readonly base64url: (bytes: Uint8Array) => string
  /** Whether `text` is base64 that decodes and encodes back to itself. */
  readonly isCanonicalBase64: (text: string) => boolean
  /** Whether an HTTP header may carry `value` (Node's rule: tab, printable ASCII and Latin-1). */
  readonly isHeaderValue: (value: string) => boolean
  /** Base64 of SHA-256 over the UTF-8 of `text`. */
  readonly sha256: (text: string) => Promise<string>
  /** Base64 of HMAC-SHA256 with the base64 `key` over the UTF-8 of `text`. */
  readonly hmacSha256: (key: string, text: string) => Promise<string>
}

/** What a case runs with. */
export interface Env {
  readonly expect: ExpectStatic
  readonly reference: Reference
}

export interface Case {
  readonly name: string
  readonly run: (env: Env) => void | Promise<void>
}

/** A `describe` block: its name and its cases, in order. */
export interface Suite {
  readonly name: string
  readonly cases: ReadonlyArray<Case>
}

/** `suite > case`, the name vitest reports and the browser suite asks for. */
export const fullNames = (suites: ReadonlyArray<Suite>): ReadonlyArray<string> =>
  suites.flatMap((suite) => suite.cases.map((c) => `${suite.name} > ${c.name}`))

/** The case of `fullName`, or undefined. */
export const find = (suites: ReadonlyArray<Suite>, fullName: string): Case | undefined =>
  suites.flatMap((suite) => suite.cases.map((c) => [`${suite.name} > ${c.name}`, c] as const))
    .find(([name]) => name === fullName)?.[1]
