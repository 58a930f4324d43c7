/**
 * Record semantics every AccountGraphStore adapter shares, written once so SQLite and
 * Neo4j cannot drift apart: how a port input (`New*`) becomes the stored domain record,
 * how a patch applies, how batch reads align with their ids, and which value a keyset
 * cursor carries. Pure functions only: callers pass generated ids and timestamps in
 * (the Neo4j adapter fixes both before a transaction so a driver retry writes the same
 * row), and nothing here touches a database.
 */
import { ValidationError } from "../domain/errors.js";
import { foldForSearch } from "../domain/search-text.js";
import type { Account, AccountManager, Community, Engagement, IsoDateTime, Link, Membership, Purchase } from "../domain/model.js";
import {
  ACCOUNT_SORT_KEYS,
  type AccountPageQuery,
  type AccountSortKey,
  type NewAccount,
  type NewCommunity,
  type NewEngagement,
  type NewInfluenceLink,
  type NewManager,
  type NewMembership,
  type NewPurchase,
  type NewReferral,
  type Page,
} from "./account-graph-store.js";

/** An absent optional input (`undefined`) is stored and read back as `null`. */
export function nullable<T>(value: T | null | undefined): T | null {
  return value === undefined ? null : value;
}

// ---------- port input -> domain record ----------

/** The Account stored for `input`: created and updated at `now`. */
export function buildAccount(input: NewAccount, id: string, now: IsoDateTime): Account {
  return {
    id,
    externalId: nullable(input.externalId),
    name: input.name,
    industry: nullable(input.industry),
    segment: input.segment,
    region: nullable(input.region),
    ownerId: nullable(input.ownerId),
    status: input.status,
    annualRevenue: input.annualRevenue,
    grossMargin: input.grossMargin,
    licencesHeld: input.licencesHeld,
    licencesPlanned: input.licencesPlanned,
    licencePrice: input.licencePrice,
    customerSince: nullable(input.customerSince),
    renewalDate: nullable(input.renewalDate),
    discountPurchases: input.discountPurchases,
    supplierSwitches: input.supplierSwitches,
    lastContact: nullable(input.lastContact),
    createdAt: now,
    updatedAt: now,
  };
}

export function buildManager(input: NewManager, id: string, now: IsoDateTime): AccountManager {
  return { id, name: input.name, email: input.email, weeklyCapacityHours: input.weeklyCapacityHours, createdAt: now };
}

export function buildCommunity(input: NewCommunity, id: string, now: IsoDateTime): Community {
  return { id, name: input.name, kind: input.kind, region: nullable(input.region), createdAt: now };
}

export function buildMembership(input: NewMembership): Membership {
  return { accountId: input.accountId, communityId: input.communityId, role: input.role, since: nullable(input.since) };
}

/** An INFLUENCES link: strength as given, dated by `since` when known. */
export function buildInfluenceLink(input: NewInfluenceLink, id: string, now: IsoDateTime): Link {
  return {
    id,
    type: "INFLUENCES",
    fromId: input.fromId,
    toId: input.toId,
    strength: input.strength,
    kind: input.kind,
    revenue: null,
    date: nullable(input.since),
    createdAt: now,
  };
}

/** A REFERRED link: a real introduction is a full-strength tie (strength 1). */
export function buildReferralLink(input: NewReferral, id: string, now: IsoDateTime): Link {
  return {
    id,
    type: "REFERRED",
    fromId: input.fromId,
    toId: input.toId,
    strength: 1,
    kind: null,
    revenue: input.revenue,
    date: input.date,
    createdAt: now,
  };
}

export function buildEngagement(input: NewEngagement, id: string): Engagement {
  return {
    id,
    accountId: input.accountId,
    managerId: input.managerId,
    minutes: input.minutes,
    date: input.date,
    kind: input.kind,
    note: nullable(input.note),
  };
}

export function buildPurchase(input: NewPurchase, id: string): Purchase {
  return { id, accountId: input.accountId, amount: input.amount, licences: input.licences, discount: input.discount, date: input.date };
}

// ---------- updates and batch reads ----------

/**
 * Copies the defined values of `patch` onto a copy of `current`: `null` clears,
 * `undefined` keeps. Only `current`'s own fields can change (so "__proto__" or
 * "toString" in a patch do nothing) and never those named in `immutable`.
 */
export function applyPatch<T extends object>(current: T, patch: object, immutable: readonly string[]): T {
  const next = { ...current } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined && Object.hasOwn(current, key) && !immutable.includes(key)) next[key] = value;
  }
  return next as T;
}

/** True when `next` holds the same values as `current` in every field but those in `ignore` (a no-op update). */
export function isUnchanged<T extends object>(current: T, next: T, ignore: readonly string[]): boolean {
  return changedFields(current, next, ignore).length === 0;
}

/** The fields of `current` that `next` holds another value for (reports name them), `ignore` left out. */
export function changedFields<T extends object>(current: T, next: T, ignore: readonly string[]): string[] {
  const a = current as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  return Object.keys(a).filter((key) => !ignore.includes(key) && !Object.is(a[key], b[key]));
}

/**
 * The key under which manager emails and community names must be unique: case, Unicode
 * normalisation form and surrounding or repeated spaces do not make a second one.
 */
export function uniquenessKey(text: string): string {
  return foldForSearch(text.trim().replace(/\s+/g, " "));
}

/** Orders `items` as `ids` asks, with null for unknown ids (DataLoader's contract). */
export function alignById<T extends { id: string }>(ids: readonly string[], items: readonly T[]): (T | null)[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  return ids.map((id) => byId.get(id) ?? null);
}

// ---------- listAccounts ----------

/**
 * Rejects a sort the adapters have no fixed column for. An array lookup, not `key in
 * map`: "toString" or "__proto__" must not resolve to Object.prototype.
 */
export function requireAccountSort(sort: AccountPageQuery["sort"]): void {
  if (!(ACCOUNT_SORT_KEYS as readonly string[]).includes(sort.key)) throw new ValidationError("unknown sort key", "sort.key");
  if (sort.direction !== "ASC" && sort.direction !== "DESC") {
    throw new ValidationError("sort direction must be ASC or DESC", "sort.direction");
  }
}

/** Page size asked for, as a whole number >= 0; adapters fetch one row more to learn hasNextPage. */
export function pageSizeOf(query: AccountPageQuery): number {
  return Math.max(0, Math.trunc(query.first));
}

/** The domain value a cursor position carries for `key` (the name itself, not a sort key derived from it). */
export function sortValueOf(account: Account, key: AccountSortKey): string | number | null {
  switch (key) {
    case "NAME":
      return account.name;
    case "ANNUAL_REVENUE":
      return account.annualRevenue;
    case "CREATED_AT":
      return account.createdAt;
    case "RENEWAL_DATE":
      return account.renewalDate;
    case "LICENCES_PLANNED":
      return account.licencesPlanned;
  }
}

/** A page from up to `pageSize + 1` sorted rows: the extra row only says another page exists. */
export function buildAccountPage(rows: readonly Account[], pageSize: number, key: AccountSortKey, totalCount: number): Page<Account> {
  const items = rows.slice(0, pageSize);
  return {
    items,
    positions: items.map((item) => ({ value: sortValueOf(item, key), id: item.id })),
    hasNextPage: rows.length > items.length,
    totalCount,
  };
}
