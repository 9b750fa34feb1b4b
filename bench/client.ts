/**
 * One measured run, in its own process:
 *   node client.mjs <client> <create|get> <concurrency> <seconds> <warmupOps> <warmupSeconds>
 * with ACS_CONNECTION_STRING set. Prints one JSON line of figures. The
 * warm-up runs at least `warmupOps` operations and lasts at least
 * `warmupSeconds`, so that V8 has finished optimizing the hot code (its
 * compiler threads' CPU would otherwise count against the measured window).
 */
import type { Setup } from "./clients/types.js"
import { clientModule } from "./clientModule.js"

const [
  name = "",
  workload = "create",
  concurrencyArg = "1",
  secondsArg = "5",
  warmupArg = "1000",
  warmupSecondsArg = "3"
] = process.argv.slice(2)
const concurrency = Number(concurrencyArg)
const seconds = Number(secondsArg)
const warmupOps = Number(warmupArg)
const warmupSeconds = Number(warmupSecondsArg)
const maxOps = 2_000_000

const { setup } = await import(clientModule(name)) as { setup: Setup }
const client = await setup(process.env.ACS_CONNECTION_STRING ?? "")
const op = workload === "get" ? client.getToken : client.createUserAndToken

/** Runs `count` operations (or until `deadline`) with `concurrency` in flight; returns latencies in µs. */
const drive = async (count: number, deadline: number, record: boolean) => {
  const latencies: Array<number> = []
  let started = 0
  const worker = async () => {
    while (started < count && performance.now() < deadline) {
      started++
      const t0 = performance.now()
      await op()
      if (record) latencies.push((performance.now() - t0) * 1000)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return latencies
}

const warmupStart = performance.now()
await drive(warmupOps, Infinity, false)
await drive(maxOps, warmupStart + warmupSeconds * 1000, false)
;(globalThis as { gc?: () => void }).gc?.()
const cpu0 = process.cpuUsage()
const t0 = performance.now()
const latencies = await drive(maxOps, t0 + seconds * 1000, true)
const elapsed = performance.now() - t0
const cpu = process.cpuUsage(cpu0)
await client.close()
latencies.sort((a, b) => a - b)
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0
process.stdout.write(
  JSON.stringify({
    client: name,
    workload,
    concurrency,
    ops: latencies.length,
    opsPerSecond: latencies.length / (elapsed / 1000),
    cpuMicrosPerOp: (cpu.user + cpu.system) / latencies.length,
    userMicrosPerOp: cpu.user / latencies.length,
    systemMicrosPerOp: cpu.system / latencies.length,
    p50Micros: pct(0.5),
    p99Micros: pct(0.99),
    peakRssMB: process.resourceUsage().maxRSS / 1024
  }) + "\n"
)
process.exit(0)
