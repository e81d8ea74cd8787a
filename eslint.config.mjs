import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";
import { rings } from "./eslint.rings.mjs";

export default [
  { ignores: ["node_modules/**", ".next*/**", "out/**", "test-results/**", "playwright-report/**", ".ci/**", "next-env.d.ts", "**/*.mjs"] },
  ...nextVitals,
  ...nextTs,
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ["**/*.ts", "**/*.tsx"] })),
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/only-throw-error": "error",
      // With verbatimModuleSyntax (tsconfig), an import that is only a type must say so, or the import survives
      // into the emitted module: a browser bundle would pull a server module in for a type.
      "@typescript-eslint/consistent-type-imports": ["error", { prefer: "type-imports", fixStyle: "separate-type-imports" }],
    },
  },
  {
    files: ["app/**", "lib/**", "components/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/sim/**", "@/sim/**"], message: "sim/ is for tests and the demo only" }] }],
    },
  },
  ...rings,
];
