/**
 * Cold start, in a fresh process: import the client from node_modules as
 * installed, construct it and finish the first `createUserAndToken`.
 *   node cold.mjs <client>
 * (run.ts also builds `cold-<client>.mjs`, the same with everything bundled
 * into one file, as a bundled deployment loads it.)
 */
import { clientModule } from "./clientModule.js"
import type { Setup } from "./clients/types.js"
import { report } from "./coldStart.js"

const name = process.argv[2] ?? ""
const { setup } = await import(clientModule(name)) as { setup: Setup }
await report(name, setup)
