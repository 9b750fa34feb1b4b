/**
 * The benchmark: this library (both Effect APIs, and the Effect-free drop-in) vs the official
 * @azure/communication-identity 1.3.1 vs a bare node:http floor, each in its
 * own process, interleaved with the order rotated per repeat, against a
 * minimal verifying server in a separate process (see server.ts). `effect4-runtime`
 * is the floor run as Effects through one Effect 4 runtime: the per-call price
 * of Effect 4 itself; `effect4-protocol` is the drop-in (the shared protocol under
 * a minimal executor, on node:https) run the same way: the least an Effect 4
 * client on that protocol and node:https can cost.
 *
 *   npm run bench                   5 repeats (≈ 17 min)
 *   npm run bench -- --quick        2 short repeats (≈ 2 min)
 *   npm run bench -- --base <ref>   adds "base", the Effect API client as of git <ref>, to the same run (A/B)
 *   npm run bench -- --clients a,b  only these clients (and "official", "floor" and "base": the anchors)
 *
 * Prints a markdown table; writes bench/results/latest.json.
 */
import * as esbuild from "esbuild"
import { execFileSync, spawn } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs"
import * as os from "node:os"
import { fileURLToPath, pathToFileURL } from "node:url"
import { gzipSync } from "node:zlib"
import { effect4Clients } from "./clientModule.js"

const quick = process.argv.includes("--quick")
const repeats = quick ? 2 : 5
const seconds = quick ? 1.5 : 4
const warmup = quick ? 300 : 1000
/** Warm-up lasts at least this long: V8 goes on optimizing the hot code for ≈ 3 s (`--trace-opt`). */
const warmupSeconds = quick ? 0.5 : 3
const coldRuns = quick ? 3 : 9
const flag = (name: string) => {
  const at = process.argv.indexOf(name)
  return at === -1 ? undefined : process.argv[at + 1]
}
/** A git ref whose Effect API client joins the run as "base", for before/after figures in one run. */
const baseRef = flag("--base")
const only = flag("--clients")?.split(",")
const clients = [
  "effect",
  "effect4",
  "effect4-runtime",
  "effect4-protocol",
  "dropin",
  "official",
  "floor",
  ...(baseRef === undefined ? [] : ["base"])
]
  .filter((client) => only === undefined || ["official", "floor", "base"].includes(client) || only.includes(client))
const workloads = [
  { name: "seq createUserAndToken", op: "create", concurrency: 1 },
  { name: "64 in flight createUserAndToken", op: "create", concurrency: 64 },
  { name: "seq getToken", op: "get", concurrency: 1 },
  { name: "64 in flight getToken", op: "get", concurrency: 64 }
] as const

const root = fileURLToPath(new URL("..", import.meta.url))
const effect4 = fileURLToPath(new URL("../packages/effect4/", import.meta.url))
/** Every client runs on one Node: the Effect 4 line's (24, from its workspace root), else this one. */
const node = existsSync(`${effect4}node_modules/.bin/node`) ? `${effect4}node_modules/.bin/node` : process.execPath
/** Where a client's source is (the Effect 4 line's inside its own root, so `effect` is Effect 4 there). */
const build = fileURLToPath(new URL("./.build/", import.meta.url))
/** esbuild options for a node module that loads its dependencies from node_modules, as an installed app does. */
const asInstalled = {
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "error"
} as const

/** The checkout of `--base`, beside the system's temporary files. */
const baseTree = `${os.tmpdir()}/effect-acs-bench-base`
const effect4Source = (module: string) => `${effect4}bench/${module}.ts`
const clientSource = (client: string) => {
  const module = effect4Clients.get(client)
  return module !== undefined
    ? effect4Source(module)
    : client === "base"
    ? `${baseTree}/bench/clients/effect.ts`
    : `./clients/${client}.js`
}

/**
 * Checks out `ref` in `baseTree` (detached), links this checkout's dependencies into it (its own workspace
 * packages stay its own), builds its packages and its Effect API bench client; returns that client's module URL.
 */
const buildBase = async (ref: string) => {
  const commit = execFileSync("git", ["rev-parse", "--verify", `${ref}^{commit}`], { cwd: root }).toString().trim()
  if (existsSync(baseTree)) execFileSync("git", ["worktree", "remove", "--force", baseTree], { cwd: root })
  execFileSync("git", ["worktree", "add", "--detach", baseTree, commit], { cwd: root, stdio: "ignore" })
  mkdirSync(`${baseTree}/node_modules/@effect-acs`, { recursive: true })
  for (const entry of readdirSync(`${root}node_modules`)) {
    if (entry !== "@effect-acs" && entry !== ".bin")
      symlinkSync(`${root}node_modules/${entry}`, `${baseTree}/node_modules/${entry}`)
  }
  for (const entry of readdirSync(`${root}node_modules/@effect-acs`)) {
    const target = realpathSync(`${root}node_modules/@effect-acs/${entry}`).slice(root.length)
    if (existsSync(`${baseTree}/${target}`))
      symlinkSync(`${baseTree}/${target}`, `${baseTree}/node_modules/@effect-acs/${entry}`)
  }
  execFileSync(`${root}node_modules/.bin/tsc`, ["-b", "packages/core", "packages/node"], {
    cwd: baseTree,
    stdio: "inherit"
  })
  await esbuild.build({
    entryPoints: [`${baseTree}/bench/clients/effect.ts`],
    outfile: `${baseTree}/bench/.build/clients/effect.mjs`,
    ...asInstalled
  })
  console.error(`base: ${ref} = ${commit.slice(0, 12)}`)
  return pathToFileURL(`${baseTree}/bench/.build/clients/effect.mjs`).href
}
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

interface Run {
  readonly client: string
  readonly opsPerSecond: number
  readonly cpuMicrosPerOp: number
  readonly p50Micros: number
  readonly p99Micros: number
  readonly peakRssMB: number
  readonly ops: number
}

const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}
const range = (xs: ReadonlyArray<number>) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`
const rotate = <A>(xs: ReadonlyArray<A>, n: number) => xs.map((_, i) => xs[(i + n) % xs.length]!)

/** Runs a node script to completion (bounded) and parses its last stdout line as JSON. */
const runNode = (args: ReadonlyArray<string>, env: Record<string, string>, timeoutMs = 120_000) =>
  new Promise<any>((resolve, reject) => {
    const child = spawn(node, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] })
    let out = ""
    child.stdout.on("data", (d) => (out += d))
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.on("exit", (code) => {
      clearTimeout(timer)
      if (code !== 0) return reject(new Error(`${args.join(" ")} exited with ${code}`))
      resolve(JSON.parse(out.trim().split("\n").pop()!))
    })
  })

const main = async () => {
  console.error("building the packages and the benchmark…")
  execFileSync("npx", ["tsc", "-b", "packages/core", "packages/node", "packages/browser"], {
    cwd: root,
    stdio: "inherit"
  })
  execFileSync("npx", ["tsc", "-b", "core", "node", "browser"], { cwd: effect4, stdio: "inherit" })
  // the Effect 4 clients are built inside its own root: their packages resolve to Effect 4 at run time
  await esbuild.build({
    entryPoints: [...effect4Clients.values()].map(effect4Source),
    outdir: `${effect4}bench/.build`,
    outExtension: { ".js": ".mjs" },
    ...asInstalled
  })
  await esbuild.build({
    entryPoints: [
      "server.ts",
      "client.ts",
      "cold.ts",
      "clients/effect.ts",
      "clients/dropin.ts",
      "clients/official.ts",
      "clients/floor.ts"
    ]
      .map(here),
    outdir: build,
    outbase: here("."),
    outExtension: { ".js": ".mjs" },
    ...asInstalled
  })

  const baseClient = baseRef === undefined ? undefined : await buildBase(baseRef)

  // cold start as a bundled deployment loads it: one file per client, every dependency inlined
  for (const client of clients) {
    await esbuild.build({
      stdin: {
        contents: `import { setup } from ${
          JSON.stringify(clientSource(client))
        }\nimport { report } from "./coldStart.js"\nawait report("${client}", setup)`,
        resolveDir: here("."),
        sourcefile: `cold-${client}.ts`
      },
      outfile: `${build}cold-${client}.mjs`,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      // the official SDK's CommonJS dependencies call require
      banner: { js: "import { createRequire } from \"node:module\"; const require = createRequire(import.meta.url);" },
      logLevel: "error"
    })
  }

  const server = spawn(node, [`${build}server.mjs`], { stdio: ["ignore", "pipe", "inherit"] })
  const ready = await new Promise<string>((resolve, reject) => {
    let out = ""
    server.stdout.on("data", (d) => {
      out += d
      const port = /PORT=(\d+)/.exec(out)?.[1]
      const key = /KEY=(\S+)/.exec(out)?.[1]
      if (port !== undefined && key !== undefined) resolve(`endpoint=http://127.0.0.1:${port}/;accesskey=${key}`)
    })
    server.on("exit", () => reject(new Error("the server exited")))
  })
  const env = { ACS_CONNECTION_STRING: ready, ...(baseClient === undefined ? {} : { BENCH_BASE_CLIENT: baseClient }) }
  try {
    const results: Record<string, Array<Record<string, Run>>> = {}
    for (let r = 0; r < repeats; r++) {
      for (const workload of workloads) {
        const repeat: Record<string, Run> = {}
        for (const client of rotate(clients, r)) {
          const args = [workload.op, workload.concurrency, seconds, warmup, warmupSeconds].map(String)
          repeat[client] = await runNode(["--expose-gc", `${build}client.mjs`, client, ...args], env)
          console.error(
            `repeat ${r + 1}/${repeats} ${workload.name.padEnd(32)} ${client.padEnd(9)} ${
              repeat[client]!.cpuMicrosPerOp.toFixed(1)
            } µs CPU/op`
          )
        }
        ;(results[workload.name] ??= []).push(repeat)
      }
    }
    const cold: Record<string, Array<{ wallMs: number; cpuMs: number }>> = {}
    const bundledCold: Record<string, Array<{ wallMs: number; cpuMs: number }>> = {}
    for (let r = 0; r < coldRuns; r++) {
      for (const client of rotate(clients, r)) {
        ;(cold[client] ??= []).push(await runNode([`${build}cold.mjs`, client], env))
        ;(bundledCold[client] ??= []).push(await runNode([`${build}cold-${client}.mjs`], env))
      }
    }
    const stats = await (await fetch(`${/endpoint=(\S+?);/.exec(ready)![1]}stats`)).json() as { authFailures: number }
    if (stats.authFailures !== 0) throw new Error(`the server rejected ${stats.authFailures} signatures`)

    const bundles: Record<string, { raw: number; gzip: number }> = {}
    const page = {
      ours: here("bundle/ours.ts"),
      baseline: here("bundle/baseline.ts"),
      ours4: `${effect4}bench/bundle/ours.ts`,
      baseline4: `${effect4}bench/bundle/baseline.ts`,
      floor4: `${effect4}bench/bundle/floor.ts`
    }
    // a marginal cost is measured on one page that runs the baseline and ours together, minus the baseline
    // alone: a page without ours' own use of Schema would otherwise count the baseline's Schema code as saved
    const entries: Record<string, ReadonlyArray<string>> = {
      ours: [page.ours],
      "drop-in": [here("bundle/dropin.ts")],
      official: [here("bundle/official.ts")],
      baseline: [page.baseline],
      "baseline + ours": [page.baseline, page.ours],
      "ours (Effect 4)": [page.ours4],
      "baseline (Effect 4)": [page.baseline4],
      "baseline + ours (Effect 4)": [page.baseline4, page.ours4],
      "baseline + floor (Effect 4)": [page.baseline4, page.floor4]
    }
    for (const [entry, paths] of Object.entries(entries)) {
      const out = await esbuild.build({
        stdin: { contents: paths.map((path) => `import ${JSON.stringify(path)}`).join("\n"), resolveDir: here(".") },
        bundle: true,
        minify: true,
        format: "esm",
        platform: "browser",
        write: false,
        logLevel: "error"
      })
      const bytes = out.outputFiles[0]!.contents
      bundles[entry] = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
    }

    const lines: Array<string> = []
    const machine = `${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, ${
      Math.round(os.totalmem() / 2 ** 30)
    } GiB, Node ${execFileSync(node, ["--version"]).toString().trim()}`
    lines.push(`Machine: ${machine}; ${repeats} repeats${quick ? " (quick)" : ""}; medians (min–max).`, "")
    lines.push(
      "| workload | client | ops/s | CPU µs/op | CPU vs official | CPU vs floor | p50 µs | p99 µs | peak RSS MB |"
    )
    lines.push("|---|---|---|---|---|---|---|---|---|")
    const summary: Record<string, unknown> = {}
    for (const workload of workloads) {
      const runs = results[workload.name]!
      for (const client of clients) {
        const pick = (f: (run: Run) => number) => runs.map((repeat) => f(repeat[client]!))
        const cpu = pick((run) => run.cpuMicrosPerOp)
        const vsOfficial = runs.map((repeat) => repeat[client]!.cpuMicrosPerOp / repeat.official!.cpuMicrosPerOp)
        const vsFloor = runs.map((repeat) => repeat[client]!.cpuMicrosPerOp / repeat.floor!.cpuMicrosPerOp)
        const row = {
          opsPerSecond: median(pick((run) => run.opsPerSecond)),
          cpuMicrosPerOp: median(cpu),
          cpuVsOfficial: median(vsOfficial),
          cpuVsFloor: median(vsFloor),
          p50Micros: median(pick((run) => run.p50Micros)),
          p99Micros: median(pick((run) => run.p99Micros)),
          peakRssMB: median(pick((run) => run.peakRssMB))
        }
        summary[`${workload.name} / ${client}`] = { ...row, runs: runs.map((repeat) => repeat[client]) }
        lines.push(
          `| ${workload.name} | ${client} | ${row.opsPerSecond.toFixed(0)} (${
            range(pick((run) => run.opsPerSecond))
          }) | ${row.cpuMicrosPerOp.toFixed(0)} (${range(cpu)}) | ${row.cpuVsOfficial.toFixed(2)}× | ${
            row.cpuVsFloor.toFixed(2)
          }× | ${row.p50Micros.toFixed(0)} | ${row.p99Micros.toFixed(0)} | ${row.peakRssMB.toFixed(1)} |`
        )
      }
    }
    lines.push(
      "",
      "| cold start (import + construct + first createUserAndToken) | as installed: wall ms | CPU ms | wall vs official | bundled: wall ms | CPU ms | wall vs official |",
      "|---|---|---|---|---|---|---|"
    )
    const coldCells = (runs: Record<string, Array<{ wallMs: number; cpuMs: number }>>, client: string) => {
      const wall = runs[client]!.map((run) => run.wallMs)
      const ratio = runs[client]!.map((run, i) => run.wallMs / runs.official![i]!.wallMs)
      return `${median(wall).toFixed(0)} (${range(wall)}) | ${
        median(runs[client]!.map((run) => run.cpuMs)).toFixed(0)
      } | ${median(ratio).toFixed(2)}×`
    }
    for (const client of clients)
      lines.push(`| ${client} | ${coldCells(cold, client)} | ${coldCells(bundledCold, client)} |`)
    lines.push("", "| browser bundle (esbuild, minified ESM) | raw bytes | gzip bytes |", "|---|---|---|")
    for (const [name, size] of Object.entries(bundles)) lines.push(`| ${name} | ${size.raw} | ${size.gzip} |`)
    const marginal = (ours: string, baseline: string) =>
      `${bundles[ours]!.raw - bundles[baseline]!.raw} | ${bundles[ours]!.gzip - bundles[baseline]!.gzip}`
    lines.push(
      `| marginal cost of the Effect 3 line over the baseline Effect 3 page | ${
        marginal("baseline + ours", "baseline")
      } |`,
      `| marginal cost of the Effect 4 line over the baseline Effect 4 page | ${
        marginal("baseline + ours (Effect 4)", "baseline (Effect 4)")
      } |`,
      `| marginal cost of the protocol alone (the floor page) over the baseline Effect 4 page | ${
        marginal("baseline + floor (Effect 4)", "baseline (Effect 4)")
      } |`
    )
    const table = lines.join("\n")
    console.log(table)
    mkdirSync(here("results"), { recursive: true })
    writeFileSync(
      here("results/latest.json"),
      JSON.stringify(
        { date: new Date().toISOString(), machine, quick, repeats, summary, cold, bundledCold, bundles, table },
        null,
        2
      )
    )
  } finally {
    server.kill("SIGTERM")
    if (baseClient !== undefined) execFileSync("git", ["worktree", "remove", "--force", baseTree], { cwd: root })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
