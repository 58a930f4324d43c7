/**
 * Influence analytics benchmark (issues 3 and 15): per dataset size S / M / L / XL from
 * seeds/generate-dataset.ts, prints the bulk imports, the projection (store read to CSR
 * ready) from each store, each metric's time, a new link's patch and the PageRank after
 * it, memory, `influenceHubs(first: 20)` latency through the real HTTP API (cold, warm
 * median, right after one new link), and python-igraph on the same edge list with the
 * ratio ours / igraph.
 *
 * Each size runs in fresh child processes (influence-prepare.ts, influence-measure.ts,
 * influence-api-measure.ts) so peak-memory figures belong to that size and step alone.
 * Neo4j: NEO4J_URI if set (its database is wiped!), else a local Neo4j started through
 * scripts/neo4j; if neither works the bench says so and continues with SQLite. Each
 * size's raw figures are also written to .bench/influence-<size>-<time>.json.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import neo4jDriver from "neo4j-driver";
import { startNeo4jCluster, type Neo4jCluster } from "../scripts/neo4j/neo4j-process.js";
import { BENCH_SIZES, formatMs, formatRatio, renderTable, type BenchSize } from "./bench-support.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const PYTHON = process.env.PYTHON ?? "python3";

export interface InfluenceBenchOptions {
  sizes: BenchSize[];
  /** Sizes also loaded into Neo4j (its bulk import of L takes a long time on a 2-core machine). */
  neo4jSizes: BenchSize[];
  log?: (line: string) => void;
}

type Json = Record<string, any>;

export async function runInfluenceBench(options: InfluenceBenchOptions): Promise<string> {
  const log = options.log ?? ((line: string) => console.error(line));
  const igraph = ensureIgraph(log);
  const neo4j = options.sizes.some((size) => options.neo4jSizes.includes(size)) ? await openNeo4j(log) : null;
  const sections: string[] = [];
  try {
    for (const size of options.sizes) {
      log(`influence bench: size ${size} (${BENCH_SIZES[size].accounts.toLocaleString("en")} accounts) ...`);
      const work = mkdtempSync(join(tmpdir(), `accountgraph-bench-${size}-`));
      try {
        const withNeo4j = neo4j && options.neo4jSizes.includes(size) ? neo4j : null;
        if (withNeo4j) await wipeNeo4j(withNeo4j.uri);
        const sqlitePath = join(work, "store.db");
        const big = BENCH_SIZES[size].accounts > 200_000;
        const heap = big ? ["--max-old-space-size=12288"] : [];
        const prepared = await runChild([
          ...heap,
          "--import",
          "tsx",
          "bench/influence-prepare.ts",
          size,
          sqlitePath,
          ...(withNeo4j ? [withNeo4j.uri] : []),
        ]);
        const neo4jUri = withNeo4j && !prepared.neo4jError ? [withNeo4j.uri] : [];
        const measured = await runChild([
          "--expose-gc",
          "--max-old-space-size=8192",
          "--import",
          "tsx",
          "bench/influence-measure.ts",
          size,
          sqlitePath,
          work,
          ...neo4jUri,
        ]);
        const api = BENCH_SIZES[size].api
          ? await runChild(["--import", "tsx", "bench/influence-api-measure.ts", sqlitePath, ...(measured.lowIds as string[]), ...neo4jUri])
          : null;
        const theirs = igraph ? runIgraph(work, size, BENCH_SIZES[size].accounts <= 20_000, log) : null;
        const neo4jNote = !options.neo4jSizes.includes(size)
          ? `Neo4j skipped for ${size} (--neo4j-sizes ${options.neo4jSizes.join(",")})`
          : (neo4j?.note ?? "Neo4j unavailable");
        keepRawFigures(size, { prepared, measured, api, igraph: theirs });
        sections.push(renderSize(size, prepared, measured, api, theirs, neo4jNote));
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
  } finally {
    await neo4j?.stop();
  }
  if (!igraph) sections.push("python-igraph: not available (pip install igraph failed) — igraph columns left empty.");
  return sections.join("\n\n");
}

/** python-igraph importable, installing it with pip once if needed. */
function ensureIgraph(log: (line: string) => void): boolean {
  const probe = () => spawnSync(PYTHON, ["-c", "import igraph"], { stdio: "ignore" }).status === 0;
  if (probe()) return true;
  log("influence bench: python-igraph missing, running pip install igraph ...");
  spawnSync(PYTHON, ["-m", "pip", "install", "--quiet", "igraph"], { stdio: "inherit" });
  if (probe()) return true;
  log("influence bench: python-igraph could not be installed; the igraph comparison is skipped.");
  return false;
}

export interface BenchNeo4j {
  uri: string;
  note: string;
  stop(): Promise<void>;
}

export async function openNeo4j(log: (line: string) => void): Promise<BenchNeo4j | null> {
  if (process.env.NEO4J_URI) {
    log(`influence bench: using NEO4J_URI=${process.env.NEO4J_URI} (its database is wiped per size)`);
    return { uri: process.env.NEO4J_URI, note: "Neo4j at NEO4J_URI", stop: async () => {} };
  }
  const dataDir = mkdtempSync(join(tmpdir(), "accountgraph-bench-neo4j-"));
  try {
    log("influence bench: starting a local Neo4j 5.26 (scripts/neo4j) ...");
    const cluster: Neo4jCluster = await startNeo4jCluster({
      instances: 1,
      dataDir,
      ports: [0],
      heap: "3g",
      pageCachePerInstance: "1g",
      quickStart: false,
    });
    return {
      uri: cluster.uris[0]!,
      note: "local embedded Neo4j 5.26, heap 3 GiB",
      async stop() {
        await cluster.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    log(
      `influence bench: Neo4j unavailable (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); continuing with SQLite only.`,
    );
    return null;
  }
}

export async function wipeNeo4j(uri: string): Promise<void> {
  const driver = neo4jDriver.driver(uri, neo4jDriver.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? ""));
  const session = driver.session();
  try {
    // Relationships first, in batches: a node's DETACH DELETE takes all its relationships in the
    // same transaction, and 10,000 well-connected nodes at once overran the transaction memory cap.
    await session.run("MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS");
    await session.run("MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 10000 ROWS");
  } finally {
    await session.close();
    await driver.close();
  }
}

function runChild(args: string[]): Promise<Json> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      const last = output.trim().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as Json);
      else reject(new Error(`bench child ${args.join(" ")} exited with ${code}:\n${output}`));
    });
  });
}

/** The raw figures of one size, for comparing runs (medians and spread across repeated benches). */
function keepRawFigures(size: string, figures: Json): void {
  const dir = join(ROOT, ".bench");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `influence-${size}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`), JSON.stringify(figures, null, 1));
}

function runIgraph(work: string, size: string, exactBetweenness: boolean, log: (line: string) => void): Json | null {
  const run = spawnSync(
    PYTHON,
    [join(ROOT, "bench/igraph-bench.py"), join(work, `${size}.edges`), join(work, `${size}.pagerank`), exactBetweenness ? "1" : "0"],
    { encoding: "utf8", maxBuffer: 1 << 20, timeout: 3_600_000 },
  );
  if (run.status !== 0) {
    log(`influence bench: igraph run failed: ${run.stderr}`);
    return null;
  }
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Json;
}

function renderSize(size: string, prepared: Json, measured: Json, api: Json | null, theirs: Json | null, neo4jNote: string): string {
  const m = measured.metrics as Record<string, number | string>;
  const metric = (name: string) => (typeof m[name] === "number" ? formatMs(m[name] as number) : String(m[name] ?? "—"));
  const num = (name: string) => (typeof m[name] === "number" ? (m[name] as number) : null);
  const rows: string[][] = [];
  const add = (step: string, ours: string, igraph = "", ratio = "") => rows.push([step, ours, igraph, ratio]);
  // Wall times, and the CPU-time ratio where both sides measured it: the machine is shared,
  // and wall time includes waiting for a core.
  const ourCpu = (measured.cpuMs ?? {}) as Record<string, number>;
  const theirCpu = (theirs?.cpuMs ?? {}) as Record<string, number>;
  const versus = (step: string, ours: number | null | undefined, igraphMs: number | null | undefined, note = "", cpu?: [string, string]) => {
    const cpuRatio =
      cpu && ourCpu[cpu[0]] && theirCpu[cpu[1]]
        ? `cpu ${formatMs(ourCpu[cpu[0]])}/${formatMs(theirCpu[cpu[1]])} = ${formatRatio(ourCpu[cpu[0]], theirCpu[cpu[1]])}`
        : "";
    add(step, formatMs(ours), formatMs(igraphMs), [formatRatio(ours, igraphMs), cpuRatio, note].filter(Boolean).join("  "));
  };

  add("generate dataset", formatMs(prepared.generateMs));
  add("import into SQLite", formatMs(prepared.sqliteImportMs));
  add("import into Neo4j", prepared.neo4jImportMs ? formatMs(prepared.neo4jImportMs) : (prepared.neo4jError ?? neo4jNote));
  add("SQLite: read model's whole-state read (graph + 2 years of activity)", formatMs(measured.sqlite.readMs));
  versus("projection: read view to CSR ready / igraph read+build", measured.sqlite.viewToCsrMs, theirs ? theirs.readMs + theirs.buildMs : null);
  add("SQLite: store read to CSR ready (both above)", formatMs(measured.sqlite.readToCsrMs));
  versus("  columns to CSR ready in the analytics worker / igraph Graph()", measured.sqlite.columnsToCsrMs, theirs?.buildMs, "", [
    "COLUMNS_TO_CSR",
    "build",
  ]);
  if (measured.neo4j) {
    add("Neo4j: read model's whole-state read", formatMs(measured.neo4j.readMs));
    add("Neo4j: store read to CSR ready", formatMs(measured.neo4j.readToCsrMs));
  } else add("projection from Neo4j", neo4jNote);
  add("heap held by the projection", `${measured.projectionHeapMb.toFixed(0)} MB`);
  add(
    "peak RSS (read + projection + metrics)",
    `${measured.peakRssMb.toFixed(0)} MB`,
    theirs ? `${theirs.peakRssMb.toFixed(0)} MB` : "",
    formatRatio(measured.peakRssMb, theirs?.peakRssMb),
  );
  add("LINKS view (strongest link per pair)", metric("LINKS_VIEW"), "", ourCpu.LINKS_VIEW ? `cpu ${formatMs(ourCpu.LINKS_VIEW)}` : "");
  // igraph column: PRPACK; the ratio is against PRPACK (ARPACK shown in the note).
  versus("PageRank, first call in a fresh process (JIT cold)", num("PAGERANK_FIRST"), theirs?.pagerankFirstMs, "", [
    "PAGERANK_FIRST",
    "pagerankFirst",
  ]);
  versus(
    "PageRank, warm: median of 3, cold start vector",
    num("PAGERANK"),
    theirs?.pagerankMs,
    `${measured.pagerankIterations} sweeps; igraph ARPACK ${formatMs(theirs?.pagerankArpackMs)}`,
    ["PAGERANK", "pagerank"],
  );
  const change = measured.change as Json;
  const afterChange = change.csrPatchMs + change.pagerankMs;
  if (ourCpu.CHANGE_CSR !== undefined && ourCpu.CHANGE_PAGERANK !== undefined) ourCpu.CHANGE = ourCpu.CHANGE_CSR + ourCpu.CHANGE_PAGERANK;
  versus(
    "PageRank, first call after a new link (CSR patch + warm solve)",
    afterChange,
    theirs?.pagerankMs,
    `patch ${formatMs(change.applyMs)}, CSR ${formatMs(change.csrPatchMs)}, solve ${formatMs(change.pagerankMs)} (${change.iterations} sweeps); rank ${measured.lowRankBefore} -> ${change.lowRankAfter}; write indexes built before: ${formatMs(change.prepareMs)}`,
    ["CHANGE", "pagerank"],
  );
  if (theirs) add("  PageRank max relative difference vs igraph", theirs.pagerankMaxRelDiff.toExponential(1));
  if (measured.graphologyPagerankMs) versus("PageRank (graphology-metrics, same precision)", measured.graphologyPagerankMs, theirs?.pagerankMs);
  versus("HITS (hubs + authorities)", num("HUB"), theirs?.hitsMs, "", ["HUB", "hits"]);
  versus("Eigenvector", num("EIGENVECTOR"), theirs?.eigenvectorMs, "", ["EIGENVECTOR", "eigenvector"]);
  const n = measured.graph.nodes as number;
  const sampled = n > 5_000;
  const betweennessLabel = sampled ? "Betweenness (ours sampled, 256 pivots)" : "Betweenness (exact)";
  add(
    betweennessLabel,
    metric("BETWEENNESS"),
    formatMs(theirs?.betweennessMs),
    sampled ? "" : formatRatio(num("BETWEENNESS"), theirs?.betweennessMs),
  );
  if (sampled && theirs?.betweennessMs && num("BETWEENNESS")) {
    const perSourceOurs = num("BETWEENNESS")! / 256;
    const perSourceTheirs = theirs.betweennessMs / n;
    add("  per source: ours / igraph exact", formatMs(perSourceOurs), formatMs(perSourceTheirs), formatRatio(perSourceOurs, perSourceTheirs));
  }
  add("Harmonic closeness", metric("HARMONIC_CLOSENESS"));
  add("Degrees (4 kinds)", formatMs(["IN_DEGREE", "OUT_DEGREE", "WEIGHTED_IN_DEGREE", "WEIGHTED_OUT_DEGREE"].reduce((s, k) => s + (num(k) ?? 0), 0)));
  if (num("LOUVAIN") !== null) versus("Louvain (ours directed / igraph multilevel)", num("LOUVAIN"), theirs?.louvainMs, "", ["LOUVAIN", "louvain"]);
  else add("Louvain", "structure phase not run at this size");
  add("Keystones (articulation points)", metric("KEYSTONES"), "", ourCpu.KEYSTONES ? `cpu ${formatMs(ourCpu.KEYSTONES)}` : "");
  const phases = measured.snapshotTimings as Record<string, number>;
  add(
    `whole snapshot (${measured.snapshotPhases} + rankings), cold solves`,
    formatMs(measured.snapshotMs),
    "",
    `of which ranking ${formatMs((phases.RANKING ?? 0) + (phases.RANKING_CORE ?? 0) + (phases.RANKING_STRUCTURE ?? 0))}`,
  );
  for (const [label, one] of [
    ["SQLite", api?.apiSqlite],
    ["Neo4j", api?.apiNeo4j],
  ] as const) {
    if (!one) continue;
    const first = one.refreshes[0];
    add(`server start on ${label}: startApp until it listens`, formatMs(one.startMs), "", "the read model's whole-state load and view");
    add(
      `influenceHubs(first: 20) on ${label}: cold`,
      formatMs(one.coldMs),
      "",
      `from listening; ${one.executionMode}; load ${formatMs(first?.projectionMs)}, lead ${formatMs(first?.leadMs)}, core ${formatMs(first?.coreMs)}, structure ${formatMs(first?.structureMs)} more`,
    );
    add(`  warm median / p95 of 50`, `${formatMs(one.warmMedianMs)} / ${formatMs(one.warmP95Ms)}`);
    const patch = one.refreshes.at(-1);
    add(
      `  after one new link (write ${formatMs(one.writeMs)})`,
      formatMs(one.afterWriteMs),
      "",
      `${patch?.kind ?? "?"} ${formatMs(patch?.projectionMs)}, lead ${formatMs(patch?.leadMs)}, core +${formatMs(patch?.coreMs)}; rank ${one.lowAccountRankAfter}${one.lowInTop20 ? " (top 20)" : ""}; complete +${formatMs(patch?.structureMs)}`,
    );
  }
  if (!api) add("influenceHubs through the HTTP API", "not run at this size");
  const title =
    `== ${size}: ${prepared.accounts.toLocaleString("en")} accounts, ${prepared.links.toLocaleString("en")} links, ` +
    `${prepared.memberships.toLocaleString("en")} memberships -> projection ${n.toLocaleString("en")} nodes, ` +
    `${measured.graph.arcs.toLocaleString("en")} influence arcs ==`;
  return `${title}\n${renderTable(["step", "ours", "igraph", "ours/igraph"], rows)}`;
}
