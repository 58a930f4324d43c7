import { describe, expect, it } from "vitest";
import { buildPortfolio } from "../../src/strategy/portfolio.js";
import { rankAccounts } from "../../src/strategy/ranking.js";
import type { AdvocateRecommendation } from "../../src/strategy/advocates.js";
import { createPrng, hashUnit, worldKey } from "../../src/strategy/prng.js";
import { ASOF, daysAgo, engagement, makeFacts, planFromFacts, purchase } from "./fixtures.js";

function book() {
  return [
    makeFacts(
      { id: "big", segment: "ENTERPRISE", annualRevenue: 500_000_00, licencesHeld: 100, licencesPlanned: 180, customerSince: daysAgo(4000) },
      { engagements: [engagement("big", 10, 60), engagement("big", 200, 600)], purchases: [purchase("big", 30, 480_000, 100)] },
    ),
    makeFacts(
      { id: "shaky", segment: "SMALL_BUSINESS", annualRevenue: 80_000_00, supplierSwitches: 3, renewalDate: daysAgo(-10), lastContact: daysAgo(150) },
      { engagements: [engagement("shaky", 20, 300)] },
    ),
    makeFacts(
      { id: "steady", annualRevenue: 60_000_00, licencesHeld: 20, licencesPlanned: 25 },
      { engagements: [engagement("steady", 40, 120), engagement("steady", 41, 500, "mgr_2")] },
    ),
    makeFacts({ id: "quiet", annualRevenue: 1_000_00, licencesHeld: 1, licencesPlanned: 1, segment: "SMALL_BUSINESS" }),
  ];
}

describe("buildPortfolio", () => {
  const accounts = book();
  const others = [makeFacts({ id: "elsewhere", ownerId: "mgr_2", annualRevenue: 9_000_000_00 })];
  const ranking = rankAccounts({ facts: [...accounts, ...others], referrals: [] }, { asOf: ASOF });
  const tiers = new Map(ranking.scores.map((s) => [s.accountId, s.tier.tier]));
  const { plan } = planFromFacts(accounts, { hoursPerWeek: 8, horizonWeeks: 13, tiers });

  it("groups the manager's accounts by tier with last quarter's time against the plan", () => {
    const view = buildPortfolio({ managerId: "mgr_1", asOf: ASOF, accounts, scores: ranking.scores, plan });
    expect(view.tiers.flatMap((t) => t.accountIds).sort()).toEqual(["big", "quiet", "shaky", "steady"]);
    for (const t of view.tiers) for (const id of t.accountIds) expect(tiers.get(id)).toBe(t.tier);
    // Only mgr_1's minutes inside the last 13 weeks: 60 + 300 + 120.
    expect(view.minutesLastQuarter).toBe(480);
    expect(view.plannedMinutesPerQuarter).toBeCloseTo(8 * 60 * 13);
    expect(view.value).toBeGreaterThanOrEqual(0);
    expect(view.value).toBeLessThanOrEqual(1);
  });

  it("lists top risks by retention priority and top expansion by whitespace value", () => {
    const view = buildPortfolio({ managerId: "mgr_1", asOf: ASOF, accounts, scores: ranking.scores, plan, top: 2 });
    const byId = new Map(ranking.scores.map((s) => [s.accountId, s]));
    expect(view.topRisks).toHaveLength(2);
    expect(view.topRisks[0]!.value).toBeGreaterThanOrEqual(view.topRisks[1]!.value);
    expect(view.topRisks[0]!.value).toBeCloseTo(byId.get(view.topRisks[0]!.accountId)!.measures.loyalty.retentionPriority);
    expect(view.topExpansion.map((i) => i.accountId)).toEqual(["big", "steady"]);
    expect(view.topRisks.map((i) => i.accountId)).not.toContain("elsewhere");
  });

  it("uses the advocate recommendation when given", () => {
    const advocates = {
      advocates: [
        { accountId: "elsewhere", marginalSpread: 99, cumulativeSpread: 99, timesAsked: 0 },
        { accountId: "steady", marginalSpread: 12, cumulativeSpread: 111, timesAsked: 0 },
      ],
    } as unknown as AdvocateRecommendation;
    const view = buildPortfolio({ managerId: "mgr_1", asOf: ASOF, accounts, scores: ranking.scores, plan, advocates });
    expect(view.topAdvocates).toEqual([{ accountId: "steady", value: 12, explanation: expect.any(String) }]);
  });
});

describe("seeded randomness", () => {
  it("repeats for a seed, differs across seeds, and is roughly uniform", () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it("gives stateless per-world coins with the right frequency", () => {
    const key = worldKey(7, 3);
    expect(hashUnit(key, 12)).toBe(hashUnit(worldKey(7, 3), 12));
    let hits = 0;
    for (let e = 0; e < 20_000; e++) if (hashUnit(key, e) < 0.3) hits++;
    expect(hits / 20_000).toBeGreaterThan(0.28);
    expect(hits / 20_000).toBeLessThan(0.32);
  });
});
