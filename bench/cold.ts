/**
 * Cold start, in a fresh process: import the client, construct it and finish
 * the first `createUserAndToken`. Prints wall ms since process start and CPU ms.
 *   node cold.mjs <client>
 */
import type { Setup } from "./clients/types.js"

const name = process.argv[2] ?? ""
const { setup } = await import(new URL(`./clients/${name}.mjs`, import.meta.url).href) as { setup: Setup }
const client = await setup(process.env.ACS_CONNECTION_STRING ?? "")
const wallMs = performance.now()
const cpu = process.cpuUsage()
process.stdout.write(JSON.stringify({ client: name, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }) + "\n")
await client.close()
process.exit(0)
