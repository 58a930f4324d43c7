/**
 * Account orders for pages answered from a read view: one to three sort keys, each with its
 * direction and where its nulls go, then the id. With one key and nulls last this is exactly
 * the order of AccountGraphStore.listAccounts (the contract suite compares them): text by code
 * point, ties by id in the key's direction. With several keys, ties on every key are broken by
 * id in the direction of the last key.
 *
 * Cost: one ascending index per key (all accounts by (value, id), nulls at the end), built once
 * per accounts version and shared by both directions and null placements of that key, which
 * read it through index arithmetic; an order of several keys is sorted once per accounts
 * version and kept in a bounded memo (O(n log n) the first time, then a binary search per page).
 * Either sequence is an order's base (orderBaseOf), which also keeps the positions of its
 * accounts per list value (position-buckets.ts), so a narrow filter's accounts come in order.
 * After a write that changed few accounts, each sequence the previous accounts version had
 * built is patched on first use instead of sorted (sort-index-patch.ts), and the positions the
 * previous base kept are moved by the same patch rather than derived again.
 */
import type { Account } from "../../domain/model.js";
import { partitionPoint as prefixEnd } from "../../domain/partition-point.js";
import { compareCodePoints } from "../../domain/text-order.js";
import { ACCOUNT_SORT_KEYS, type SortDirection } from "../../ports/account-graph-store.js";
import { accountsOf, whitespaceLicencesOf } from "./account-filter.js";
import { BoundedMemo } from "./bounded-memo.js";
import { PositionBuckets, type HeldBuckets } from "./position-buckets.js";
import { DerivedSlot, type ReadView } from "./read-view.js";
import { sortedSequenceCounts, takeSortedSequence, type HandedSequence } from "./sort-index-patch.js";

/** The store's sort keys, then those only the read model orders by. */
export const ACCOUNT_ORDER_KEYS = [
  ...ACCOUNT_SORT_KEYS,
  "LICENCES_HELD",
  "WHITESPACE_LICENCES",
  "UPDATED_AT",
  "LAST_CONTACT",
  "CUSTOMER_SINCE",
  "SEGMENT",
  "STATUS",
  "REGION",
  "INDUSTRY",
] as const;
export type AccountOrderKey = (typeof ACCOUNT_ORDER_KEYS)[number];

export const NULLS_PLACEMENTS = ["FIRST", "LAST"] as const;
export type NullsPlacement = (typeof NULLS_PLACEMENTS)[number];

export interface AccountOrderTerm {
  key: AccountOrderKey;
  direction: SortDirection;
  nulls: NullsPlacement;
}

export type SortValue = string | number | null;

interface KeySpec {
  value(a: Account): SortValue;
  kind: "text" | "number";
  nullable: boolean;
}

const text = (value: (a: Account) => string | null, nullable = false): KeySpec => ({ value, kind: "text", nullable });
const number = (value: (a: Account) => number): KeySpec => ({ value, kind: "number", nullable: false });

export const ACCOUNT_ORDER_SPECS: Readonly<Record<AccountOrderKey, KeySpec>> = Object.freeze({
  NAME: text((a) => a.name),
  ANNUAL_REVENUE: number((a) => a.annualRevenue),
  CREATED_AT: text((a) => a.createdAt),
  RENEWAL_DATE: text((a) => a.renewalDate, true),
  LICENCES_PLANNED: number((a) => a.licencesPlanned),
  LICENCES_HELD: number((a) => a.licencesHeld),
  WHITESPACE_LICENCES: number(whitespaceLicencesOf),
  UPDATED_AT: text((a) => a.updatedAt),
  LAST_CONTACT: text((a) => a.lastContact, true),
  CUSTOMER_SINCE: text((a) => a.customerSince, true),
  SEGMENT: text((a) => a.segment),
  STATUS: text((a) => a.status),
  REGION: text((a) => a.region, true),
  INDUSTRY: text((a) => a.industry, true),
});

/** The sort values of `account` under `order`. */
export function sortValuesOf(account: Account, order: readonly AccountOrderTerm[]): SortValue[] {
  return order.map((term) => ACCOUNT_ORDER_SPECS[term.key].value(account));
}

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return compareCodePoints(String(a), String(b));
}

/** A row's place in `order`: its sort values and id. */
export interface OrderPosition {
  values: readonly SortValue[];
  id: string;
}

/** Compares two values of one term (0: a tie, the next key decides). */
function compareTermValues(term: AccountOrderTerm, a: SortValue, b: SortValue): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    return (a === null) === (term.nulls === "FIRST") ? -1 : 1;
  }
  const byValue = compareValues(a, b);
  return term.direction === "ASC" ? byValue : -byValue;
}

/** Breaks a tie on every key: by id in the last key's direction. */
function compareIds(order: readonly AccountOrderTerm[], x: string, y: string): number {
  const byId = compareCodePoints(x, y);
  return order[order.length - 1]!.direction === "ASC" ? byId : -byId;
}

/** Compares two positions under `order` (negative: `x` comes first). */
export function comparePositions(order: readonly AccountOrderTerm[], x: OrderPosition, y: OrderPosition): number {
  for (let k = 0; k < order.length; k++) {
    const byTerm = compareTermValues(order[k]!, x.values[k]!, y.values[k]!);
    if (byTerm !== 0) return byTerm;
  }
  return compareIds(order, x.id, y.id);
}

/** comparePositions for two accounts, reading their values as it goes (no position built per comparison). */
function accountComparator(order: readonly AccountOrderTerm[]): (x: Account, y: Account) => number {
  const values = order.map((term) => ACCOUNT_ORDER_SPECS[term.key].value);
  return (x, y) => {
    for (let k = 0; k < order.length; k++) {
      const byTerm = compareTermValues(order[k]!, values[k]!(x), values[k]!(y));
      if (byTerm !== 0) return byTerm;
    }
    return compareIds(order, x.id, y.id);
  };
}

/** Accounts in an order, read by position (a view over a shared index, or a sorted array). */
export interface OrderedAccounts {
  readonly length: number;
  at(i: number): Account;
}

/**
 * Every account in the sequence an order is read from: one key's ascending index (shared by
 * both directions and null placements of the key) or the sorted array of an order of several
 * keys, with the positions of its accounts per list value (they go when it goes).
 */
export interface OrderBase {
  readonly accounts: readonly Account[];
  readonly buckets: PositionBuckets;
}

/** Accounts by one key ascending, ties by id, nulls after every value. */
interface AscendingIndex {
  accounts: readonly Account[];
  /** Where the nulls start. */
  nullStart: number;
}

const ascendingName = (key: AccountOrderKey) => `sort:${key}`;
const ORDERS_MEMO = "orders";
const ordersName = (name: string) => `orders:${name}`;

function ascendingIndex(view: ReadView, key: AccountOrderKey): AscendingIndex & OrderBase {
  return view.derived.get(ascendingName(key), () => {
    const base = baseInOrder(view, ascendingName(key), [{ key, direction: "ASC", nulls: "LAST" }]);
    return { ...indexOfAscending(base.accounts, key), buckets: base.buckets };
  });
}

/**
 * Every account of the view in `order`, with its bucket positions: patched (and moved) from the
 * previous accounts version's sequence `name` when it has one, else sorted.
 */
function baseInOrder(view: ReadView, name: string, order: readonly AccountOrderTerm[]): OrderBase {
  const taken = takeSortedSequence<HeldBuckets>(view.derived, name, accountComparator(order), (id) => view.accounts.get(id));
  if (taken) return { accounts: taken.sequence, buckets: new PositionBuckets(taken.sequence, { held: taken.byPosition, moves: taken.moves }) };
  sortedSequenceCounts.sorted++;
  const accounts = sortAccounts([...accountsOf(view)], order);
  return { accounts, buckets: new PositionBuckets(accounts) };
}

/**
 * The sequences `slot`'s accounts version built (one key's index, several keys' orders still in
 * the memo) and their buckets, by name: what it hands on (next-accounts-slot.ts).
 */
export function builtSequencesOf(slot: DerivedSlot): Map<string, HandedSequence<HeldBuckets>> {
  const built = new Map<string, HandedSequence<HeldBuckets>>();
  const hand = (name: string, base: OrderBase) => built.set(name, { accounts: base.accounts, byPosition: base.buckets.held() });
  for (const key of ACCOUNT_ORDER_KEYS) {
    const index = slot.peek<OrderBase>(ascendingName(key));
    if (index) hand(ascendingName(key), index);
  }
  for (const [name, base] of slot.peek<BoundedMemo<OrderBase>>(ORDERS_MEMO)?.held() ?? []) hand(ordersName(name), base);
  return built;
}

/** The index of accounts already in ascending order of `key` (nulls last). */
function indexOfAscending(accounts: readonly Account[], key: AccountOrderKey): AscendingIndex {
  const value = ACCOUNT_ORDER_SPECS[key].value;
  let nullStart = accounts.length;
  while (nullStart > 0 && value(accounts[nullStart - 1]!) === null) nullStart--;
  return { accounts, nullStart };
}

/**
 * One key in any direction and null placement, read off its ascending index: values
 * [0, nullStart) and nulls [nullStart, n) are each walked forward (ASC) or backward (DESC),
 * the nulls before or after the values.
 */
function singleKeyOrder({ accounts, nullStart }: AscendingIndex, term: AccountOrderTerm): OrderedAccounts {
  const n = accounts.length;
  const nulls = n - nullStart;
  const asc = term.direction === "ASC";
  const value = (i: number) => accounts[asc ? i : nullStart - 1 - i]!;
  const none = (i: number) => accounts[asc ? nullStart + i : n - 1 - i]!;
  const at =
    term.nulls === "LAST" ? (i: number) => (i < nullStart ? value(i) : none(i - nullStart)) : (i: number) => (i < nulls ? none(i) : value(i - nulls));
  return { length: n, at };
}

const sortedArray = (accounts: readonly Account[]): OrderedAccounts => ({ length: accounts.length, at: (i) => accounts[i]! });

/** Several-key orders kept per accounts version (each is an array of every account). */
const KEPT_ORDERS = 16;

/** The sequence `order` is read from (built once per accounts version; several keys: kept in a bounded memo). */
export function orderBaseOf(view: ReadView, order: readonly AccountOrderTerm[]): OrderBase {
  if (order.length === 1) return ascendingIndex(view, order[0]!.key);
  const memo = view.derived.get(ORDERS_MEMO, () => new BoundedMemo<OrderBase>(KEPT_ORDERS));
  const name = orderingName(order);
  return memo.get(name, () => baseInOrder(view, ordersName(name), order));
}

/** Every account of the view in `order`. */
export function orderedAccounts(view: ReadView, order: readonly AccountOrderTerm[]): OrderedAccounts {
  if (order.length === 1) return singleKeyOrder(ascendingIndex(view, order[0]!.key), order[0]!);
  return sortedArray(orderBaseOf(view, order).accounts);
}

/**
 * `accounts` in `order`, when they are a subsequence of its base (a filter's candidates picked
 * from orderBaseOf's sequence in that sequence): read as the base is, without sorting.
 */
export function orderedSubsequence(accounts: readonly Account[], order: readonly AccountOrderTerm[]): OrderedAccounts {
  if (order.length === 1) return singleKeyOrder(indexOfAscending(accounts, order[0]!.key), order[0]!);
  return sortedArray(accounts);
}

/** `accounts` (a filter's few candidates, in any sequence) in `order`. */
export function orderedCandidates(accounts: Account[], order: readonly AccountOrderTerm[]): OrderedAccounts {
  return sortedArray(sortAccounts(accounts, order));
}

function sortAccounts(accounts: Account[], order: readonly AccountOrderTerm[]): Account[] {
  const rows = accounts.map((account) => ({ account, values: sortValuesOf(account, order), id: account.id }));
  rows.sort((x, y) => comparePositions(order, x, y));
  return rows.map((row) => row.account);
}

/** First index whose account is not `before` (binary search: `before` holds for a prefix of `ordered` and no further). */
export function partitionPoint(ordered: OrderedAccounts, before: (a: Account) => boolean): number {
  return prefixEnd(0, ordered.length, (i) => before(ordered.at(i)));
}

/** First index whose account comes after `position` (`ordered` is sorted by `order`). */
export function indexAfter(ordered: OrderedAccounts, order: readonly AccountOrderTerm[], position: OrderPosition): number {
  return partitionPoint(ordered, (account) => comparePositions(order, { values: sortValuesOf(account, order), id: account.id }, position) <= 0);
}

/**
 * The name of an order, carried in cursors so one issued under another order is refused.
 * One key with nulls last is named as the `accounts` field always named it (`NAME:ASC`), so
 * cursors issued before several keys and null placement existed stay valid.
 */
export function orderingName(order: readonly AccountOrderTerm[]): string {
  if (order.length === 1 && order[0]!.nulls === "LAST") return `${order[0]!.key}:${order[0]!.direction}`;
  return order.map((t) => `${t.key}:${t.direction}:NULLS_${t.nulls}`).join(",");
}

/** Whether `value` can be a sort value of `key` (a cursor's, checked before it is compared). */
export function isSortValueOf(key: AccountOrderKey, value: unknown): value is SortValue {
  const spec = ACCOUNT_ORDER_SPECS[key];
  if (value === null) return spec.nullable;
  return spec.kind === "number" ? typeof value === "number" && Number.isFinite(value) : typeof value === "string";
}
