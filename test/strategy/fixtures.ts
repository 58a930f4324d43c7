/** Hand-made facts for strategy tests: small, explicit, and dated relative to ASOF. */
import type { Account, Engagement, Purchase } from "../../src/domain/model.js";
import type { AccountFacts, InfluenceFacts } from "../../src/strategy/inputs.js";
import { addDays } from "../../src/strategy/dates.js";
import { buildInfluenceNetwork } from "../../src/strategy/influence-network.js";
import type { InfluenceNetwork } from "../../src/strategy/inputs.js";
import { buildActivityHistory } from "../../src/strategy/history-periods.js";
import { planBook, type BookPlan } from "../../src/strategy/book-plan.js";
import type { Tier } from "../../src/strategy/tiers.js";

export const ASOF = "2025-06-30";

export function daysAgo(days: number): string {
  return addDays(ASOF, -days);
}

export function makeAccount(overrides: Partial<Account> & { id: string }): Account {
  return {
    externalId: null,
    name: overrides.id,
    industry: null,
    segment: "MID_MARKET",
    region: null,
    ownerId: "mgr_1",
    status: "CUSTOMER",
    annualRevenue: 10_000_00,
    grossMargin: 0.5,
    licencesHeld: 10,
    licencesPlanned: 10,
    licencePrice: 100_00,
    customerSince: daysAgo(3 * 365),
    renewalDate: null,
    discountPurchases: 0,
    supplierSwitches: 0,
    lastContact: daysAgo(20),
    createdAt: "2020-01-01T00:00:00.000Z",
    updatedAt: "2020-01-01T00:00:00.000Z",
    ...overrides,
  };
}

let counter = 0;

export function engagement(accountId: string, days: number, minutes: number, managerId = "mgr_1"): Engagement {
  return { id: `eng_${++counter}`, accountId, managerId, minutes, date: daysAgo(days), kind: "CALL", note: null };
}

export function purchase(accountId: string, days: number, amountUnits: number, licences = 1, discount = 0): Purchase {
  return { id: `pur_${++counter}`, accountId, amount: Math.round(amountUnits * 100), licences, discount, date: daysAgo(days) };
}

export const NEUTRAL_INFLUENCE: InfluenceFacts = { pagerankPercentile: 0.5, betweennessPercentile: 0.5 };

export function makeFacts(
  account: Partial<Account> & { id: string },
  extra: { engagements?: Engagement[]; purchases?: Purchase[]; influence?: InfluenceFacts } = {},
): AccountFacts {
  return {
    account: makeAccount(account),
    engagements: extra.engagements ?? [],
    purchases: extra.purchases ?? [],
    influence: extra.influence ?? NEUTRAL_INFLUENCE,
  };
}

/** Network from an edge list [from, to, probability] over nodes "n0".."n{count-1}". */
export function makeNetwork(
  count: number,
  edges: readonly (readonly [number, number, number])[],
  node: (i: number) => { status?: "PROSPECT" | "CUSTOMER" | "CHURNED"; potential?: number; revenue?: number } = () => ({}),
  communities?: { ids: string[]; members: number[][] },
): InfluenceNetwork {
  const sorted = [...edges].sort((a, b) => a[0] - b[0]);
  const offsets = new Int32Array(count + 1);
  for (const [from] of sorted) offsets[from + 1]!++;
  for (let i = 0; i < count; i++) offsets[i + 1]! += offsets[i]!;
  const info = Array.from({ length: count }, (_, i) => node(i));
  return buildInfluenceNetwork({
    ids: Array.from({ length: count }, (_, i) => `n${i}`),
    offsets,
    targets: Int32Array.from(sorted, (e) => e[1]),
    strengths: Float64Array.from(sorted, (e) => e[2]),
    activationScale: 1,
    status: info.map((x) => x.status ?? "CUSTOMER"),
    revenue: Float64Array.from(info, (x) => x.revenue ?? 0),
    potential: Float64Array.from(info, (x) => x.potential ?? 1),
    ...(communities
      ? {
          communities: {
            ids: communities.ids,
            offsets: Int32Array.from([0, ...communities.members.map((_, c) => communities.members.slice(0, c + 1).flat().length)]),
            members: Int32Array.from(communities.members.flat()),
          },
        }
      : {}),
  });
}

/** The weekly plan of a book of facts, its history cut into quarters from the facts' own activity. */
export function planFromFacts(
  accounts: readonly AccountFacts[],
  options: { hoursPerWeek: number; horizonWeeks: number; tiers?: ReadonlyMap<string, Tier>; network?: InfluenceNetwork; managerId?: string },
): BookPlan {
  const managerId = options.managerId ?? "mgr_1";
  const history = buildActivityHistory({
    asOf: ASOF,
    managerId,
    accounts: accounts.map((f) => ({ id: f.account.id, customerSince: f.account.customerSince })),
    engagements: accounts.flatMap((f) => f.engagements),
    purchases: accounts.flatMap((f) => f.purchases),
  });
  return planBook({ managerId, asOf: ASOF, accounts, history, ...options });
}
