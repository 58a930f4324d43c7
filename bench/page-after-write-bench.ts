/**
 * The first account page after one account write (part of `npm run bench -- --only pages`):
 * a write makes a new accounts version, which patches what the previous version derived from
 * every account instead of deriving it again (services/read-model/version-inheritance.ts):
 * sort indexes (sort-index-patch.ts), a list filter's bucket positions (position-buckets.ts),
 * filter counts (account-pages.ts), the CRM-id index (account-candidates.ts). Per run, on a
 * fresh view of the store's state: the first page of each request (20 rows with totalCount) is
 * timed as it is on a version that has nothing to patch ("fresh": what every page after a write
 * paid before the patch), then one account is updated (name and revenue, through applyChanges
 * as the read model applies the feed) and the same pages are timed again ("after one write").
 * Each figure includes what that first
 * page derives besides its order: the count of its filter, its bucket positions, its index; the
 * filtered pages read the name index the first request built, so their figures are those
 * alone. Median (range) over the runs; the machine may be shared.
 *
 * Names are folded once per record (account-filter.ts) in either case, and the runs
 * share the state's records (fresh copies would leave 200,000 young objects for every timed
 * allocation's scavenge to copy), so only the first run's "fresh" name filter folds them; the
 * earlier code folded every name again after each write.
 */
import type { Account } from "../src/domain/model.js";
import type { StoreState } from "../src/ports/change-feed.js";
import type { AccountOrderTerm } from "../src/services/read-model/account-order.js";
import { accountPageOf, filterCountCounts, type AccountPageRequest } from "../src/services/read-model/account-pages.js";
import { applyChanges } from "../src/services/read-model/apply-changes.js";
import { positionBucketCounts } from "../src/services/read-model/position-buckets.js";
import { viewOfState, type ReadView } from "../src/services/read-model/read-view.js";
import { sortedSequenceCounts } from "../src/services/read-model/sort-index-patch.js";
import { createPrng } from "../src/domain/prng.js";
import { median, type BenchSize } from "./bench-support.js";

export const AFTER_WRITE_BENCH = { sizes: ["S", "M", "L"] as BenchSize[], runs: 7, pageSize: 20, seed: 15 };

const byName: AccountOrderTerm = { key: "NAME", direction: "ASC", nulls: "LAST" };
const page = (request: Omit<AccountPageRequest, "first">): AccountPageRequest => ({ ...request, first: AFTER_WRITE_BENCH.pageSize });

/** The requests timed, in order; `crmIds`: a few CRM ids of the dataset. */
function requestsOf(crmIds: string[]): { name: string; request: AccountPageRequest }[] {
  return [
    { name: "by name", request: page({ order: [byName] }) },
    { name: "by revenue desc", request: page({ order: [{ key: "ANNUAL_REVENUE", direction: "DESC", nulls: "LAST" }] }) },
    { name: "by region (nulls first), name", request: page({ order: [{ key: "REGION", direction: "ASC", nulls: "FIRST" }, byName] }) },
    { name: "ENTERPRISE ∧ CUSTOMER, by name", request: page({ filter: { segments: ["ENTERPRISE"], statuses: ["CUSTOMER"] }, order: [byName] }) },
    { name: "CUSTOMER (counted), by name", request: page({ filter: { statuses: ["CUSTOMER"] }, order: [byName] }) },
    { name: 'name contains "ab", by name', request: page({ filter: { nameContains: "ab" }, order: [byName] }) },
    { name: `${crmIds.length} CRM ids, by name`, request: page({ filter: { externalIds: crmIds }, order: [byName] }) },
  ];
}

/** Ms of each request's first page on `view`, in order. */
function timeFirstPages(view: ReadView, requests: readonly { request: AccountPageRequest }[]): number[] {
  return requests.map(({ request }) => {
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

/** Rows [size, request, fresh, after one write] for the accounts of `state`. */
export function timePagesAfterWrite(size: BenchSize, state: StoreState, since: string): string[][] {
  const random = createPrng(AFTER_WRITE_BENCH.seed);
  const requests = requestsOf(state.accounts.flatMap((a) => (a.externalId === null ? [] : [a.externalId])).slice(0, 5));
  const sorted = requests.map(() => [] as number[]);
  const patched = requests.map(() => [] as number[]);
  const counts = { ...sortedSequenceCounts };
  const bucketCounts = { ...positionBucketCounts };
  const countCounts = { ...filterCountCounts };
  for (let run = 0; run < AFTER_WRITE_BENCH.runs; run++) {
    const view = viewOfState(state, since);
    timeFirstPages(view, requests).forEach((ms, q) => sorted[q]!.push(ms));
    const account = state.accounts[Math.floor(random() * state.accounts.length)]!;
    const next = applyChanges(view, [
      { seq: view.seq + 1, at: "2026-01-01T00:00:00.000Z", entries: [{ kind: "ACCOUNT", op: "PUT", record: edited(account, run) }] },
    ]).view;
    timeFirstPages(next, requests).forEach((ms, q) => patched[q]!.push(ms));
  }
  const patches = sortedSequenceCounts.patched - counts.patched;
  if (patches !== 3 * AFTER_WRITE_BENCH.runs)
    throw new Error(`page-after-write-bench: expected ${3 * AFTER_WRITE_BENCH.runs} patched sequences, saw ${patches}`);
  // Per write, the list filter's two fields moved and the two counted filters patched.
  const handedOn = 2 * AFTER_WRITE_BENCH.runs;
  const moves = positionBucketCounts.moved - bucketCounts.moved;
  const countPatches = filterCountCounts.patched - countCounts.patched;
  if (moves !== handedOn || countPatches !== handedOn)
    throw new Error(`page-after-write-bench: expected ${handedOn} moved bucket fields and patched counts, saw ${moves} and ${countPatches}`);
  return requests.map(({ name }, q) => [size, name, spread(sorted[q]!), spread(patched[q]!)]);
}
