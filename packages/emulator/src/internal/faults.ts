import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as SynchronizedRef from "effect/SynchronizedRef"
import type { Fault, Faults, FaultSelection, Operation } from "../Emulator.js"
import { EmulatorError } from "../EmulatorError.js"

interface Rule {
  readonly fault: Fault
  readonly operations: ReadonlySet<Operation> | undefined
  /** Faults this rule may still apply. */
  readonly remaining: number
  /** For a fraction rule: the probability and its seeded generator. */
  readonly draw: { readonly fraction: number; readonly random: Random.Random } | undefined
}

/** The fault rules, and the choice of fault for each request. */
export interface FaultQueue extends Faults {
  /** The fault for the next request of `operation`, if a rule fires (consuming it). */
  readonly take: (operation: Operation) => Effect.Effect<Fault | undefined>
}

const isCount = (n: number) => Number.isSafeInteger(n) && n > 0
const isDelay = (n: number | undefined) => n === undefined || (Number.isFinite(n) && n >= 0)
const statuses: ReadonlySet<number> = new Set([429, 500, 502, 503])

const checkFault = (fault: Fault): string | undefined => {
  switch (fault.kind) {
    case "latency":
    case "customIdRace":
      return Number.isFinite(fault.millis) && fault.millis >= 0
        ? undefined
        : `${fault.kind} millis must be a finite number >= 0`
    case "status":
      if (!statuses.has(fault.status)) return "status must be 429, 500, 502 or 503"
      return isDelay(fault.retryAfterSeconds) && isDelay(fault.retryAfterMs)
        ? undefined
        : "retryAfterSeconds and retryAfterMs must be finite numbers >= 0"
    case "reset":
    case "truncate":
    case "malformed":
    case "stall":
      return undefined
  }
}

const checkSelection = (selection: FaultSelection): string | undefined =>
  "count" in selection
    ? isCount(selection.count) ? undefined : "count must be a positive integer"
    : !(selection.fraction >= 0 && selection.fraction <= 1)
    ? "fraction must be within [0, 1]"
    : isCount(selection.limit)
    ? undefined
    : "limit must be a positive integer"

/** An empty fault queue. */
export const make: Effect.Effect<FaultQueue> = Effect.map(
  SynchronizedRef.make<ReadonlyArray<Rule>>([]),
  (rules) => ({
    inject: (fault, selection) => {
      const problem = checkFault(fault) ?? checkSelection(selection)
      if (problem !== undefined) return Effect.fail(new EmulatorError({ reason: "InvalidFault", message: problem }))
      const rule: Rule = {
        fault,
        operations: selection.operations === undefined ? undefined : new Set(selection.operations),
        remaining: "count" in selection ? selection.count : selection.limit,
        draw: "count" in selection
          ? undefined
          : { fraction: selection.fraction, random: Random.make(selection.seed) }
      }
      return SynchronizedRef.update(rules, (current) => [...current, rule])
    },
    clear: () => SynchronizedRef.set(rules, []),
    take: (operation) =>
      SynchronizedRef.modifyEffect(rules, (current) =>
        Effect.gen(function*() {
          let fired: Fault | undefined
          const next: Array<Rule> = []
          for (const rule of current) {
            if (fired === undefined && (rule.operations === undefined || rule.operations.has(operation))) {
              if (rule.draw === undefined || (yield* rule.draw.random.next) < rule.draw.fraction) {
                fired = rule.fault
                if (rule.remaining > 1) next.push({ ...rule, remaining: rule.remaining - 1 })
                continue
              }
            }
            next.push(rule)
          }
          return [fired, next] as const
        }))
  })
)
