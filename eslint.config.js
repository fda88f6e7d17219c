// Lint config: typescript-eslint's recommended rules on the TypeScript sources.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // assembly/ is AssemblyScript (v128, f32x4, decorators), compiled by scripts/build-wasm.mjs, not TypeScript.
  // Kata starters are signatures with empty bodies, and wrong/ holds deliberately wrong solutions.
  { ignores: ["node_modules/**", "coverage/**", "build/**", "assembly/**", "test/fixtures/**/*.py", "content/katas/*/starter.ts", "content/katas/*/wrong/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: "readonly", console: "readonly", URL: "readonly", WebAssembly: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
);
