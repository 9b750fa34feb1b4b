import * as ApiVersion from "@effect-acs/identity-protocol/ApiVersion"
import * as Retry from "@effect-acs/identity-protocol/Retry"
import * as Rules from "@effect-acs/identity-protocol/Rules"
import fc from "fast-check"
import type { Suite } from "./Case.js"

/** Retry-After values that must be ignored. */
export const garbageRetryAfter: ReadonlyArray<string> = [
  "-1",
  "later 2099",
  "1e9",
  "",
  "x".repeat(100_000),
  "9".repeat(400)
]

export const suites: ReadonlyArray<Suite> = [
  {
    name: "Rules",
    cases: [
      {
        name: "header values: exactly what the reference (node:http's rule) accepts",
        run: ({ expect, reference }) => {
          fc.assert(
            fc.property(fc.string({ unit: "binary" }), (value) => {
              expect(Rules.isHeaderValue(value)).toBe(reference.isHeaderValue(value))
            }),
            { numRuns: 2000 }
          )
          for (const value of ["a\r\nb", "a\nb", "a\u0000b", "a\u2028", "tab\tok"]) {
            expect(Rules.isHeaderValue(value), JSON.stringify(value)).toBe(reference.isHeaderValue(value))
          }
        }
      },
      {
        name: "a secret that a header cannot carry is refused without being echoed",
        run: ({ expect }) => {
          const secret = "eyJhbGciOi.payload\r\nInjected: yes"
          const violation = Rules.checkHeaderSecret(secret, "entraToken")
          expect(violation?.field).toBe("entraToken")
          expect(violation?.message).not.toContain("Injected")
          expect(Rules.checkHeaderSecret("   ", "entraToken")?.message).toBe("entraToken is empty")
          expect(Rules.checkHeaderSecret("fine.token", "entraToken")).toBeUndefined()
        }
      },
      {
        name: "expiry: integers from 60 to 1440",
        run: ({ expect }) => {
          fc.assert(fc.property(fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)), (value) => {
            const valid = typeof value === "number" && Number.isInteger(value) && value >= 60 && value <= 1440
            expect(Rules.checkExpiry(value) === undefined).toBe(valid)
            expect(Rules.isExpiry(value)).toBe(valid)
          }))
          expect(Rules.checkExpiry(undefined)).toBeUndefined()
          expect(Rules.checkExpiry(59)?.message).toContain("got 59")
        }
      },
      {
        name: "scopes: non-empty, known, distinct, and join scopes only where the api-version has them",
        run: ({ expect }) => {
          expect(Rules.checkScopes([], "2023-10-01")?.field).toBe("scopes")
          expect(Rules.checkScopes(["chat", "chat"], "2023-10-01")?.message).toContain("twice")
          expect(Rules.checkScopes(["chat.join"], "2022-10-01")?.message).toContain("needs api-version")
          for (const version of ApiVersion.all) {
            const expected = ApiVersion.supports(version, "joinScopes") ? Rules.scopes.length : 2
            expect(Rules.scopes.filter((scope) => Rules.checkScopes([scope], version) === undefined)).toHaveLength(
              expected
            )
          }
          expect(Rules.checkScopes([{ huge: "x".repeat(1e6) }], "2023-10-01")?.message.length).toBeLessThan(200)
          expect(Rules.checkScopes(["x".repeat(1e6)], "2023-10-01")?.message.length).toBeLessThan(200)
        }
      },
      {
        name: "ids: printable ASCII up to 1024, no dot segments in paths; customId 1 to 256 where supported",
        run: ({ expect }) => {
          expect(Rules.checkId("a".repeat(1024), "id")).toBeUndefined()
          expect(Rules.checkId("a".repeat(1025), "id")?.field).toBe("id")
          expect(Rules.checkId("a b", "id")).toBeDefined()
          expect(Rules.checkUserId("..")).toBeDefined()
          expect(Rules.checkCustomId("x".repeat(256), "2025-03-02-preview")).toBeUndefined()
          expect(Rules.checkCustomId("x".repeat(257), "2025-03-02-preview")).toBeDefined()
          expect(Rules.checkCustomId("x", "2023-10-01")?.message).toContain("needs api-version")
        }
      }
    ]
  },
  {
    name: "Retry rules",
    cases: [
      {
        name: "statuses: 408, 429 and 5xx but 501/505 for idempotent calls; only 429/503 for a plain create",
        run: ({ expect }) => {
          for (let status = 100; status < 600; status++) {
            const idempotent = status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505)
            expect(Retry.isRetryable({ kind: "status", status }, true)).toBe(idempotent)
            expect(Retry.isRetryable({ kind: "status", status }, false)).toBe(status === 429 || status === 503)
          }
          expect(Retry.isRetryable({ kind: "transport", tooLarge: false }, true)).toBe(true)
          expect(Retry.isRetryable({ kind: "transport", tooLarge: true }, true)).toBe(false)
          expect(Retry.isRetryable({ kind: "transport", tooLarge: false }, false)).toBe(false)
          expect(Retry.isRetryable({ kind: "final" }, true)).toBe(false)
        }
      },
      {
        name: "Retry-After: numbers and HTTP dates; garbage and huge values are ignored",
        run: ({ expect }) => {
          const now = Date.parse("Wed, 13 Apr 2022 18:09:12 GMT")
          const at = (headers: Record<string, string>) => Retry.retryAfterMillis((name) => headers[name], now)
          expect(at({ "retry-after-ms": "250" })).toBe(250)
          expect(at({ "x-ms-retry-after-ms": "10" })).toBe(10)
          expect(at({ "retry-after": "2" })).toBe(2000)
          expect(at({ "retry-after": "Wed, 13 Apr 2022 18:09:22 GMT" })).toBe(10_000)
          for (const garbage of garbageRetryAfter) {
            expect(at({ "retry-after": garbage }), garbage.slice(0, 20)).toBeUndefined()
          }
        }
      },
      {
        name: "backoff: within [c/2, c] with c = min(max, base · 2ⁿ); an asked delay wins",
        run: ({ expect }) => {
          fc.assert(
            fc.property(
              fc.integer({ min: 0, max: 60 }),
              fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
              (n, r) => {
                const ceiling = Retry.backoffCeiling(n, 1000, 64_000)
                const delay = Retry.delayMillis(n, undefined, r, 1000, 64_000)
                expect(ceiling).toBe(Math.min(64_000, 1000 * 2 ** n))
                expect(delay).toBeGreaterThanOrEqual(ceiling / 2)
                expect(delay).toBeLessThanOrEqual(ceiling)
                expect(Retry.delayMillis(n, 42, r, 1000, 64_000)).toBe(42)
              }
            )
          )
        }
      }
    ]
  }
]
