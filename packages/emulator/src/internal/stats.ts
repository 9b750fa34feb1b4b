import * as Protocol from "@effect-acs/identity-protocol/Operation"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type { Operation, Stats } from "../Emulator.js"

/** Request and outcome counters. */
export interface Counters {
  readonly get: Effect.Effect<Stats>
  readonly request: (operation: Operation) => Effect.Effect<void>
  readonly add: (counter: "identitiesCreated" | "tokensIssued" | "faultsApplied") => Effect.Effect<void>
}

/** Zeroed counters. */
export const make: Effect.Effect<Counters> = Effect.map(
  Ref.make<Stats>({
    requests: Object.fromEntries(Protocol.names.map((operation) => [operation, 0])) as Record<Operation, number>,
    identitiesCreated: 0,
    tokensIssued: 0,
    faultsApplied: 0
  }),
  (ref) => ({
    get: Ref.get(ref),
    request: (operation) =>
      Ref.update(ref, (stats) => ({
        ...stats,
        requests: { ...stats.requests, [operation]: stats.requests[operation] + 1 }
      })),
    add: (counter) => Ref.update(ref, (stats) => ({ ...stats, [counter]: stats[counter] + 1 }))
  })
)
