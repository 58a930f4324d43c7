/**
 * How long one write makes other requests wait, at scale: serves a copy of a SQLite store
 * through the real HTTP API, lets the influence snapshot and the strategy population settle,
 * writes one influence link (the lowest account by name to the top PageRank hub), then asks
 * a cheap query (`accountManagers`) every 50 ms for 45 s: through the core refresh, the
 * structure phase, the strategy intake and its publication. Prints the probes' latency
 * (median, p99, max) and the event loop's delay, as one JSON line.
 *
 *   npm run seed:generate -- --accounts 200000 --seed 1 --out /tmp/l.json
 *   SQLITE_PATH=/tmp/l.db npm run seed -- --file /tmp/l.json
 *   npx tsx bench/event-loop-probe.ts /tmp/l.db
 *
 * The store is copied first (the write stays in the copy), so runs repeat on the same data.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { serveTempSqlite } from "./bench-server.js";
import { percentile } from "./bench-support.js";

const SETTLE_MS = 40_000;
const PROBE_MS = 45_000;
const PROBE_EVERY_MS = 50;

const source = process.argv[2];
if (!source) throw new Error("usage: npx tsx bench/event-loop-probe.ts <sqlite store path>");
const { gql, close } = await serveTempSqlite({ copyOf: source, analytics: { influence: { maxWaitMs: 600_000 } } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
try {
  const started = performance.now();
  const hubs = await gql(`{ influenceHubs(metric: PAGERANK, first: 1) { edges { accountId } } }`);
  const top = hubs.data.influenceHubs.edges[0].accountId as string;
  for (;;) {
    const ranking = await gql(`{ strategicRanking(first: 1) { edges { node { id } } } }`);
    if (!ranking.errors) break;
    if (ranking.errors[0]?.extensions?.code !== "ANALYTICS_BUSY") throw new Error(JSON.stringify(ranking.errors));
    await sleep(500);
  }
  const strategyReadyS = (performance.now() - started) / 1000;
  const accounts = await gql(`{ accounts(first: 1, orderBy: { key: NAME, direction: ASC }) { edges { node { id } } } }`);
  const low = accounts.data.accounts.edges[0].node.id as string;
  await sleep(SETTLE_MS);

  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const write = await gql(
    `mutation($from: ID!, $to: ID!) { linkInfluence(input: { fromId: $from, toId: $to, kind: ADVISOR, strength: 1 }) { id } }`,
    {
      from: low,
      to: top,
    },
  );
  if (write.errors) throw new Error(JSON.stringify(write.errors));
  const latencies: number[] = [];
  for (const end = performance.now() + PROBE_MS; performance.now() < end;) {
    const asked = performance.now();
    await gql(`{ accountManagers { id } }`);
    latencies.push(performance.now() - asked);
    await sleep(PROBE_EVERY_MS);
  }
  delay.disable();
  const round = (ms: number) => Math.round(ms);
  console.log(
    JSON.stringify({
      strategyReadyS: Number(strategyReadyS.toFixed(1)),
      probes: latencies.length,
      probeMedianMs: round(percentile(latencies, 50)),
      probeP99Ms: round(percentile(latencies, 99)),
      probeMaxMs: round(Math.max(...latencies)),
      probesOver200Ms: latencies.filter((ms) => ms > 200).length,
      eventLoopDelayP99Ms: round(delay.percentile(99) / 1e6),
      eventLoopDelayMaxMs: round(delay.max / 1e6),
    }),
  );
} finally {
  await close();
}
