/**
 * Bundles page code for browsers with esbuild: ESM, workspace packages from
 * their sources, and no Node built-ins (an import of one fails the build,
 * since nothing polyfills it).
 */
import * as esbuild from "esbuild"
import { builtinModules } from "node:module"

/** A Node built-in module specifier: `node:*`, or a bare core module name such as `crypto` or `fs/promises`. */
export const isNodeBuiltin = (specifier: string): boolean =>
  specifier.startsWith("node:") || builtinModules.includes(specifier)

/** Fails the build on any import of a Node built-in. */
export const browserOnly: esbuild.Plugin = {
  name: "browser-only",
  setup(build) {
    build.onResolve({ filter: /.*/ }, ({ path, importer }) =>
      isNodeBuiltin(path)
        ? { errors: [{ text: `Node built-in "${path}" imported by ${importer} cannot run in a browser` }] }
        : undefined)
  }
}

/** A bundle: its code and the files it was made of (relative to the working directory). */
export interface Bundle {
  readonly code: string
  readonly inputs: ReadonlyArray<string>
}

/**
 * Bundles `entry` (a file, or `contents` standing in for it) for the browser;
 * rejects on any build error. `plugins` run before the check for Node built-ins.
 */
export const bundle = async (
  entry: string,
  contents?: string,
  options: { readonly plugins?: ReadonlyArray<esbuild.Plugin> } = {}
): Promise<Bundle> => {
  const result = await esbuild.build({
    ...(contents === undefined
      ? { entryPoints: [entry] }
      : { stdin: { contents, sourcefile: entry, resolveDir: process.cwd(), loader: "ts" } }),
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    target: "es2022",
    conditions: ["@effect-acs/source"],
    plugins: [...(options.plugins ?? []), browserOnly],
    metafile: true,
    logLevel: "silent"
  })
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) }
}
