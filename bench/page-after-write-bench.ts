/**
 * The first account page after one account write (part of `npm run bench -- --only pages`):
 * a write makes a new accounts version, whose sort indexes are patched from the previous
 * version's (services/read-model/sort-index-patch.ts) instead of sorted again. Per run, on a
 * fresh view of the store's state: the first page of each order (20 rows with totalCount) is
 * timed as it is on a version that has no index to patch ("sorted": what every page after a
 * write paid before the patch), then one account is updated (name and revenue, through
 * applyChanges as the read model applies the feed) and the same pages are timed again
 * ("patched"). Each figure includes what that first page builds besides the order: the count of
 * its filter, a list filter's bucket positions in the (new) order (moved from the previous
 * base's: position-buckets.ts); the list-filtered page reads the name index the first request
 * built, so its figure is those walks alone. Median (range) over the runs; the machine may be
 * shared. BENCH_BUCKET_MOVES=off builds every base's buckets afresh, as before moves existed
 * (the same runs' comparison).
 */
import type { Account } from "../src/domain/model.js";
import type { StoreState } from "../src/ports/change-feed.js";
import type { AccountOrderTerm } from "../src/services/read-model/account-order.js";
import { accountPageOf, type AccountPageRequest } from "../src/services/read-model/account-pages.js";
import { applyChanges } from "../src/services/read-model/apply-changes.js";
import { viewOfState, type ReadView } from "../src/services/read-model/read-view.js";
import { positionBucketCounts } from "../src/services/read-model/position-buckets.js";
import { sortedSequenceCounts } from "../src/services/read-model/sort-index-patch.js";
import { createPrng } from "../src/domain/prng.js";
import { median, type BenchSize } from "./bench-support.js";

export const AFTER_WRITE_BENCH = { sizes: ["S", "M", "L"] as BenchSize[], runs: 7, pageSize: 20, seed: 15 };

const byName: AccountOrderTerm = { key: "NAME", direction: "ASC", nulls: "LAST" };
const REQUESTS: { name: string; request: AccountPageRequest }[] = [
  { name: "by name", request: { order: [byName], first: AFTER_WRITE_BENCH.pageSize } },
  { name: "by revenue desc", request: { order: [{ key: "ANNUAL_REVENUE", direction: "DESC", nulls: "LAST" }], first: AFTER_WRITE_BENCH.pageSize } },
  {
    name: "by region (nulls first), name",
    request: { order: [{ key: "REGION", direction: "ASC", nulls: "FIRST" }, byName], first: AFTER_WRITE_BENCH.pageSize },
  },
  {
    name: "ENTERPRISE ∧ CUSTOMER, by name",
    request: { filter: { segments: ["ENTERPRISE"], statuses: ["CUSTOMER"] }, order: [byName], first: AFTER_WRITE_BENCH.pageSize },
  },
];

/** Ms of each request's first page on `view`, in REQUESTS' order. */
function timeFirstPages(view: ReadView): number[] {
  return REQUESTS.map(({ request }) => {
    const started = performance.now();
    accountPageOf(view, request);
    return performance.now() - started;
  });
}

/** `account` renamed and with another revenue, as an update writes it. */
function edited(account: Account, run: number): Account {
  return {
    ...account,
    name: `${account.name} (edited ${run})`,
    annualRevenue: account.annualRevenue + 1_00,
    updatedAt: new Date(Date.UTC(2026, 0, 1, 0, run)).toISOString(),
  };
}

const spread = (values: number[]) => `${median(values).toFixed(1)} ms (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`;

/** Rows [size, request, sorted, patched] for the accounts of `state`. */
export function timePagesAfterWrite(size: BenchSize, state: StoreState, since: string): string[][] {
  const random = createPrng(AFTER_WRITE_BENCH.seed);
  const sorted = REQUESTS.map(() => [] as number[]);
  const patched = REQUESTS.map(() => [] as number[]);
  const counts = { ...sortedSequenceCounts };
  const bucketCounts = { ...positionBucketCounts };
  positionBucketCounts.moveInherited = process.env.BENCH_BUCKET_MOVES !== "off";
  for (let run = 0; run < AFTER_WRITE_BENCH.runs; run++) {
    const view = viewOfState(state, since);
    timeFirstPages(view).forEach((ms, q) => sorted[q]!.push(ms));
    const account = state.accounts[Math.floor(random() * state.accounts.length)]!;
    const next = applyChanges(view, [
      { seq: view.seq + 1, at: "2026-01-01T00:00:00.000Z", entries: [{ kind: "ACCOUNT", op: "PUT", record: edited(account, run) }] },
    ]).view;
    timeFirstPages(next).forEach((ms, q) => patched[q]!.push(ms));
  }
  const patches = sortedSequenceCounts.patched - counts.patched;
  if (patches !== 3 * AFTER_WRITE_BENCH.runs)
    throw new Error(`page-after-write-bench: expected ${3 * AFTER_WRITE_BENCH.runs} patched sequences, saw ${patches}`);
  // The filtered page's two fields: moved after each write, unless the comparison turned moves off.
  const moves = positionBucketCounts.moved - bucketCounts.moved;
  const expectedMoves = positionBucketCounts.moveInherited ? 2 * AFTER_WRITE_BENCH.runs : 0;
  if (moves !== expectedMoves) throw new Error(`page-after-write-bench: expected ${expectedMoves} moved bucket fields, saw ${moves}`);
  return REQUESTS.map(({ name }, q) => [size, name, spread(sorted[q]!), spread(patched[q]!)]);
}
