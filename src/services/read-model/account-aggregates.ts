/**
 * Aggregates over the accounts a filter matches, answered from a read view: count, and sum /
 * average / min / max of annual revenue, whitespace licences (planned - held, at least 0),
 * whitespace value at list price (whitespace licences x licence price) and engagement minutes
 * in a date window, for all matching accounts and per group of one dimension (segment, status,
 * region, industry, owner, community or strategic tier).
 *
 * - An account belongs to one group per dimension, except COMMUNITY: a member of several
 *   communities counts in each of their groups (so group counts may add up to more than the
 *   total), and one of none in the group whose key is null. Accounts without a region,
 *   industry, owner or tier are likewise in the null group.
 * - Groups come largest first (count descending), then by key (code point order, null last).
 * - Averages are per account (minutes: the window's minutes of the group over its accounts).
 *
 * Cost: one pass over the matching accounts (a narrow filter's candidates only), O(n) with a
 * few additions per account; engagement minutes come from activity-facts.ts (one pass over
 * the held engagements per activity version and window). The caller memoises whole answers.
 */
import type { Account, IsoDate } from "../../domain/model.js";
import { compareCodePoints } from "../../domain/text-order.js";
import { candidatesOf } from "./account-candidates.js";
import { accountsOf, matcherOf, whitespaceLicencesOf, type AccountQueryFilter } from "./account-filter.js";
import { orderBaseOf, type AccountOrderTerm } from "./account-order.js";
import { engagementMinutes } from "./activity-facts.js";
import type { ReadView } from "./read-view.js";

/** The order whose buckets aggregates read candidates from: any would do, the default page order's are usually built. */
const BY_NAME: readonly AccountOrderTerm[] = [{ key: "NAME", direction: "ASC", nulls: "LAST" }];

export const ACCOUNT_GROUP_DIMENSIONS = ["SEGMENT", "STATUS", "REGION", "INDUSTRY", "OWNER", "COMMUNITY", "TIER"] as const;
export type AccountGroupDimension = (typeof ACCOUNT_GROUP_DIMENSIONS)[number];

/** Sum, average, min and max of one quantity over a set of accounts (min / max / average null for none). */
export interface QuantityStats {
  sum: number;
  average: number | null;
  min: number | null;
  max: number | null;
}

export interface AccountStats {
  count: number;
  /** Cents. */
  annualRevenue: QuantityStats;
  whitespaceLicences: QuantityStats;
  /** Cents, at list price. */
  whitespaceValue: QuantityStats;
  engagementMinutes: QuantityStats;
}

export interface AccountGroup extends AccountStats {
  /** The dimension's value (an enum value, a region or industry, an owner or community id, a tier); null: none. */
  key: string | null;
}

export interface AccountAggregate {
  totals: AccountStats;
  groupBy: AccountGroupDimension | null;
  /** Every group, largest first; empty without `groupBy`. */
  groups: AccountGroup[];
  /** The engagement window the minutes are counted in (inclusive). */
  window: { from: IsoDate; to: IsoDate };
}

export interface AggregateRequest {
  filter: AccountQueryFilter;
  groupBy: AccountGroupDimension | null;
  window: { from: IsoDate; to: IsoDate };
  /** Each account's strategic tier (needed for TIER; accounts it does not know go to the null group). */
  tierOf?: (accountId: string) => string | null;
}

class Quantity {
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;

  add(value: number): void {
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  stats(count: number): QuantityStats {
    if (count === 0) return { sum: 0, average: null, min: null, max: null };
    return { sum: this.sum, average: this.sum / count, min: this.min, max: this.max };
  }
}

class StatsBuilder {
  private count = 0;
  private readonly revenue = new Quantity();
  private readonly whitespace = new Quantity();
  private readonly whitespaceValue = new Quantity();
  private readonly minutes = new Quantity();

  add(account: Account, minutes: number): void {
    const whitespace = whitespaceLicencesOf(account);
    this.count++;
    this.revenue.add(account.annualRevenue);
    this.whitespace.add(whitespace);
    this.whitespaceValue.add(whitespace * account.licencePrice);
    this.minutes.add(minutes);
  }

  stats(): AccountStats {
    const n = this.count;
    return {
      count: n,
      annualRevenue: this.revenue.stats(n),
      whitespaceLicences: this.whitespace.stats(n),
      whitespaceValue: this.whitespaceValue.stats(n),
      engagementMinutes: this.minutes.stats(n),
    };
  }
}

/** The key of `account` in a single-valued dimension (all but COMMUNITY). */
function keyOf(request: AggregateRequest, dimension: Exclude<AccountGroupDimension, "COMMUNITY">): (account: Account) => string | null {
  switch (dimension) {
    case "SEGMENT":
      return (a) => a.segment;
    case "STATUS":
      return (a) => a.status;
    case "REGION":
      return (a) => a.region;
    case "INDUSTRY":
      return (a) => a.industry;
    case "OWNER":
      return (a) => a.ownerId;
    case "TIER": {
      const tierOf = request.tierOf;
      if (!tierOf) throw new Error("services/read-model/account-aggregates: grouping by TIER needs tierOf");
      return (a) => tierOf(a.id);
    }
  }
}

function byCountThenKey(x: AccountGroup, y: AccountGroup): number {
  if (x.count !== y.count) return y.count - x.count;
  if (x.key === null || y.key === null) return x.key === y.key ? 0 : x.key === null ? 1 : -1;
  return compareCodePoints(x.key, y.key);
}

export function aggregateAccounts(view: ReadView, request: AggregateRequest): AccountAggregate {
  const matches = matcherOf(view, request.filter);
  const minutes = engagementMinutes(view, request.window.from, request.window.to);
  const totals = new StatsBuilder();
  const groups = new Map<string | null, StatsBuilder>();
  const addTo = (key: string | null, account: Account, spent: number) => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = new StatsBuilder()));
    group.add(account, spent);
  };
  const { groupBy } = request;
  const single = groupBy === null || groupBy === "COMMUNITY" ? null : keyOf(request, groupBy);
  for (const account of candidatesOf(view, request.filter, () => orderBaseOf(view, BY_NAME))?.accounts ?? accountsOf(view)) {
    if (!matches(account)) continue;
    const spent = minutes.get(account.id) ?? 0;
    totals.add(account, spent);
    if (single) addTo(single(account), account, spent);
    else if (groupBy === "COMMUNITY") {
      // A member of several communities counts in each; one of none in the null group.
      const memberships = view.membershipsByAccount.get(account.id);
      if (!memberships || memberships.length === 0) addTo(null, account, spent);
      else for (const m of memberships) addTo(m.communityId, account, spent);
    }
  }
  return {
    totals: totals.stats(),
    groupBy: request.groupBy,
    groups: [...groups].map(([key, group]) => ({ key, ...group.stats() })).sort(byCountThenKey),
    window: { ...request.window },
  };
}
