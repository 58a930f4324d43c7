import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/domain/errors.js";
import type { Dataset } from "../../src/ports/account-graph-store.js";
import { formatDatasetJson } from "../../seeds/dataset-json.js";
import { generateDataset } from "../../seeds/generate-dataset.js";
import { daysBetween } from "../../seeds/iso-dates.js";
import { findIntegrityProblems } from "./dataset-integrity.js";

const TODAY = "2026-11-01";
const small = generateDataset({ accounts: 2_000, seed: 42, today: TODAY });

function degrees(dataset: Dataset, side: "fromId" | "toId"): number[] {
  const counts = new Map<string, number>();
  for (const l of dataset.influences) counts.set(l[side], (counts.get(l[side]) ?? 0) + 1);
  return dataset.accounts.map((a) => counts.get(a.id) ?? 0).sort((a, b) => a - b);
}

const share = (dataset: Dataset, status: string) => dataset.accounts.filter((a) => a.status === status).length / dataset.accounts.length;

describe("generateDataset", () => {
  it("is deterministic: the same options give byte-identical output", () => {
    expect(formatDatasetJson(generateDataset({ accounts: 2_000, seed: 42, today: TODAY }))).toBe(formatDatasetJson(small));
  });

  it("gives a different dataset for a different seed", () => {
    const other = generateDataset({ accounts: 2_000, seed: 43, today: TODAY });
    expect(formatDatasetJson(other)).not.toBe(formatDatasetJson(small));
    expect(other.influences.map((l) => l.fromId)).not.toEqual(small.influences.map((l) => l.fromId));
  });

  it("hits the S size: 2,000 accounts and ~10,000 links, history proportional to customers", () => {
    expect(small.accounts).toHaveLength(2_000);
    const links = small.influences.length + small.referrals.length;
    expect(links).toBeGreaterThanOrEqual(9_500);
    expect(links).toBeLessThanOrEqual(10_500);
    expect(small.referrals.length / links).toBeGreaterThan(0.05);
    expect(small.referrals.length / links).toBeLessThan(0.2);
    expect(small.managers.length).toBeGreaterThanOrEqual(10);
    expect(small.communities.length).toBeGreaterThanOrEqual(5);
    const customers = small.accounts.filter((a) => a.status === "CUSTOMER").length;
    expect(small.engagements.length / customers).toBeGreaterThan(2);
    expect(small.engagements.length / customers).toBeLessThan(5);
    expect(small.purchases.length / customers).toBeGreaterThan(1.5);
    expect(small.purchases.length / customers).toBeLessThan(3.5);
  });

  it("mixes statuses ~60% customers, 30% prospects, 10% churned", () => {
    expect(share(small, "CUSTOMER")).toBeCloseTo(0.6, 1);
    expect(share(small, "PROSPECT")).toBeCloseTo(0.3, 1);
    expect(share(small, "CHURNED")).toBeCloseTo(0.1, 1);
  });

  it("is referentially sound", () => {
    expect(findIntegrityProblems(small)).toEqual([]);
  });

  it("stays sound at the edges: one manager, no communities, no links", () => {
    const bare = generateDataset({ accounts: 50, seed: 1, managers: 1, communities: 0, linksPerAccount: 0 });
    expect(findIntegrityProblems(bare)).toEqual([]);
    expect(bare.influences.length + bare.referrals.length + bare.memberships.length).toBe(0);
    const tiny = generateDataset({ accounts: 3, seed: 9, linksPerAccount: 10 });
    expect(findIntegrityProblems(tiny)).toEqual([]);
  });

  it("grows a heavy-tailed influence network: a few hubs with many followers", () => {
    const out = degrees(small, "fromId");
    const median = out[Math.floor(out.length / 2)]!;
    const max = out[out.length - 1]!;
    expect(max).toBeGreaterThanOrEqual(100);
    expect(max).toBeGreaterThanOrEqual(20 * Math.max(1, median));
    // The top 1% of influencers hold a large share of all ties (uniform would give 1%).
    const top = out.slice(-Math.ceil(out.length / 100)).reduce((s, d) => s + d, 0);
    expect(top / small.influences.length).toBeGreaterThan(0.15);
    // Being influenced is spread far more evenly than influencing.
    const into = degrees(small, "toId");
    expect(into[into.length - 1]!).toBeLessThan(max / 5);
  });

  it("lets community leaders influence their members", () => {
    const leaders = small.memberships.filter((m) => m.role === "LEADER");
    expect(leaders).toHaveLength(new Set(small.memberships.map((m) => m.communityId)).size);
    const ties = new Set(small.influences.map((l) => `${l.fromId}>${l.toId}`));
    for (const leader of leaders) {
      const members = small.memberships.filter((m) => m.communityId === leader.communityId && m.role === "MEMBER");
      if (members.length < 10) continue;
      const reached = members.filter((m) => ties.has(`${leader.accountId}>${m.accountId}`)).length;
      expect(reached / Math.min(members.length, 250), leader.communityId).toBeGreaterThan(0.3);
    }
  });

  it("sends most referrals along influence links, from earlier customers", () => {
    const ties = new Set(small.influences.map((l) => `${l.fromId}>${l.toId}`));
    const along = small.referrals.filter((r) => ties.has(`${r.fromId}>${r.toId}`)).length;
    expect(along / small.referrals.length).toBeGreaterThan(0.7);
    const byId = new Map(small.accounts.map((a) => [a.id, a]));
    for (const r of small.referrals) {
      const from = byId.get(r.fromId)!;
      const to = byId.get(r.toId)!;
      expect(from.customerSince! < r.date && r.date < to.customerSince!, r.id).toBe(true);
      expect(r.revenue, r.id).toBeGreaterThan(0);
    }
  });

  it("keeps revenue log-normal by segment: enterprise medians dwarf small business ones", () => {
    const median = (segment: string) => {
      const values = small.accounts
        .filter((a) => a.segment === segment && a.status === "CUSTOMER")
        .map((a) => a.annualRevenue)
        .sort((a, b) => a - b);
      return values[Math.floor(values.length / 2)]!;
    };
    expect(median("ENTERPRISE")).toBeGreaterThan(20 * median("SMALL_BUSINESS"));
    expect(median("MID_MARKET")).toBeGreaterThan(4 * median("SMALL_BUSINESS"));
  });

  it("models discount chasers and account states consistently", () => {
    const chasers = small.accounts.filter((a) => a.supplierSwitches >= 2);
    expect(chasers.length).toBeGreaterThan(50);
    const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const steady = small.accounts.filter((a) => a.status === "CUSTOMER" && a.supplierSwitches === 0);
    expect(avg(chasers.map((a) => a.discountPurchases))).toBeGreaterThan(3 * avg(steady.map((a) => a.discountPurchases)));
    for (const a of small.accounts) {
      if (a.status === "PROSPECT") {
        expect(a, a.id).toMatchObject({ annualRevenue: 0, licencesHeld: 0, customerSince: null, renewalDate: null });
        expect(a.licencesPlanned, a.id).toBeGreaterThan(0);
      } else if (a.status === "CUSTOMER") {
        expect(a.licencesHeld, a.id).toBeGreaterThan(0);
        expect(a.licencesPlanned, a.id).toBeGreaterThanOrEqual(a.licencesHeld);
        expect(daysBetween(TODAY, a.renewalDate!), a.id).toBeGreaterThan(0);
      } else {
        expect(a, a.id).toMatchObject({ annualRevenue: 0, licencesHeld: 0, renewalDate: null });
      }
    }
    const lastEngagement = new Map<string, string>();
    for (const e of small.engagements) if (e.date > (lastEngagement.get(e.accountId) ?? "")) lastEngagement.set(e.accountId, e.date);
    for (const a of small.accounts) expect(a.lastContact, a.id).toBe(lastEngagement.get(a.id) ?? null);
    for (const row of [...small.engagements, ...small.purchases]) expect(row.date <= TODAY).toBe(true);
  });

  it.each([
    [{ accounts: 0, seed: 1 }, "accounts"],
    [{ accounts: 1.5, seed: 1 }, "accounts"],
    [{ accounts: 10, seed: -1 }, "seed"],
    [{ accounts: 10, seed: 2 ** 32 }, "seed"],
    [{ accounts: 10, seed: 1, managers: 0 }, "managers"],
    [{ accounts: 10, seed: 1, linksPerAccount: Number.NaN }, "linksPerAccount"],
    [{ accounts: 10, seed: 1, today: "2026-02-30" }, "today"],
  ])("rejects %o naming the field", (options, field) => {
    let caught: unknown;
    try {
      generateDataset(options);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).code).toBe("BAD_USER_INPUT");
    expect((caught as ValidationError).field).toBe(field);
  });
});
