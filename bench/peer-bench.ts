/**
 * npm run bench:peer [-- --accounts 20000 --reuse --duration 20 --warm 20 --connections 20 --rounds 3 --queries a,b,c,d --check 25 --profile DIR]
 *
 * accountgraph against Neo4j's own GraphQL library on the same data: generates the M dataset
 * (generateDataset({accounts: 20000, seed: 1})), loads it through our Neo4j store into a
 * local Neo4j 5.26 (or NEO4J_URI; `--reuse` takes a database already holding exactly this
 * dataset's accounts), builds (`npm run build`) and starts, each as its own process on the
 * same node flags:
 *   - ours: dist/src/main.js in production mode with an ADMIN API key and BENCH_COUNTERS=1;
 *   - the peer: @neo4j/graphql 7 on Apollo Server 5 standalone (bench/peer/peer-server.ts),
 *     with type definitions matching what our store writes (bench/peer/peer-type-defs.ts).
 *
 * Then, per read of bench/peer/peer-queries.ts (a: revenue page with owner and outgoing
 * links; b: one account with incoming and outgoing links and memberships; c: ENTERPRISE ∧
 * CUSTOMER page with totalCount; d: one account's raw engagements, a read that must go to
 * the store):
 *   1. rows: the first `--check` items of its sequence through both servers, normalised and
 *      compared as JSON: "identical", or the first difference and exit code 1 (nothing is
 *      measured on different answers);
 *   2. round trips to the store per request (bench/peer/peer-round-trips.ts), from our
 *      server's own query counter;
 *   3. load: `--warm` s per server not measured, then `--rounds` rounds of four `--duration` s
 *      runs at `--connections` connections in both orders (ours, peer, peer, ours), so a drift
 *      of the shared machine hits both; req/s, p50, p99 per run, and the ratio ours/peer per
 *      order; median and spread (min–max) of the ratio over every order of every round.
 * Targets (issue 10): ours ≥ 2x the peer's req/s on a, b and c; a store-bound read (d) ≤ 2
 * round trips. The machine's load average is printed: on 2 shared cores absolute figures
 * move with the neighbours, ratios measured back to back much less.
 * `--profile DIR`: V8 CPU profiles of both servers into DIR (written when they stop).
 */
import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateDataset } from "../seeds/index.js";
import { generateApiKey } from "../src/api/auth/api-keys.js";
import { STORE_QUERIES_PATH } from "../src/main.js";
import { formatMs, median, renderTable, timed } from "./bench-support.js";
import { openLoadNeo4j } from "./load-neo4j.js";
import { productionNodeFlags, startLoadServer, startServerProcess, waitForIdleCpu, type LoadServer } from "./load-server.js";
import { checkRows, type Endpoint } from "./peer/peer-compare.js";
import { driveRead, type LoadRun } from "./peer/peer-load.js";
import { buildPeerQueries, type PeerQuery, type PeerQueryKey } from "./peer/peer-queries.js";
import { measureRoundTrips, serverCounter, type RoundTrips } from "./peer/peer-round-trips.js";

const PEER_BENCH_DEFAULTS = Object.freeze({
  accounts: 20_000,
  seed: 1,
  duration: 20,
  /** Per read and server: the peer's Cypher runs on Neo4j's JIT, which needs traffic to compile (see npm run load). */
  warm: 20,
  connections: 20,
  rounds: 3,
  queries: "a,b,c,d",
  /** Items of each sequence whose rows are compared. */
  check: 25,
  /** Sequential requests per round-trip count. */
  roundTripRequests: 100,
  /** Issue 10: ours at least this many times the peer's throughput on a, b and c. */
  throughputTarget: 2,
  /** Issue 10: a store-bound read in at most this many round trips. */
  roundTripTarget: 2,
});

const { values } = parseArgs({
  options: {
    accounts: { type: "string" },
    reuse: { type: "boolean" },
    duration: { type: "string" },
    warm: { type: "string" },
    connections: { type: "string" },
    rounds: { type: "string" },
    queries: { type: "string" },
    check: { type: "string" },
    profile: { type: "string" },
  },
});
const options = {
  accounts: Number(values.accounts ?? PEER_BENCH_DEFAULTS.accounts),
  reuse: values.reuse === true,
  duration: Number(values.duration ?? PEER_BENCH_DEFAULTS.duration),
  warm: Number(values.warm ?? PEER_BENCH_DEFAULTS.warm),
  connections: Number(values.connections ?? PEER_BENCH_DEFAULTS.connections),
  rounds: Number(values.rounds ?? PEER_BENCH_DEFAULTS.rounds),
  queries: (values.queries ?? PEER_BENCH_DEFAULTS.queries).split(",").map((q) => q.trim()) as PeerQueryKey[],
  check: Number(values.check ?? PEER_BENCH_DEFAULTS.check),
  profileArgs: values.profile ? ["--cpu-prof", `--cpu-prof-dir=${values.profile}`] : [],
};

type Side = "ours" | "peer";

interface Servers {
  ours: LoadServer;
  peer: LoadServer;
  endpoints: Record<Side, Endpoint>;
  neo4jPid: number | null;
}

/** One measured run, and where it stood in its round. */
interface Measured {
  query: PeerQueryKey;
  round: number;
  order: "ours→peer" | "peer→ours";
  side: Side;
  run: LoadRun;
  load1: number;
}

async function main(): Promise<void> {
  const startedLoad = loadavg();
  const admin = generateApiKey("ADMIN");
  console.log(`peer: generating the dataset (${options.accounts} accounts, seed ${PEER_BENCH_DEFAULTS.seed}) ...`);
  const generated = await timed(() => generateDataset({ accounts: options.accounts, seed: PEER_BENCH_DEFAULTS.seed }));
  const dataset = generated.value;
  console.log(
    `peer: ${dataset.accounts.length} accounts, ${dataset.influences.length + dataset.referrals.length} links in ${formatMs(generated.ms)}`,
  );
  const all = buildPeerQueries(dataset);
  const unknown = options.queries.filter((q) => !(q in all));
  if (unknown.length > 0) throw new Error(`--queries: unknown ${unknown.join(", ")} (a, b, c, d)`);
  const queries = options.queries.map((q) => all[q]);

  console.log("peer: building (npm run build) ...");
  execFileSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
  const dir = mkdtempSync(join(tmpdir(), "accountgraph-peer-"));
  const neo4j = await openLoadNeo4j(dataset, dir, { reuse: options.reuse, label: "peer [neo4j]" });
  if (!neo4j) {
    rmSync(dir, { recursive: true, force: true });
    process.exitCode = 1;
    return;
  }
  let servers: Servers | undefined;
  try {
    servers = await startServers(
      neo4j.env,
      { ...neo4j.env, API_KEYS: admin.line, NODE_ENV: "production", BENCH_COUNTERS: "1" },
      admin.key,
      neo4j.pid,
    );
    if (!(await printRowChecks(queries, servers))) {
      process.exitCode = 1;
      return;
    }
    await printRoundTrips(queries, servers);
    const measured = await measureThroughput(queries, servers);
    printThroughput(queries, measured);
    const endedLoad = loadavg();
    console.log(
      `\nload average (1/5/15 min) at start ${startedLoad.map((l) => l.toFixed(2)).join(" ")}, at end ${endedLoad.map((l) => l.toFixed(2)).join(" ")} ` +
        `(2 cores shared with other work: absolute figures are noisy; ratios are measured back to back)`,
    );
  } finally {
    await servers?.ours.stop();
    await servers?.peer.stop();
    await neo4j.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startServers(
  neo4jEnv: Record<string, string>,
  oursEnv: Record<string, string>,
  adminKey: string,
  neo4jPid: number | null,
): Promise<Servers> {
  const ours = await startLoadServer(oursEnv, options.profileArgs);
  // Same node flags as ours (package.json start:prod), compiled the same way; no source maps.
  const peer = await startServerProcess(
    [...options.profileArgs, ...productionNodeFlags(), "dist/bench/peer/peer-server.js"],
    { ...neo4jEnv, NODE_ENV: "production" },
    async (_url, output) => output.includes("peer ready at"),
  ).catch(async (error: unknown) => {
    await ours.stop();
    throw error;
  });
  console.log(`peer: ours pid ${ours.pid} at ${ours.url}, peer pid ${peer.pid} at ${peer.url}${neo4jPid ? `, Neo4j pid ${neo4jPid}` : ""}`);
  // Ours computes its first analytics and strategy snapshots after it is ready: not part of any read measured here.
  const settled = await Promise.all([waitForIdleCpu(ours.pid), waitForIdleCpu(peer.pid)]);
  console.log(`peer: both servers idle (ours after ${settled[0].toFixed(0)} s, the peer after ${settled[1].toFixed(0)} s)`);
  const json = { "content-type": "application/json" };
  return {
    ours,
    peer,
    endpoints: { ours: { url: ours.url, headers: { ...json, authorization: `Bearer ${adminKey}` } }, peer: { url: peer.url, headers: json } },
    neo4jPid,
  };
}

/** False when some read answers differently (the difference is printed). */
async function printRowChecks(queries: readonly PeerQuery[], servers: Servers): Promise<boolean> {
  console.log(`\n=== rows: the first ${options.check} items of each read through both servers ===`);
  let same = true;
  for (const query of queries) {
    const check = await checkRows(query, servers.endpoints.ours, servers.endpoints.peer, options.check);
    if (check.difference) {
      same = false;
      console.log(`${query.key}: DIFFERENT at item ${check.checked} ${JSON.stringify(check.difference.item)}: ${check.difference.where}`);
    } else {
      console.log(`${query.key}: identical (${check.checked} requests, ${check.rows} rows) — ${query.title}`);
    }
  }
  return same;
}

async function printRoundTrips(queries: readonly PeerQuery[], servers: Servers): Promise<void> {
  const n = PEER_BENCH_DEFAULTS.roundTripRequests;
  console.log(`\n=== round trips to the store per request (${n} sequential requests, minus an idle window as long) ===`);
  const counts = serverCounter(servers.endpoints.ours, STORE_QUERIES_PATH);
  const rows: string[][] = [];
  for (const query of queries) {
    const trips = await measureRoundTrips(servers.endpoints.ours, query.ours, query.items, n, counts);
    const target = trips.perRequest <= PEER_BENCH_DEFAULTS.roundTripTarget ? "met" : "MISSED";
    rows.push([query.key, show(trips), query.storeBound ? `≤ ${PEER_BENCH_DEFAULTS.roundTripTarget}: ${target}` : "", query.title]);
  }
  console.log(renderTable(["read", "ours: Cypher queries per request (by operation)", "target", ""], rows));
  console.log(
    "(each query is one wait on the network, its transaction's BEGIN sent with it; a read transaction's COMMIT is one more, alike for both servers.\n" +
      " The peer compiles each request into one Cypher query by design: its debug log shows one `executing cypher` per request.)",
  );
}

function show(trips: RoundTrips): string {
  const parts = Object.entries(trips.byOperation).map(([op, n]) => `${op} ${n}`);
  return `${trips.perRequest.toFixed(2)}${parts.length ? ` (${parts.join(", ")})` : ""}`;
}

async function measureThroughput(queries: readonly PeerQuery[], servers: Servers): Promise<Measured[]> {
  const drive = (query: PeerQuery, side: Side, duration: number) =>
    driveRead(servers.endpoints[side], query[side], query.items, {
      connections: options.connections,
      duration,
      watch: { [side]: servers[side].pid, neo4j: servers.neo4jPid, driver: process.pid },
    });
  if (options.warm > 0) {
    console.log(`\n=== warm-up: ${options.warm} s per read and server at ${options.connections} connections, not measured ===`);
    for (const query of queries) for (const side of ["ours", "peer"] as const) await drive(query, side, options.warm);
  }
  console.log(
    `\n=== load: ${options.rounds} rounds x (ours, peer, peer, ours), ${options.duration} s each at ${options.connections} connections ===`,
  );
  const measured: Measured[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const query of queries) {
      for (const [order, sides] of [
        ["ours→peer", ["ours", "peer"]],
        ["peer→ours", ["peer", "ours"]],
      ] as const) {
        for (const side of sides) {
          const load1 = loadavg()[0]!;
          const run = await drive(query, side, options.duration);
          measured.push({ query: query.key, round, order, side, run, load1 });
          const cpu = Object.entries(run.cpu)
            .map(([label, s]) => `${label} ${s === null ? "?" : s.toFixed(1)} s`)
            .join(", ");
          console.log(
            `round ${round} ${query.key} ${order} ${side}: ${run.rps.toFixed(0)} req/s, p50 ${formatMs(run.p50)}, p99 ${formatMs(run.p99)}, ` +
              `${run.errors} errors${run.firstError ? ` (${run.firstError})` : ""}; CPU ${cpu}; load ${load1.toFixed(1)}`,
          );
        }
      }
    }
  }
  return measured;
}

function printThroughput(queries: readonly PeerQuery[], measured: readonly Measured[]): void {
  const summary: string[][] = [];
  for (const query of queries) {
    const runs = measured.filter((m) => m.query === query.key);
    console.log(`\n=== ${query.title} ===`);
    const rows: string[][] = [];
    const ratios: number[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      for (const order of ["ours→peer", "peer→ours"] as const) {
        const pick = (side: Side) => runs.find((m) => m.round === round && m.order === order && m.side === side)!.run;
        const [ours, peer] = [pick("ours"), pick("peer")];
        const ratio = ours.rps / peer.rps;
        ratios.push(ratio);
        const load = runs.filter((m) => m.round === round && m.order === order).map((m) => m.load1.toFixed(1));
        rows.push([String(round), order, ...cells(ours), ...cells(peer), `${ratio.toFixed(2)}x`, load.join(", ")]);
      }
    }
    console.log(
      renderTable(["round", "order", "ours req/s", "p50", "p99", "errors", "peer req/s", "p50", "p99", "errors", "ours/peer", "load (1 min)"], rows),
    );
    const side = (s: Side) => runs.filter((m) => m.side === s).map((m) => m.run);
    const med = (rs: LoadRun[], pick: (r: LoadRun) => number) => median(rs.map(pick));
    const ratio = median(ratios);
    const target = query.storeBound ? "(store-bound: no throughput target)" : ratio >= PEER_BENCH_DEFAULTS.throughputTarget ? "met" : "MISSED";
    summary.push([
      query.key,
      med(side("ours"), (r) => r.rps).toFixed(0),
      formatMs(med(side("ours"), (r) => r.p50)),
      formatMs(med(side("ours"), (r) => r.p99)),
      med(side("peer"), (r) => r.rps).toFixed(0),
      formatMs(med(side("peer"), (r) => r.p50)),
      formatMs(med(side("peer"), (r) => r.p99)),
      `${ratio.toFixed(2)}x`,
      `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}x`,
      query.storeBound ? "—" : `≥ ${PEER_BENCH_DEFAULTS.throughputTarget}x: ${target}`,
    ]);
  }
  console.log(`\n=== summary: medians over ${options.rounds * 2} runs per server (${options.rounds} rounds, both orders) ===`);
  console.log(
    renderTable(["read", "ours req/s", "p50", "p99", "peer req/s", "p50", "p99", "ours/peer (median)", "spread (min–max)", "target"], summary),
  );
}

function cells(run: LoadRun): string[] {
  return [run.rps.toFixed(0), formatMs(run.p50), formatMs(run.p99), String(run.errors)];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
