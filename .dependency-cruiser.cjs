/**
 * Layer rules (README.md, "Project layout"): api -> services -> {analytics, strategy, ports} -> domain;
 * store/* implements ports and imports only domain and ports. Each driver or
 * framework lives in exactly one layer. `npm test` runs this check first.
 */
const layer = (name) => `^src/${name}/`;

module.exports = {
  forbidden: [
    { name: "domain-is-innermost", severity: "error", from: { path: layer("domain") }, to: { path: "^src/", pathNot: layer("domain") } },
    {
      name: "ports-only-domain",
      severity: "error",
      from: { path: layer("ports") },
      to: { path: "^src/", pathNot: `${layer("ports")}|${layer("domain")}` },
    },
    {
      name: "strategy-only-domain",
      severity: "error",
      from: { path: layer("strategy") },
      to: { path: "^src/", pathNot: `${layer("strategy")}|${layer("domain")}` },
    },
    {
      name: "analytics-only-domain",
      severity: "error",
      from: { path: layer("analytics") },
      to: { path: "^src/", pathNot: `${layer("analytics")}|${layer("domain")}` },
    },
    {
      name: "store-only-domain-and-ports",
      severity: "error",
      from: { path: layer("store") },
      to: { path: "^src/", pathNot: `${layer("store")}|${layer("domain")}|${layer("ports")}` },
    },
    { name: "stores-do-not-import-each-other", severity: "error", from: { path: "^src/store/sqlite/" }, to: { path: "^src/store/neo4j/" } },
    { name: "stores-do-not-import-each-other-2", severity: "error", from: { path: "^src/store/neo4j/" }, to: { path: "^src/store/sqlite/" } },
    {
      name: "services-not-api-or-stores",
      severity: "error",
      from: { path: layer("services") },
      to: { path: `${layer("api")}|${layer("store")}|^src/main` },
    },
    {
      name: "api-not-stores",
      severity: "error",
      from: { path: layer("api") },
      to: { path: `${layer("store")}|${layer("analytics")}|${layer("strategy")}|^src/main` },
    },
    {
      name: "only-main-picks-adapters",
      severity: "error",
      from: { path: "^src/", pathNot: `${layer("store")}|^src/main\\.ts$` },
      to: { path: layer("store") },
    },
    {
      name: "neo4j-driver-only-in-neo4j-store",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/store/neo4j/" },
      to: { path: "node_modules/neo4j-driver" },
    },
    {
      name: "sqlite-only-in-sqlite-store",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/store/sqlite/" },
      to: { path: "node_modules/better-sqlite3" },
    },
    {
      name: "graphology-only-in-analytics",
      severity: "error",
      from: { path: "^src/", pathNot: layer("analytics") },
      to: { path: "node_modules/graphology" },
    },
    {
      name: "graphql-frameworks-only-in-api",
      severity: "error",
      from: { path: "^src/", pathNot: layer("api") },
      to: { path: "node_modules/(type-graphql|@apollo/server)" },
    },
    { name: "no-circular", severity: "error", from: { path: "^src/" }, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js"] },
  },
};
