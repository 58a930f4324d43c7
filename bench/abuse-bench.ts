/**
 * `npm run bench:abuse [-- --accounts 2000 --rounds 3 --runtime dist|tsx --only plan]`: replays the
 * expensive-query attacks of issue 10 against the compiled server (production mode, a VIEWER
 * API key: any role may read) and prints, per attack, a cheap query's latency while the attack
 * runs as a ratio to its idle median, and what happened to the attack (refused before any
 * work, ANALYTICS_BUSY, or finished and how long it took).
 *
 * Method: the cheap query is `{ __typename }`, sent one after another by one client. Each
 * round of an attack has two windows of fixed length, back to back in the same run: idle
 * (`window` ms of cheap queries alone) and under attack (`window` ms of cheap queries while
 * `copies` attacking clients each re-send the attack as soon as it answers, every send with
 * fresh seeds and weights so no result memo answers it; a client told ANALYTICS_BUSY waits
 * the `retryAfterMs` it was given, one refused outright (HTTP 4xx) tries again after
 * `refusedPauseMs`: a client ignoring both is a plain request flood, which no per-request
 * admission stops — that is a rate limiter's job in front of the API). The round's ratio is the cheap
 * query's median latency under attack over its idle median; each attack runs `rounds` rounds
 * and the table gives the median and range of the ratios, the p95 ratio, and what the
 * attacks got (refused before any work, ANALYTICS_BUSY, or answered, with the median time a
 * send took). Target: ratio <= 3 for every attack, with the attack refused or finished in
 * bounded time. Nothing is asserted: figures.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateDataset, loadSampleDataset } from "../seeds/index.js";
import { generateApiKey } from "../src/api/auth/api-keys.js";
import { SqliteAccountGraphStore } from "../src/store/sqlite/sqlite-store.js";
import { formatMs, median, renderTable } from "./bench-support.js";
import { startLoadServer, type ServerRuntime } from "./load-server.js";

const { values: flags } = parseArgs({
  options: {
    accounts: { type: "string", default: "2000" },
    rounds: { type: "string", default: "3" },
    runtime: { type: "string", default: "dist" },
    window: { type: "string", default: "3000" },
    /** Only the attacks whose name contains this (case-insensitive). */
    only: { type: "string", default: "" },
  },
});
const ROUNDS = Number(flags.rounds);
const REFUSED_PAUSE_MS = 1_000;
const WINDOW_MS = Number(flags.window);

interface Attack {
  name: string;
  /** Builds the request body (ids come from the dataset; `salt` differs on every send). */
  body: (ids: string[], managers: string[], salt: number) => { query: string; variables?: Record<string, unknown> };
  copies: number;
}

const aliases = (n: number, field: (i: number) => string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field(i)}`).join(" ")} }`;
const weights = (i: number, salt: number) =>
  `{ revenue: ${1 + i}, expansion: ${(i % 3) + 1}, loyalty: ${1 + salt}, wordOfMouth: ${(i % 4) + 1}, efficiency: ${i % 2} }`;

const ATTACKS: Attack[] = [
  {
    name: "30 x recommendAdvocates(k: 100, simulations: 10000)",
    body: (_ids, _managers, salt) => ({
      query: aliases(30, (i) => `recommendAdvocates(k: 100, simulations: 10000, seed: ${salt * 100 + i}) { expectedSpread }`),
    }),
    copies: 1,
  },
  {
    name: "3 x recommendAdvocates(k: 100, simulations: 10000), 4 clients",
    body: (_ids, _managers, salt) => ({
      query: aliases(3, (i) => `recommendAdvocates(k: 100, simulations: 10000, seed: ${salt * 100 + i}) { expectedSpread }`),
    }),
    copies: 4,
  },
  {
    name: "100 accounts x strategy with 9 distinct weight sets",
    body: (_ids, _managers, salt) => ({
      query: `{ accounts(first: 100) { edges { node { ${Array.from({ length: 9 }, (_, i) => `s${i}: strategy(weights: ${weights(i, salt)}) { score tier }`).join(" ")} } } } }`,
    }),
    copies: 2,
  },
  {
    name: "30 x strategicRanking, distinct weights",
    body: (_ids, _managers, salt) => ({ query: aliases(30, (i) => `strategicRanking(first: 5, weights: ${weights(i, salt)}) { totalCount }`) }),
    copies: 2,
  },
  {
    name: "30 x portfolio, distinct weights",
    body: (_ids, managers, salt) => ({
      query: aliases(
        30,
        (i) => `portfolio(managerId: ${JSON.stringify(managers[i % managers.length])}, weights: ${weights(i, salt)}) { timeToMove }`,
      ),
    }),
    copies: 1,
  },
  {
    name: "10 x simulateLoss",
    body: (ids, _managers, salt) => ({
      query: aliases(
        10,
        (i) => `simulateLoss(accountId: ${JSON.stringify(ids[((salt * 10 + i) * 7) % ids.length])}) { expectedNetworkRevenueAtRisk }`,
      ),
    }),
    copies: 2,
  },
  {
    name: "30 x planTime, one per manager",
    body: (_ids, managers, salt) => ({
      query: aliases(
        30,
        (i) =>
          `planTime(managerId: ${JSON.stringify(managers[(salt * 30 + i) % managers.length])}, hours: ${20 + ((salt + i) % 20)}) { totals { expectedRevenue } }`,
      ),
    }),
    copies: 1,
  },
  {
    name: "30 x planBacktest, managers x holdouts",
    body: (_ids, managers, salt) => ({
      query: aliases(
        30,
        (i) =>
          `planBacktest(managerId: ${JSON.stringify(managers[(salt * 30 + i) % managers.length])}, holdoutPeriods: ${1 + ((salt + i) % 4)}) { points }`,
      ),
    }),
    copies: 1,
  },
  {
    name: "filter.ownerIds of 150,000 ids",
    body: () => ({
      query: `query Many($ids: [ID!]) { accounts(first: 5, filter: { ownerIds: $ids }) { totalCount } }`,
      variables: { ids: Array.from({ length: 150_000 }, (_, i) => `mgr_${i}`) },
    }),
    copies: 1,
  },
];

interface Outcome {
  ms: number;
  status: number;
  codes: string[];
  retryAfterMs: number | null;
}

async function post(url: string, headers: Record<string, string>, body: unknown): Promise<Outcome> {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  const json = (await response.json().catch(() => ({}))) as { errors?: { extensions?: { code?: string; retryAfterMs?: number } }[] };
  const codes = [...new Set((json.errors ?? []).map((e) => e.extensions?.code ?? "?"))];
  const waits = (json.errors ?? []).map((e) => e.extensions?.retryAfterMs).filter((ms): ms is number => typeof ms === "number");
  return { ms: performance.now() - started, status: response.status, codes, retryAfterMs: waits.length > 0 ? Math.max(...waits) : null };
}

async function cheap(url: string, headers: Record<string, string>): Promise<number> {
  return (await post(url, headers, { query: "{ __typename }" })).ms;
}

async function main(): Promise<void> {
  const viewer = generateApiKey("VIEWER");
  const headers = { "content-type": "application/json", authorization: `Bearer ${viewer.key}` };
  const accounts = Number(flags.accounts);
  const dataset = accounts <= 100 ? loadSampleDataset() : generateDataset({ accounts, seed: 3 });
  const ids = dataset.accounts.map((a) => a.id);
  const managers = dataset.managers.map((m) => m.id);
  if (flags.runtime === "dist") {
    console.log("abuse: building the server (npm run build) ...");
    execFileSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
  }
  const dir = mkdtempSync(join(tmpdir(), "accountgraph-abuse-"));
  const path = join(dir, "abuse.db");
  const store = new SqliteAccountGraphStore({ path });
  await store.init();
  await store.importDataset(dataset);
  await store.close();
  const server = await startLoadServer({ SQLITE_PATH: path, API_KEYS: viewer.line, NODE_ENV: "production" }, [], flags.runtime as ServerRuntime);
  const rows: string[][] = [];
  try {
    // Warm up: analytics, the strategy population, JIT.
    await post(server.url, headers, {
      query: "{ strategicRanking(first: 1) { totalCount } influenceHubs(metric: PAGERANK, first: 1) { totalCount } }",
    });
    for (let i = 0; i < 50; i++) await cheap(server.url, headers);
    // The first strategy build runs in paced steps that share the event loop: let it end.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    let salt = 0;
    for (const attack of ATTACKS.filter((a) => a.name.toLowerCase().includes(flags.only.toLowerCase()))) {
      const ratios: number[] = [];
      const p95Ratios: number[] = [];
      const outcomes = new Map<string, number>();
      const durations: number[] = [];
      let idleMedians: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const idle = await cheapFor(server.url, headers, WINDOW_MS);
        let attacking = true;
        const attackers = Array.from({ length: attack.copies }, async () => {
          while (attacking) {
            const outcome = await post(server.url, headers, attack.body(ids, managers, ++salt));
            durations.push(outcome.ms);
            const summary = summarise(outcome);
            outcomes.set(summary, (outcomes.get(summary) ?? 0) + 1);
            const pause = outcome.retryAfterMs ?? (outcome.status >= 400 && outcome.status < 500 ? REFUSED_PAUSE_MS : 0);
            if (pause > 0) await sleepWhile(() => attacking, pause);
          }
        });
        const during = await cheapFor(server.url, headers, WINDOW_MS);
        attacking = false;
        await Promise.all(attackers);
        idleMedians.push(median(idle));
        ratios.push(median(during) / median(idle));
        p95Ratios.push(quantile(during, 0.95) / median(idle));
        await new Promise((resolve) => setTimeout(resolve, 500)); // let the pools drain
      }
      rows.push([
        attack.name,
        [...outcomes].map(([summary, count]) => `${count} x ${summary}`).join(", "),
        `${formatMs(median(durations))} (max ${formatMs(Math.max(...durations))})`,
        formatMs(median(idleMedians)),
        `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`,
        `${median(p95Ratios).toFixed(1)}`,
        median(ratios) <= 3 ? "ok" : "OVER",
      ]);
      idleMedians = [];
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\nabuse bench: ${dataset.accounts.length} accounts, ${ROUNDS} rounds per attack, compiled server (${flags.runtime}), VIEWER key\n` +
      renderTable(
        [
          "attack",
          "attack sends",
          "a send took (median, max)",
          "cheap idle median",
          "cheap under attack / idle (median, range)",
          "p95 / idle",
          "<= 3x",
        ],
        rows,
      ) +
      `\nload average: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} on ${availableParallelism()} cores`,
  );
}

function summarise(outcome: Outcome): string {
  return outcome.codes.length === 0 ? `${outcome.status} ok` : `${outcome.status} ${outcome.codes.join("+")}`;
}

/** Sleeps `ms`, or less once `go()` turns false. */
async function sleepWhile(go: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (go() && performance.now() < end) await new Promise((resolve) => setTimeout(resolve, Math.min(50, end - performance.now())));
}

/** Cheap queries one after another for `ms`: their latencies. */
async function cheapFor(url: string, headers: Record<string, string>, ms: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) latencies.push(await cheap(url, headers));
  return latencies;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

await main();
