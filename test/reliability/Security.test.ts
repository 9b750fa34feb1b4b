/**
 * The security scenarios (security.ts) on this line's client: tampered and
 * stale requests against the emulator on a socket.
 */
import { describe, it } from "@effect/vitest"
import { effect3 } from "./harness.js"
import { scenarios, title } from "./security.js"

describe(title, () => {
  for (const scenario of scenarios(effect3)) it.live(scenario.name, scenario.run, scenario.timeout)
})
