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
 */
import type { Account } from "../../domain/model.js";
import { compareCodePoints } from "../../domain/text-order.js";
import { ACCOUNT_SORT_KEYS, type SortDirection } from "../../ports/account-graph-store.js";
import { accountsOf, whitespaceLicencesOf } from "./account-filter.js";
import { BoundedMemo } from "./bounded-memo.js";
import type { ReadView } from "./read-view.js";

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

/** Compares two positions under `order` (negative: `x` comes first). */
export function comparePositions(order: readonly AccountOrderTerm[], x: OrderPosition, y: OrderPosition): number {
  for (let k = 0; k < order.length; k++) {
    const term = order[k]!;
    const a = x.values[k]!;
    const b = y.values[k]!;
    if (a === null || b === null) {
      if (a === b) continue;
      return (a === null) === (term.nulls === "FIRST") ? -1 : 1;
    }
    const byValue = compareValues(a, b);
    if (byValue !== 0) return term.direction === "ASC" ? byValue : -byValue;
  }
  const byId = compareCodePoints(x.id, y.id);
  return order[order.length - 1]!.direction === "ASC" ? byId : -byId;
}

/** Accounts in an order, read by position (a view over a shared index, or a sorted array). */
export interface OrderedAccounts {
  readonly length: number;
  at(i: number): Account;
}

/** Every account by one key ascending, ties by id, nulls after every value. */
interface AscendingIndex {
  order: Account[];
  /** Where the nulls start. */
  nullStart: number;
}

function ascendingIndex(view: ReadView, term: AccountOrderTerm): AscendingIndex {
  return view.derived.get(`sort:${term.key}`, () => ascending([...accountsOf(view)], term.key));
}

function ascending(accounts: Account[], key: AccountOrderKey): AscendingIndex {
  const value = ACCOUNT_ORDER_SPECS[key].value;
  const order = sortAccounts(accounts, [{ key, direction: "ASC", nulls: "LAST" }]);
  let nullStart = order.length;
  while (nullStart > 0 && value(order[nullStart - 1]!) === null) nullStart--;
  return { order, nullStart };
}

/**
 * One key in any direction and null placement, read off its ascending index: values
 * [0, nullStart) and nulls [nullStart, n) are each walked forward (ASC) or backward (DESC),
 * the nulls before or after the values.
 */
function singleKeyOrder({ order, nullStart }: AscendingIndex, term: AccountOrderTerm): OrderedAccounts {
  const n = order.length;
  const nulls = n - nullStart;
  const asc = term.direction === "ASC";
  const value = (i: number) => order[asc ? i : nullStart - 1 - i]!;
  const none = (i: number) => order[asc ? nullStart + i : n - 1 - i]!;
  const at = term.nulls === "LAST" ? (i: number) => (i < nullStart ? value(i) : none(i - nullStart)) : (i: number) => (i < nulls ? none(i) : value(i - nulls));
  return { length: n, at };
}

const sortedArray = (accounts: Account[]): OrderedAccounts => ({ length: accounts.length, at: (i) => accounts[i]! });

/** Several-key orders kept per accounts version (each is an array of every account). */
const KEPT_ORDERS = 16;

/** Every account of the view in `order`. */
export function orderedAccounts(view: ReadView, order: readonly AccountOrderTerm[]): OrderedAccounts {
  if (order.length === 1) return singleKeyOrder(ascendingIndex(view, order[0]!), order[0]!);
  const memo = view.derived.get("orders", () => new BoundedMemo<Account[]>(KEPT_ORDERS));
  return sortedArray(memo.get(orderingName(order), () => sortAccounts([...accountsOf(view)], order)));
}

/** `accounts` (a filter's few candidates) in `order`. */
export function orderedCandidates(accounts: Account[], order: readonly AccountOrderTerm[]): OrderedAccounts {
  return sortedArray(sortAccounts(accounts, order));
}

function sortAccounts(accounts: Account[], order: readonly AccountOrderTerm[]): Account[] {
  const rows = accounts.map((account) => ({ account, values: sortValuesOf(account, order), id: account.id }));
  rows.sort((x, y) => comparePositions(order, x, y));
  return rows.map((row) => row.account);
}

/** First index whose account comes after `position` (binary search: `ordered` is sorted by `order`). */
export function indexAfter(ordered: OrderedAccounts, order: readonly AccountOrderTerm[], position: OrderPosition): number {
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const account = ordered.at(mid);
    if (comparePositions(order, { values: sortValuesOf(account, order), id: account.id }, position) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
