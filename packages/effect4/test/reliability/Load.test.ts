/**
 * The root load scenario (test/reliability/load.ts) on the Effect 4 client,
 * on both send paths over `NodeHttpClient`: 10,000 operations, 256 in flight,
 * against the emulator on a loopback socket; every one succeeds, no create is
 * sent twice, the sockets close with the client's scope, and the heap comes
 * back. (The scenario's fiber checks see the Effect 3 side: the scenario's and
 * the emulator's fibers; the Effect 4 client's own are covered by its scope
 * closing its sockets and by the heap.)
 */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Effect3 from "../../../../test/effect3.js"
import { scenarios, title } from "../../../../test/reliability/load.js"
import { effect4, type SendPath } from "../lines.js"

for (const path of ["HttpClient", "direct"] as const satisfies ReadonlyArray<SendPath>) {
  describe(`${title}, the Effect 4 client (${path})`, () => {
    for (const scenario of scenarios(effect4(path))) {
      it.live(scenario.name, () => Effect.promise(() => Effect3.runPromise(scenario.run())), scenario.timeout)
    }
  })
}
