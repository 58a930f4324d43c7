import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // graphql 16 ships "main": "index" without an extension; Vite would pick index.mjs
    // while Node's require picks index.js, giving two graphql realms
    // ("Cannot use GraphQLObjectType from another module or realm"). Prefer .js.
    extensions: [".js", ".mjs", ".ts", ".mts", ".json"],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/global-neo4j.ts"],
    setupFiles: ["test/setup/reflect.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two cores: files run in parallel forks, but not more than the machine has.
    pool: "forks",
    maxWorkers: 2,
  },
});
