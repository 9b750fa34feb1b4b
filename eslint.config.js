// ESLint (flat config): typescript-eslint's recommended rules and, from @effect/eslint-plugin, deep imports of
// `effect` and `@effect/platform` modules. Formatting is dprint's (npm run format:check), not ESLint's.
import effect from "@effect/eslint-plugin"
import tseslint from "typescript-eslint"

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/.tsbuild/**",
      "docs/api/**",
      "**/bench/results/**",
      "**/bench/.build/**"
    ]
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { "@effect": effect },
    rules: {
      "@effect/no-import-from-barrel-package": ["error", { packageNames: ["effect", "@effect/platform"] }],
      // unused code is the compiler's to report (noUnusedLocals, noUnusedParameters)
      "@typescript-eslint/no-unused-vars": "off",
      // Effect's idioms: a service's types in a `declare namespace` beside its tag, and
      // `interface X extends Schema.Type<typeof X> {}` to name a schema's type
      "@typescript-eslint/no-namespace": ["error", { allowDeclarations: true }],
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }]
    }
  },
  {
    // tests and benchmarks read JSON fixtures and child-process output of any shape
    files: ["**/test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" }
  }
)
