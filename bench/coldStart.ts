/** Cold start figures: finish the first `createUserAndToken`, then print wall ms since process start and CPU ms. */
import type { Setup } from "./clients/types.js"

export const report = async (name: string, setup: Setup) => {
  const client = await setup(process.env.ACS_CONNECTION_STRING ?? "")
  const wallMs = performance.now()
  const cpu = process.cpuUsage()
  process.stdout.write(JSON.stringify({ client: name, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }) + "\n")
  await client.close()
  process.exit(0)
}
