/**
 * The adversarial scenarios of adversarial.ts (defects 2, 3 and 8 of
 * `test/adversarial`) inside Chromium, on this line's browser package.
 */
import { layer } from "@effect/vitest"
import { scenarios } from "./adversarial.js"
import * as Harness from "./harness.js"

const timeout = 60_000

layer(Harness.layer, { excludeTestServices: true, timeout: "90 seconds" })("adversarial defects in Chromium", (it) => {
  for (const scenario of scenarios) it.scoped(scenario.name, () => scenario.run, timeout)
})
