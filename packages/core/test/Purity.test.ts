/**
 * The core must run unchanged in Node, browsers and workers: no Node built-ins,
 * no DOM or runtime globals (those belong to the node and browser packages),
 * and — for every library package — deep `effect` / `@effect/platform` imports
 * only (the barrels defeat tree-shaking, effect-notes.md §3.6).
 *
 * The analysis is test/cases/Purity.ts, shared with the Effect 4 line's test. So
 * a local variable named `crypto` is fine while the global `crypto` is not.
 */
import { describe, expect, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import * as Purity from "../../../test/cases/Purity.js"

const sourcesOf = (pkg: string) => Purity.sourcesOf(`packages/${pkg}/src`)

const coreSources = sourcesOf("core")

/** A file with every kind of violation, analysed in the same program to prove the analysis can fail. */
const virtualBad = `${Purity.repo}packages/core/src/__virtual_bad__.ts`
const allFindings = Purity.analyseCore(coreSources, { [virtualBad]: Purity.virtualBadSource })
const coreFindings = allFindings.filter((f) => f.file !== virtualBad)

describe("core purity", () => {
  it("finds the core sources", () => {
    const names = coreSources.map((f) => f.replace(/^.*\/src\//, ""))
    expect(names).toEqual(
      expect.arrayContaining(["Auth.ts", "ConnectionString.ts", "Crypto.ts", "Models.ts", "Signing.ts", "index.ts"])
    )
  })

  it("imports no Node built-in", () => {
    expect(Purity.show(coreFindings.filter((f) => f.rule === "node-builtin" || f.rule === "reference"))).toEqual([])
  })

  it("references no DOM or runtime global", () => {
    expect(Purity.show(coreFindings.filter((f) => f.rule === "global"))).toEqual([])
  })

  it("the analysis detects what it must (self-test on a virtual file)", () => {
    const findings = allFindings.filter((f) => f.file === virtualBad)
    const byRule = (rule: Purity.Finding["rule"]) => findings.filter((f) => f.rule === rule).map((f) => f.detail).sort()
    expect(byRule("node-builtin")).toEqual(Purity.virtualBadFindings.nodeBuiltins)
    expect(byRule("global")).toEqual(Purity.virtualBadFindings.globals)
    // the parameter named `crypto` and URL/TextEncoder on its clean line are fine
    expect(findings.filter((f) => f.line === Purity.virtualBadFindings.cleanLine)).toEqual([])
  })
})

describe("deep imports in library sources", () => {
  const libraries = ["core", "node", "browser"] as const

  it.each(libraries)("%s imports effect and @effect/platform only via deep paths", (pkg) => {
    const sources = sourcesOf(pkg)
    expect(sources.length).toBeGreaterThan(0)
    expect(Purity.show(Purity.barrelImports(sources))).toEqual([])
    // and it does import them (the check is not vacuous)
    const specifiers = sources.flatMap((f) => Purity.specifiersOf(f).map(([, s]) => s))
    expect(specifiers.some((s) => /^effect\/[A-Z]/.test(s))).toBe(true)
  })

  it("node and browser import the core via deep paths, never its barrel or internals", () => {
    const offending = [...sourcesOf("node"), ...sourcesOf("browser")].flatMap((f) =>
      Purity.specifiersOf(f)
        .filter(([, s]) => s === "@effect-acs/identity" || s.startsWith("@effect-acs/identity/internal"))
        .map(([line, s]) => `${f.replace(Purity.repo, "")}:${line} ${s}`)
    )
    expect(offending).toEqual([])
  })

  it("the barrel check detects barrel imports (self-test)", () => {
    const barrels = Purity.specifiersOf("x.ts", Purity.barrelSample.source).filter(([, s]) => Purity.isBarrel(s))
    expect(barrels.map(([line]) => line)).toEqual(Purity.barrelSample.barrelLines)
  })
})

describe("protocol purity", () => {
  const sources = sourcesOf("protocol")
  const findings = Purity.analyseCore(sources, {})

  it("finds the protocol sources", () => {
    expect(sources.map((f) => f.replace(/^.*\/src\//, ""))).toEqual(
      expect.arrayContaining(["Identifier.ts", "Operation.ts", "Rules.ts", "Signing.ts", "Redaction.ts", "index.ts"])
    )
  })

  it("imports no Node built-in and references no DOM or runtime global", () => {
    expect(Purity.show(findings)).toEqual([])
  })

  it("imports nothing but its own modules, and its package has no dependencies", () => {
    const imports = sources.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/^(?:import|export)[^"]*from\s+"([^"]+)"/gm)]
        .map((match) => match[1]!)
        // relative, and resolving inside the protocol's own sources (internal/ modules reach up one level)
        .filter((specifier) =>
          !/^\.\.?\//.test(specifier) ||
          !resolve(dirname(file), specifier).startsWith(`${Purity.repo}packages/protocol/src/`)
        )
        .map((specifier) => `${file.replace(Purity.repo, "")}: ${specifier}`)
    )
    expect(imports).toEqual([])
    const manifest = JSON.parse(readFileSync(`${Purity.repo}packages/protocol/package.json`, "utf8"))
    expect([manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies]).toEqual([
      undefined,
      undefined,
      undefined
    ])
  })
})
