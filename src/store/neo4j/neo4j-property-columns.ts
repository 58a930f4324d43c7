/**
 * The properties each kind of record is stored with in Neo4j, declared once: the property
 * name, its stored type, and where its value comes from. Two encodings are built from it:
 *
 * - `toProps` (neo4j-mapping.ts): a map of driver values (`neo4j.int`, Date, DateTime) for the
 *   single-record writes (`SET n = $props`).
 * - `toColumns` + `propertyMapCypher` (here): for bulk `UNWIND` writes, each record as a
 *   positional list of plain JSON values (strings, numbers, null), typed inside Cypher with
 *   `toInteger`, `date` and `datetime`. Packing the driver's Integer / Date / DateTime objects
 *   and repeating every property name in every row cost the client ~45 µs per account and
 *   ~17 µs per link on the M dataset; the lists cost ~8 µs and ~4 µs, and the server reads
 *   them faster too. The stored values are the same (test/store contract: imports read back
 *   equal).
 *
 * Cypher built here contains property names and list positions only, never values.
 */
import type { Account, AccountManager, Community, Engagement, Link, Membership, Purchase } from "../../domain/model.js";
import { foldForSearch } from "../../domain/search-text.js";
import { codePointSortKey } from "../../domain/text-order.js";

/**
 * How a value is stored: `value` as sent (string, float, null), `int` as an Integer (the
 * driver would send a JS number as a Float), `date` as a Date from `YYYY-MM-DD`, `datetime`
 * as a UTC DateTime from an ISO instant.
 */
export type PropertyKind = "value" | "int" | "date" | "datetime";

export interface PropertyColumn<T> {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly get: (record: T) => unknown;
}

/** A property read from the record's field of the same name. */
function own<T>(name: keyof T & string, kind: PropertyKind = "value"): PropertyColumn<T> {
  return { name, kind, get: (record) => record[name] };
}

export const ACCOUNT_COLUMNS: readonly PropertyColumn<Account>[] = Object.freeze([
  own<Account>("id"),
  own<Account>("externalId"),
  own<Account>("name"),
  // Search and sort keys the text and range indexes answer from (see cypher.ts).
  { name: "nameFolded", kind: "value", get: (a: Account) => foldForSearch(a.name) },
  { name: "nameSortKey", kind: "value", get: (a: Account) => codePointSortKey(a.name) },
  own<Account>("industry"),
  own<Account>("segment"),
  own<Account>("region"),
  own<Account>("ownerId"),
  own<Account>("status"),
  own<Account>("annualRevenue", "int"),
  own<Account>("grossMargin"),
  own<Account>("licencesHeld", "int"),
  own<Account>("licencesPlanned", "int"),
  own<Account>("licencePrice", "int"),
  own<Account>("customerSince", "date"),
  own<Account>("renewalDate", "date"),
  own<Account>("discountPurchases", "int"),
  own<Account>("supplierSwitches", "int"),
  own<Account>("lastContact", "date"),
  own<Account>("createdAt", "datetime"),
  own<Account>("updatedAt", "datetime"),
]);

export const MANAGER_COLUMNS: readonly PropertyColumn<AccountManager>[] = Object.freeze([
  own<AccountManager>("id"),
  own<AccountManager>("name"),
  own<AccountManager>("email"),
  own<AccountManager>("weeklyCapacityHours"),
  own<AccountManager>("createdAt", "datetime"),
]);

export const COMMUNITY_COLUMNS: readonly PropertyColumn<Community>[] = Object.freeze([
  own<Community>("id"),
  own<Community>("name"),
  own<Community>("kind"),
  own<Community>("region"),
  own<Community>("createdAt", "datetime"),
]);

/** MEMBER_OF properties; the endpoints are the relationship's nodes. */
export const MEMBERSHIP_COLUMNS: readonly PropertyColumn<Membership>[] = Object.freeze([own<Membership>("role"), own<Membership>("since", "date")]);

/** REFERRED / INFLUENCES properties; type and endpoints are the relationship itself. */
export const LINK_COLUMNS: readonly PropertyColumn<Link>[] = Object.freeze([
  own<Link>("id"),
  own<Link>("strength"),
  own<Link>("kind"),
  own<Link>("revenue", "int"),
  own<Link>("date", "date"),
  own<Link>("createdAt", "datetime"),
]);

/** Engagement node properties; account and manager are the FOR / BY relationships. */
export const ENGAGEMENT_COLUMNS: readonly PropertyColumn<Engagement>[] = Object.freeze([
  own<Engagement>("id"),
  own<Engagement>("minutes", "int"),
  own<Engagement>("date", "date"),
  own<Engagement>("kind"),
  own<Engagement>("note"),
]);

/** Purchase node properties; the account is the OF relationship. */
export const PURCHASE_COLUMNS: readonly PropertyColumn<Purchase>[] = Object.freeze([
  own<Purchase>("id"),
  own<Purchase>("amount", "int"),
  own<Purchase>("licences", "int"),
  own<Purchase>("discount"),
  own<Purchase>("date", "date"),
]);

/** A safe integer or null; anything else is a bug upstream (Cypher's toInteger would truncate it silently). */
export function checkedInteger(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new Error(`store/neo4j/neo4j-property-columns: ${String(value)} is not a safe integer`);
  }
  return value;
}

/** One record as plain values in column order, for a bulk statement built by propertyMapCypher. */
export function toColumns<T>(columns: readonly PropertyColumn<T>[], record: T): unknown[] {
  return columns.map((column) => {
    const value = column.get(record) ?? null;
    if (column.kind === "int") return checkedInteger(value);
    // Normalised to `...Z`: datetime() keeps the offset it is given, the driver path stores UTC.
    if (column.kind === "datetime" && value !== null) return new Date(value as string).toISOString();
    return value;
  });
}

const TYPED: Record<PropertyKind, (expression: string) => string> = {
  value: (e) => e,
  int: (e) => `toInteger(${e})`,
  date: (e) => `date(${e})`,
  datetime: (e) => `datetime(${e})`,
};

/**
 * Cypher map literal `{name: typed(row[first]), ...}` reading the columns of `toColumns` from
 * list `row` starting at index `first`. Null values are not stored, as with `SET n = $props`.
 */
export function propertyMapCypher<T>(columns: readonly PropertyColumn<T>[], row: string, first: number): string {
  return `{${columns.map((column, i) => `${column.name}: ${TYPED[column.kind](`${row}[${first + i}]`)}`).join(", ")}}`;
}
