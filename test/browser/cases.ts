/**
 * The page side of a case page: named cases run on request, each answering
 * whether it passed and, if not, why (see `CasePage` in `protocol.ts`).
 */
import type { CasePage, Outcome } from "./protocol.js"

const show = (value: unknown): string => {
  let text: string
  try {
    text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 500 ? `${text.slice(0, 500)}…` : text
}

const describeError = (error: unknown): string => {
  if (!(error instanceof Error)) return `thrown: ${show(error)}`
  // an assertion's values in full (its message cuts them short)
  const values = "actual" in error && "expected" in error
    ? [`actual:   ${show(error.actual)}`, `expected: ${show(error.expected)}`]
    : []
  return [`${error.name}: ${error.message}`, ...values, ...(error.stack ?? "").split("\n").slice(1, 8)].join("\n")
}

/** A `CasePage` over `cases`, in order; names must be unique. */
export const casePage = (cases: ReadonlyArray<readonly [name: string, run: () => unknown]>): CasePage => {
  const byName = new Map(cases)
  if (byName.size !== cases.length) throw new Error("case names are not unique")
  return {
    names: async () => cases.map(([name]) => name),
    run: async (name): Promise<Outcome> => {
      const run = byName.get(name)
      if (run === undefined) return { passed: false, error: `the page has no case named ${JSON.stringify(name)}` }
      try {
        await run()
        return { passed: true }
      } catch (error) {
        return { passed: false, error: describeError(error) }
      }
    }
  }
}
