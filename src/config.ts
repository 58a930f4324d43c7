/**
 * Process configuration from the environment, validated once at start-up so a
 * typo fails loudly instead of running with a silent default.
 */
export interface AppConfig {
  port: number;
  host: string;
  production: boolean;
  /** Load the sample dataset when the store is empty. */
  seedOnEmpty: boolean;
  store: { kind: "sqlite"; path: string } | { kind: "neo4j"; uri: string; user: string; password: string; database?: string };
  /**
   * FEED_POLL_MS: how often the read model looks for writes made by other processes
   * (services/read-model); unset keeps the default (250 ms).
   */
  feedPollMs?: number;
  /** STORE_MIN_FREE_MB: below this much free space on the SQLite store's disk, /readyz answers 503. */
  minFreeBytes?: number;
  /**
   * BENCH_COUNTERS: count the Cypher queries sent to Neo4j by operation and serve them at
   * GET /internal/store-queries (ADMIN only), for benchmarks. Off by default.
   */
  benchCounters: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`config: PORT must be 0-65535, got ${env.PORT}`);
  const store: AppConfig["store"] = env.NEO4J_URI
    ? {
        kind: "neo4j",
        uri: env.NEO4J_URI,
        user: env.NEO4J_USER ?? "neo4j",
        password: env.NEO4J_PASSWORD ?? "",
        ...(env.NEO4J_DATABASE ? { database: env.NEO4J_DATABASE } : {}),
      }
    : { kind: "sqlite", path: env.SQLITE_PATH ?? "./data/accountgraph.db" };
  return {
    port,
    host: env.HOST ?? "0.0.0.0",
    production: env.NODE_ENV === "production",
    seedOnEmpty: parseBool(env.SEED_ON_EMPTY ?? "true", "SEED_ON_EMPTY"),
    store,
    benchCounters: parseBool(env.BENCH_COUNTERS ?? "false", "BENCH_COUNTERS"),
    ...(env.FEED_POLL_MS !== undefined ? { feedPollMs: readMilliseconds(env.FEED_POLL_MS, "FEED_POLL_MS") } : {}),
    ...(env.STORE_MIN_FREE_MB !== undefined ? { minFreeBytes: readMegabytes(env.STORE_MIN_FREE_MB, "STORE_MIN_FREE_MB") } : {}),
  };
}

function readMilliseconds(value: string, name: string): number {
  const ms = Number(value);
  if (value.trim() === "" || !Number.isInteger(ms) || ms < 10 || ms > 60_000)
    throw new Error(`config: ${name} must be a whole number of milliseconds from 10 to 60000, got ${value}`);
  return ms;
}

function readMegabytes(value: string, name: string): number {
  const megabytes = Number(value);
  if (value.trim() === "" || !Number.isFinite(megabytes) || megabytes < 0)
    throw new Error(`config: ${name} must be a number of MiB >= 0, got ${value}`);
  return megabytes * 1024 * 1024;
}

function parseBool(value: string, name: string): boolean {
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  throw new Error(`config: ${name} must be true or false, got ${value}`);
}
