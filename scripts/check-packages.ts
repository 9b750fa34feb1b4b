/**
 * `npm run check:packages`: every published package (scripts/packages.ts),
 * built, passes `publint --strict` and `attw --pack --profile esm-only` with
 * each of its modules as an entrypoint (attw does not expand the `./*`
 * export), and its manifest has what a published package needs.
 */
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { published } from "./packages.js"

const root = join(import.meta.dirname, "..")
const bin = (name: string) => join(root, "node_modules/.bin", name)
const failures: Array<string> = []

const run = (command: string, args: ReadonlyArray<string>) => {
  try {
    execFileSync(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], timeout: 180_000 })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer }
    failures.push(`${[command, ...args].join(" ")}\n${stdout ?? ""}${stderr ?? ""}`)
  }
}

/** What every published manifest must say (the fields publint does not require). */
const manifestProblems = (dir: string): Array<string> => {
  const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"))
  const problems: Array<string> = []
  for (const field of ["description", "keywords", "license", "engines", "sideEffects", "exports", "files"]) {
    if (manifest[field] === undefined) problems.push(`no "${field}"`)
  }
  if (JSON.stringify(manifest.files) !== JSON.stringify(["dist", "src"]))
    problems.push(`"files" is not ["dist", "src"]`)
  for (const file of ["README.md", "LICENSE", "CHANGELOG.md"]) {
    if (!existsSync(join(root, dir, file))) problems.push(`no ${file}`)
  }
  return problems.map((problem) => `${dir}/package.json: ${problem}`)
}

for (const { dir } of published) {
  failures.push(...manifestProblems(dir))
  run(bin("publint"), ["--strict", dir])
  // a package with a `./*` export publishes each of its modules; one without publishes its "." alone
  const exported = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")).exports["./*"] !== undefined
  const modules = !exported ? [] : readdirSync(join(root, dir, "src"))
    .filter((file) => file.endsWith(".ts") && file !== "index.ts" && file !== "bin.ts")
    .map((file) => `./${file.slice(0, -3)}`)
  run(bin("attw"), [
    "--pack",
    dir,
    "--profile",
    "esm-only",
    ...(modules.length > 0 ? ["--include-entrypoints", ...modules] : [])
  ])
}

if (failures.length > 0) {
  process.stderr.write(`${failures.join("\n\n")}\n`)
  process.exit(1)
}
process.stdout.write(`${published.length} packages: publint --strict and attw --profile esm-only clean\n`)
