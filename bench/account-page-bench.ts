/**
 * Account pages answered from the read model (services/read-model/account-pages.ts), timed
 * in-process on the generated dataset (the peer benchmark's, seed 1), without HTTP: the
 * figure is the page's own work, which the peer benchmark's read "c" repeats for every
 * request with a new revenue cap (npm run bench:peer needs Neo4j and ~20 minutes).
 *
 * Queries (page of 20, with totalCount, caps drawn with the project's PRNG):
 * - "c": ENTERPRISE ∧ CUSTOMER under a cap (the revenue of a random such account), by name,
 *   as the peer benchmark's read "c"; and its second page through the first page's cursor;
 * - the same with several keys (region, nulls first, then name);
 * - CUSTOMER under a cap, by name: a list too common for candidates, counted by walking
 *   (the accounts under the cap, since revenue ranges);
 * - under a cap, by revenue descending (the peer benchmark's read "a").
 * Per run a fresh view (no memoised counts) whose sort indexes a warm-up page has built;
 * then each query with PAGE_BENCH.requests distinct caps ("first sight": every count is new),
 * then the same caps again ("again": counts memoised where the page memoises them; fewer caps
 * than the page's count memo keeps). Prints
 * the median and range over the runs of the mean time per page. The machine may be shared.
 * Then, at S, M and L, the first page after one account write (page-after-write-bench.ts).
 */
import { generateDataset } from "../seeds/index.js";
import { createPrng } from "../src/domain/prng.js";
import type { Account } from "../src/domain/model.js";
import type { AccountQueryFilter } from "../src/services/read-model/account-filter.js";
import type { AccountOrderTerm } from "../src/services/read-model/account-order.js";
import { accountPageOf, type AccountPageRequest } from "../src/services/read-model/account-pages.js";
import { viewOfState, type ReadView } from "../src/services/read-model/read-view.js";
import { SqliteAccountGraphStore } from "../src/store/sqlite/sqlite-store.js";
import { BENCH_SIZES, median, renderTable, type BenchSize } from "./bench-support.js";
import { AFTER_WRITE_BENCH, timePagesAfterWrite } from "./page-after-write-bench.js";

export const PAGE_BENCH = {
  sizes: ["S", "M"] as BenchSize[],
  /** The peer benchmark's dataset seed, so "c" pages the same accounts. */
  seed: 1,
  runs: 7,
  requests: 200,
  pageSize: 20,
  since: "2024-01-01",
};

const byName: AccountOrderTerm[] = [{ key: "NAME", direction: "ASC", nulls: "LAST" }];
const enterpriseCustomers = (cap: number): AccountQueryFilter => ({ segments: ["ENTERPRISE"], statuses: ["CUSTOMER"], maxRevenue: cap });

interface PageQuery {
  name: string;
  /** Which accounts' revenues the caps are drawn from. */
  capsFrom: (a: Account) => boolean;
  request: (cap: number) => AccountPageRequest;
  /** Time the page after the first one (through its cursor) instead of the first. */
  secondPage?: boolean;
}

const QUERIES: PageQuery[] = [
  {
    name: "c: ENTERPRISE ∧ CUSTOMER ≤ cap, by name",
    capsFrom: (a) => a.segment === "ENTERPRISE" && a.status === "CUSTOMER",
    request: (cap) => ({ filter: enterpriseCustomers(cap), order: byName, first: PAGE_BENCH.pageSize }),
  },
  {
    name: "c, second page (cursor)",
    capsFrom: (a) => a.segment === "ENTERPRISE" && a.status === "CUSTOMER",
    request: (cap) => ({ filter: enterpriseCustomers(cap), order: byName, first: PAGE_BENCH.pageSize }),
    secondPage: true,
  },
  {
    name: "c by region (nulls first), name",
    capsFrom: (a) => a.segment === "ENTERPRISE" && a.status === "CUSTOMER",
    request: (cap) => ({
      filter: enterpriseCustomers(cap),
      order: [{ key: "REGION", direction: "ASC", nulls: "FIRST" }, ...byName],
      first: PAGE_BENCH.pageSize,
    }),
  },
  {
    name: "CUSTOMER ≤ cap, by name",
    capsFrom: (a) => a.status === "CUSTOMER",
    request: (cap) => ({ filter: { statuses: ["CUSTOMER"], maxRevenue: cap }, order: byName, first: PAGE_BENCH.pageSize }),
  },
  {
    name: "≤ cap, by revenue desc",
    capsFrom: () => true,
    request: (cap) => ({
      filter: { maxRevenue: cap },
      order: [{ key: "ANNUAL_REVENUE", direction: "DESC", nulls: "LAST" }],
      first: PAGE_BENCH.pageSize,
    }),
  },
];

/** `count` distinct revenues of `accounts`, in a seeded random order. */
function drawCaps(accounts: readonly Account[], count: number, seed: number): number[] {
  const random = createPrng(seed);
  const revenues = [...new Set(accounts.map((a) => a.annualRevenue))];
  for (let i = revenues.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [revenues[i], revenues[j]] = [revenues[j]!, revenues[i]!];
  }
  return revenues.slice(0, count);
}

/** Mean ms per page over `caps` (for a second page, the first is read untimed for its cursor). */
function timePages(view: ReadView, query: PageQuery, caps: readonly number[]): number {
  let ms = 0;
  let pages = 0;
  for (const cap of caps) {
    let request = query.request(cap);
    if (query.secondPage) {
      const first = accountPageOf(view, request);
      if (!first.hasNextPage) continue;
      request = { ...request, after: first.positions.at(-1)! };
    }
    const started = performance.now();
    accountPageOf(view, request);
    ms += performance.now() - started;
    pages++;
  }
  return ms / pages;
}

const spread = (values: number[]) => `${median(values).toFixed(3)} ms (${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)})`;

export async function runAccountPageBench(options: { sizes: BenchSize[]; log?: (line: string) => void }): Promise<string> {
  const log = options.log ?? ((line: string) => console.error(line));
  const rows: string[][] = [];
  const afterWrite: string[][] = [];
  for (const size of options.sizes.filter((s) => PAGE_BENCH.sizes.includes(s) || AFTER_WRITE_BENCH.sizes.includes(s))) {
    const dataset = generateDataset({ accounts: BENCH_SIZES[size].accounts, seed: PAGE_BENCH.seed });
    log(`account page bench: ${size}: loading ${dataset.accounts.length.toLocaleString("en")} accounts ...`);
    const store = new SqliteAccountGraphStore({ path: ":memory:" });
    try {
      await store.init();
      await store.importDataset(dataset);
      const state = await store.readState({ activitySince: PAGE_BENCH.since });
      if (AFTER_WRITE_BENCH.sizes.includes(size)) afterWrite.push(...timePagesAfterWrite(size, state, PAGE_BENCH.since));
      if (!PAGE_BENCH.sizes.includes(size)) continue;
      const times = QUERIES.map(() => ({ first: [] as number[], again: [] as number[] }));
      for (let run = 0; run < PAGE_BENCH.runs; run++) {
        const view = viewOfState(state, PAGE_BENCH.since);
        // Sort indexes and buckets are built once per accounts version, not per request: a page of each query without a cap builds them.
        for (const query of QUERIES) accountPageOf(view, query.request(Number.MAX_SAFE_INTEGER));
        QUERIES.forEach((query, q) => {
          const caps = drawCaps(state.accounts.filter(query.capsFrom), PAGE_BENCH.requests, run * 31 + q);
          times[q]!.first.push(timePages(view, query, caps));
          times[q]!.again.push(timePages(view, query, caps));
        });
      }
      QUERIES.forEach((query, q) => rows.push([size, query.name, spread(times[q]!.first), spread(times[q]!.again)]));
    } finally {
      await store.close();
    }
  }
  return [
    renderTable(["size", "query (page of 20 + totalCount)", "first sight of each cap, per page", "same caps again"], rows),
    "First page after one account write (bench/page-after-write-bench.ts):",
    renderTable(["size", "first page (20 + totalCount)", "fresh (nothing to patch)", "after one write (patched)"], afterWrite),
  ].join("\n\n");
}
