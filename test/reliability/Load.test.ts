/**
 * The load scenario (load.ts) on this line's client: 10,000 operations, 256 in
 * flight, against the emulator on a loopback socket; nothing left behind.
 */
import { describe, it } from "@effect/vitest"
import { effect3 } from "./harness.js"
import { scenarios, title } from "./load.js"

describe(title, () => {
  for (const scenario of scenarios(effect3)) it.live(scenario.name, scenario.run, scenario.timeout)
})
