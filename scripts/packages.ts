/**
 * The published packages, in dependency order: the one list that the package
 * checks (`npm run check:packages`), the tarball consumers
 * (`npm run test:consumers`) and the API reference (`npm run docs`) read.
 * Publishing another package is one line here.
 */

/** Which Effect major a package is built for; `none` needs no Effect at all. */
export type Line = "none" | "effect3" | "effect4"

/** A published package: its directory from the repository root, its name and its Effect line. */
export interface Published {
  readonly dir: string
  readonly name: string
  readonly line: Line
}

/** Every published package, dependencies first. */
export const published: ReadonlyArray<Published> = [
  { dir: "packages/protocol", name: "@effect-acs/identity-protocol", line: "none" },
  { dir: "packages/communication-identity", name: "@effect-acs/communication-identity", line: "none" },
  { dir: "packages/core", name: "@effect-acs/identity", line: "effect3" },
  { dir: "packages/browser", name: "@effect-acs/identity-browser", line: "effect3" },
  { dir: "packages/node", name: "@effect-acs/identity-node", line: "effect3" },
  { dir: "packages/emulator", name: "@effect-acs/identity-emulator", line: "effect3" },
  { dir: "packages/effect4/core", name: "@effect-acs/identity-effect4", line: "effect4" },
  { dir: "packages/effect4/node", name: "@effect-acs/identity-effect4-node", line: "effect4" },
  { dir: "packages/effect4/browser", name: "@effect-acs/identity-effect4-browser", line: "effect4" }
]
