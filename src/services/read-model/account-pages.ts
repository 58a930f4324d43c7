/**
 * Account pages (filters, sort, keyset cursors) answered from a read view, with exactly the
 * semantics of AccountGraphStore.listAccounts (the store contract suite pins those; the
 * `account pages` contract test runs the same queries here and in each store and compares):
 * text sorts in code-point order, nulls last in both directions, ties by id in the sort's
 * direction, a page continues strictly after its cursor's (value, id), an empty list filter
 * matches nothing, `nameContains` is case-insensitive for every script.
 *
 * Cost: each sort key's order is built once per `accountsSeq` (O(n log n), kept in the
 * view's derived slot, so activity writes never rebuild it); a page walks that order from
 * the cursor (binary search) until it has `first + 1` matches; a narrow filter (ids, a
 * community, or list values held by few accounts: one segment, some owners) ranks its few
 * candidates instead of walking everything, from buckets kept in sort order. On the revenue
 * order, revenue bounds are a range found by binary search. Totals are counted once per
 * filter and `accountsSeq` (revenue bounds alone: the range's length).
 */
import { ValidationError } from "../../domain/errors.js";
import type { Account } from "../../domain/model.js";
import { foldForSearch } from "../../domain/search-text.js";
import { compareCodePoints } from "../../domain/text-order.js";
import type { AccountFilter, AccountPageQuery, AccountSortKey, KeysetPosition, Page } from "../../ports/account-graph-store.js";
import { buildAccountPage, pageSizeOf, requireAccountSort, sortValueOf } from "../../ports/store-records.js";
import type { ReadView } from "./read-view.js";

/** The nullable sort keys (as in both stores' sort specs). */
const NULLABLE: ReadonlySet<AccountSortKey> = new Set(["RENEWAL_DATE"]);
const NUMERIC: ReadonlySet<AccountSortKey> = new Set(["ANNUAL_REVENUE", "LICENCES_PLANNED"]);

/** Narrow filters are answered from their candidates when they hold fewer than this share of accounts. */
const CANDIDATE_SHARE = 1 / 8;

type SortValue = string | number | null;

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return compareCodePoints(String(a), String(b));
}

/** Ascending (value, id) with nulls after every value. */
function compareAsc(key: AccountSortKey) {
  return (x: Account, y: Account): number => {
    const a = sortValueOf(x, key);
    const b = sortValueOf(y, key);
    if (a === null || b === null) {
      if (a !== b) return a === null ? 1 : -1;
    } else {
      const byValue = compareValues(a, b);
      if (byValue !== 0) return byValue;
    }
    return compareCodePoints(x.id, y.id);
  };
}

/** Every account in ascending order of `key`, and where the nulls start. */
interface SortIndex {
  order: Account[];
  nullStart: number;
}

function sortIndexOf(view: ReadView, key: AccountSortKey): SortIndex {
  return view.derived.get(`sort:${key}`, () => {
    const order = [...view.accounts.values()].sort(compareAsc(key));
    let nullStart = order.length;
    while (nullStart > 0 && sortValueOf(order[nullStart - 1]!, key) === null) nullStart--;
    return { order, nullStart };
  });
}

/** The predicate of `filter` (the store's FILTER_FRAGMENTS, in JavaScript). */
export function matcherOf(view: ReadView, filter: AccountFilter): (a: Account) => boolean {
  const tests: ((a: Account) => boolean)[] = [];
  const inList = <T>(list: readonly T[] | undefined, value: (a: Account) => T | null) => {
    if (list === undefined || list === null) return;
    const set = new Set<unknown>(list);
    tests.push((a) => {
      const v = value(a);
      return v !== null && set.has(v);
    });
  };
  inList(filter.segments, (a) => a.segment);
  inList(filter.industries, (a) => a.industry);
  inList(filter.regions, (a) => a.region);
  inList(filter.ownerIds, (a) => a.ownerId);
  inList(filter.statuses, (a) => a.status);
  inList(filter.ids, (a) => a.id);
  if (filter.minRevenue !== undefined && filter.minRevenue !== null) tests.push((a) => a.annualRevenue >= filter.minRevenue!);
  if (filter.maxRevenue !== undefined && filter.maxRevenue !== null) tests.push((a) => a.annualRevenue <= filter.maxRevenue!);
  if (filter.communityId !== undefined && filter.communityId !== null) {
    const members = new Set((view.membershipsByCommunity.get(filter.communityId) ?? []).map((m) => m.accountId));
    tests.push((a) => members.has(a.id));
  }
  if (filter.nameContains !== undefined && filter.nameContains !== null) {
    const needle = foldForSearch(filter.nameContains);
    const folded = view.derived.get("folded-names", () => new Map<string, string>());
    tests.push((a) => {
      let name = folded.get(a.id);
      if (name === undefined) folded.set(a.id, (name = foldForSearch(a.name)));
      return name.includes(needle);
    });
  }
  return (a) => tests.every((test) => test(a));
}

/**
 * List filters on a field every account has one value of: its accounts split into buckets by
 * that value, so a list names the accounts it can match.
 */
const BUCKET_FIELDS = Object.freeze({
  segments: (a: Account) => a.segment,
  statuses: (a: Account) => a.status,
  regions: (a: Account) => a.region,
  industries: (a: Account) => a.industry,
  ownerIds: (a: Account) => a.ownerId,
} satisfies Partial<Record<keyof AccountFilter, (a: Account) => string | null>>);

/** `field`'s buckets, each in ascending order of `key` (built once per field, key and `accountsSeq`). */
function bucketsOf(view: ReadView, field: keyof typeof BUCKET_FIELDS, key: AccountSortKey): Map<string | null, Account[]> {
  return view.derived.get(`buckets:${field}:${key}`, () => {
    const buckets = new Map<string | null, Account[]>();
    const valueOf = BUCKET_FIELDS[field];
    for (const account of sortIndexOf(view, key).order) {
      const bucket = buckets.get(valueOf(account));
      if (bucket) bucket.push(account);
      else buckets.set(valueOf(account), [account]);
    }
    return buckets;
  });
}

/** The accounts a narrow filter can match; `sorted` when they already are in ascending order of the sort key. */
interface Candidates {
  accounts: readonly Account[];
  sorted: boolean;
}

/**
 * The few accounts a narrow filter can match, when it names them (ids, a community, or the
 * smallest list of bucket values, e.g. one segment); null when it does not.
 */
function candidatesOf(view: ReadView, filter: AccountFilter, key: AccountSortKey): Candidates | null {
  const limit = view.accounts.size * CANDIDATE_SHARE;
  const pick = (ids: Iterable<string>) => [...new Set(ids)].map((id) => view.accounts.get(id)).filter((a): a is Account => a !== undefined);
  if (filter.ids && filter.ids.length <= limit) return { accounts: pick(filter.ids), sorted: false };
  if (filter.communityId) {
    const members = view.membershipsByCommunity.get(filter.communityId) ?? [];
    if (members.length <= limit) return { accounts: pick(members.map((m) => m.accountId)), sorted: false };
  }
  let narrowest: Account[][] | null = null;
  for (const field of Object.keys(BUCKET_FIELDS) as (keyof typeof BUCKET_FIELDS)[]) {
    const values = filter[field];
    if (values === undefined || values === null) continue;
    const buckets = bucketsOf(view, field, key);
    const lists = [...new Set<string>(values)].map((value) => buckets.get(value) ?? []);
    const size = lists.reduce((n, list) => n + list.length, 0);
    if (size <= limit && (narrowest === null || size < narrowest.reduce((n, list) => n + list.length, 0))) narrowest = lists;
  }
  if (narrowest === null) return null;
  // One bucket is in sort order already; several are merged by sorting (each account is in one).
  return narrowest.length === 1 ? { accounts: narrowest[0]!, sorted: true } : { accounts: narrowest.flat(), sorted: false };
}

/** Validates the cursor as the stores do. */
function readAfter(after: KeysetPosition, key: AccountSortKey): KeysetPosition {
  if (typeof after.id !== "string") throw new ValidationError("cursor position has no id", "after");
  if (after.value === null) {
    if (!NULLABLE.has(key)) throw new ValidationError("cursor does not match the sort key", "after");
    return after;
  }
  if (NUMERIC.has(key)) {
    const value = Number(after.value);
    if (!Number.isFinite(value)) throw new ValidationError("cursor does not match the sort key", "after");
    return { value, id: after.id };
  }
  if (typeof after.value !== "string") throw new ValidationError("cursor does not match the sort key", "after");
  return after;
}

export function accountPageOf(view: ReadView, query: AccountPageQuery): Page<Account> {
  requireAccountSort(query.sort);
  const { key, direction } = query.sort;
  const pageSize = pageSizeOf(query);
  const filter = query.filter ?? {};
  const after = query.after === undefined ? undefined : readAfter(query.after, key);
  const matches = matcherOf(view, filter);
  const asc = compareAsc(key);

  const candidates = candidatesOf(view, filter, key);
  const index: SortIndex = candidates
    ? (() => {
        const order = candidates.accounts.filter(matches);
        if (!candidates.sorted) order.sort(asc);
        let nullStart = order.length;
        while (nullStart > 0 && sortValueOf(order[nullStart - 1]!, key) === null) nullStart--;
        return { order, nullStart };
      })()
    : sortIndexOf(view, key);

  const total = candidates ? index.order.length : countMatches(view, filter, matches, index);
  // On the revenue order a revenue bound is a range of positions: the walk starts and stops at
  // its ends (binary search) instead of testing every account outside it.
  const [valueLo, valueHi] = key === "ANNUAL_REVENUE" ? revenueRange(index.order, 0, index.nullStart, filter) : [0, index.nullStart];

  const rows: Account[] = [];
  const wanted = pageSize + 1;
  const take = (a: Account) => {
    if (matches(a)) rows.push(a);
    return rows.length >= wanted;
  };
  const { order, nullStart } = index;
  // Positions in ascending order: values [0, nullStart), nulls [nullStart, n).
  const probe = after ? ({ id: after.id, ...virtualAccount(key, after.value) } as Account) : null;
  if (direction === "ASC") {
    // Values ascending, then nulls by id ascending.
    if (probe && after!.value === null) {
      for (let i = upperBound(order, nullStart, order.length, probe, asc); i < order.length && !take(order[i]!); i++);
    } else {
      for (let i = probe ? upperBound(order, valueLo, valueHi, probe, asc) : valueLo; i < valueHi && !take(order[i]!); i++);
      if (rows.length < wanted) for (let i = nullStart; i < order.length && !take(order[i]!); i++);
    }
  } else {
    // Values descending, then nulls by id descending.
    if (!probe || after!.value !== null) {
      const end = probe ? lowerBound(order, valueLo, valueHi, probe, asc) : valueHi;
      for (let i = end - 1; i >= valueLo; i--) if (take(order[i]!)) break;
      if (rows.length < wanted) for (let i = order.length - 1; i >= nullStart && !take(order[i]!); i--);
    } else {
      const end = lowerBound(order, nullStart, order.length, probe, asc);
      for (let i = end - 1; i >= nullStart && !take(order[i]!); i--);
    }
  }
  return buildAccountPage(rows, pageSize, key, total);
}

/** An account-shaped probe whose sort value for `key` is `value` (binary search only). */
function virtualAccount(key: AccountSortKey, value: string | number | null): Partial<Account> {
  switch (key) {
    case "NAME":
      return { name: value as string };
    case "ANNUAL_REVENUE":
      return { annualRevenue: value as number };
    case "CREATED_AT":
      return { createdAt: value as string };
    case "RENEWAL_DATE":
      return { renewalDate: value as string | null };
    case "LICENCES_PLANNED":
      return { licencesPlanned: value as number };
  }
}

/** First index in [lo, hi) where `before` is false; `before` must hold for a prefix of the range and no further. */
function partitionPoint(order: readonly Account[], lo: number, hi: number, before: (a: Account) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(order[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [lo, hi) whose item is not before `probe`. */
function lowerBound(order: Account[], lo: number, hi: number, probe: Account, cmp: (a: Account, b: Account) => number): number {
  return partitionPoint(order, lo, hi, (a) => cmp(a, probe) < 0);
}

/** First index in [lo, hi) whose item is after `probe`. */
function upperBound(order: Account[], lo: number, hi: number, probe: Account, cmp: (a: Account, b: Account) => number): number {
  return partitionPoint(order, lo, hi, (a) => cmp(a, probe) <= 0);
}

/** The positions [lo, hi) of `order` (ascending by revenue) between `from` and `to` whose revenue is within the filter's bounds. */
function revenueRange(order: readonly Account[], from: number, to: number, filter: AccountFilter): [number, number] {
  const { minRevenue: min, maxRevenue: max } = filter;
  const lo = min === undefined || min === null ? from : partitionPoint(order, from, to, (a) => a.annualRevenue < min);
  const hi = max === undefined || max === null ? to : partitionPoint(order, from, to, (a) => a.annualRevenue <= max);
  return [lo, Math.max(lo, hi)];
}

const REVENUE_BOUNDS: ReadonlySet<string> = new Set(["minRevenue", "maxRevenue"]);

/**
 * How many accounts match `filter`. Revenue bounds alone are a range of the revenue order (two
 * binary searches, nothing cached). Any other filter is counted once per filter and accounts
 * version: over its revenue range when it has bounds, else over `index`.
 */
function countMatches(view: ReadView, filter: AccountFilter, matches: (a: Account) => boolean, index: SortIndex): number {
  const count = (order: readonly Account[], lo: number, hi: number) => {
    let n = 0;
    for (let i = lo; i < hi; i++) if (matches(order[i]!)) n++;
    return n;
  };
  const bounded = (filter.minRevenue ?? null) !== null || (filter.maxRevenue ?? null) !== null;
  if (!bounded) return view.derived.get(`count:${JSON.stringify(filter)}`, () => count(index.order, 0, index.order.length));
  const byRevenue = sortIndexOf(view, "ANNUAL_REVENUE");
  const [lo, hi] = revenueRange(byRevenue.order, 0, byRevenue.nullStart, filter);
  const onlyBounds = Object.entries(filter).every(([field, value]) => REVENUE_BOUNDS.has(field) || value === undefined || value === null);
  return onlyBounds ? hi - lo : view.derived.get(`count:${JSON.stringify(filter)}`, () => count(byRevenue.order, lo, hi));
}
