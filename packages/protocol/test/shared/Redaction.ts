import * as ErrorEnvelope from "@effect-acs/identity-protocol/ErrorEnvelope"
import * as Redaction from "@effect-acs/identity-protocol/Redaction"
import fc from "fast-check"
import type { Suite } from "./Case.js"

/** The pattern the redaction must agree with (quadratic on hostile text, so only for small inputs). */
const jwtPattern = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g

const tokenish = fc.array(fc.constantFrom("eyJ", ".", "-", "_", "a", "Z", "9", " ", "\"", ":", "é"), { maxLength: 60 })
  .map((parts) => parts.join(""))

/** An error envelope whose `innererror` chain is `depth` levels deep (codes `C<depth-1>` down to `C0`, then `Deepest`). */
export const nested = (depth: number): string => {
  let inner = "{\"code\":\"Deepest\",\"message\":\"bottom\"}"
  for (let i = 0; i < depth; i++) inner = `{"code":"C${i}","message":"m","innererror":${inner}}`
  return `{"error":${inner}}`
}

/** Megabyte-sized texts on which a backtracking JWT pattern takes minutes. */
export const hostileTexts: ReadonlyArray<string> = [
  "eyJ".repeat(350_000),
  `eyJ${"a".repeat(1 << 20)}.x`,
  "eyJ.".repeat(250_000),
  "a eyJ".repeat(200_000)
]

export const suites: ReadonlyArray<Suite> = [
  {
    name: "Redaction",
    cases: [
      {
        name: "replaces exactly what the JWT pattern matches",
        run: ({ expect }) => {
          fc.assert(
            fc.property(tokenish, (text) => {
              expect(Redaction.redactJwts(text)).toBe(text.replace(jwtPattern, Redaction.placeholder))
            }),
            { numRuns: 2000 }
          )
        }
      },
      {
        name: "is linear: a megabyte of token-like text is redacted at once (the regex takes minutes)",
        run: ({ expect }) => {
          for (const text of hostileTexts) {
            const redacted = Redaction.redactJwts(text)
            expect(redacted.length).toBeLessThanOrEqual(text.length)
            expect(Redaction.describeBody(text, 500).length).toBeLessThanOrEqual(200)
          }
        }
      },
      {
        name: "redacts every secret it is given, JWT-shaped or not",
        run: ({ expect }) => {
          fc.assert(fc.property(fc.string({ minLength: 8 }), fc.string(), fc.string(), (secret, before, after) => {
            const text = `${before}${secret}${after}${secret}`
            expect(Redaction.redact(text, [secret])).not.toContain(secret)
          }))
        }
      },
      {
        name: "describes bodies: empty and JSON give the status, text is cut to 200 characters",
        run: ({ expect }) => {
          expect(Redaction.describeBody("", 502)).toBe("HTTP 502")
          expect(Redaction.describeBody("  {\"a\":1}", 400)).toBe("HTTP 400")
          expect(Redaction.describeBody("Bad Gateway", 502)).toBe("Bad Gateway")
          expect(Redaction.describeBody("x".repeat(5000), 500)).toHaveLength(200)
          expect(Redaction.describeBody("token eyJa.b.c here", 500)).toBe(`token ${Redaction.placeholder} here`)
        }
      },
      {
        name: "a token-shaped run longer than the inspected window is not shown in part",
        run: ({ expect }) => {
          const long = `error eyJ${"a".repeat(Redaction.maxInspected)}.b.c`
          expect(Redaction.describeBody(long, 500)).toBe(`error ${Redaction.placeholder}`)
          expect(Redaction.describeBody(`error ${"a".repeat(Redaction.maxInspected)}`, 500)).toHaveLength(200)
        }
      },
      {
        name: "service texts are redacted, then bounded",
        run: ({ expect }) => {
          expect(Redaction.bounded("x".repeat(Redaction.maxField))).toHaveLength(Redaction.maxField)
          const cut = Redaction.bounded("x".repeat(1_000_000))
          expect(cut).toHaveLength(Redaction.maxField)
          expect(cut.endsWith("…")).toBe(true)
          expect(Redaction.bounded("key K3Y", ["K3Y"])).toBe(`key ${Redaction.placeholder}`)
        }
      }
    ]
  },
  {
    name: "ErrorEnvelope",
    cases: [
      {
        name: "reads envelopes, redacting every string",
        run: ({ expect }) => {
          const error = ErrorEnvelope.parse(
            JSON.stringify({
              error: {
                code: "Bad",
                message: "token eyJa.b.c and secret-123",
                target: "t",
                details: [{ code: "D", message: "d" }],
                innererror: { code: "I", message: "i" }
              }
            }),
            ["secret-123"]
          )
          expect(error).toEqual({
            code: "Bad",
            message: `token ${Redaction.placeholder} and ${Redaction.placeholder}`,
            target: "t",
            details: [{ code: "D", message: "d" }],
            innererror: { code: "I", message: "i" }
          })
        }
      },
      {
        name: "a chain thousands of levels deep is cut at the depth bound, never a stack overflow",
        run: ({ expect }) => {
          for (const depth of [ErrorEnvelope.maxDepth + 1, 5_000, 20_000]) {
            let error = ErrorEnvelope.parse(nested(depth))
            expect(error?.code).toBe("C" + String(depth - 1))
            let levels = 0
            while (error?.innererror !== undefined) {
              error = error.innererror
              levels++
            }
            expect(levels).toBe(ErrorEnvelope.maxDepth)
          }
        }
      },
      {
        name: "what is not an envelope is undefined",
        run: ({ expect }) => {
          for (
            const text of [
              "",
              "null",
              "[]",
              "{}",
              "{\"error\":1}",
              "{\"error\":{\"code\":1,\"message\":\"m\"}}",
              "<html>",
              "{"
            ]
          ) {
            expect(ErrorEnvelope.parse(text), text).toBeUndefined()
          }
        }
      },
      {
        name: "a megabyte message is kept bounded",
        run: ({ expect }) => {
          const parsed = ErrorEnvelope.parse(JSON.stringify({ error: { code: "Big", message: "m".repeat(1_000_000) } }))
          expect(parsed?.message).toHaveLength(Redaction.maxField)
        }
      },
      {
        name: "round-trips any envelope within the bounds",
        run: ({ expect }) => {
          const error: fc.Memo<ErrorEnvelope.CommunicationError> = fc.memo((n) =>
            fc.record({
              code: fc.string(),
              message: fc.string(),
              target: fc.option(fc.string(), { nil: undefined }),
              details: n > 1
                ? fc.option(fc.array(error(n - 1), { maxLength: 3 }), { nil: undefined })
                : fc.constant(undefined),
              innererror: n > 1 ? fc.option(error(n - 1), { nil: undefined }) : fc.constant(undefined)
            }, { requiredKeys: ["code", "message"] })
          )
          fc.assert(fc.property(error(4), (value) => {
            const clean = JSON.parse(JSON.stringify(value))
            fc.pre(!JSON.stringify(value).includes("eyJ"))
            expect(ErrorEnvelope.parse(JSON.stringify({ error: value }))).toEqual(clean)
          }))
        }
      }
    ]
  }
]
