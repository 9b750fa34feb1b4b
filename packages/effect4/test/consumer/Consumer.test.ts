/**
 * The Effect 4 packages as a user installs them: packed with `npm pack`,
 * installed into an empty directory next to the latest `effect` from the
 * registry (no peer warnings), then the README's Effect 4 example runs the
 * whole lifecycle against the emulator on a loopback port, and a user of
 * another resource fails with a `ServiceError` of status 401.
 */
import * as EmulatorRuntime from "@effect-acs/identity-emulator/EmulatorRuntime"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

const run = promisify(execFile)
const root = fileURLToPath(new URL("../../../../", import.meta.url))
const packages = ["packages/protocol", "packages/effect4/core", "packages/effect4/node"]

/** The README's Effect 4 example, exactly as printed there. */
const readmeExample = async () => {
  const readme = await readFile(join(root, "README.md"), "utf8")
  const section = readme.slice(readme.indexOf("### Effect 4"))
  const match = /```ts\n([\s\S]*?)```/.exec(section)
  if (match === null) throw new Error("README.md has no Effect 4 example")
  return match[1]!
}

let dir = ""
let emulator: EmulatorRuntime.Running | undefined
let connectionString = ""

const node = (script: string) =>
  run(process.execPath, [script], {
    cwd: dir,
    env: { ...process.env, ACS_CONNECTION_STRING: connectionString },
    timeout: 60_000
  })

describe("the Effect 4 packages, installed from tarballs into an empty directory", () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "effect-acs-consumer-"))
    const tarballs: Array<string> = []
    for (const pkg of packages) {
      const { stdout } = await run("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: join(root, pkg) })
      tarballs.push(join(dir, stdout.trim().split("\n").at(-1)!))
    }
    await writeFile(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }))
    const installed = await run("npm", ["install", "--no-audit", "--no-fund", "effect", ...tarballs], {
      cwd: dir,
      timeout: 240_000
    })
    expect(`${installed.stdout}\n${installed.stderr}`).not.toMatch(/peer|ERESOLVE/i)
    emulator = await EmulatorRuntime.start()
    connectionString = (await emulator.listen({ port: 0 })).connectionString
  }, 300_000)

  afterAll(async () => {
    await emulator?.close()
    if (dir !== "") await rm(dir, { recursive: true, force: true })
  })

  it("installs the latest effect 4", async () => {
    const manifest = JSON.parse(await readFile(join(dir, "node_modules/effect/package.json"), "utf8"))
    expect(manifest.version).toMatch(/^4\./)
  })

  it("runs the README's Effect 4 example: the whole lifecycle against the emulator", async () => {
    await writeFile(join(dir, "example.ts"), await readmeExample())
    await node("example.ts")
    const stats = await emulator!.stats()
    expect(stats.identitiesCreated).toBeGreaterThanOrEqual(1)
    expect(stats.requests.deleteIdentity).toBeGreaterThanOrEqual(1)
  })

  it("a user of another resource fails with a ServiceError of status 401", async () => {
    await writeFile(join(dir, "foreign.ts"), await readFile(new URL("foreign.ts", import.meta.url), "utf8"))
    const { stdout } = await node("foreign.ts")
    expect(JSON.parse(stdout)).toEqual({ tag: "ServiceError", status: 401, code: "IdentityNotOwned" })
  })
})
