/**
 * Benchmark step 3 (child process): the server's start (startApp until it listens: the read
 * model's whole-state load), then `influenceHubs(first: 20)` through the real HTTP API
 * on the store prepared by influence-prepare.ts — cold (from listening; the engine's first refresh
 * included), warm (median and p95 of 50), and the first query after one new link is
 * written — with the engine's refresh events. A process of its own, so the engine's
 * worker and caches never count in influence-measure.ts's memory figures.
 *
 *   node --import tsx bench/influence-api-measure.ts <sqlite path> <low id> <second-lowest id> [neo4j uri]
 * The ids are the accounts ranked last by PageRank (influence-measure.ts finds them):
 * the new link goes from one of them to the top account.
 * Prints one JSON line.
 */
import { startApp } from "../src/app.js";
import { InfluenceEngine, type RefreshStats } from "../src/analytics/engine/index.js";
import { createLogger } from "../src/logger.js";
import type { AccountGraphStore } from "../src/ports/account-graph-store.js";
import { Neo4jAccountGraphStore } from "../src/store/neo4j/neo4j-store.js";
import { SqliteAccountGraphStore } from "../src/store/sqlite/sqlite-store.js";
import { apiClient } from "../test/support/api-client.js";
import { median, percentile, timed } from "./bench-support.js";

const WARM_QUERIES = 50;
const HUBS = `{ influenceHubs(metric: PAGERANK, first: 20) { snapshot { version stale } edges { accountId score } } }`;

const [sqlitePath, lowId, secondLowId, neo4jUri] = process.argv.slice(2) as [string, string, string, string | undefined];
const result: Record<string, unknown> = {};

async function measureApi(store: AccountGraphStore, lowId: string) {
  const refreshes: RefreshStats[] = [];
  const leads: number[] = [];
  let fullyRefreshed: () => void = () => {};
  let engine: InfluenceEngine | undefined;
  const observe = (built: InfluenceEngine) =>
    (engine = built).onEvent((event) => {
      if (event.type === "lead-ready") leads.push(event.elapsedMs);
      if (event.type !== "refresh-end") return;
      refreshes.push(event.stats);
      fullyRefreshed();
    });
  const nextFullRefresh = () => new Promise<void>((resolve) => (fullyRefreshed = resolve));
  // Until it listens the server reads the whole store into its read model (and builds the view).
  const starting = performance.now();
  const server = await startApp({
    store,
    logger: createLogger("silent"),
    port: 0,
    host: "127.0.0.1",
    analytics: { influence: { maxWaitMs: 600_000 }, observeEngine: observe },
  });
  const startMs = performance.now() - starting;
  try {
    const gql = apiClient(`http://127.0.0.1:${server.port}/`);
    const firstFull = nextFullRefresh();
    const cold = await timed(() => gql(HUBS));
    if (cold.value.errors) throw new Error(JSON.stringify(cold.value.errors));
    // Warm means steady state: the structure phase (betweenness, Louvain) has finished too.
    const coldFull = await timed(() => firstFull);
    const topId = cold.value.data.influenceHubs.edges[0].accountId as string;
    const warm: number[] = [];
    for (let i = 0; i < WARM_QUERIES; i++) warm.push((await timed(() => gql(HUBS))).ms);
    const write = await timed(() =>
      gql(`mutation($from: ID!, $to: ID!) { linkInfluence(input: { fromId: $from, toId: $to, kind: ADVISOR, strength: 1 }) { id } }`, {
        from: lowId,
        to: topId,
      }),
    );
    if (write.value.errors) throw new Error(JSON.stringify(write.value.errors));
    const secondFull = nextFullRefresh();
    const afterWrite = await timed(() => gql(HUBS));
    await secondFull;
    const rankOf = await gql(`query($id: ID!) { account(id: $id) { influence { ranks { metric rank } } } }`, { id: lowId });
    const lowRank = rankOf.data.account.influence.ranks.find((r: { metric: string }) => r.metric === "PAGERANK").rank as number;
    return {
      executionMode: engine?.executionMode ?? null,
      startMs,
      coldMs: cold.ms,
      coldFullMs: cold.ms + coldFull.ms,
      leadMs: leads,
      warmMedianMs: median(warm),
      warmP95Ms: percentile(warm, 95),
      writeMs: write.ms,
      afterWriteMs: afterWrite.ms,
      afterWriteStale: afterWrite.value.data.influenceHubs.snapshot.stale as boolean,
      lowAccountRankAfter: lowRank,
      lowInTop20: (afterWrite.value.data.influenceHubs.edges as { accountId: string }[]).some((e) => e.accountId === lowId),
      refreshes: refreshes.map((r) => ({
        kind: r.kind,
        host: r.host,
        projectionMs: r.projectionMs,
        leadMs: r.leadMs,
        coreMs: r.coreMs,
        structureMs: r.structureMs,
      })),
    };
  } finally {
    await server.close();
  }
}

const sqlite = new SqliteAccountGraphStore({ path: sqlitePath });
await sqlite.init();
try {
  result.apiSqlite = await measureApi(sqlite, lowId);
} finally {
  await sqlite.close();
}
if (neo4jUri) {
  const neo4j = new Neo4jAccountGraphStore({ uri: neo4jUri, user: "neo4j", password: "" });
  await neo4j.init();
  try {
    result.apiNeo4j = await measureApi(neo4j, secondLowId);
  } finally {
    await neo4j.close();
  }
}
console.log(JSON.stringify(result));
