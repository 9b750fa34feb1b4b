/**
 * `npm run docs`: the API reference of every published package
 * (scripts/packages.ts), generated from the doc comments by TypeDoc into
 * docs/api (not committed: it is rebuilt from the sources at will).
 */
import { execFileSync } from "node:child_process"
import { join } from "node:path"
import { published } from "./packages.js"

const root = join(import.meta.dirname, "..")
execFileSync(join(root, "node_modules/.bin/typedoc"), published.flatMap(({ dir }) => ["--entryPoints", dir]), {
  cwd: root,
  stdio: "inherit",
  timeout: 600_000
})
