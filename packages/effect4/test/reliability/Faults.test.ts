/**
 * The root fault suite (test/reliability/faults.ts) on the Effect 4 client, on
 * both of its send paths over `NodeHttpClient`: the same scenarios, the same
 * emulator on a loopback socket, the same injected faults and assertions.
 * The one scenario on the TestClock is left to the Effect 3 run: an Effect 3
 * `TestClock` cannot drive the Effect 4 client's clock (the Effect 4 Retry
 * tests cover Retry-After past the deadline on its own TestClock).
 */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Effect3 from "../../../../test/effect3.js"
import { scenarios } from "../../../../test/reliability/faults.js"
import { effect4, type SendPath } from "../lines.js"

for (const path of ["HttpClient", "direct"] as const satisfies ReadonlyArray<SendPath>) {
  describe(`fault suite on the Effect 4 client (${path}; emulator socket, node:http)`, () => {
    for (const scenario of scenarios(effect4(path))) {
      if (scenario.testClock) continue
      it.live(scenario.name, () => Effect.promise(() => Effect3.runPromise(scenario.run())), scenario.timeout)
    }
  })
}
