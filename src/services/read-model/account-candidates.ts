/**
 * Where an account page (or aggregate) needs to look, when its filter lets it look at fewer
 * than every account. Only the filter's conjunction counts: its own fields and, recursively,
 * those of its `and` sub-filters (each must hold, so each narrows); an `or` or `not` narrows
 * nothing. Callers still test every candidate with the whole matcher (account-filter.ts), so
 * the answer is the one a walk over every account gives; only the work shrinks.
 *
 * - Candidates: a conjunct that names few accounts (under an eighth of them) — ids, CRM ids,
 *   communities, or a list of values of a field every account holds at most one of (one
 *   segment, some owners, statuses, regions, industries) — yields those accounts; the smallest
 *   such set wins. List values are read from per-field buckets of positions in the sequence
 *   the page's order is read from (account-order.ts orderBaseOf; built once per field and
 *   base), so their accounts come in that order and need no sort: several buckets merge by
 *   sorting integer positions.
 * - Revenue range: the conjunction's revenue bounds hold for exactly one run of positions in
 *   any order whose first key is ANNUAL_REVENUE (a number on every account, never null): two
 *   binary searches find it.
 *
 * Cost: candidates O(m) per request for m candidates (buckets O(n) once per base); a range
 * O(log n).
 */
import type { Account } from "../../domain/model.js";
import type { SortDirection } from "../../ports/account-graph-store.js";
import type { AccountQueryFilter } from "./account-filter.js";
import { partitionPoint, type OrderBase, type OrderedAccounts } from "./account-order.js";
import type { ReadView } from "./read-view.js";

/** Narrow filters are answered from their candidates when they hold fewer than this share of accounts. */
const CANDIDATE_SHARE = 1 / 8;

/** The filters that must all hold for `filter` to hold: itself and its `and` sub-filters, recursively. */
function conjunctsOf(filter: AccountQueryFilter): AccountQueryFilter[] {
  return [filter, ...(filter.and ?? []).flatMap(conjunctsOf)];
}

/** List filters on a field each account has at most one value of (a null value matches no list). */
const BUCKET_FIELDS = Object.freeze({
  segments: (a: Account) => a.segment,
  statuses: (a: Account) => a.status,
  regions: (a: Account) => a.region,
  industries: (a: Account) => a.industry,
  ownerIds: (a: Account) => a.ownerId,
} satisfies Partial<Record<keyof AccountQueryFilter, (a: Account) => string | null>>);
type BucketField = keyof typeof BUCKET_FIELDS;

/** Per value of `field`, the ascending positions in `base` of the accounts holding it. */
function bucketsOf(base: OrderBase, field: BucketField): ReadonlyMap<string, Int32Array> {
  return base.derived.get(`buckets:${field}`, () => {
    // One pass reading each account once: rebuilt for every new base (after each account write), so it is the cost of a filtered page then.
    const valueOf = BUCKET_FIELDS[field];
    const positions = new Map<string, number[]>();
    for (let i = 0; i < base.accounts.length; i++) {
      const value = valueOf(base.accounts[i]!);
      if (value === null) continue;
      const list = positions.get(value);
      if (list) list.push(i);
      else positions.set(value, [i]);
    }
    return new Map([...positions].map(([value, list]) => [value, Int32Array.from(list)]));
  });
}

/** The accounts a filter can match; `inBaseOrder`: a subsequence of the base's sequence. */
export interface Candidates {
  accounts: Account[];
  inBaseOrder: boolean;
}

interface CandidateSet {
  size: number;
  take(): Candidates;
}

/**
 * The few accounts `filter` can match (file header), null when its conjunction names none
 * that few. `baseOf`: the base of the order they are wanted in (asked only for list values).
 */
export function candidatesOf(view: ReadView, filter: AccountQueryFilter, baseOf: () => OrderBase): Candidates | null {
  const sets: CandidateSet[] = [];
  const byIds = (ids: readonly string[]): CandidateSet => ({
    size: ids.length,
    take: () => ({ accounts: [...new Set(ids)].map((id) => view.accounts.get(id)).filter((a): a is Account => a !== undefined), inBaseOrder: false }),
  });
  for (const part of conjunctsOf(filter)) {
    if (part.ids) sets.push(byIds(part.ids));
    if (part.externalIds) {
      const byExternalId = externalIdIndex(view);
      sets.push(byIds(part.externalIds.map((x) => byExternalId.get(x)).filter((id): id is string => id !== undefined)));
    }
    for (const communities of [part.communityId === undefined || part.communityId === null ? undefined : [part.communityId], part.communityIds]) {
      if (communities) sets.push(byIds(communities.flatMap((id) => (view.membershipsByCommunity.get(id) ?? []).map((m) => m.accountId))));
    }
    for (const field of Object.keys(BUCKET_FIELDS) as BucketField[]) {
      const values: readonly string[] | undefined = part[field];
      if (values === undefined || values === null) continue;
      const base = baseOf();
      const buckets = bucketsOf(base, field);
      const lists = [...new Set(values)].map((value) => buckets.get(value)).filter((list): list is Int32Array => list !== undefined);
      const size = lists.reduce((n, list) => n + list.length, 0);
      sets.push({ size, take: () => inBaseOrder(base, lists, size) });
    }
  }
  const limit = view.accounts.size * CANDIDATE_SHARE;
  const narrowest = sets.filter((set) => set.size <= limit).sort((x, y) => x.size - y.size)[0];
  return narrowest ? narrowest.take() : null;
}

/** The accounts at the positions of `lists` (disjoint buckets of one field, `size` in all) in `base`, in its sequence. */
function inBaseOrder(base: OrderBase, lists: readonly Int32Array[], size: number): Candidates {
  let positions = lists[0] ?? new Int32Array(0);
  if (lists.length > 1) {
    positions = new Int32Array(size);
    let at = 0;
    for (const list of lists) {
      positions.set(list, at);
      at += list.length;
    }
    positions.sort();
  }
  return { accounts: Array.from(positions, (i) => base.accounts[i]!), inBaseOrder: true };
}

/** Account id by CRM id, once per accounts version. */
function externalIdIndex(view: ReadView): ReadonlyMap<string, string> {
  return view.derived.get("external-ids", () => {
    const index = new Map<string, string>();
    for (const account of view.accounts.values()) if (account.externalId !== null) index.set(account.externalId, account.id);
    return index;
  });
}

/** Inclusive revenue bounds, infinite where the filter sets none. */
export interface RevenueBounds {
  min: number;
  max: number;
}

/** The revenue bounds of the filter's conjunction (the tightest of each), null when it has none. */
export function revenueBoundsOf(filter: AccountQueryFilter): RevenueBounds | null {
  let bounds: RevenueBounds | null = null;
  for (const { minRevenue, maxRevenue } of conjunctsOf(filter)) {
    if ((minRevenue ?? null) === null && (maxRevenue ?? null) === null) continue;
    bounds ??= { min: -Infinity, max: Infinity };
    if (minRevenue !== undefined && minRevenue !== null) bounds.min = Math.max(bounds.min, minRevenue);
    if (maxRevenue !== undefined && maxRevenue !== null) bounds.max = Math.min(bounds.max, maxRevenue);
  }
  return bounds;
}

const REVENUE_BOUND_FIELDS: ReadonlySet<string> = new Set(["minRevenue", "maxRevenue", "and"]);

/** True when the filter's conjunction holds nothing but revenue bounds: what it matches is exactly their range. */
export function onlyRevenueBounds(filter: AccountQueryFilter): boolean {
  return conjunctsOf(filter).every((part) =>
    Object.entries(part).every(([field, value]) => REVENUE_BOUND_FIELDS.has(field) || value === undefined || value === null),
  );
}

/**
 * The positions [from, to) of `ordered`, whose first key is ANNUAL_REVENUE in `direction`,
 * where revenue lies within `bounds` (empty when they are inverted).
 */
export function revenueRangeOf(ordered: OrderedAccounts, direction: SortDirection, { min, max }: RevenueBounds): [number, number] {
  const asc = direction === "ASC";
  const from = partitionPoint(ordered, (a) => (asc ? a.annualRevenue < min : a.annualRevenue > max));
  const to = partitionPoint(ordered, (a) => (asc ? a.annualRevenue <= max : a.annualRevenue >= min));
  return [from, Math.max(from, to)];
}
