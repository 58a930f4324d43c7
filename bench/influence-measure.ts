/**
 * Benchmark step 2 (child process): on stores prepared by influence-prepare.ts, measures
 * - projection build time from each store (whole-graph read alone, then read + build);
 * - each metric of the analytics registry on that projection, Louvain and keystones,
 *   graphology-metrics' own PageRank at matched precision, and the engine's whole
 *   per-version snapshot (every metric plus orderings);
 * - heap held by the projection and the peak RSS of projection + metrics;
 * - `influenceHubs(first: 20)` through the real HTTP API: cold (includes the first
 *   refresh), warm (median of N), and the first query after one new link is written.
 * Writes the influence edge list and our PageRank for the igraph comparison.
 *
 *   node --expose-gc --import tsx bench/influence-measure.ts <size> <sqlite path> <out dir> [neo4j uri]
 * Prints one JSON line.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import pagerankModule from "graphology-metrics/centrality/pagerank.js";
import { startApp } from "../src/app.js";
import { InfluenceEngine, type RefreshStats } from "../src/analytics/engine/index.js";
import { computeSnapshot, DEFAULTS as SNAPSHOT_DEFAULTS } from "../src/analytics/engine/snapshot-compute.js";
import { csrOf, detectCommunities, findKeystones, METRIC_NAMES, METRICS, type MetricName } from "../src/analytics/index.js";
import { buildProjection, type Projection } from "../src/analytics/projection.js";
import { DomainError } from "../src/domain/errors.js";
import { createLogger } from "../src/logger.js";
import { graphChunksOf } from "../src/services/read-model/graph-slices.js";
import { viewOfState } from "../src/services/read-model/read-view.js";
import type { AccountGraphStore } from "../src/ports/account-graph-store.js";
import { Neo4jAccountGraphStore } from "../src/store/neo4j/neo4j-store.js";
import { SqliteAccountGraphStore } from "../src/store/sqlite/sqlite-store.js";
import { apiClient } from "../test/support/api-client.js";
import { collectGarbage, heapUsedMb, median, peakRssMb, percentile, timed } from "./bench-support.js";

type PageRankFn = (graph: unknown, options: Record<string, unknown>) => Record<string, number>;
const graphologyPagerank = ((pagerankModule as unknown as { default?: PageRankFn }).default ?? pagerankModule) as unknown as PageRankFn;

const WARM_QUERIES = 50;
const HUBS = `{ influenceHubs(metric: PAGERANK, first: 20) { snapshot { version stale } edges { accountId score } } }`;

const [size, sqlitePath, outDir, neo4jUri] = process.argv.slice(2) as [string, string, string, string | undefined];
const result: Record<string, unknown> = { size };

/** The store's whole-state read (what a read model loads), then the projection built from that view's graph. */
async function measureRead(store: AccountGraphStore) {
  const read = await timed(async () => viewOfState(await store.readState({ activitySince: "2000-01-01" }), "2000-01-01"));
  const rows = read.value.accounts.size + read.value.links.size;
  collectGarbage();
  const heapBefore = heapUsedMb();
  const built = await timed(() => buildProjection(graphChunksOf(read.value)));
  collectGarbage();
  return { rows, readMs: read.ms, readBuildMs: read.ms + built.ms, projectionHeapMb: heapUsedMb() - heapBefore, projection: built.value };
}

function timeMetrics(projection: Projection) {
  const metrics: Record<string, number | string> = {};
  let peakHeap = heapUsedMb();
  // The CSR view is built once per projection revision and shared by every metric: time it apart.
  let started = performance.now();
  const n = csrOf(projection).order;
  metrics.CSR_VIEW = performance.now() - started;
  for (const name of METRIC_NAMES) {
    if (name === "AUTHORITY") continue; // one HITS run gives both; timed under HUB
    if (name === "HARMONIC_CLOSENESS" && n > SNAPSHOT_DEFAULTS.harmonicClosenessMaxNodes) {
      metrics[name] = `skipped above ${SNAPSHOT_DEFAULTS.harmonicClosenessMaxNodes} accounts`;
      continue;
    }
    started = performance.now();
    try {
      const compute = () => (METRICS[name as MetricName] as { compute(p: Projection): unknown }).compute(projection);
      compute();
      metrics[name] = performance.now() - started;
      if (name === "PAGERANK") {
        // The first call runs before V8 has optimised the kernel (seconds on L); the engine's
        // long-lived worker pays that once, so also report the warm time (median of 2 more).
        metrics.PAGERANK_FIRST = metrics[name]!;
        const warm = [0, 1].map(() => timedSync(compute));
        metrics[name] = median(warm);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      metrics[name] = `${error.code} after ${Math.round(performance.now() - started)} ms`;
    }
    peakHeap = Math.max(peakHeap, heapUsedMb());
  }
  started = performance.now();
  detectCommunities(projection);
  metrics.LOUVAIN = performance.now() - started;
  started = performance.now();
  findKeystones(projection);
  metrics.KEYSTONES = performance.now() - started;
  // graphology-metrics' own PageRank, for the CSR-kernel comparison: same graph and weights,
  // tolerance scaled by N because it compares the summed change with N·tolerance.
  started = performance.now();
  graphologyPagerank(projection.graph, { getEdgeWeight: "strength", tolerance: 1e-10 / n, maxIterations: 1000 });
  metrics.GRAPHOLOGY_PAGERANK = performance.now() - started;
  peakHeap = Math.max(peakHeap, heapUsedMb());
  return { metrics, peakHeapMb: peakHeap };
}

function timedSync(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

/** Influence arcs "source target weight" (0-based, CSR order) and our PageRank, for igraph. */
function writeIgraphInputs(projection: Projection, pagerank: Float64Array) {
  const csr = csrOf(projection);
  const lines: string[] = [];
  for (let s = 0; s < csr.order; s++) {
    for (let e = csr.outOffsets[s]!; e < csr.outOffsets[s + 1]!; e++) lines.push(`${s} ${csr.outTargets[e]} ${csr.outWeights[e]}`);
  }
  writeFileSync(join(outDir, `${size}.edges`), `${lines.join("\n")}\n`);
  writeFileSync(join(outDir, `${size}.pagerank`), Buffer.from(pagerank.buffer, pagerank.byteOffset, pagerank.byteLength));
  return { nodes: csr.order, arcs: csr.size };
}

async function measureApi(store: AccountGraphStore, lowId: string) {
  const refreshes: RefreshStats[] = [];
  const cores: number[] = [];
  let fullyRefreshed: () => void = () => {};
  let engine: InfluenceEngine | undefined;
  const observe = (built: InfluenceEngine) =>
    (engine = built).onEvent((event) => {
      if (event.type === "core-ready") cores.push(event.elapsedMs);
      if (event.type !== "refresh-end") return;
      refreshes.push(event.stats);
      fullyRefreshed();
    });
  const nextFullRefresh = () => new Promise<void>((resolve) => (fullyRefreshed = resolve));
  const server = await startApp({
    store,
    logger: createLogger("silent"),
    port: 0,
    host: "127.0.0.1",
    analytics: { influence: { maxWaitMs: 600_000 }, observeEngine: observe },
  });
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
      coldMs: cold.ms,
      coldFullMs: cold.ms + coldFull.ms,
      coreMs: cores,
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
let neo4j: Neo4jAccountGraphStore | null = null;
if (neo4jUri) {
  neo4j = new Neo4jAccountGraphStore({ uri: neo4jUri, user: "neo4j", password: "" });
  await neo4j.init();
  const fromNeo4j = await measureRead(neo4j);
  result.neo4j = { rows: fromNeo4j.rows, readMs: fromNeo4j.readMs, readBuildMs: fromNeo4j.readBuildMs };
  collectGarbage();
}

const fromSqlite = await measureRead(sqlite);
const projection = fromSqlite.projection;
result.sqlite = { rows: fromSqlite.rows, readMs: fromSqlite.readMs, readBuildMs: fromSqlite.readBuildMs };
result.projectionHeapMb = fromSqlite.projectionHeapMb;
const timedMetrics = timeMetrics(projection);
result.metrics = timedMetrics.metrics;
result.metricsPeakHeapMb = timedMetrics.peakHeapMb;
const snapshot = await timed(() => computeSnapshot(projection, 0));
result.snapshotMs = snapshot.ms;
result.snapshotTimings = snapshot.value.timings;
result.peakRssMb = peakRssMb();
const pagerank = snapshot.value.metrics.PAGERANK!;
result.graph = writeIgraphInputs(projection, pagerank.values);
const lowId = snapshot.value.ids[pagerank.order[pagerank.order.length - 1]!]!;

result.apiSqlite = await measureApi(sqlite, lowId);
if (neo4j) {
  try {
    result.apiNeo4j = await measureApi(neo4j, snapshot.value.ids[pagerank.order[pagerank.order.length - 2]!]!);
  } finally {
    await neo4j.close();
  }
}
await sqlite.close();
console.log(JSON.stringify(result));
