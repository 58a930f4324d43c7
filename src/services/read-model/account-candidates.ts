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
 *   the page's order is read from (account-order.ts orderBaseOf, position-buckets.ts: built
 *   once per field and base, or moved from the previous base's after a write), so their
 *   accounts come in that order and need no sort: several buckets merge by sorting integer
 *   positions.
 * - Revenue range: the conjunction's revenue bounds hold for exactly one run of positions in
 *   any order whose first key is ANNUAL_REVENUE (a number on every account, never null): two
 *   binary searches find it.
 *
 * Cost: candidates O(m) per request for m candidates (buckets: position-buckets.ts); a range
 * O(log n).
 */
import type { Account } from "../../domain/model.js";
import type { SortDirection } from "../../ports/account-graph-store.js";
import type { AccountQueryFilter } from "./account-filter.js";
import { partitionPoint, type OrderBase, type OrderedAccounts } from "./account-order.js";
import { BUCKET_FIELD_NAMES, bucketOf } from "./position-buckets.js";
import { LayeredMap } from "./layered-map.js";
import type { DerivedSlot, ReadView } from "./read-view.js";
import { takeInherited, type RecordsBefore } from "./version-inheritance.js";

/** Narrow filters are answered from their candidates when they hold fewer than this share of accounts. */
const CANDIDATE_SHARE = 1 / 8;

/** The filters that must all hold for `filter` to hold: itself and its `and` sub-filters, recursively. */
function conjunctsOf(filter: AccountQueryFilter): AccountQueryFilter[] {
  return [filter, ...(filter.and ?? []).flatMap(conjunctsOf)];
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
      sets.push(byIds(part.externalIds.map((x) => byExternalId.get(x)?.id).filter((id): id is string => id !== undefined)));
    }
    for (const communities of [part.communityId === undefined || part.communityId === null ? undefined : [part.communityId], part.communityIds]) {
      if (communities) sets.push(byIds(communities.flatMap((id) => (view.membershipsByCommunity.get(id) ?? []).map((m) => m.accountId))));
    }
    for (const field of BUCKET_FIELD_NAMES) {
      const values: readonly string[] | undefined = part[field];
      if (values === undefined || values === null) continue;
      const base = baseOf();
      const buckets = base.buckets.of(field);
      const lists = [...new Set(values)].map((value) => bucketOf(buckets, value)).filter((list): list is Int32Array => list !== undefined);
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

const EXTERNAL_IDS = "external-ids";

/**
 * Account by CRM id, once per accounts version: the previous version's with the accounts
 * changed since put in (version-inheritance.ts; a LayeredMap, so that costs O(k), not a copy),
 * else one pass over every account.
 */
function externalIdIndex(view: ReadView): LayeredMap<string, Account> {
  return view.derived.get(EXTERNAL_IDS, () => {
    const inherited = takeInherited<LayeredMap<string, Account>>(view.derived, EXTERNAL_IDS);
    if (inherited) return inherited.value.with(externalIdChanges(inherited.value, inherited.before, (id) => view.accounts.get(id)));
    const holders: Account[] = [];
    for (const account of view.accounts.values()) if (account.externalId !== null) holders.push(account);
    return LayeredMap.fromValues(holders, (a) => a.externalId!);
  });
}

/** The index's updates for the accounts changed since it was built: their old CRM ids out (where still theirs), then their new ones in. */
function externalIdChanges(
  index: LayeredMap<string, Account>,
  before: RecordsBefore,
  accountOf: (id: string) => Account | undefined,
): [string, Account | undefined][] {
  const updates: [string, Account | undefined][] = [];
  for (const [id, record] of before) {
    if (record && record.externalId !== null && index.get(record.externalId)?.id === id) updates.push([record.externalId, undefined]);
  }
  for (const id of before.keys()) {
    const now = accountOf(id);
    if (now && now.externalId !== null) updates.push([now.externalId, now]);
  }
  return updates;
}

/** The CRM-id index `slot`'s accounts version built, by inheritance name, for the next to patch (next-accounts-slot.ts). */
export function inheritableExternalIdsOf(slot: DerivedSlot): Map<string, LayeredMap<string, Account>> {
  const index = slot.peek<LayeredMap<string, Account>>(EXTERNAL_IDS);
  return new Map(index ? [[EXTERNAL_IDS, index]] : []);
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
