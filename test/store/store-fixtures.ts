/**
 * Builders and assertions shared by the store contract suite. Inputs are valid as the
 * services would pass them; each builder takes overrides so a test states only what it
 * is about.
 */
import { expect } from "vitest";
import { DomainError, type DomainErrorCode } from "../../src/domain/errors.js";
import type { Account, Link } from "../../src/domain/model.js";
import type {
  AccountGraphStore,
  AccountSortKey,
  Dataset,
  KeysetPosition,
  NewAccount,
  NewCommunity,
  NewManager,
  SortDirection,
  StoreCounts,
} from "../../src/ports/account-graph-store.js";
import { sortValueOf } from "../../src/ports/store-records.js";

// The port defines these once; the suite states its expectations with the same definitions.
export { countDatasetRows as countsOf } from "../../src/ports/dataset-records.js";
export { sortValueOf };

let sequence = 0;
const next = (): number => ++sequence;

export function accountInput(overrides: Partial<NewAccount> = {}): NewAccount {
  const n = next();
  return {
    name: `Account ${n}`,
    segment: "MID_MARKET",
    status: "CUSTOMER",
    annualRevenue: 1_000_000_00,
    grossMargin: 0.4,
    licencesHeld: 10,
    licencesPlanned: 5,
    licencePrice: 120_00,
    discountPurchases: 0,
    supplierSwitches: 0,
    ...overrides,
  };
}

export function managerInput(overrides: Partial<NewManager> = {}): NewManager {
  const n = next();
  return { name: `Manager ${n}`, email: `manager${n}@example.com`, weeklyCapacityHours: 40, ...overrides };
}

export function communityInput(overrides: Partial<NewCommunity> = {}): NewCommunity {
  const n = next();
  return { name: `Community ${n}`, kind: "INDUSTRY_ASSOCIATION", region: "EMEA", ...overrides };
}

/** Optional NewAccount fields; a store reads each back as null when the input left it out. */
export const ABSENT_ACCOUNT_OPTIONALS = {
  externalId: null,
  industry: null,
  region: null,
  ownerId: null,
  customerSince: null,
  renewalDate: null,
  lastContact: null,
} as const;

/**
 * The Account a store must return for `input`, stated as the contract says it (every
 * given value verbatim, absent optionals null) rather than by the stores' own builder,
 * so the suite checks that builder instead of repeating it.
 */
export function expectedAccount(input: NewAccount): Omit<Account, "id" | "createdAt" | "updatedAt"> {
  const { id: _id, ...given } = input;
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return { ...ABSENT_ACCOUNT_OPTIONALS, ...defined } as Omit<Account, "id" | "createdAt" | "updatedAt">;
}

export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Awaits a call that must fail with a DomainError of `code` (and `field` when given). */
export async function expectFailure(call: Promise<unknown>, code: DomainErrorCode, field?: string): Promise<DomainError> {
  let caught: unknown = undefined;
  let resolved = false;
  try {
    await call;
    resolved = true;
  } catch (error) {
    caught = error;
  }
  expect(resolved, `expected a ${code} failure, but the call succeeded`).toBe(false);
  expect(caught).toBeInstanceOf(DomainError);
  const error = caught as DomainError;
  expect(error.code).toBe(code);
  if (field !== undefined) expect(error.field).toBe(field);
  return error;
}

export interface StoreSnapshot {
  counts: StoreCounts;
  /** The change feed's head: unchanged means nothing was committed. */
  head: number;
}

export async function snapshotOf(store: AccountGraphStore): Promise<StoreSnapshot> {
  return { counts: await store.counts(), head: await store.feedHead() };
}

export const EMPTY_COUNTS: StoreCounts = {
  accounts: 0,
  managers: 0,
  communities: 0,
  memberships: 0,
  links: 0,
  engagements: 0,
  purchases: 0,
};

/** Strings that break naive quoting in SQL, Cypher, JSON or LIKE patterns. */
export const HOSTILE_STRINGS = [
  `O'Brien & "Sons" \\ back\\slash`,
  "'); DROP TABLE accounts; --",
  "} DETACH DELETE n //",
  "$param {curly} `tick` ${x}",
  "100% _under_score_",
  "Zürich 日本語 Ελληνικά Кириллица 🚀",
  "  leading and trailing  ",
  "line\nbreak\ttab",
] as const;

// ---------- listAccounts reference ordering ----------

const compareRaw = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The contract's order: by sort value (strings by code unit, which equals code point
 * order for the BMP names the suite sorts), ties by id, both in the requested
 * direction; null values last in either direction.
 */
export function compareForSort(key: AccountSortKey, direction: SortDirection): (a: Account, b: Account) => number {
  const sign = direction === "ASC" ? 1 : -1;
  return (a, b) => {
    const va = sortValueOf(a, key);
    const vb = sortValueOf(b, key);
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    const byValue = va === null || vb === null ? 0 : compareRaw(va, vb);
    return sign * (byValue !== 0 ? byValue : compareRaw(a.id, b.id));
  };
}

export function positionOf(account: Account, key: AccountSortKey): KeysetPosition {
  return { value: sortValueOf(account, key), id: account.id };
}

export function idsOf(items: readonly { id: string }[]): string[] {
  return items.map((item) => item.id);
}

export function sortedIds(items: readonly { id: string }[]): string[] {
  return idsOf(items).sort();
}

export function byLinkId(a: Link, b: Link): number {
  return compareRaw(a.id, b.id);
}

// ---------- datasets ----------

/**
 * A small, fully consistent dataset: 3 managers, `accountCount` accounts in a ring of
 * INFLUENCES plus REFERRED chords, 2 communities, memberships, engagements, purchases.
 */
export function smallDataset(prefix = "ds", accountCount = 8): Dataset {
  const managers = [0, 1, 2].map((i) => ({ id: `${prefix}-mgr-${i}`, ...managerInput({ name: `${prefix} manager ${i}` }) }));
  const accounts = Array.from({ length: accountCount }, (_, i) => ({
    ...accountInput({
      name: `${prefix} account ${String(i).padStart(3, "0")}`,
      externalId: `${prefix}-crm-${i}`,
      ownerId: managers[i % managers.length]!.id,
      annualRevenue: (i + 1) * 10_000_00,
      renewalDate: i % 3 === 0 ? null : `2026-0${(i % 9) + 1}-15`,
    }),
    id: `${prefix}-acc-${String(i).padStart(3, "0")}`,
  }));
  const communities = [0, 1].map((i) => ({ id: `${prefix}-com-${i}`, ...communityInput({ name: `${prefix} club ${i}` }) }));
  const memberships = accounts
    .filter((_, i) => i % 2 === 0)
    .map((a, i) => ({
      accountId: a.id,
      communityId: communities[i % 2]!.id,
      role: i === 0 ? ("LEADER" as const) : ("MEMBER" as const),
      since: "2020-05-01",
    }));
  const influences = accounts.map((a, i) => ({
    id: `${prefix}-inf-${i}`,
    fromId: a.id,
    toId: accounts[(i + 1) % accounts.length]!.id,
    kind: "PEER" as const,
    strength: (i + 1) / (accounts.length + 1),
    since: i % 2 === 0 ? "2021-01-01" : null,
  }));
  const referrals = accounts
    .filter((_, i) => i % 3 === 0)
    .map((a, i) => ({
      id: `${prefix}-ref-${i}`,
      fromId: a.id,
      toId: accounts[(accounts.indexOf(a) + 2) % accounts.length]!.id,
      date: "2024-03-0" + ((i % 9) + 1),
      revenue: (i + 1) * 2_500_00,
    }));
  const engagements = accounts.slice(0, 3).map((a, i) => ({
    id: `${prefix}-eng-${i}`,
    accountId: a.id,
    managerId: managers[0]!.id,
    minutes: 30 + i,
    date: `2025-01-1${i}`,
    kind: "CALL" as const,
    note: i === 0 ? null : `note ${i}`,
  }));
  const purchases = accounts.slice(0, 2).map((a, i) => ({
    id: `${prefix}-pur-${i}`,
    accountId: a.id,
    amount: 50_000_00 + i,
    licences: 5,
    discount: 0.1,
    date: `2024-12-0${i + 1}`,
  }));
  return { managers, accounts, communities, memberships, influences, referrals, engagements, purchases };
}
