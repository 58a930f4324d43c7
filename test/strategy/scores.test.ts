import { describe, expect, it } from "vitest";
import { scoreRevenue } from "../../src/strategy/revenue-score.js";
import { averagePortfolioEfficiency, scoreEfficiency, summariseEfficiency } from "../../src/strategy/efficiency-score.js";
import { revenuePotential, scoreExpansion } from "../../src/strategy/expansion-score.js";
import { scoreLoyalty } from "../../src/strategy/loyalty-score.js";
import { computeReferralCredit, scoreWordOfMouth } from "../../src/strategy/word-of-mouth-score.js";
import { rankAccounts } from "../../src/strategy/ranking.js";
import { ASOF, daysAgo, engagement, makeFacts, purchase } from "./fixtures.js";

describe("revenue score", () => {
  it("is profit contribution bent by the purchase trend, with components", () => {
    const facts = makeFacts(
      { id: "a", annualRevenue: 200_000_00, grossMargin: 0.4 },
      { purchases: [purchase("a", 500, 1000), purchase("a", 100, 500), purchase("a", 800, 9999)] },
    );
    const score = scoreRevenue(facts, ASOF);
    expect(score.profitContribution).toBeCloseTo(80_000);
    expect(score.trend).toBeCloseTo(-0.5); // 500 recent vs 1000 prior; the 800-day-old purchase is outside both windows
    expect(score.value).toBeCloseTo(80_000 * (1 - 0.25));
    expect(score.components.map((c) => c.name)).toEqual(["annualRevenue", "grossMargin", "profitContribution", "purchaseTrend"]);
  });

  it("treats no purchase history as flat and ignores purchases after asOf", () => {
    const facts = makeFacts({ id: "a" }, { purchases: [{ ...purchase("a", 0, 1000), date: "2025-07-15" }] });
    expect(scoreRevenue(facts, ASOF).trend).toBe(0);
  });
});

describe("efficiency score", () => {
  const a = makeFacts(
    { id: "a", annualRevenue: 36_500_00, grossMargin: 0.5 },
    { engagements: [engagement("a", 10, 60), engagement("a", 80, 30), engagement("a", 120, 500)] },
  );
  const b = makeFacts({ id: "b", annualRevenue: 36_500_00, grossMargin: 0.5 }, { engagements: [engagement("b", 5, 180)] });
  const c = makeFacts({ id: "c", annualRevenue: 36_500_00, grossMargin: 0.5 });

  it("divides window revenue and margin by the minutes inside the window", () => {
    const totals = summariseEfficiency(a, ASOF, 90);
    expect(totals).toEqual({ revenue: 9000, margin: 4500, minutes: 90 });
    const score = scoreEfficiency(a, ASOF, { windowDays: 90 });
    expect(score.revenuePerMinute).toBeCloseTo(100);
    expect(score.value).toBeCloseTo(50);
  });

  it("compares with the manager's portfolio average", () => {
    const portfolio = averagePortfolioEfficiency([a, b, c].map((f) => summariseEfficiency(f, ASOF, 90)));
    expect(portfolio.revenuePerMinute).toBeCloseTo(18_000 / 270);
    const sa = scoreEfficiency(a, ASOF, { portfolio });
    const sb = scoreEfficiency(b, ASOF, { portfolio });
    expect(sa.versusPortfolio).toBeCloseTo(1.5);
    expect(sb.versusPortfolio).toBeCloseTo(0.75);
    expect(sa.value).toBeGreaterThan(sb.value);
  });

  it("gives an account without minutes the neutral portfolio average, flagged unmeasured", () => {
    const portfolio = averagePortfolioEfficiency([a, b].map((f) => summariseEfficiency(f, ASOF, 90)));
    const sc = scoreEfficiency(c, ASOF, { portfolio });
    expect(sc.measured).toBe(false);
    expect(sc.versusPortfolio).toBeNull();
    expect(sc.value).toBeCloseTo(portfolio.marginPerMinute);
  });

  it("uses a 365-day window when asked", () => {
    expect(scoreEfficiency(a, ASOF, { windowDays: 365 }).minutes).toBe(590);
  });
});

describe("expansion score", () => {
  const multinational = makeFacts(
    { id: "multi", segment: "ENTERPRISE", licencesHeld: 50, licencesPlanned: 100, licencePrice: 1000_00 },
    { purchases: [purchase("multi", 200, 40_000, 50, 0.2)] },
  );
  const smallBusiness = makeFacts({ id: "small", segment: "SMALL_BUSINESS", licencesHeld: 1, licencesPlanned: 2, licencePrice: 1000_00 });

  it("values whitespace at the account's effective (discounted) price", () => {
    const score = scoreExpansion(multinational, ASOF);
    expect(score.whitespaceLicences).toBe(50);
    expect(score.effectiveDiscount).toBeCloseTo(0.2);
    expect(score.effectivePrice).toBeCloseTo(800);
    expect(score.value).toBeCloseTo(40_000);
    expect(score.penetration).toBeCloseTo(0.5);
  });

  it("ranks the multinational with 50 bought and 50 more planned above the one-licence business", () => {
    expect(scoreExpansion(multinational, ASOF).value).toBeGreaterThan(scoreExpansion(smallBusiness, ASOF).value);
    const ranking = rankAccounts(
      { facts: [smallBusiness, multinational, makeFacts({ id: "other" })], referrals: [] },
      { asOf: ASOF, weights: { revenue: 0, efficiency: 0, loyalty: 0, wordOfMouth: 0, expansion: 1 } },
    );
    expect(ranking.scores[0]!.accountId).toBe("multi");
    const pos = (id: string) => ranking.scores.findIndex((s) => s.accountId === id);
    expect(pos("multi")).toBeLessThan(pos("small"));
  });

  it("never reports negative whitespace, and counts a prospect's stated revenue as its potential", () => {
    expect(scoreExpansion(makeFacts({ id: "x", licencesHeld: 12, licencesPlanned: 10 }), ASOF).value).toBe(0);
    const prospect = makeFacts({ id: "p", status: "PROSPECT", licencesHeld: 0, licencesPlanned: 0, annualRevenue: 5000_00 });
    expect(revenuePotential(prospect, ASOF)).toBe(5000);
  });
});

describe("loyalty / switching risk", () => {
  const switcher = makeFacts(
    {
      id: "switcher",
      segment: "SMALL_BUSINESS",
      annualRevenue: 5_000_00,
      supplierSwitches: 3,
      discountPurchases: 3,
      customerSince: daysAgo(180),
      renewalDate: daysAgo(-20),
      lastContact: daysAgo(200),
    },
    { purchases: [purchase("switcher", 30, 500, 1, 0.3), purchase("switcher", 150, 500, 1, 0.25), purchase("switcher", 170, 500, 1, 0.3)] },
  );
  const loyalLarge = makeFacts(
    {
      id: "loyal",
      segment: "ENTERPRISE",
      annualRevenue: 900_000_00,
      supplierSwitches: 0,
      discountPurchases: 0,
      customerSince: daysAgo(10 * 365),
      renewalDate: daysAgo(-300),
      lastContact: daysAgo(7),
    },
    { purchases: [purchase("loyal", 60, 400_000, 100, 0), purchase("loyal", 420, 380_000, 95, 0)] },
  );

  it("rates small, discount-driven, switching, new, soon-renewing, uncontacted accounts riskier than large long full-price ones", () => {
    const risky = scoreLoyalty(switcher, ASOF);
    const safe = scoreLoyalty(loyalLarge, ASOF);
    expect(risky.risk).toBeGreaterThan(0.7);
    expect(safe.risk).toBeLessThan(0.1);
    const part = (s: typeof risky, name: string) => s.components.find((c) => c.name === name)!.value;
    for (const name of ["size", "discountDriven", "supplierSwitches", "shortTenure", "renewalSoon", "noRecentContact"]) {
      expect(part(risky, name)).toBeGreaterThan(part(safe, name));
    }
    expect(risky.components.filter((c) => c.weight !== null).reduce((s, c) => s + c.weight!, 0)).toBeCloseTo(1);
  });

  it("raises risk with each extra supplier switch, and counts recent engagement as contact", () => {
    const base = makeFacts({ id: "a", supplierSwitches: 1, lastContact: null });
    const more = makeFacts({ id: "a", supplierSwitches: 2, lastContact: null });
    expect(scoreLoyalty(more, ASOF).risk).toBeGreaterThan(scoreLoyalty(base, ASOF).risk);
    const touched = makeFacts({ id: "a", supplierSwitches: 1, lastContact: null }, { engagements: [engagement("a", 3, 30)] });
    expect(scoreLoyalty(touched, ASOF).risk).toBeLessThan(scoreLoyalty(base, ASOF).risk);
  });

  it("defines retention priority as risk x value at stake", () => {
    const s = scoreLoyalty(switcher, ASOF);
    expect(s.retentionPriority).toBeCloseTo(s.risk * 5000);
    expect(s.loyalValue).toBeCloseTo((1 - s.risk) * 5000);
  });
});

describe("referral credit along chains", () => {
  const link = (fromId: string, toId: string, units: number | null) => ({ fromId, toId, revenue: units === null ? null : units * 100 });

  it("credits each hop with 0.5 decay up to three hops", () => {
    const credit = computeReferralCredit([link("A", "B", 1000), link("B", "C", 800), link("C", "D", 400), link("D", "E", 200)]);
    expect(credit.get("A")!.total).toBeCloseTo(1000 + 0.5 * 800 + 0.25 * 400);
    expect(credit.get("A")!.direct).toBe(1000);
    expect(credit.get("A")!.accountsReached).toBe(3);
    expect(credit.get("B")!.total).toBeCloseTo(800 + 0.5 * 400 + 0.25 * 200);
    expect(credit.get("E")).toBeUndefined();
  });

  it("is cycle-safe: a link back into the chain earns nothing", () => {
    const credit = computeReferralCredit([link("A", "B", 1000), link("B", "A", 500), link("B", "C", 100)]);
    expect(credit.get("A")!.total).toBeCloseTo(1000 + 0.5 * 100);
    expect(credit.get("B")!.total).toBeCloseTo(500 + 100 + 0.5 * 0);
  });

  it("counts both links of a diamond at the same hop, independent of input order", () => {
    const links = [link("A", "B", 100), link("A", "C", 100), link("B", "D", 50), link("C", "D", 60), link("D", "E", 10)];
    const forward = computeReferralCredit(links).get("A")!;
    const backward = computeReferralCredit([...links].reverse()).get("A")!;
    expect(forward.total).toBeCloseTo(200 + 0.5 * 110 + 0.25 * 10);
    expect(backward.total).toBeCloseTo(forward.total);
    expect(forward.accountsReached).toBe(4);
  });

  it("honours custom decay and hop limits, and treats unknown revenue as zero", () => {
    const links = [link("A", "B", 100), link("B", "C", 100), link("C", "D", null)];
    expect(computeReferralCredit(links, { decayPerHop: 1, maxHops: 1 }).get("A")!.total).toBe(100);
    expect(computeReferralCredit(links, { decayPerHop: 1, maxHops: 5 }).get("A")!.total).toBe(200);
  });

  it("feeds the word-of-mouth score together with influence percentiles", () => {
    const credit = computeReferralCredit([link("hub", "x", 20_000)]).get("hub");
    const hub = makeFacts({ id: "hub" }, { influence: { pagerankPercentile: 0.95, betweennessPercentile: 0.9, communitiesLed: 2 } });
    const quiet = makeFacts({ id: "quiet" }, { influence: { pagerankPercentile: 0.1, betweennessPercentile: 0.1 } });
    const a = scoreWordOfMouth(hub, credit, { referralHalfValue: 10_000 });
    const b = scoreWordOfMouth(quiet, undefined, { referralHalfValue: 10_000 });
    expect(a.referralIndex).toBeCloseTo(2 / 3);
    expect(a.value).toBeGreaterThan(b.value);
    expect(b.referralIndex).toBe(0);
    // missing reach is re-weighted away, not counted as zero
    expect(b.influenceIndex).toBeCloseTo(0.1);
  });
});
