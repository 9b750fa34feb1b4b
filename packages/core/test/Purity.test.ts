/**
 * The core must run unchanged in Node, browsers and workers: no Node built-ins,
 * no DOM or runtime globals (those belong to the node and browser packages),
 * and — for every library package — deep `effect` / `@effect/platform` imports
 * only (the barrels defeat tree-shaking, effect-notes.md §3.6).
 *
 * The sources are analysed with the TypeScript compiler against the plain
 * ES2022 lib (no DOM, no `@types/node`): an identifier that resolves neither to
 * the language nor to a declaration or import of the file is a runtime global
 * (as is one resolving into a DOM lib or `@types/node`, should a file pull them
 * in). So a local variable named `crypto` is fine while the global `crypto` is not.
 */
import { describe, expect, it } from "@effect/vitest"
import { readdirSync, readFileSync } from "node:fs"
import { builtinModules } from "node:module"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const repo = fileURLToPath(new URL("../../../", import.meta.url))

const sourcesOf = (pkg: string): ReadonlyArray<string> => {
  const dir = `${repo}packages/${pkg}/src`
  return (readdirSync(dir, { recursive: true }) as Array<string>)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .map((file) => `${dir}/${file}`.replace(/\\/g, "/"))
    .sort()
}

interface Finding {
  readonly file: string
  readonly line: number
  readonly rule: "node-builtin" | "global" | "barrel" | "reference"
  readonly detail: string
}

/** Portable Web APIs: in Node ≥ 18, Deno, Bun, workers and browsers alike. */
const allowedGlobals = new Set([
  "URL",
  "URLSearchParams",
  "TextEncoder",
  "TextDecoder",
  "AbortSignal",
  "AbortController"
])

/** Runtime globals that must be flagged even when they do not resolve (no `@types/node` in core). */
const forbiddenNames = new Set([
  "window",
  "self",
  "document",
  "navigator",
  "location",
  "localStorage",
  "sessionStorage",
  "indexedDB",
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "crypto",
  "Buffer",
  "process",
  "require",
  "module",
  "exports",
  "__dirname",
  "__filename",
  "global",
  "globalThis",
  "setImmediate"
])

/** Declaration-less symbols of the language itself. */
const languageSymbols = new Set(["undefined", "arguments"])

const isNodeBuiltin = (specifier: string) =>
  specifier.startsWith("node:") || builtinModules.includes(specifier) ||
  builtinModules.includes(specifier.split("/")[0]!)

const isRuntimeDeclarationFile = (fileName: string) =>
  /\/typescript\/lib\/lib\.(dom|webworker|scripthost)[.\w]*\.d\.ts$/.test(fileName) || fileName.includes("/@types/node/")

/** Every module specifier a file imports or re-exports (static, dynamic, `import()` types, `require`). */
const moduleSpecifiers = (sf: ts.SourceFile): ReadonlyArray<readonly [number, string]> => {
  const found: Array<readonly [number, string]> = []
  const add = (node: ts.Node, text: string) => found.push([sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text])
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression
      if (ts.isStringLiteral(expression)) add(node, expression.text)
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression
      const first = node.arguments[0]
      const isLoader = callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")
      if (isLoader && first !== undefined && ts.isStringLiteralLike(first)) add(node, first.text)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return found
}

/** Whether `node` is (part of) the qualifier of `import("m").X`, which names a module export. */
const inImportTypeQualifier = (node: ts.Node): boolean => {
  let current: ts.Node = node
  while (ts.isQualifiedName(current.parent) || ts.isIdentifier(current.parent)) current = current.parent
  return ts.isImportTypeNode(current.parent) && current.parent.qualifier === current
}

const isPropertyNamePosition = (node: ts.Identifier) => {
  const parent = node.parent
  const isConstAssertion = node.text === "const" && ts.isTypeReferenceNode(parent) // `as const`
  return isConstAssertion || inImportTypeQualifier(node) || (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isQualifiedName(parent) && parent.right === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    ((ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent) ||
      ts.isMethodSignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isEnumMember(parent)) &&
      parent.name === node) ||
    (ts.isBindingElement(parent) && parent.propertyName === node) ||
    (ts.isNamedTupleMember(parent) && parent.name === node) ||
    ((ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) && parent.propertyName === node)
}

/** Analyses core-style sources: Node built-ins, runtime globals, triple-slash references. */
const analyseCore = (fileNames: ReadonlyArray<string>, virtual: Record<string, string> = {}): ReadonlyArray<Finding> => {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2022.d.ts"],
    types: [],
    noResolve: true,
    noEmit: true,
    skipLibCheck: true
  }
  const host = ts.createCompilerHost(options, true)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName in virtual
      ? ts.createSourceFile(fileName, virtual[fileName]!, languageVersion, true)
      : getSourceFile(fileName, languageVersion, ...rest)
  const fileExists = host.fileExists.bind(host)
  host.fileExists = (fileName) => fileName in virtual || fileExists(fileName)
  const program = ts.createProgram({ rootNames: [...fileNames, ...Object.keys(virtual)], options, host })
  const checker = program.getTypeChecker()
  const projectFiles = new Set([...fileNames, ...Object.keys(virtual)])
  const findings: Array<Finding> = []

  for (const sf of program.getSourceFiles()) {
    if (!projectFiles.has(sf.fileName)) continue
    const at = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1
    for (const [line, specifier] of moduleSpecifiers(sf)) {
      if (isNodeBuiltin(specifier)) findings.push({ file: sf.fileName, line, rule: "node-builtin", detail: specifier })
    }
    for (const ref of [...sf.typeReferenceDirectives, ...sf.libReferenceDirectives]) {
      if (/^(node|dom|webworker)/i.test(ref.fileName)) {
        findings.push({ file: sf.fileName, line: 1, rule: "reference", detail: ref.fileName })
      }
    }
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && !isPropertyNamePosition(node)) {
        const symbol = ts.isShorthandPropertyAssignment(node.parent)
          ? checker.getShorthandAssignmentValueSymbol(node.parent)
          : checker.getSymbolAtLocation(node)
        const declarations = symbol?.declarations ?? []
        const inProject = declarations.some((d) => projectFiles.has(d.getSourceFile().fileName))
        const fromRuntime = declarations.some((d) => isRuntimeDeclarationFile(d.getSourceFile().fileName))
        const allowed = allowedGlobals.has(node.text)
        if (!inProject && !allowed) {
          // unresolved names come back as no symbol or as the checker's declaration-less `unknown` symbol
          const unresolved = symbol === undefined || (declarations.length === 0 && !languageSymbols.has(symbol.name))
          if (unresolved || fromRuntime || (declarations.length === 0 && forbiddenNames.has(node.text))) {
            findings.push({ file: sf.fileName, line: at(node), rule: "global", detail: node.text })
          }
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(sf)
  }
  return findings
}

const barrelImports = (fileNames: ReadonlyArray<string>): ReadonlyArray<Finding> =>
  fileNames.flatMap((fileName) => {
    const sf = ts.createSourceFile(fileName, readFileSync(fileName, "utf8"), ts.ScriptTarget.ES2022, true)
    return moduleSpecifiers(sf)
      .filter(([, specifier]) => specifier === "effect" || specifier === "@effect/platform")
      .map(([line, specifier]) => ({ file: fileName, line, rule: "barrel" as const, detail: specifier }))
  })

const show = (findings: ReadonlyArray<Finding>) =>
  findings.map((f) => `${f.file.replace(repo, "")}:${f.line} ${f.rule} ${f.detail}`)

const coreSources = sourcesOf("core")

/** A file with every kind of violation, analysed in the same program to prove the analysis can fail. */
const virtualBad = `${repo}packages/core/src/__virtual_bad__.ts`
const virtualBadSource = [
  "import * as fs from \"node:fs\"",
  "import { createHash } from \"crypto\"",
  "import type { Readable } from \"stream/promises\"",
  "export { EventEmitter } from \"events\"",
  "const http = await import(\"http\")",
  "window.alert(\"x\")",
  "void document.title",
  "void navigator.userAgent",
  "localStorage.setItem(\"k\", \"v\")",
  "void fetch(\"https://example.com\")",
  "void globalThis.crypto",
  "void crypto.subtle",
  "void Buffer.from(\"x\")",
  "void process.env",
  "const f = { fetch }",
  "type R = RequestInit | import(\"effect/ConfigError\").ConfigError",
  "export const ok = (crypto: { subtle: number }, url: URL) => [crypto.subtle, url.searchParams, new TextEncoder(), undefined, [1] as const]",
  "export { fs, createHash, http, f }",
  "export type { Readable, R }"
].join("\n")

const allFindings = analyseCore(coreSources, { [virtualBad]: virtualBadSource })
const coreFindings = allFindings.filter((f) => f.file !== virtualBad)

describe("core purity", () => {
  it("finds the core sources", () => {
    const names = coreSources.map((f) => f.replace(/^.*\/src\//, ""))
    expect(names).toEqual(
      expect.arrayContaining(["Auth.ts", "ConnectionString.ts", "Crypto.ts", "Models.ts", "Signing.ts", "index.ts"])
    )
  })

  it("imports no Node built-in", () => {
    expect(show(coreFindings.filter((f) => f.rule === "node-builtin" || f.rule === "reference"))).toEqual([])
  })

  it("references no DOM or runtime global", () => {
    expect(show(coreFindings.filter((f) => f.rule === "global"))).toEqual([])
  })

  it("the analysis detects what it must (self-test on a virtual file)", () => {
    const findings = allFindings.filter((f) => f.file === virtualBad)
    const byRule = (rule: Finding["rule"]) => findings.filter((f) => f.rule === rule).map((f) => f.detail).sort()
    expect(byRule("node-builtin")).toEqual(["crypto", "events", "http", "node:fs", "stream/promises"])
    expect(byRule("global")).toEqual([
      "Buffer",
      "RequestInit",
      "crypto",
      "document",
      "fetch",
      "fetch",
      "globalThis",
      "localStorage",
      "navigator",
      "process",
      "window"
    ])
    // the parameter named `crypto` and URL/TextEncoder on line 17 are fine
    expect(findings.filter((f) => f.line === 17)).toEqual([])
  })
})

describe("deep imports in library sources", () => {
  const libraries = ["core", "node", "browser"] as const

  it.each(libraries)("%s imports effect and @effect/platform only via deep paths", (pkg) => {
    const sources = sourcesOf(pkg)
    expect(sources.length).toBeGreaterThan(0)
    expect(show(barrelImports(sources))).toEqual([])
    // and it does import them (the check is not vacuous)
    const specifiers = sources.flatMap((f) =>
      moduleSpecifiers(ts.createSourceFile(f, readFileSync(f, "utf8"), ts.ScriptTarget.ES2022, true)).map(([, s]) => s)
    )
    expect(specifiers.some((s) => /^effect\/[A-Z]/.test(s))).toBe(true)
  })

  it("node and browser import the core via deep paths, never its barrel or internals", () => {
    const offending = [...sourcesOf("node"), ...sourcesOf("browser")].flatMap((f) =>
      moduleSpecifiers(ts.createSourceFile(f, readFileSync(f, "utf8"), ts.ScriptTarget.ES2022, true))
        .filter(([, s]) => s === "@effect-acs/identity" || s.startsWith("@effect-acs/identity/internal"))
        .map(([line, s]) => `${f.replace(repo, "")}:${line} ${s}`)
    )
    expect(offending).toEqual([])
  })

  it("the barrel check detects barrel imports (self-test)", () => {
    const sf = ts.createSourceFile(
      "x.ts",
      "import * as E from \"effect\"\nimport { HttpClient } from \"@effect/platform\"\nimport * as S from \"effect/Schema\"\nexport * from \"effect\"",
      ts.ScriptTarget.ES2022,
      true
    )
    const barrels = moduleSpecifiers(sf).filter(([, s]) => s === "effect" || s === "@effect/platform")
    expect(barrels.map(([line]) => line)).toEqual([1, 2, 4])
  })
})

describe("protocol purity", () => {
  const sources = sourcesOf("protocol")
  const findings = analyseCore(sources, {})

  it("finds the protocol sources", () => {
    expect(sources.map((f) => f.replace(/^.*\/src\//, ""))).toEqual(
      expect.arrayContaining(["Identifier.ts", "Operation.ts", "Rules.ts", "Signing.ts", "Redaction.ts", "index.ts"])
    )
  })

  it("imports no Node built-in and references no DOM or runtime global", () => {
    expect(show(findings)).toEqual([])
  })

  it("imports nothing but its own modules, and its package has no dependencies", () => {
    const imports = sources.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/^(?:import|export)[^"]*from\s+"([^"]+)"/gm)]
        .map((match) => match[1]!)
        .filter((specifier) => !specifier.startsWith("./"))
        .map((specifier) => `${file.replace(repo, "")}: ${specifier}`)
    )
    expect(imports).toEqual([])
    const manifest = JSON.parse(readFileSync(`${repo}packages/protocol/package.json`, "utf8"))
    expect([manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies]).toEqual([
      undefined,
      undefined,
      undefined
    ])
  })
})
