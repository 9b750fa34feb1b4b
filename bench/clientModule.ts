/**
 * Where a built bench client lives: beside the runner, except the Effect 4
 * line's (and its runtime and protocol floors'), built inside its own workspace root so
 * that `effect` resolves to Effect 4 there, and `--base`'s, built in its own checkout
 * (run.ts passes its URL as `BENCH_BASE_CLIENT`).
 */
/** The Effect 4 line's clients, by bench name: their module's name in `packages/effect4/bench/`. */
export const effect4Clients: ReadonlyMap<string, string> = new Map([
  ["effect4", "effect4"],
  ["effect4-runtime", "runtime"],
  ["effect4-protocol", "protocol"]
])

export const clientModule = (name: string): string => {
  const effect4 = effect4Clients.get(name)
  return effect4 !== undefined
    ? new URL(`../../packages/effect4/bench/.build/${effect4}.mjs`, import.meta.url).href
    : name === "base"
    ? process.env.BENCH_BASE_CLIENT ?? ""
    : new URL(`./clients/${name}.mjs`, import.meta.url).href
}
