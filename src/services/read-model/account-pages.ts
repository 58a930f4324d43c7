/**
 * Account pages (filters, orders, keyset cursors) answered from a read view. For the store
 * port's query (one sort key, nulls last, the port's filter fields) the answer is exactly
 * AccountGraphStore.listAccounts's: text sorts in code-point order, nulls last in both
 * directions, ties by id in the sort's direction, a page continues strictly after its
 * cursor's (value, id), an empty list filter matches nothing, `nameContains` is
 * case-insensitive for every script. The contract suite runs the same queries here (on the
 * view of each store's readState) and in each store and compares
 * (test/store/account-queries.contract.ts). Beyond the port: the read model's own filter
 * fields (account-filter.ts) and orders of up to three keys with null placement
 * (account-order.ts), whose cursors carry one value per key.
 *
 * Cost: a page walks the order from the cursor (binary search) until it has `first + 1`
 * matches. A filter naming few accounts (ids, CRM ids, communities, one segment, some
 * owners...: account-candidates.ts) ranks its few candidates instead of walking everything,
 * and they are its total. On an order led by ANNUAL_REVENUE the walk starts and stops at the
 * ends of the filter's revenue range. Other totals are counted once per filter and accounts
 * version (and activity version, for filters that read engagements), in a bounded memo, over
 * the revenue range of the revenue order when the filter bounds revenue; revenue bounds alone
 * (or no condition at all) are the range's length, counted per request (a client's new cap
 * costs two binary searches). After a write, a count whose matches depend on each account's
 * record alone is the previous version's, patched for the accounts the write changed
 * (version-inheritance.ts): O(k) matcher calls instead of a walk over every account.
 */
import { ValidationError } from "../../domain/errors.js";
import type { Account } from "../../domain/model.js";
import type { AccountPageQuery } from "../../ports/account-graph-store.js";
import { requireAccountSort } from "../../ports/store-records.js";
import { candidatesOf, onlyRevenueBounds, revenueBoundsOf, revenueRangeOf } from "./account-candidates.js";
import { matcherOf, matchesOnRecordAlone, usesActivity, type AccountQueryFilter } from "./account-filter.js";
import {
  ACCOUNT_ORDER_KEYS,
  ACCOUNT_ORDER_SPECS,
  NULLS_PLACEMENTS,
  indexAfter,
  isSortValueOf,
  orderedAccounts,
  orderBaseOf,
  orderedCandidates,
  orderedSubsequence,
  sortValuesOf,
  type AccountOrderTerm,
  type OrderPosition,
  type OrderedAccounts,
  type SortValue,
} from "./account-order.js";
import { BoundedMemo } from "./bounded-memo.js";
import type { DerivedSlot, ReadView } from "./read-view.js";
import { takeInherited, type RecordsBefore } from "./version-inheritance.js";

/** At most this many sort keys in one order. */
export const MAX_ORDER_KEYS = 3;

/** Filter totals kept per accounts version. */
const KEPT_COUNTS = 256;

/** A cursor's position as decoded: one value for an order of one key, a list of them otherwise. */
export interface AccountPagePosition {
  value: SortValue | readonly SortValue[];
  id: string;
}

export interface AccountPageRequest {
  filter?: AccountQueryFilter;
  order: readonly AccountOrderTerm[];
  first: number;
  after?: AccountPagePosition;
}

export interface AccountPage {
  items: Account[];
  /** Position of each item, aligned with `items`, for cursors. */
  positions: AccountPagePosition[];
  hasNextPage: boolean;
  totalCount: number;
}

/** The request for a store port query: the same answer as the stores' listAccounts. */
export function portPageRequest(query: AccountPageQuery): AccountPageRequest {
  requireAccountSort(query.sort);
  return {
    ...(query.filter ? { filter: query.filter } : {}),
    order: [{ key: query.sort.key, direction: query.sort.direction, nulls: "LAST" }],
    first: query.first,
    ...(query.after ? { after: query.after } : {}),
  };
}

/** Refuses an order the pages cannot follow (GraphQL's enums already keep most out). */
export function requireOrder(order: readonly AccountOrderTerm[], field = "orderBy"): void {
  if (order.length === 0 || order.length > MAX_ORDER_KEYS) throw new ValidationError(`${field} takes 1 to ${MAX_ORDER_KEYS} sort keys`, field);
  const keys = new Set<string>();
  for (const [i, term] of order.entries()) {
    const at = order.length === 1 && field === "orderBy" ? field : `${field}.${i}`;
    if (!(ACCOUNT_ORDER_KEYS as readonly string[]).includes(term.key)) throw new ValidationError("unknown sort key", `${at}.key`);
    if (term.direction !== "ASC" && term.direction !== "DESC") throw new ValidationError("direction must be ASC or DESC", `${at}.direction`);
    if (!(NULLS_PLACEMENTS as readonly string[]).includes(term.nulls)) throw new ValidationError("nulls must be FIRST or LAST", `${at}.nulls`);
    if (keys.has(term.key)) throw new ValidationError(`sort key ${term.key} is given twice`, `${at}.key`);
    keys.add(term.key);
  }
}

/** The cursor's position, checked against the order as the stores check theirs. */
function readAfter(after: AccountPagePosition, order: readonly AccountOrderTerm[]): OrderPosition {
  const mismatch = () => new ValidationError("cursor does not match the sort key", "after");
  if (typeof after.id !== "string") throw new ValidationError("cursor position has no id", "after");
  const given = order.length === 1 ? [after.value] : after.value;
  if (!Array.isArray(given) || given.length !== order.length) throw mismatch();
  const values = order.map((term, k) => {
    const raw: unknown = given[k];
    // As the stores bind a numeric key's cursor value: any finite number, also from text.
    const value = ACCOUNT_ORDER_SPECS[term.key].kind === "number" && raw !== null ? Number(raw) : raw;
    if (!isSortValueOf(term.key, value)) throw mismatch();
    return value;
  });
  return { values, id: after.id };
}

const BY_REVENUE: readonly AccountOrderTerm[] = [{ key: "ANNUAL_REVENUE", direction: "ASC", nulls: "LAST" }];

/** A filter's count in one accounts version; `inheritable`: the next version may patch it (its matches depend on records alone). */
interface FilterCount {
  total: number;
  inheritable: boolean;
}

const COUNTS = "counts";
const countName = (key: string) => `count:${key}`;

/** Counts walked and patched (tests ask whether the patch ran, not how long it took). */
export const filterCountCounts = { counted: 0, patched: 0 };

/** How many accounts match (file header: revenue bounds count over their range of the revenue order). */
function totalOf(view: ReadView, filter: AccountQueryFilter, ordered: OrderedAccounts, matches: (a: Account) => boolean): number {
  const bounds = revenueBoundsOf(filter);
  const scope = bounds ? orderedAccounts(view, BY_REVENUE) : ordered;
  const [from, to] = bounds ? revenueRangeOf(scope, "ASC", bounds) : [0, scope.length];
  if (onlyRevenueBounds(filter)) return to - from;
  const key = JSON.stringify(filter) + (usesActivity(filter) ? `@${view.activitySeq}` : "");
  return view.derived
    .get(COUNTS, () => new BoundedMemo<FilterCount>(KEPT_COUNTS))
    .get(key, () => {
      const inheritable = matchesOnRecordAlone(filter);
      const inherited = inheritable ? takeInherited<number>(view.derived, countName(key)) : null;
      if (inherited) {
        filterCountCounts.patched++;
        return { total: patchedCount(inherited.value, inherited.before, view, matches), inheritable };
      }
      filterCountCounts.counted++;
      let total = 0;
      for (let i = from; i < to; i++) if (matches(scope.at(i))) total++;
      return { total, inheritable };
    }).total;
}

/** A count of an earlier version, less the changed accounts that matched then, plus those that match now (`matches` reads records alone). */
function patchedCount(total: number, before: RecordsBefore, view: ReadView, matches: (a: Account) => boolean): number {
  for (const [id, record] of before) {
    if (record && matches(record)) total--;
    const now = view.accounts.get(id);
    if (now && matches(now)) total++;
  }
  return total;
}

/** The counts `slot`'s accounts version holds that the next may patch, by inheritance name (next-accounts-slot.ts). */
export function inheritableCountsOf(slot: DerivedSlot): Map<string, number> {
  const held = new Map<string, number>();
  for (const [key, count] of slot.peek<BoundedMemo<FilterCount>>(COUNTS)?.held() ?? []) if (count.inheritable) held.set(countName(key), count.total);
  return held;
}

/** The positions of `ordered` a page may find matches in: the filter's revenue range when the order leads with revenue. */
function walkRangeOf(ordered: OrderedAccounts, order: readonly AccountOrderTerm[], filter: AccountQueryFilter): [number, number] {
  const bounds = order[0]!.key === "ANNUAL_REVENUE" ? revenueBoundsOf(filter) : null;
  return bounds ? revenueRangeOf(ordered, order[0]!.direction, bounds) : [0, ordered.length];
}

export function accountPageOf(view: ReadView, request: AccountPageRequest): AccountPage {
  const { order } = request;
  requireOrder(order);
  const pageSize = Math.max(0, Math.trunc(request.first));
  const filter = request.filter ?? {};
  const after = request.after === undefined ? undefined : readAfter(request.after, order);
  const matches = matcherOf(view, filter);

  const candidates = candidatesOf(view, filter, () => orderBaseOf(view, order));
  const matching = candidates?.accounts.filter(matches);
  const ordered = !candidates
    ? orderedAccounts(view, order)
    : candidates.inBaseOrder
      ? orderedSubsequence(matching!, order)
      : orderedCandidates(matching!, order);
  const total = candidates ? ordered.length : totalOf(view, filter, ordered, matches);
  const [from, to] = candidates ? [0, ordered.length] : walkRangeOf(ordered, order, filter);

  const rows: Account[] = [];
  for (let i = after ? Math.max(from, indexAfter(ordered, order, after)) : from; i < to && rows.length <= pageSize; i++) {
    const account = ordered.at(i);
    if (matches(account)) rows.push(account);
  }
  const items = rows.slice(0, pageSize);
  return {
    items,
    positions: items.map((item) => {
      const values = sortValuesOf(item, order);
      return { value: values.length === 1 ? values[0]! : values, id: item.id };
    }),
    hasNextPage: rows.length > items.length,
    totalCount: total,
  };
}
