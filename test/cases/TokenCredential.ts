/**
 * The token-credential cases both Effect lines run (packages/core/test/TokenCredential.test.ts,
 * packages/effect4/core/test/TokenCredential.test.ts): JWTs relative to the
 * test's clock, an opaque token, the static inputs that are refused, and the
 * official messages and window.
 */
import { Buffer } from "node:buffer"

/** `n` minutes, and `n` seconds, in milliseconds. */
export const minutes = (n: number) => n * 60_000
export const seconds = (n: number) => n * 1_000

const base64url = (json: unknown) => Buffer.from(JSON.stringify(json)).toString("base64url")

/** A JWT expiring at `expiresOn` (epoch ms); `id` makes tokens distinguishable. */
export const jwt = (expiresOn: number, id = "t") =>
  `${base64url({ alg: "HS256", typ: "JWT" })}.${
    base64url({ exp: expiresOn / 1000, acsScope: "chat", id })
  }.c2lnbmF0dXJl`

/** A token that is no readable JWT (a JWE's five segments). */
export const opaque = "b3BhcXVl.b3BhcXVl.b3BhcXVl.b3BhcXVl.b3BhcXVl"

/** Static tokens (and opaque lifetimes) that are refused; a runner adds its line's empty `Redacted` token. */
export const refusedStatic: ReadonlyArray<
  readonly [
    token: string | { readonly token: string; readonly expiresOnTimestamp: number },
    lifetime: number | undefined
  ]
> = [
  ["", undefined],
  ["  ", undefined],
  [{ token: "", expiresOnTimestamp: 1 }, undefined],
  [{ token: opaque, expiresOnTimestamp: Number.NaN }, undefined],
  [{ token: opaque, expiresOnTimestamp: Number.POSITIVE_INFINITY }, undefined],
  [opaque, 0],
  [opaque, -1],
  [opaque, Number.NaN]
]

/** The official failure messages. */
export const messages = {
  disposed: "User credential is disposed",
  expired: "The token returned from the tokenRefresher is expired."
}

/** The official window before expiry in which a token counts as expiring soon. */
export const expiringSoonMillis = minutes(10)
