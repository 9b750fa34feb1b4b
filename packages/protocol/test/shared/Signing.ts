import * as Signing from "@effect-acs/identity-protocol/Signing"
import fc from "fast-check"
import fixture from "../../../../test/fixtures/hmac-test-vectors.json" with { type: "json" }
import type { Env, Reference, Suite } from "./Case.js"

export interface Vector {
  readonly key: string
  readonly method: string
  readonly url: string
  readonly body: string
  readonly "x-ms-date"?: string
  readonly "x-ms-content-sha256"?: string
  readonly stringToSign?: string
  readonly authorization: string
}

/** The official SDKs' vectors and those generated with `@azure/communication-common` 2.5.0. */
export const vectors: ReadonlyArray<Vector> = [...fixture.official, ...fixture.generated_js_2_5_0]

const date = "Wed, 13 Apr 2022 18:09:12 GMT"

/** Signs with the reference's SHA-256 and HMAC over the protocol's canonical string. */
const sign = async (reference: Reference, vector: Vector) => {
  const hash = vector.body === "" ? Signing.emptyContentHash : await reference.sha256(vector.body)
  const request = { method: vector.method, url: new URL(vector.url), date: vector["x-ms-date"] ?? date }
  const toSign = Signing.requestToSign(request, hash)
  return { toSign, headers: Signing.headers(request, hash, await reference.hmacSha256(vector.key, toSign)) }
}

export const suites: ReadonlyArray<Suite> = [{
  name: "Signing (protocol)",
  cases: [
    ...vectors.map((vector, i) => ({
      name: `vector ${i + 1}: ${vector.method} ${vector.url}`,
      run: async ({ expect, reference }: Env) => {
        const { headers, toSign } = await sign(reference, vector)
        expect(headers.authorization).toBe(vector.authorization)
        if (vector.stringToSign !== undefined) expect(toSign).toBe(vector.stringToSign)
        if (vector["x-ms-content-sha256"] !== undefined) {
          expect(headers["x-ms-content-sha256"]).toBe(vector["x-ms-content-sha256"])
        }
      }
    })),
    {
      name: "the signed path and query agree with URLSearchParams for any query",
      run: ({ expect }) => {
        fc.assert(fc.property(fc.webPath(), fc.webQueryParameters(), (path, query) => {
          const url = new URL(`https://example.com${path.startsWith("/") ? path : `/${path}`}?${query}`)
          const serialised = url.searchParams.toString()
          expect(Signing.pathAndQuery(url)).toBe(serialised === "" ? url.pathname : `${url.pathname}?${serialised}`)
        }))
      }
    },
    {
      name: "parses the Authorization header, and rejects every other shape",
      run: ({ expect }) => {
        expect(Signing.parseAuthorization(Signing.authorization("abc="), false)).toEqual({
          dateName: "x-ms-date",
          signature: "abc="
        })
        expect(Signing.parseAuthorization("HMAC-SHA256 SignedHeaders=date;host;x-ms-content-sha256&Signature=a", true))
          .toEqual({ dateName: "date", signature: "a" })
        for (
          const header of [
            undefined,
            "",
            "Bearer x",
            "HMAC-SHA256 SignedHeaders=date;host;x-ms-content-sha256&Signature=a"
          ]
        ) {
          expect(Signing.parseAuthorization(header, false)).toHaveProperty("reason")
        }
        expect(
          Signing.parseAuthorization(
            `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${"A".repeat(1 << 20)}`,
            true
          )
        ).toHaveProperty("reason", "MalformedAuthorization")
      }
    },
    {
      name: "a date outside the skew is stale; a missing or garbage date is missing",
      run: ({ expect }) => {
        const now = Date.parse(date)
        expect(Signing.checkDate("x-ms-date", date, now + 15 * 60_000, 15 * 60_000)).toBeUndefined()
        expect(Signing.checkDate("x-ms-date", date, now + 15 * 60_000 + 1000, 15 * 60_000)).toHaveProperty(
          "reason",
          "StaleDate"
        )
        expect(Signing.checkDate("x-ms-date", undefined, now, 15 * 60_000)).toHaveProperty("reason", "MissingDate")
        expect(Signing.checkDate("x-ms-date", "later", now, 15 * 60_000)).toHaveProperty("reason", "MissingDate")
      }
    },
    {
      name: "constantTimeEqual is string equality",
      run: ({ expect }) => {
        fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
          expect(Signing.constantTimeEqual(a, b)).toBe(a === b)
          expect(Signing.constantTimeEqual(a, a)).toBe(true)
        }))
      }
    }
  ]
}]
