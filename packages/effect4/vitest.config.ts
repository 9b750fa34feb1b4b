import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const source = (dir: string) => fileURLToPath(new URL(`${dir}/src/`, import.meta.url))
const packages = {
  "identity-protocol": "../protocol",
  // the Effect 3 line, for the root suites' tables and the emulator (packages/effect4/test)
  "identity": "../core",
  "identity-node": "../node",
  "identity-emulator": "../emulator",
  "identity-effect4": "core",
  "identity-effect4-node": "node",
  "identity-effect4-browser": "browser"
}

export default defineConfig({
  resolve: {
    // test against the sources, never a stale build
    alias: Object.entries(packages).flatMap(([name, dir]) => [
      { find: new RegExp(`^@effect-acs/${name}$`), replacement: `${source(dir)}index.ts` },
      { find: new RegExp(`^@effect-acs/${name}/(.*)$`), replacement: `${source(dir)}$1.ts` }
    ])
  },
  test: {
    include: ["*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
})
