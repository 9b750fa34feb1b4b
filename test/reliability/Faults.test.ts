/**
 * The fault suite (scenarios in faults.ts) on this line's client: the
 * `node:http` transport against the emulator on a loopback socket, under each
 * injected fault.
 */
import { describe, it } from "@effect/vitest"
import { scenarios } from "./faults.js"
import { effect3 } from "./harness.js"

describe("fault suite (emulator socket, node:http)", () => {
  for (const scenario of scenarios(effect3)) {
    ;(scenario.testClock ? it.effect : it.live)(scenario.name, scenario.run, scenario.timeout)
  }
})
