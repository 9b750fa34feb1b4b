import * as Base64 from "@effect-acs/identity-protocol/Base64"
import * as Signing from "@effect-acs/identity-protocol/Signing"
import fc from "fast-check"
import { createHash, createHmac } from "node:crypto"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

interface Vector {
  readonly key: string
  readonly method: string
  readonly url: string
  readonly body: string
  readonly "x-ms-date"?: string
  readonly "x-ms-content-sha256"?: string
  readonly stringToSign?: string
  readonly authorization: string
}

const vectors: { readonly official: ReadonlyArray<Vector>; readonly generated_js_2_5_0: ReadonlyArray<Vector> } =
  JSON.parse(readFileSync(new URL("../../../test/fixtures/hmac-test-vectors.json", import.meta.url), "utf8"))

const date = "Wed, 13 Apr 2022 18:09:12 GMT"

/** Signs with node:crypto over the protocol's canonical string. */
const sign = (vector: Vector) => {
  const hash = vector.body === "" ? Signing.emptyContentHash : createHash("sha256").update(vector.body).digest("base64")
  const request = { method: vector.method, url: new URL(vector.url), date: vector["x-ms-date"] ?? date }
  const toSign = Signing.requestToSign(request, hash)
  const mac = createHmac("sha256", Buffer.from(vector.key, "base64")).update(toSign).digest()
  return { toSign, headers: Signing.headers(request, hash, Base64.encode(mac)) }
}

describe("Signing (protocol)", () => {
  for (const vector of [...vectors.official, ...vectors.generated_js_2_5_0]) {
    it(`vector: ${vector.method} ${vector.url}`, () => {
      const { headers, toSign } = sign(vector)
      expect(headers.authorization).toBe(vector.authorization)
      if (vector.stringToSign !== undefined) expect(toSign).toBe(vector.stringToSign)
      if (vector["x-ms-content-sha256"] !== undefined) {
        expect(headers["x-ms-content-sha256"]).toBe(vector["x-ms-content-sha256"])
      }
    })
  }

  it("the signed path and query agree with URLSearchParams for any query", () => {
    fc.assert(fc.property(fc.webPath(), fc.webQueryParameters(), (path, query) => {
      const url = new URL(`https://example.com${path.startsWith("/") ? path : `/${path}`}?${query}`)
      const serialised = url.searchParams.toString()
      expect(Signing.pathAndQuery(url)).toBe(serialised === "" ? url.pathname : `${url.pathname}?${serialised}`)
    }))
  })

  it("parses the Authorization header, and rejects every other shape", () => {
    expect(Signing.parseAuthorization(Signing.authorization("abc="), false)).toEqual({
      dateName: "x-ms-date",
      signature: "abc="
    })
    expect(Signing.parseAuthorization("HMAC-SHA256 SignedHeaders=date;host;x-ms-content-sha256&Signature=a", true))
      .toEqual({ dateName: "date", signature: "a" })
    for (const header of [undefined, "", "Bearer x", "HMAC-SHA256 SignedHeaders=date;host;x-ms-content-sha256&Signature=a"]) {
      expect(Signing.parseAuthorization(header, false)).toHaveProperty("reason")
    }
    expect(Signing.parseAuthorization(`HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${"A".repeat(1 << 20)}`, true))
      .toHaveProperty("reason", "MalformedAuthorization")
  })

  it("a date outside the skew is stale; a missing or garbage date is missing", () => {
    const now = Date.parse(date)
    expect(Signing.checkDate("x-ms-date", date, now + 15 * 60_000, 15 * 60_000)).toBeUndefined()
    expect(Signing.checkDate("x-ms-date", date, now + 15 * 60_000 + 1000, 15 * 60_000)).toHaveProperty("reason", "StaleDate")
    expect(Signing.checkDate("x-ms-date", undefined, now, 15 * 60_000)).toHaveProperty("reason", "MissingDate")
    expect(Signing.checkDate("x-ms-date", "later", now, 15 * 60_000)).toHaveProperty("reason", "MissingDate")
  })

  it("constantTimeEqual is string equality", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
      expect(Signing.constantTimeEqual(a, b)).toBe(a === b)
      expect(Signing.constantTimeEqual(a, a)).toBe(true)
    }))
  })
})
