import { describe, expect, it } from "vitest";
import { DomainError, ValidationError } from "../../src/domain/errors.js";
import { DEFAULT_WEIGHTS, explainStrategicScore, RANKING_STEP_ACCOUNTS, validateWeights } from "../../src/strategy/strategic-score.js";
import { rankAccounts, rankAccountsInSteps } from "../../src/strategy/ranking.js";
import { assignTier, validateTierThresholds } from "../../src/strategy/tiers.js";
import { percentileRanks, topIndices } from "../../src/strategy/percentile.js";
import type { AccountFacts, ReferralLink } from "../../src/strategy/inputs.js";
import { ASOF, daysAgo, engagement, makeFacts, purchase } from "./fixtures.js";

function expectInvalid(run: () => unknown, field: string): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as DomainError).code).toBe("BAD_USER_INPUT");
    expect((error as DomainError).field).toBe(field);
    return;
  }
  throw new Error(`expected a ValidationError on ${field}`);
}

/** Only the revenue dimension counts: a score then follows annual revenue alone. */
const REVENUE_ONLY = { revenue: 1, efficiency: 0, expansion: 0, loyalty: 0, wordOfMouth: 0 };

describe("percentile ranks", () => {
  it("gives mid-rank percentiles, shares them between ties and ignores input order", () => {
    expect([...percentileRanks([10, 20, 20, 40])]).toEqual([0.125, 0.5, 0.5, 0.875]);
    expect([...percentileRanks([40, 20, 10, 20])]).toEqual([0.875, 0.5, 0.125, 0.5]);
    expect([...percentileRanks([7])]).toEqual([0.5]);
    expect([...percentileRanks([NaN, 1])]).toEqual([0.25, 0.75]);
  });

  it("returns the top indices with ties broken by key", () => {
    expect(topIndices([3, 5, 5, 1], 3, (i) => ["d", "c", "b", "a"][i]!)).toEqual([2, 1, 0]);
  });
});

describe("weights validation", () => {
  it("merges overrides over the documented defaults", () => {
    expect(validateWeights(undefined)).toEqual(DEFAULT_WEIGHTS);
    expect(validateWeights({ loyalty: 0.5 })).toEqual({ ...DEFAULT_WEIGHTS, loyalty: 0.5 });
  });

  it("rejects negative, non-finite and unknown weights with the field path", () => {
    expectInvalid(() => validateWeights({ loyalty: -0.1 }), "weights.loyalty");
    expectInvalid(() => validateWeights({ revenue: Number.NaN }), "weights.revenue");
    expectInvalid(() => validateWeights({ expansion: Number.POSITIVE_INFINITY }), "weights.expansion");
    expectInvalid(() => validateWeights({ price: 1 }), "weights.price");
  });

  it("rejects all-zero weights, also through rankAccounts", () => {
    const zero = { revenue: 0, efficiency: 0, expansion: 0, loyalty: 0, wordOfMouth: 0 };
    expectInvalid(() => validateWeights(zero), "weights");
    expectInvalid(() => rankAccounts({ facts: [makeFacts({ id: "a" })], referrals: [] }, { asOf: ASOF, weights: zero }), "weights");
  });

  it("validates tier thresholds", () => {
    expectInvalid(() => validateTierThresholds({ highValue: 1.5 }), "thresholds.highValue");
    expectInvalid(() => validateTierThresholds({ lowValue: 0.8, highValue: 0.6 }), "thresholds.lowValue");
    expectInvalid(() => validateTierThresholds({ middle: 0.5 }), "thresholds.middle");
  });
});

describe("tiers", () => {
  it("maps the value x influence matrix", () => {
    expect(assignTier(0.9, 0.9).tier).toBe("STRATEGIC");
    expect(assignTier(0.9, 0.2).tier).toBe("PROTECT");
    expect(assignTier(0.5, 0.9).tier).toBe("ADVOCATE");
    expect(assignTier(0.1, 0.9).tier).toBe("ADVOCATE");
    expect(assignTier(0.5, 0.2).tier).toBe("MAINTAIN");
    expect(assignTier(0.1, 0.2).tier).toBe("DEPRIORITIZE");
  });

  it("honours overridden thresholds", () => {
    expect(assignTier(0.6, 0.2, { highValue: 0.5, lowValue: 0.2, highInfluence: 0.9 }).tier).toBe("PROTECT");
  });
});

/** A small book: two large quiet accounts, a modest but very influential leader, and fillers. */
function population(): { facts: AccountFacts[]; referrals: ReferralLink[] } {
  const quiet = { pagerankPercentile: 0.2, betweennessPercentile: 0.2 };
  const facts = [
    makeFacts(
      {
        id: "big1",
        segment: "ENTERPRISE",
        annualRevenue: 800_000_00,
        grossMargin: 0.6,
        licencesHeld: 200,
        licencesPlanned: 260,
        customerSince: daysAgo(3000),
      },
      { influence: quiet, engagements: [engagement("big1", 10, 120)], purchases: [purchase("big1", 40, 400_000, 100)] },
    ),
    makeFacts(
      {
        id: "big2",
        segment: "ENTERPRISE",
        annualRevenue: 600_000_00,
        grossMargin: 0.55,
        licencesHeld: 150,
        licencesPlanned: 200,
        customerSince: daysAgo(2500),
      },
      { influence: quiet, engagements: [engagement("big2", 15, 90)], purchases: [purchase("big2", 60, 300_000, 80)] },
    ),
    makeFacts(
      { id: "leader", segment: "SMALL_BUSINESS", annualRevenue: 40_000_00, grossMargin: 0.5, licencesHeld: 8, licencesPlanned: 8 },
      {
        influence: { pagerankPercentile: 0.98, betweennessPercentile: 0.95, reachPercentile: 0.97, communitiesLed: 3 },
        engagements: [engagement("leader", 20, 60)],
      },
    ),
    ...["m1", "m2", "m3", "m4"].map((id, i) =>
      makeFacts(
        { id, annualRevenue: (50_000 + i * 10_000) * 100, licencesHeld: 10, licencesPlanned: 12 },
        { influence: { pagerankPercentile: 0.3 + i * 0.05, betweennessPercentile: 0.3 }, engagements: [engagement(id, 30, 45)] },
      ),
    ),
    makeFacts(
      { id: "tiny", segment: "SMALL_BUSINESS", annualRevenue: 2_000_00, licencesHeld: 1, licencesPlanned: 1, supplierSwitches: 2 },
      { influence: { pagerankPercentile: 0.05, betweennessPercentile: 0.05 } },
    ),
  ];
  const referrals: ReferralLink[] = [
    { fromId: "leader", toId: "m1", revenue: 30_000_00 },
    { fromId: "leader", toId: "m2", revenue: 20_000_00 },
    { fromId: "m1", toId: "m3", revenue: 10_000_00 },
  ];
  return { facts, referrals };
}

describe("strategic ranking", () => {
  it("puts a modest-revenue leader with many referrals in ADVOCATE with the highest word of mouth", () => {
    const ranking = rankAccounts(population(), { asOf: ASOF });
    const leader = ranking.scores.find((s) => s.accountId === "leader")!;
    expect(leader.tier.tier).toBe("ADVOCATE");
    const wom = ranking.scores.map((s) => s.dimensionPercentiles.wordOfMouth);
    expect(leader.dimensionPercentiles.wordOfMouth).toBe(Math.max(...wom));
    expect(leader.measures.wordOfMouth.referralCredit.total).toBeCloseTo(50_000 + 0.5 * 10_000);
    expect(leader.tier.valuePercentile).toBeLessThan(0.75);
    expect(ranking.scores.find((s) => s.accountId === "big1")!.tier.tier).toBe("PROTECT");
    expect(ranking.scores.find((s) => s.accountId === "tiny")!.tier.tier).toBe("DEPRIORITIZE");
  });

  it("is sorted, ranked, normalised and explains itself: value = sum of weight x percentile", () => {
    const ranking = rankAccounts(population(), { asOf: ASOF });
    // m1 and m2 blend to the same score: they share rank 5, and the next account is 7th.
    expect(ranking.scores.map((s) => s.rank)).toEqual([1, 2, 3, 4, 5, 5, 7, 8]);
    ranking.scores.forEach((s, i) => {
      if (i > 0) expect(s.value).toBeLessThanOrEqual(ranking.scores[i - 1]!.value);
      expect(s.value).toBeGreaterThan(0);
      expect(s.value).toBeLessThan(1);
      const why = explainStrategicScore(s, ranking.weights);
      const recomputed = why.components.reduce((sum, c) => sum + c.weight! * c.value, 0);
      expect(recomputed).toBeCloseTo(s.value, 12);
      expect(why.components.map((c) => c.name)).toEqual(["revenue", "efficiency", "expansion", "loyalty", "wordOfMouth"]);
      expect(why.dimensions.loyalty.components.length).toBeGreaterThan(0);
      expect(why.dimensions.revenue.value).toBe(s.dimensionValues.revenue);
    });
  });

  it("gives equal scores the rank of the first of them; the id only orders the listing", () => {
    // Accounts alike but for annual revenue, ranked on revenue alone: the ties are by construction.
    const revenues: [string, number][] = [
      ["z_low", 100_000],
      ["b_twin", 500_000],
      ["mid", 300_000],
      ["y_low", 100_000],
      ["top", 900_000],
      ["a_twin", 500_000],
      ["x_low", 100_000],
    ];
    const facts = revenues.map(([id, annualRevenue]) => makeFacts({ id, annualRevenue: annualRevenue * 100 }));
    const ranking = rankAccounts({ facts, referrals: [] }, { asOf: ASOF, weights: REVENUE_ONLY });
    expect(ranking.scores.map((s) => [s.accountId, s.rank])).toEqual([
      ["top", 1],
      ["a_twin", 2],
      ["b_twin", 2],
      ["mid", 4],
      ["x_low", 5],
      ["y_low", 5],
      ["z_low", 5],
    ]);
  });

  it("moves accounts in the expected direction when weights change", () => {
    const facts = population();
    const rankOf = (weights: Record<string, number>, id: string) =>
      rankAccounts(facts, { asOf: ASOF, weights }).scores.find((s) => s.accountId === id)!.rank;
    const byRevenue = { revenue: 1, efficiency: 0, expansion: 0, loyalty: 0, wordOfMouth: 0 };
    const byWordOfMouth = { revenue: 0.1, efficiency: 0, expansion: 0, loyalty: 0, wordOfMouth: 1 };
    expect(rankOf(byRevenue, "big1")).toBe(1);
    expect(rankOf(byWordOfMouth, "leader")).toBe(1);
    expect(rankOf(byWordOfMouth, "leader")).toBeLessThan(rankOf(byRevenue, "leader"));
    expect(rankOf(byWordOfMouth, "big1")).toBeGreaterThan(rankOf(byRevenue, "big1"));
    // Raising one weight never lowers an account that is best on that dimension.
    expect(rankOf({ loyalty: 5 }, "big1")).toBeLessThanOrEqual(rankOf({}, "big1"));
  });

  it("derives the referral half value from the data unless given", () => {
    const facts = population();
    expect(rankAccounts(facts, { asOf: ASOF }).referralHalfValue).toBeCloseTo((55_000 + 10_000) / 2);
    expect(rankAccounts(facts, { asOf: ASOF, referralHalfValue: 1 }).referralHalfValue).toBe(1);
  });

  it("compares efficiency within each manager's own portfolio", () => {
    const facts = [
      makeFacts({ id: "a", ownerId: "m1", annualRevenue: 36_500_00 }, { engagements: [engagement("a", 5, 100)] }),
      makeFacts({ id: "b", ownerId: "m1", annualRevenue: 36_500_00 }, { engagements: [engagement("b", 5, 300)] }),
      makeFacts({ id: "c", ownerId: "m2", annualRevenue: 365_000_00 }, { engagements: [engagement("c", 5, 10)] }),
    ];
    const ranking = rankAccounts({ facts, referrals: [] }, { asOf: ASOF });
    const a = ranking.scores.find((s) => s.accountId === "a")!.measures.efficiency;
    expect(a.versusPortfolio).toBeCloseTo(9000 / 100 / (18_000 / 400));
  });
});

describe("rankAccountsInSteps", () => {
  it("ranks every account in order, pausing every RANKING_STEP_ACCOUNTS accounts while it measures", () => {
    const n = 2 * RANKING_STEP_ACCOUNTS + 7;
    // Threes of accounts alike but for id, revenue falling from three to the next: ranked on
    // revenue alone, accounts 0-2 tie first, 3-5 fourth, and so on.
    const id = (i: number) => `acc${String(i).padStart(5, "0")}`;
    const facts = Array.from({ length: n }, (_, i) =>
      makeFacts({ id: id(i), annualRevenue: (100_000 - Math.floor(i / 3)) * 100 }, { engagements: [engagement(id(i), 10, 30)] }),
    );
    const book = { facts, referrals: [] };
    const options = { asOf: ASOF, weights: REVENUE_ONLY };
    const steps = rankAccountsInSteps(book, options);
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses++;
      step = steps.next();
    }
    // Two measuring loops over n pause every step, plus 3 pauses between stages.
    expect(pauses).toBe(2 * Math.floor((n - 1) / RANKING_STEP_ACCOUNTS) + 3);
    const { scores } = step.value;
    expect(scores).toHaveLength(n);
    expect(scores.slice(0, 7).map((s) => [s.accountId, s.rank])).toEqual([
      ["acc00000", 1],
      ["acc00001", 1],
      ["acc00002", 1],
      ["acc00003", 4],
      ["acc00004", 4],
      ["acc00005", 4],
      ["acc00006", 7],
    ]);
    scores.forEach((s, p) => expect([s.accountId, s.rank]).toEqual([id(p), p - (p % 3) + 1]));
    for (let i = 1; i < n; i++) expect(scores[i - 1]!.value).toBeGreaterThanOrEqual(scores[i]!.value);
  });
});
