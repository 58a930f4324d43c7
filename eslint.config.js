// ESLint for the TypeScript sources (typescript-eslint's recommended rules, without type
// information so `npm test` stays fast). The GraphQL schema and the README's operations are
// linted by test/api/schema-lint.test.ts with @graphql-eslint. Formatting is Prettier's job
// (.prettierrc.json); no stylistic rules here.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "web/dist/", ".cache/", ".scratch/", ".bench/", "neo4j/", "coverage/", "**/*.min.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module" },
    rules: {
      // `_`-prefixed names are deliberately unused (resolver signatures, destructuring to drop a key).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly", __dirname: "readonly" } },
  },
  {
    // Tests read loosely typed JSON answers and spy on internals.
    files: ["test/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
