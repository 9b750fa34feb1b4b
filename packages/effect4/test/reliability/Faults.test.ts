/**
 * The root fault suite (test/reliability/faults.ts) on the Effect 4 client, on
 * both of its send paths over `NodeHttpClient`: the same scenarios, the same
 * emulator on a loopback socket, the same injected faults and assertions. A
 * scenario on the TestClock runs as on the Effect 3 line — the scenario and
 * the emulator on Effect 3's `TestClock`, standing at 0 — with the Effect 4
 * client reading that time and waiting on the test's Effect 4 `TestClock`
 * (which stands still too): a call that waited would never end.
 */
import { describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Effect3 from "../../../../test/effect3.js"
import { scenarios } from "../../../../test/reliability/faults.js"
import { effect4, type SendPath } from "../lines.js"

for (const path of ["HttpClient", "direct"] as const satisfies ReadonlyArray<SendPath>) {
  describe(`fault suite on the Effect 4 client (${path}; emulator socket, NodeHttpClient)`, () => {
    for (const scenario of scenarios(effect4(path))) {
      if (scenario.testClock) {
        it.effect(scenario.name, () =>
          Effect.flatMap(Effect.clockWith(Effect.succeed<Clock.Clock>), (clock) => {
            const onTestClock = scenarios(effect4(path, clock)).find((s) => s.name === scenario.name)!
            return Effect.promise(() => Effect3.runTestPromise(onTestClock.run()))
          }), scenario.timeout)
      } else {
        it.live(scenario.name, () => Effect.promise(() => Effect3.runPromise(scenario.run())), scenario.timeout)
      }
    }
  })
}
