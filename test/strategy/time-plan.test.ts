import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { evaluateCurve, fitResponseCurve, type ResponseCurve } from "../../src/strategy/response-curve.js";
import { allocateGreedy, planWeeklyTime, splitEqually } from "../../src/strategy/time-plan.js";
import { ValidationError } from "../../src/domain/errors.js";
import { ASOF, daysAgo, engagement, makeFacts, makeNetwork, purchase } from "./fixtures.js";
import type { AccountFacts } from "../../src/strategy/inputs.js";

const context = { asOf: ASOF, horizonWeeks: 13, tier: "MAINTAIN" as const, risk: 0.2, whitespaceValue: 10_000, prospectNeighbourPotential: 0 };

describe("response curve", () => {
  it("is increasing with diminishing returns (concave) and bounded by min and max", () => {
    const fitted = fitResponseCurve(makeFacts({ id: "a", annualRevenue: 100_000_00 }), context);
    const { curve } = fitted;
    expect(evaluateCurve(curve, 0)).toBeCloseTo(curve.min);
    let previousGain = Infinity;
    for (let x = 0; x < 600; x += 15) {
      const gain = evaluateCurve(curve, x + 15) - evaluateCurve(curve, x);
      expect(gain).toBeGreaterThan(0);
      expect(gain).toBeLessThanOrEqual(previousGain + 1e-9);
      previousGain = gain;
    }
    expect(evaluateCurve(curve, 1e9)).toBeLessThanOrEqual(curve.max);
    expect(curve.c).toBeLessThanOrEqual(1);
    // min = run rate minus the revenue that leaks without attention
    expect(curve.min).toBeCloseTo(25_000 * (1 - 0.2 * 0.8));
  });

  it("falls back to the tier default without enough history", () => {
    const sparse = fitResponseCurve(makeFacts({ id: "a" }, { engagements: [engagement("a", 5, 30)] }), { ...context, tier: "STRATEGIC" });
    expect(sparse.source).toBe("TIER_DEFAULT");
    expect(sparse.halfSaturationMinutes).toBe(90);
    expect(evaluateCurve(sparse.curve, 90)).toBeCloseTo((sparse.curve.min + sparse.curve.max) / 2);
  });

  it("is fitted through the observed operating point when history is rich enough", () => {
    const facts = makeFacts(
      { id: "a", annualRevenue: 100_000_00 },
      {
        engagements: [engagement("a", 7, 60), engagement("a", 30, 60), engagement("a", 60, 60)],
        purchases: [purchase("a", 100, 102_000)],
      },
    );
    const fitted = fitResponseCurve(facts, context);
    expect(fitted.source).toBe("HISTORY");
    expect(fitted.currentMinutesPerWeek).toBeCloseTo(180 / 12);
    const observed = 102_000 * (13 / 52);
    expect(evaluateCurve(fitted.curve, fitted.currentMinutesPerWeek)).toBeCloseTo(observed, 6);
  });
});

function bruteForce(curves: ResponseCurve[], steps: number, increment: number): number {
  let best = -Infinity;
  const walk = (i: number, left: number, sum: number) => {
    if (i === curves.length) {
      best = Math.max(best, sum);
      return;
    }
    for (let k = 0; k <= left; k++) walk(i + 1, left - k, sum + evaluateCurve(curves[i]!, k * increment));
  };
  walk(0, steps, 0);
  return best;
}

const total = (curves: ResponseCurve[], minutes: ArrayLike<number>) => curves.reduce((s, c, i) => s + evaluateCurve(c, minutes[i]!), 0);

describe("greedy marginal allocation", () => {
  it("matches brute force on a tiny case", () => {
    const curves: ResponseCurve[] = [
      { min: 100, max: 900, c: 0.6, d: 30 ** 0.6 },
      { min: 0, max: 500, c: 1, d: 10 },
      { min: 50, max: 2000, c: 0.8, d: 120 ** 0.8 },
    ];
    const minutes = allocateGreedy(curves, 8 * 15, 15);
    expect(minutes.reduce((a, b) => a + b, 0)).toBe(120);
    expect(total(curves, minutes)).toBeCloseTo(bruteForce(curves, 8, 15), 9);
  });

  it("matches brute force on random tiny concave cases", () => {
    const curve = fc.record({
      min: fc.double({ min: 0, max: 1000, noNaN: true }),
      lift: fc.double({ min: 0, max: 5000, noNaN: true }),
      c: fc.double({ min: 0.2, max: 1, noNaN: true }),
      h: fc.double({ min: 5, max: 300, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(curve, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 7 }), (specs, steps) => {
        const curves = specs.map((s) => ({ min: s.min, max: s.min + s.lift, c: s.c, d: s.h ** s.c }));
        const greedy = total(curves, allocateGreedy(curves, steps * 15, 15));
        expect(greedy).toBeCloseTo(bruteForce(curves, steps, 15), 6);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it("splits equally in whole increments with leftovers in the given order", () => {
    expect([...splitEqually(3, 100, 15, [2, 0, 1])]).toEqual([30, 30, 30]); // 6 whole increments, 10 minutes unused
    expect([...splitEqually(3, 110, 15, [2, 0, 1])]).toEqual([30, 30, 45]);
    expect([...splitEqually(4, 30, 15, [3, 2, 1, 0])]).toEqual([0, 0, 15, 15]);
  });
});

/** A manager's book: one loyal high-volume account, two mid accounts, three small switchers. */
function book(): AccountFacts[] {
  const loyal = makeFacts(
    { id: "loyal", segment: "ENTERPRISE", annualRevenue: 1_200_000_00, grossMargin: 0.6, licencesHeld: 300, licencesPlanned: 400, customerSince: daysAgo(9 * 365), renewalDate: daysAgo(-250), lastContact: daysAgo(5) },
    { engagements: [engagement("loyal", 5, 60), engagement("loyal", 20, 60), engagement("loyal", 40, 60)], purchases: [purchase("loyal", 90, 1_150_000, 290)] },
  );
  const mids = ["mid1", "mid2"].map((id) =>
    makeFacts({ id, annualRevenue: 150_000_00, licencesHeld: 30, licencesPlanned: 35 }, { engagements: [engagement(id, 10, 45)], purchases: [purchase(id, 100, 140_000, 30)] }),
  );
  const switchers = ["s1", "s2", "s3"].map((id) =>
    makeFacts(
      { id, segment: "SMALL_BUSINESS", annualRevenue: 4_000_00, licencesHeld: 1, licencesPlanned: 1, supplierSwitches: 3, discountPurchases: 2, customerSince: daysAgo(200), lastContact: daysAgo(3) },
      // The manager has been chasing the small switchers.
      { engagements: [engagement(id, 3, 240), engagement(id, 10, 240), engagement(id, 17, 240)], purchases: [purchase(id, 50, 4000, 1, 0.3)] },
    ),
  );
  return [loyal, ...mids, ...switchers];
}

describe("weekly time plan", () => {
  it("gives more minutes to the loyal high-volume account and beats equal split and current habits", () => {
    const plan = planWeeklyTime({ managerId: "mgr_1", accounts: book(), hoursPerWeek: 10, horizonWeeks: 13, asOf: ASOF });
    const minutes = (id: string) => plan.accounts.find((a) => a.accountId === id)!.minutes;
    expect(plan.accounts[0]!.accountId).toBe("loyal");
    for (const id of ["mid1", "mid2", "s1", "s2", "s3"]) expect(minutes("loyal")).toBeGreaterThan(minutes(id));
    for (const id of ["s1", "s2", "s3"]) expect(minutes("mid1")).toBeGreaterThan(minutes(id));
    expect(plan.totals.minutes).toBe(600);
    expect(plan.totals.expectedRevenue).toBeGreaterThan(plan.baselines.equalSplit.expectedRevenue);
    expect(plan.totals.expectedRevenue).toBeGreaterThan(plan.baselines.current.expectedRevenue);
    expect(plan.baselines.equalSplit.minutes).toBe(600);
    expect(plan.baselines.current.minutes).toBeCloseTo(600);
    expect(plan.components.find((c) => c.name === "upliftVersusEqualSplit")!.value).toBeGreaterThan(0);
  });

  it("reports expected revenue and the marginal revenue per minute at the allocation", () => {
    const plan = planWeeklyTime({ managerId: "mgr_1", accounts: book(), hoursPerWeek: 10, horizonWeeks: 13, asOf: ASOF });
    for (const row of plan.accounts) {
      expect(row.expectedRevenue).toBeCloseTo(evaluateCurve(row.curve.curve, row.minutes));
      expect(row.marginalRevenuePerMinute).toBeCloseTo((evaluateCurve(row.curve.curve, row.minutes + 15) - row.expectedRevenue) / 15);
    }
    // At a greedy optimum, no unfunded next increment is worth more than the last funded one.
    const funded = plan.accounts.filter((a) => a.minutes > 0);
    const lastFunded = Math.min(
      ...funded.map((a) => (a.expectedRevenue - evaluateCurve(a.curve.curve, a.minutes - 15)) / 15),
    );
    for (const row of plan.accounts) expect(row.marginalRevenuePerMinute).toBeLessThanOrEqual(lastFunded + 1e-9);
  });

  it("measures the current allocation from this manager's recent engagements only", () => {
    const accounts = book();
    const other = { ...accounts[1]!, engagements: [...accounts[1]!.engagements, engagement("mid1", 2, 10_000, "mgr_2")] };
    const plan = planWeeklyTime({ managerId: "mgr_1", accounts: [accounts[0]!, other], hoursPerWeek: 5, horizonWeeks: 4, asOf: ASOF });
    expect(plan.baselines.current.observedMinutesPerWeek).toBeCloseTo((180 + 45) / 12);
    const mid = plan.accounts.find((a) => a.accountId === "mid1")!;
    expect(mid.currentMinutes).toBeCloseTo((300 * 45) / 225);
  });

  it("adds a spill-over bonus for accounts whose neighbours are prospects", () => {
    const twin = (id: string) => makeFacts({ id, annualRevenue: 50_000_00, licencesHeld: 5, licencesPlanned: 5 });
    const network = makeNetwork(
      3,
      [[0, 2, 0.5]],
      (i) => (i === 2 ? { status: "PROSPECT", potential: 400_000 } : { status: "CUSTOMER", potential: 0 }),
    );
    const facts = [twin("n0"), twin("n1")];
    const plan = planWeeklyTime({ managerId: "mgr_1", accounts: facts, hoursPerWeek: 2, horizonWeeks: 13, asOf: ASOF, network });
    const row = (id: string) => plan.accounts.find((a) => a.accountId === id)!;
    expect(row("n0").curve.components.find((c) => c.name === "spilloverLift")!.value).toBeCloseTo(0.25 * 0.5 * 400_000 * 0.25);
    expect(row("n0").minutes).toBeGreaterThan(row("n1").minutes);
  });

  it("uses tier defaults handed in by the caller", () => {
    const facts = [makeFacts({ id: "x" }), makeFacts({ id: "y" })];
    const tiers = new Map([["x", "STRATEGIC" as const], ["y", "DEPRIORITIZE" as const]]);
    const plan = planWeeklyTime({ managerId: "mgr_1", accounts: facts, hoursPerWeek: 1, horizonWeeks: 13, asOf: ASOF, tiers });
    expect(plan.accounts.find((a) => a.accountId === "x")!.curve.halfSaturationMinutes).toBe(90);
    expect(plan.accounts.find((a) => a.accountId === "y")!.tier).toBe("DEPRIORITIZE");
  });

  it("rejects impossible hours and horizons with the field", () => {
    const run = (hoursPerWeek: number, horizonWeeks: number) => () =>
      planWeeklyTime({ managerId: "m", accounts: [], hoursPerWeek, horizonWeeks, asOf: ASOF });
    expect(run(0, 4)).toThrow(ValidationError);
    expect(run(0, 4)).toThrow(expect.objectContaining({ field: "hours" }));
    expect(run(10, 0)).toThrow(expect.objectContaining({ field: "horizon" }));
    expect(run(10, 2.5)).toThrow(expect.objectContaining({ field: "horizon" }));
  });

  it("never expects less than an equal split (property)", () => {
    const account = fc.record({
      revenue: fc.integer({ min: 0, max: 5_000_000_00 }),
      margin: fc.double({ min: 0, max: 1, noNaN: true }),
      held: fc.integer({ min: 0, max: 500 }),
      extra: fc.integer({ min: 0, max: 500 }),
      switches: fc.integer({ min: 0, max: 6 }),
      segment: fc.constantFrom("SMALL_BUSINESS", "MID_MARKET", "ENTERPRISE", "PUBLIC_SECTOR", "NON_PROFIT" as const),
      prospect: fc.boolean(),
      engagements: fc.array(fc.record({ days: fc.integer({ min: 0, max: 200 }), minutes: fc.integer({ min: 5, max: 300 }) }), { maxLength: 6 }),
      purchases: fc.array(fc.record({ days: fc.integer({ min: 0, max: 700 }), amount: fc.integer({ min: 1, max: 2_000_000 }), discount: fc.double({ min: 0, max: 0.6, noNaN: true }) }), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(
        fc.array(account, { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0.25, max: 40, noNaN: true }),
        fc.integer({ min: 1, max: 52 }),
        (specs, hoursPerWeek, horizonWeeks) => {
          const accounts = specs.map((s, i) => {
            const id = `a${i}`;
            return makeFacts(
              {
                id,
                annualRevenue: s.revenue,
                grossMargin: s.margin,
                licencesHeld: s.held,
                licencesPlanned: s.held + s.extra,
                supplierSwitches: s.switches,
                segment: s.segment,
                status: s.prospect ? "PROSPECT" : "CUSTOMER",
              },
              {
                engagements: s.engagements.map((e) => engagement(id, e.days, e.minutes)),
                purchases: s.purchases.map((p) => purchase(id, p.days, p.amount, 1, p.discount)),
              },
            );
          });
          const plan = planWeeklyTime({ managerId: "mgr_1", accounts, hoursPerWeek, horizonWeeks, asOf: ASOF });
          const scale = Math.max(1, plan.baselines.equalSplit.expectedRevenue);
          expect(plan.totals.expectedRevenue).toBeGreaterThanOrEqual(plan.baselines.equalSplit.expectedRevenue - 1e-9 * scale);
          expect(plan.totals.minutes).toBeLessThanOrEqual(hoursPerWeek * 60 + 1e-9);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
