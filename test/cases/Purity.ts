/**
 * The purity analysis both Effect lines' `Purity.test.ts` run on their sources:
 * with the TypeScript compiler against the plain ES2022 lib (no DOM, no
 * `@types/node`), an identifier that resolves neither to the language nor to
 * a declaration or import of the file is a runtime global (as is one
 * resolving into a DOM lib or `@types/node`, should a file pull them in); Node
 * built-ins, triple-slash references and barrel imports are found from the
 * module specifiers. A virtual file with every violation proves it can fail.
 */
import { readdirSync, readFileSync } from "node:fs"
import { builtinModules } from "node:module"
import { fileURLToPath } from "node:url"
import ts from "typescript"

/** The repository root, with a trailing slash. */
export const repo = fileURLToPath(new URL("../../", import.meta.url))

/** The sources under `dir` (relative to the repository), sorted. */
export const sourcesOf = (dir: string): ReadonlyArray<string> => {
  const root = `${repo}${dir}`
  return (readdirSync(root, { recursive: true }) as Array<string>)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .map((file) => `${root}/${file}`.replace(/\\/g, "/"))
    .sort()
}

/** Something a source must not do: where, which rule, what. */
export interface Finding {
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
  /\/typescript\/lib\/lib\.(dom|webworker|scripthost)[.\w]*\.d\.ts$/.test(fileName) ||
  fileName.includes("/@types/node/")

/** Every module specifier a file imports or re-exports (static, dynamic, `import()` types, `require`). */
const moduleSpecifiers = (sf: ts.SourceFile): ReadonlyArray<readonly [number, string]> => {
  const found: Array<readonly [number, string]> = []
  const add = (node: ts.Node, text: string) =>
    found.push([sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text])
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node, node.moduleSpecifier.text)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression
      if (ts.isStringLiteral(expression)) add(node, expression.text)
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression
      const first = node.arguments[0]
      const isLoader = callee.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(callee) && callee.text === "require")
      if (isLoader && first !== undefined && ts.isStringLiteralLike(first)) add(node, first.text)
    } else if (
      ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)
    ) {
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
  return isConstAssertion || inImportTypeQualifier(node) ||
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isQualifiedName(parent) && parent.right === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    ((ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent) ||
      ts.isMethodSignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) ||
      ts.isEnumMember(parent)) &&
      parent.name === node) ||
    (ts.isBindingElement(parent) && parent.propertyName === node) ||
    (ts.isNamedTupleMember(parent) && parent.name === node) ||
    ((ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) && parent.propertyName === node)
}

/**
 * Analyses core-style sources: Node built-ins, runtime globals, triple-slash
 * references (only the portable globals are allowed).
 */
export const analyseCore = (
  fileNames: ReadonlyArray<string>,
  virtual: Record<string, string> = {}
): ReadonlyArray<Finding> => {
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

/**
 * A barrel: `effect`, a directory of it (`effect/http`, `effect/testing`: its
 * modules are capitalised, its directories not), or Effect 3's
 * `@effect/platform`.
 */
export const isBarrel = (specifier: string) =>
  specifier === "effect" || /^effect(\/[a-z][\w-]*)+$/.test(specifier) || specifier === "@effect/platform"

/** The barrel imports of `fileNames`. */
export const barrelImports = (fileNames: ReadonlyArray<string>): ReadonlyArray<Finding> =>
  fileNames.flatMap((fileName) => {
    const sf = ts.createSourceFile(fileName, readFileSync(fileName, "utf8"), ts.ScriptTarget.ES2022, true)
    return moduleSpecifiers(sf)
      .filter(([, specifier]) => isBarrel(specifier))
      .map(([line, specifier]) => ({ file: fileName, line, rule: "barrel" as const, detail: specifier }))
  })

/** Findings as `file:line rule detail`, relative to the repository. */
export const show = (findings: ReadonlyArray<Finding>) =>
  findings.map((f) => `${f.file.replace(repo, "")}:${f.line} ${f.rule} ${f.detail}`)

/** A file with every kind of violation, for a runner to analyse with its sources: the analysis must fail on it. */
export const virtualBadSource = [
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

/** What the analysis finds in {@link virtualBadSource}: its Node built-ins and globals, sorted; line 17 is clean. */
export const virtualBadFindings = {
  nodeBuiltins: ["crypto", "events", "http", "node:fs", "stream/promises"],
  globals: [
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
  ],
  cleanLine: 17
}

/** Imports of every kind, and the lines of the barrel ones among them. */
export const barrelSample = {
  source: [
    "import * as E from \"effect\"",
    "import { HttpClient } from \"@effect/platform\"",
    "import * as S from \"effect/Schema\"",
    "export * from \"effect\"",
    "import { HttpClient as C } from \"effect/http\"",
    "import * as Request from \"effect/http/HttpClientRequest\"",
    "import { TestClock } from \"effect/testing\""
  ].join("\n"),
  barrelLines: [1, 2, 4, 5, 7]
}

/** The module specifiers of `source` (the text of `fileName`), with their lines. */
export const specifiersOf = (
  fileName: string,
  source = readFileSync(fileName, "utf8")
): ReadonlyArray<readonly [number, string]> =>
  moduleSpecifiers(ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true))
