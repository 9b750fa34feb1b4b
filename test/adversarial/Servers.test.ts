/**
 * Servers: the scenarios of servers.ts on every Effect face of this line.
 */
import { describe, it } from "@effect/vitest"
import { scenarios, title } from "./servers.js"
import { faces } from "./harness.js"

for (const face of faces) {
  describe(`${title}, ${face.name}`, () => {
    for (const scenario of scenarios(face)) it.live(scenario.name, scenario.run, scenario.timeout)
  })
}
