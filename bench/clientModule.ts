/**
 * Where a built bench client lives: beside the runner, except the Effect 4
 * line's (and its runtime and protocol floors'), built inside its own workspace root so
 * that `effect` resolves to Effect 4 there, and `--base`'s, built in its own checkout
 * (run.ts passes its URL as `BENCH_BASE_CLIENT`).
 */
export const clientModule = (name: string): string =>
  name === "effect4"
    ? new URL("../../packages/effect4/bench/.build/effect4.mjs", import.meta.url).href
    : name === "effect4-runtime"
    ? new URL("../../packages/effect4/bench/.build/runtime.mjs", import.meta.url).href
    : name === "effect4-protocol"
    ? new URL("../../packages/effect4/bench/.build/protocol.mjs", import.meta.url).href
    : name === "base"
    ? process.env.BENCH_BASE_CLIENT ?? ""
    : new URL(`./clients/${name}.mjs`, import.meta.url).href
