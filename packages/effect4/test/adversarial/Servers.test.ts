/**
 * The root adversarial suite's hostile servers (slow headers, endless and lying bodies, resets, hostile error bodies, garbage Retry-After)
 * (test/adversarial/servers.ts) on each of the Effect 4 client's faces: the same
 * scenarios and assertions, each call an awaited Effect 4 run (see ../lines.ts).
 */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Effect3 from "../../../../test/effect3.js"
import { scenarios, title } from "../../../../test/adversarial/servers.js"
import { faces } from "../lines.js"

for (const face of faces) {
  describe(`${title} on the Effect 4 client, ${face.name}`, () => {
    for (const scenario of scenarios(face)) {
      it.live(scenario.name, () => Effect.promise(() => Effect3.runPromise(scenario.run())), scenario.timeout)
    }
  })
}
