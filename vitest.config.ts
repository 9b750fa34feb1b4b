import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const source = (dir: string) => fileURLToPath(new URL(`./packages/${dir}/src/`, import.meta.url))
const packages = {
  "identity-protocol": "protocol",
  "identity": "core",
  "identity-node": "node",
  "identity-browser": "browser",
  "identity-emulator": "emulator"
}

export default defineConfig({
  resolve: {
    // test against the sources, never a stale build
    alias: [
      ...Object.entries(packages).flatMap(([name, dir]) => [
        { find: new RegExp(`^@effect-acs/${name}$`), replacement: `${source(dir)}index.ts` },
        { find: new RegExp(`^@effect-acs/${name}/(.*)$`), replacement: `${source(dir)}$1.ts` }
      ]),
      // the drop-in's node build (the browser suite bundles its browser build by export conditions)
      { find: /^@effect-acs\/communication-identity$/, replacement: `${source("communication-identity")}node.ts` }
    ]
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    // the Effect 4 line has its own workspace root, vitest and Node (npm run test:effect4)
    exclude: ["packages/effect4/**", "**/node_modules/**"],
    // a throw-away TLS certificate for 127.0.0.1, trusted by the workers (NODE_EXTRA_CA_CERTS)
    globalSetup: ["test/interop/tls.setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
})
