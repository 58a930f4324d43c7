/**
 * Benchmark step 2 (child process): on the stores prepared by influence-prepare.ts,
 * measures the projection and the metrics the way the analytics host runs them:
 * - the store's whole-state read alone, then read -> typed columns -> CSR ready (the
 *   projection a first answer waits for), and the columns -> CSR part alone;
 * - each metric of the analytics registry, PageRank JIT-cold (first call in the process)
 *   and warm (median of 3, cold start vector), Louvain, keystones, the whole snapshot;
 * - one new link: the patch, the CSR patch and the warm-started PageRank after it (the
 *   "first call after a change"), and where the linked account ranks then;
 * - heap held by the projection and the peak RSS of this process (read + projection +
 *   metrics), taken before graphology's own PageRank is timed for comparison (S, M only:
 *   it needs the graphology graph, which the metrics no longer build).
 * Writes the influence edge list and our PageRank for the igraph comparison.
 *
 *   node --expose-gc --import tsx bench/influence-measure.ts <size> <sqlite path> <out dir> [neo4j uri]
 * Prints one JSON line.
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pagerankModule from "graphology-metrics/centrality/pagerank.js";
import { createWorkerHost } from "../src/analytics/engine/host-client.js";
import { computeSnapshot, computeCoreSnapshot, DEFAULTS as SNAPSHOT_DEFAULTS } from "../src/analytics/engine/snapshot-compute.js";
import {
  applyGraphPatch,
  computePageRank,
  csrOf,
  detectCommunities,
  findKeystones,
  METRIC_NAMES,
  METRICS,
  projectionFromColumns,
  type MetricName,
  type Projection,
} from "../src/analytics/index.js";
import { DomainError } from "../src/domain/errors.js";
import { graphColumnsOf } from "../src/services/read-model/graph-slices.js";
import { viewOfState } from "../src/services/read-model/read-view.js";
import { READ_MODEL_DEFAULTS } from "../src/services/read-model/read-model.js";
import { addDays } from "../src/domain/dates.js";
import { todayIso } from "../src/domain/guards.js";
import type { AccountGraphStore } from "../src/ports/account-graph-store.js";
import { Neo4jAccountGraphStore } from "../src/store/neo4j/neo4j-store.js";
import { SqliteAccountGraphStore } from "../src/store/sqlite/sqlite-store.js";
import { BENCH_SIZES, collectGarbage, heapUsedMb, median, peakRssMb, timed, type BenchSize } from "./bench-support.js";

type PageRankFn = (graph: unknown, options: Record<string, unknown>) => Record<string, number>;
const graphologyPagerank = ((pagerankModule as unknown as { default?: PageRankFn }).default ?? pagerankModule) as unknown as PageRankFn;

const [size, sqlitePath, outDir, neo4jUri] = process.argv.slice(2) as [BenchSize, string, string, string | undefined];
const { structure: withStructure, graphologyComparison } = BENCH_SIZES[size];
const result: Record<string, unknown> = { size };

/**
 * The store's whole-state read as the read model makes it at start (the graph and the last
 * two years of activity; every request, the strategy and the projection share it), then the
 * projection from that in-memory view: its records into typed columns, then CSR ready in
 * the analytics worker (`viewToCsrMs`, what a reload of the analytics costs), and the
 * worker's part alone (`columnsToCsrMs`: transfer, projection, CSR).
 */
async function measureProjection(store: AccountGraphStore) {
  const since = addDays(todayIso(), -READ_MODEL_DEFAULTS.activityDays);
  const read = await timed(async () => viewOfState(await store.readState({ activitySince: since }), since));
  const view = read.value;
  collectGarbage();
  // As a reload does: columns read from the view on the main thread (services.ts graph
  // source), then moved to the analytics worker, which builds the projection and its CSR in
  // its own heap (engine/graph-loader.ts).
  const columns = await timed(() => graphColumnsOf(view));
  const worker = createWorkerHost({ projection: {}, snapshot: {} });
  await worker.reach([], 1); // started and idle, as the server's worker is after its first load
  const cpuBefore = process.cpuUsage();
  const loaded = await timed(() => worker.loadColumns(columns.value));
  const cpu = process.cpuUsage(cpuBefore);
  cpuMs.COLUMNS_TO_CSR = (cpu.user + cpu.system) / 1000;
  await worker.close();
  // The metrics below are timed in this thread, on a projection built the same way (untimed).
  collectGarbage();
  const heapBefore = heapUsedMb();
  const projection = projectionFromColumns(await graphColumnsOf(view), {}, true);
  csrOf(projection);
  collectGarbage();
  return {
    rows: view.accounts.size + view.links.size,
    readMs: read.ms,
    viewToCsrMs: columns.ms + loaded.ms,
    readToCsrMs: read.ms + columns.ms + loaded.ms,
    columnsToCsrMs: loaded.ms,
    heapMb: heapUsedMb() - heapBefore,
    projection,
  };
}

function timeMetrics(projection: Projection) {
  const metrics: Record<string, number | string> = {};
  const n = csrOf(projection).order;
  for (const name of METRIC_NAMES) {
    if (name === "AUTHORITY") continue; // one HITS run gives both; timed under HUB
    if (name === "HARMONIC_CLOSENESS" && n > SNAPSHOT_DEFAULTS.harmonicClosenessMaxNodes) {
      metrics[name] = `skipped above ${SNAPSHOT_DEFAULTS.harmonicClosenessMaxNodes.toLocaleString("en")} accounts`;
      continue;
    }
    if (name === "BETWEENNESS" && !withStructure) {
      metrics[name] = "structure phase not run at this size";
      continue;
    }
    const compute = () => (METRICS[name as MetricName] as { compute(p: Projection, o?: object): unknown }).compute(projection);
    const started = performance.now();
    try {
      metrics[name] = timedSync(compute, name);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      metrics[name] = `${error.code} after ${Math.round(performance.now() - started)} ms`;
    }
  }
  // PageRank again, JIT-warm, from the uniform vector every time (no warm start): the solver alone.
  metrics.PAGERANK_FIRST = metrics.PAGERANK!;
  cpuMs.PAGERANK_FIRST = cpuMs.PAGERANK!;
  const warm = [0, 1, 2].map(() => {
    const ms = timedSync(() => computePageRank(projection, { warmStartMinNodes: Infinity }), "PAGERANK");
    return { ms, cpu: cpuMs.PAGERANK! };
  });
  metrics.PAGERANK = median(warm.map((run) => run.ms));
  cpuMs.PAGERANK = median(warm.map((run) => run.cpu));
  metrics.LINKS_VIEW = timedSync(() => csrOf(projection, "LINKS"), "LINKS_VIEW");
  metrics.KEYSTONES = timedSync(() => findKeystones(projection), "KEYSTONES");
  if (withStructure) metrics.LOUVAIN = timedSync(() => detectCommunities(projection), "LOUVAIN");
  return metrics;
}

/**
 * One new link from the lowest-ranked account to the top one, as a write patches it: the
 * patch, the CSR patch and the warm-started PageRank — together "the first PageRank call
 * after a change". The id indexes writes need are built first and timed apart (the host
 * builds them after its first structure phase).
 */
function measureChange(projection: Projection, lowId: string, topId: string) {
  const patch = {
    op: "ADD_EDGE" as const,
    edge: { id: "lnk_bench_new", type: "INFLUENCES" as const, fromId: lowId, toId: topId, strength: 1, revenue: null },
  };
  // The host builds these after its first structure phase, off the write path.
  const prepareMs = timedSync(() => projection.prepareForWrites());
  const applyMs = timedSync(() => applyGraphPatch(projection, [patch]));
  const csrPatchMs = timedSync(() => csrOf(projection), "CHANGE_CSR");
  const solve = timedSyncValue(() => computePageRank(projection), "CHANGE_PAGERANK");
  const csr = csrOf(projection);
  const low = csr.indexOf.get(lowId)!;
  let rank = 1;
  for (let i = 0; i < csr.order; i++) if (solve.value.values[i]! > solve.value.values[low]!) rank++;
  return { prepareMs, applyMs, csrPatchMs, pagerankMs: solve.ms, iterations: solve.value.iterations, lowRankAfter: rank };
}

/**
 * CPU milliseconds of this process per labelled step, beside the wall times: on a machine
 * shared with other work, wall time includes waiting for a core, CPU time does not.
 */
const cpuMs: Record<string, number> = {};

function timedSync(work: () => unknown, label?: string): number {
  return timedSyncValue(work, label).ms;
}

function timedSyncValue<T>(work: () => T, label?: string): { value: T; ms: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(cpu);
  if (label) cpuMs[label] = (used.user + used.system) / 1000;
  return { value, ms: performance.now() - started };
}

/** Influence arcs "source target weight" (0-based, CSR order) and our PageRank, for igraph. */
function writeIgraphInputs(projection: Projection, pagerank: Float64Array) {
  const csr = csrOf(projection);
  const path = join(outDir, `${size}.edges`);
  writeFileSync(path, "");
  let lines: string[] = [];
  for (let s = 0; s < csr.order; s++) {
    for (let e = csr.outOffsets[s]!; e < csr.outOffsets[s + 1]!; e++) lines.push(`${s} ${csr.outTargets[e]} ${csr.outWeights[e]}`);
    if (lines.length >= 500_000 || s === csr.order - 1) {
      appendFileSync(path, `${lines.join("\n")}\n`); // in pieces: one string of 5M lines would not fit
      lines = [];
    }
  }
  writeFileSync(join(outDir, `${size}.pagerank`), Buffer.from(pagerank.buffer, pagerank.byteOffset, pagerank.byteLength));
  return { nodes: csr.order, arcs: csr.size };
}

if (neo4jUri) {
  const neo4j = new Neo4jAccountGraphStore({ uri: neo4jUri, user: "neo4j", password: "" });
  await neo4j.init();
  try {
    const fromNeo4j = await measureProjection(neo4j);
    result.neo4j = { rows: fromNeo4j.rows, readMs: fromNeo4j.readMs, readToCsrMs: fromNeo4j.readToCsrMs, viewToCsrMs: fromNeo4j.viewToCsrMs };
  } finally {
    await neo4j.close();
  }
  collectGarbage();
}

const sqlite = new SqliteAccountGraphStore({ path: sqlitePath });
await sqlite.init();
const fromSqlite = await measureProjection(sqlite);
await sqlite.close();
const projection = fromSqlite.projection;
result.sqlite = {
  rows: fromSqlite.rows,
  readMs: fromSqlite.readMs,
  readToCsrMs: fromSqlite.readToCsrMs,
  viewToCsrMs: fromSqlite.viewToCsrMs,
  columnsToCsrMs: fromSqlite.columnsToCsrMs,
};
result.projectionHeapMb = fromSqlite.heapMb;
result.metrics = timeMetrics(projection);
// Cold solves (no warm start from the metric runs above): what a freshly loaded graph costs.
const cold = {
  metricOptions: { PAGERANK: { warmStartMinNodes: Infinity }, HUB: { warmStartMinNodes: Infinity }, EIGENVECTOR: { warmStartMinNodes: Infinity } },
};
const snapshot = await timed(() => (withStructure ? computeSnapshot(projection, 0, cold) : computeCoreSnapshot(projection, 0, cold)));
result.snapshotMs = snapshot.ms;
result.snapshotTimings = snapshot.value.timings;
result.snapshotPhases = withStructure ? "core + structure" : "core";
const pagerank = computePageRank(projection, { warmStartMinNodes: Infinity });
result.pagerankIterations = pagerank.iterations;
result.graph = writeIgraphInputs(projection, pagerank.values);
const ranked = snapshot.value.metrics.PAGERANK!;
const lowId = snapshot.value.ids[ranked.order[ranked.order.length - 1]!]!;
const topId = snapshot.value.ids[ranked.order[0]!]!;
result.lowRankBefore = ranked.rank[csrOf(projection).indexOf.get(lowId)!];
result.lowIds = [lowId, snapshot.value.ids[ranked.order[ranked.order.length - 2]!]!];
result.change = measureChange(projection, lowId, topId);
result.peakRssMb = peakRssMb();
result.projectionHasGraphology = projection.hasGraph;
if (graphologyComparison) {
  const n = csrOf(projection).order;
  // graphology stops at N·tolerance summed change: ask for the same absolute 1e-10.
  result.graphologyPagerankMs = timedSync(() =>
    graphologyPagerank(projection.graph, { getEdgeWeight: "strength", tolerance: 1e-10 / n, maxIterations: 1000 }),
  );
}
result.cpuMs = cpuMs;
console.log(JSON.stringify(result));
