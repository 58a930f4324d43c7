/**
 * Entry point, and the only module that picks concrete store adapters:
 * Neo4j when NEO4J_URI is set, otherwise the embedded SQLite file.
 */
import "reflect-metadata";
import { pathToFileURL } from "node:url";
import { loadSampleDataset } from "../seeds/index.js";
import { readAuthConfig, requireAuthInProduction } from "./api/auth/auth-config.js";
import { startApp } from "./app.js";
import { readConfig, type AppConfig } from "./config.js";
import { createDiskReadiness } from "./disk-readiness.js";
import { createLogger, type Logger } from "./logger.js";
import type { AccountGraphStore } from "./ports/account-graph-store.js";
import type { ApiKeyStore } from "./ports/api-key-store.js";
import type { QueryObserver } from "./store/neo4j/neo4j-executor.js";
import { Neo4jQueryCounter } from "./store/neo4j/neo4j-query-counter.js";
import { Neo4jAccountGraphStore } from "./store/neo4j/neo4j-store.js";
import { SqliteAccountGraphStore } from "./store/sqlite/sqlite-store.js";
import { describeStartupFailure, storeOpenFailure } from "./startup-failure.js";

/**
 * The store of the configuration; both adapters also keep the runtime API keys (scripts/api-key.ts
 * uses that). `onQuery` sees every Cypher query a Neo4j store sends (the SQLite store has no round trips).
 */
export async function openStore(config: AppConfig["store"], onQuery?: QueryObserver): Promise<AccountGraphStore & ApiKeyStore> {
  const store: AccountGraphStore & ApiKeyStore =
    config.kind === "neo4j"
      ? new Neo4jAccountGraphStore({
          uri: config.uri,
          user: config.user,
          password: config.password,
          ...(config.database ? { database: config.database } : {}),
          ...(onQuery ? { onQuery } : {}),
        })
      : new SqliteAccountGraphStore({ path: config.path });
  await store.init();
  return store;
}

/** Where BENCH_COUNTERS=1 serves the Neo4j query counts (ADMIN only). */
export const STORE_QUERIES_PATH = "/internal/store-queries";

/** Loads the sample dataset into an empty store; returns whether it did. */
export async function seedIfEmpty(store: AccountGraphStore, logger: Logger): Promise<boolean> {
  const counts = await store.counts();
  if (counts.accounts > 0 || counts.managers > 0) return false;
  const started = performance.now();
  const written = await store.importDataset(loadSampleDataset());
  logger.info(
    { ...written, ms: Math.round(performance.now() - started) },
    "store was empty: loaded the sample dataset from seeds/sample-dataset.json",
  );
  return true;
}

async function main(): Promise<void> {
  const config = readConfig();
  const auth = readAuthConfig();
  // Before opening anything: an unauthenticated production server must not even start.
  requireAuthInProduction(auth, config.production);
  const logger = createLogger();
  // Benchmarks only: round trips to Neo4j per request (bench/peer-bench.ts reads them).
  const queryCounter = config.benchCounters && config.store.kind === "neo4j" ? new Neo4jQueryCounter() : undefined;
  const store = await openStore(config.store, queryCounter?.observe).catch((error: unknown) => {
    throw storeOpenFailure(config.store, error);
  });
  logger.info({ store: store.kind, ...(config.store.kind === "sqlite" ? { path: config.store.path } : { uri: config.store.uri }) }, "store ready");
  if (config.seedOnEmpty) await seedIfEmpty(store, logger);
  const analytics = config.feedPollMs !== undefined ? { readModel: { pollIntervalMs: config.feedPollMs } } : undefined;
  const server = await startApp({
    store,
    logger,
    port: config.port,
    host: config.host,
    production: config.production,
    auth,
    ...(config.store.kind === "sqlite" ? { readiness: createDiskReadiness(config.store.path, logger, config.minFreeBytes) } : {}),
    ...(analytics ? { analytics } : {}),
    ...(queryCounter ? { diagnostics: { path: STORE_QUERIES_PATH, read: () => queryCounter.snapshot() } } : {}),
  });
  // `/` is the offline landing page; Sandbox is a browser's GET of /graphql, and off in production.
  const graphqlUrl = new URL("graphql", server.url).href;
  const where = config.production ? `GraphQL at ${graphqlUrl}` : `landing page; GraphQL at ${graphqlUrl}, which opens Apollo Sandbox in a browser`;
  logger.info({ url: server.url, graphqlUrl }, `accountgraph ready at ${server.url} (${where})`);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    // An operator's mistake (setting, store, port) is one line saying what to change; a stack would bury it.
    console.error(describeStartupFailure(error) ?? error);
    process.exit(1);
  });
}
