/**
 * The root security scenarios (test/reliability/security.ts) on the Effect 4
 * client, on both send paths over `NodeHttpClient`: requests altered on the
 * wire after signing, and requests signed on a clock far off (the scenario's
 * Effect 3 clock, which the adapter gives the Effect 4 client), are 401 with
 * the reason, not retried, and change nothing.
 */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Effect3 from "../../../../test/effect3.js"
import { scenarios, title } from "../../../../test/reliability/security.js"
import { effect4, type SendPath } from "../lines.js"

for (const path of ["HttpClient", "direct"] as const satisfies ReadonlyArray<SendPath>) {
  describe(`${title}, the Effect 4 client (${path})`, () => {
    for (const scenario of scenarios(effect4(path))) {
      it.live(scenario.name, () => Effect.promise(() => Effect3.runPromise(scenario.run())), scenario.timeout)
    }
  })
}
