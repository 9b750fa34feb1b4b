/**
 * Registers shared suites with vitest, run against Node's reference.
 */
import { describe, expect, it } from "vitest"
import type { Suite } from "./Case.js"
import { node } from "./node.js"

export const register = (suites: ReadonlyArray<Suite>): void => {
  for (const suite of suites) {
    describe(suite.name, () => {
      for (const c of suite.cases) it(c.name, () => c.run({ expect, reference: node }))
    })
  }
}
