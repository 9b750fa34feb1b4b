/**
 * The Effect 4 core must run unchanged in Node, browsers and workers: no Node
 * built-ins, no DOM or runtime globals (those belong to the node and browser
 * packages), and — for every library package of the Effect 4 line — deep
 * `effect/X` imports only: neither the `effect` barrel nor a directory barrel
 * such as `effect/http` (the barrels defeat tree-shaking).
 *
 * The analysis is test/cases/Purity.ts, shared with the Effect 3 line's test
 * (which also checks the protocol package). So a local variable named `crypto`
 * is fine while the global `crypto` is not.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Purity from "../../../../test/cases/Purity.js"

const sourcesOf = (pkg: string) => Purity.sourcesOf(`packages/effect4/${pkg}/src`)

const coreSources = sourcesOf("core")

/** A file with every kind of violation, analysed in the same program to prove the analysis can fail. */
const virtualBad = `${Purity.repo}packages/effect4/core/src/__virtual_bad__.ts`
const allFindings = Purity.analyseCore(coreSources, { [virtualBad]: Purity.virtualBadSource })
const coreFindings = allFindings.filter((f) => f.file !== virtualBad)

describe("core purity (Effect 4)", () => {
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

describe("deep imports in the Effect 4 library sources", () => {
  const libraries = ["core", "node", "browser"] as const

  it.each(libraries)("%s imports effect only via deep paths", (pkg) => {
    const sources = sourcesOf(pkg)
    expect(sources.length).toBeGreaterThan(0)
    expect(Purity.show(Purity.barrelImports(sources))).toEqual([])
    // and it does import them (the check is not vacuous)
    const specifiers = sources.flatMap((f) => Purity.specifiersOf(f).map(([, s]) => s))
    expect(specifiers.some((s) => /^effect\/([a-z][\w-]*\/)*[A-Z]/.test(s))).toBe(true)
  })

  it("node and browser import the core via deep paths, never its barrel or internals", () => {
    const offending = [...sourcesOf("node"), ...sourcesOf("browser")].flatMap((f) =>
      Purity.specifiersOf(f)
        .filter(([, s]) =>
          s === "@effect-acs/identity-effect4" || s.startsWith("@effect-acs/identity-effect4/internal")
        )
        .map(([line, s]) => `${f.replace(Purity.repo, "")}:${line} ${s}`)
    )
    expect(offending).toEqual([])
  })

  it("the barrel check detects barrel imports (self-test)", () => {
    const barrels = Purity.specifiersOf("x.ts", Purity.barrelSample.source).filter(([, s]) => Purity.isBarrel(s))
    expect(barrels.map(([line]) => line)).toEqual(Purity.barrelSample.barrelLines)
  })
})
