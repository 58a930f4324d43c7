import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { evaluateCurve, isConcave, responseShare, type ResponseCurve, type ResponseShape } from "../../src/strategy/response-curve.js";
import {
  allocateExactly,
  allocateGreedy,
  allocateMinutes,
  planningSteps,
  planWeeklyTime,
  splitEqually,
  type PlanAccount,
} from "../../src/strategy/time-plan.js";
import { ValidationError } from "../../src/domain/errors.js";
import { ASOF, daysAgo, engagement, makeFacts, makeNetwork, planFromFacts, purchase } from "./fixtures.js";
import type { AccountFacts } from "../../src/strategy/inputs.js";

const adbudg = (halfSaturation: number, steepness: number): ResponseShape => ({ family: "ADBUDG", halfSaturation, steepness });
const exponential = (halfSaturation: number): ResponseShape => ({ family: "EXPONENTIAL", halfSaturation, steepness: 1 });

describe("response curve families", () => {
  it("win half the lift at the half-saturation, nothing at zero, and approach the ceiling", () => {
    for (const shape of [adbudg(40, 0.7), adbudg(40, 2.5), exponential(40)]) {
      const curve: ResponseCurve = { min: 100, max: 1100, shape };
      expect(evaluateCurve(curve, 0)).toBe(100);
      expect(evaluateCurve(curve, 40)).toBeCloseTo(600, 9);
      expect(evaluateCurve(curve, 1e7)).toBeGreaterThan(1099);
      expect(evaluateCurve(curve, 1e7)).toBeLessThanOrEqual(1100);
    }
  });

  it("are concave for the exponential and ADBUDG c <= 1, S-shaped for c > 1", () => {
    const gains = (shape: ResponseShape) => Array.from({ length: 40 }, (_, k) => responseShare(shape, (k + 1) * 5) - responseShare(shape, k * 5));
    for (const shape of [exponential(30), adbudg(30, 1), adbudg(30, 0.6)]) {
      expect(isConcave(shape)).toBe(true);
      const g = gains(shape);
      for (let k = 1; k < g.length; k++) expect(g[k]!).toBeLessThanOrEqual(g[k - 1]! + 1e-12);
    }
    const s = adbudg(30, 3);
    expect(isConcave(s)).toBe(false);
    const g = gains(s);
    expect(g[3]!).toBeGreaterThan(g[0]!); // increasing returns at first...
    expect(g[39]!).toBeLessThan(g[10]!); // ...then saturation
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

describe("allocation", () => {
  it("greedy matches brute force on a tiny concave case", () => {
    const curves: ResponseCurve[] = [
      { min: 100, max: 900, shape: adbudg(30, 0.6) },
      { min: 0, max: 500, shape: adbudg(10, 1) },
      { min: 50, max: 2000, shape: exponential(120) },
    ];
    const minutes = allocateGreedy(curves, 8 * 15, 15);
    expect(minutes.reduce((a, b) => a + b, 0)).toBe(120);
    expect(total(curves, minutes)).toBeCloseTo(bruteForce(curves, 8, 15), 9);
  });

  const curve = (concaveOnly: boolean) =>
    fc.record({
      min: fc.double({ min: 0, max: 1000, noNaN: true }),
      lift: fc.double({ min: 0, max: 5000, noNaN: true }),
      c: fc.double({ min: 0.2, max: concaveOnly ? 1 : 5, noNaN: true }),
      h: fc.double({ min: 5, max: 300, noNaN: true }),
      exponential: fc.boolean(),
    });
  const toCurves = (specs: { min: number; lift: number; c: number; h: number; exponential: boolean }[]): ResponseCurve[] =>
    specs.map((s) => ({ min: s.min, max: s.min + s.lift, shape: s.exponential ? exponential(s.h) : adbudg(s.h, s.c) }));

  it("greedy matches brute force on random tiny concave cases", () => {
    fc.assert(
      fc.property(fc.array(curve(true), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 7 }), (specs, steps) => {
        const curves = toCurves(specs);
        expect(total(curves, allocateGreedy(curves, steps * 15, 15))).toBeCloseTo(bruteForce(curves, steps, 15), 6);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it("solves S-shaped books exactly (one increment at a time would never start an S-curve)", () => {
    // Two S-curves that each need 4 increments to take off, 5 increments to spend: all on one.
    const curves: ResponseCurve[] = [
      { min: 0, max: 1000, shape: adbudg(60, 4) },
      { min: 0, max: 900, shape: adbudg(60, 4) },
    ];
    const minutes = allocateMinutes(curves, 75, 15);
    expect([...minutes]).toEqual([75, 0]);
    fc.assert(
      fc.property(fc.array(curve(false), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 8 }), (specs, steps) => {
        const curves = toCurves(specs);
        const exact = allocateExactly(curves, steps, 15);
        expect(exact.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(steps * 15);
        expect(total(curves, exact)).toBeCloseTo(bruteForce(curves, steps, 15), 6);
      }),
      { numRuns: 200, seed: 43 },
    );
  });

  it("splits equally in whole increments with leftovers in the given order", () => {
    expect([...splitEqually(3, 100, 15, [2, 0, 1])]).toEqual([30, 30, 30]); // 6 whole increments, 10 minutes unused
    expect([...splitEqually(3, 110, 15, [2, 0, 1])]).toEqual([30, 30, 45]);
    expect([...splitEqually(4, 30, 15, [3, 2, 1, 0])]).toEqual([0, 0, 15, 15]);
  });
});

describe("weekly time plan over given curves", () => {
  const account = (accountId: string, curve: ResponseCurve, observedMinutesPerWeek = 0): PlanAccount => ({
    accountId,
    tier: "MAINTAIN",
    curve,
    source: "HISTORY",
    observedMinutesPerWeek,
    components: [],
  });

  it("reports expected revenue and the marginal revenue per minute at the allocation", () => {
    const accounts = [
      account("a", { min: 1000, max: 5000, shape: exponential(40) }, 30),
      account("b", { min: 500, max: 1500, shape: exponential(40) }, 60),
      account("c", { min: 0, max: 800, shape: exponential(40) }, 10),
    ];
    const plan = planWeeklyTime({ managerId: "m", accounts, hoursPerWeek: 2, horizonWeeks: 1, asOf: ASOF });
    for (const row of plan.accounts) {
      expect(row.expectedRevenue).toBeCloseTo(evaluateCurve(row.curve, row.minutes));
      expect(row.marginalRevenuePerMinute).toBeCloseTo((evaluateCurve(row.curve, row.minutes + 15) - row.expectedRevenue) / 15);
      expect(row.interval).toEqual({ low: row.expectedRevenue, high: row.expectedRevenue }); // no draws given
    }
    // At a greedy optimum, no unfunded next increment is worth more than the last funded one.
    const funded = plan.accounts.filter((a) => a.minutes > 0);
    const lastFunded = Math.min(...funded.map((a) => (a.expectedRevenue - evaluateCurve(a.curve, a.minutes - 15)) / 15));
    for (const row of plan.accounts) expect(row.marginalRevenuePerMinute).toBeLessThanOrEqual(lastFunded + 1e-9);
    // Current habits: the observed split (30 : 60 : 10) scaled to the 120 minutes.
    expect(plan.accounts.find((a) => a.accountId === "b")!.currentMinutes).toBeCloseTo(72);
    expect(plan.baselines.current.observedMinutesPerWeek).toBe(100);
  });

  it("takes intervals from posterior draws and flags wide ones as weak evidence", () => {
    const shape = exponential(30);
    const accounts = [account("sure", { min: 100, max: 1100, shape }), account("unsure", { min: 100, max: 1100, shape })];
    const draws = {
      shapes: [shape, shape, shape],
      min: [Float64Array.of(100, 0), Float64Array.of(100, 100), Float64Array.of(100, 300)],
      max: [Float64Array.of(1050, 300), Float64Array.of(1100, 1100), Float64Array.of(1150, 3000)],
    };
    const plan = planWeeklyTime({ managerId: "m", accounts, hoursPerWeek: 1, horizonWeeks: 1, asOf: ASOF, draws, intervalLevel: 1 });
    const row = (id: string) => plan.accounts.find((a) => a.accountId === id)!;
    expect(row("sure").weakEvidence).toBe(false);
    expect(row("unsure").weakEvidence).toBe(true);
    expect(row("unsure").interval.low).toBeLessThan(row("unsure").expectedRevenue);
    expect(row("unsure").interval.high).toBeGreaterThan(row("unsure").expectedRevenue);
    expect(plan.totals.interval.low).toBeLessThanOrEqual(plan.totals.expectedRevenue);
    expect(plan.totals.interval.high).toBeGreaterThanOrEqual(plan.totals.expectedRevenue);
    expect(plan.weakEvidenceAccounts).toBe(1);
  });

  it("rejects impossible hours and horizons, naming its own input (the API's names are the service's to give)", () => {
    const run = (hoursPerWeek: number, horizonWeeks: number) => () =>
      planWeeklyTime({ managerId: "m", accounts: [], hoursPerWeek, horizonWeeks, asOf: ASOF });
    expect(run(0, 4)).toThrow(ValidationError);
    expect(run(0, 4)).toThrow(expect.objectContaining({ field: "hoursPerWeek" }));
    expect(run(10, 0)).toThrow(expect.objectContaining({ field: "horizonWeeks" }));
    expect(run(10, 2.5)).toThrow(expect.objectContaining({ field: "horizonWeeks" }));
  });

  it("plans nothing on a budget under one step, and counts whole steps as the allocators do", () => {
    const shape = exponential(30);
    const accounts = [account("a", { min: 100, max: 1100, shape }, 30), account("b", { min: 50, max: 500, shape }, 10)];
    const plan = planWeeklyTime({ managerId: "m", accounts, hoursPerWeek: 0.2, horizonWeeks: 1, asOf: ASOF });
    expect(plan.accounts.map((a) => [a.accountId, a.minutes, a.equalSplitMinutes, a.currentMinutes])).toEqual([
      ["a", 0, 0, 0],
      ["b", 0, 0, 0],
    ]);
    expect([plan.totals.minutes, plan.totals.expectedRevenue]).toEqual([0, 150]);
    expect([planningSteps(0.2), planningSteps(0.25), planningSteps(7.3), planningSteps(1, 25)]).toEqual([0, 1, 29, 2]);
  });

  it("never expects less than an equal split, concave or S-shaped (property)", () => {
    const spec = fc.record({
      min: fc.double({ min: 0, max: 10_000, noNaN: true }),
      lift: fc.double({ min: 0, max: 50_000, noNaN: true }),
      c: fc.double({ min: 0.3, max: 5, noNaN: true }),
      h: fc.double({ min: 2, max: 400, noNaN: true }),
      exponential: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 12 }), fc.double({ min: 0.25, max: 40, noNaN: true }), (specs, hoursPerWeek) => {
        const accounts = specs.map((s, i) =>
          account(`a${i}`, { min: s.min, max: s.min + s.lift, shape: s.exponential ? exponential(s.h) : adbudg(s.h, s.c) }),
        );
        const plan = planWeeklyTime({ managerId: "m", accounts, hoursPerWeek, horizonWeeks: 1, asOf: ASOF });
        const scale = Math.max(1, plan.baselines.equalSplit.expectedRevenue);
        expect(plan.totals.expectedRevenue).toBeGreaterThanOrEqual(plan.baselines.equalSplit.expectedRevenue - 1e-9 * scale);
        expect(plan.totals.minutes).toBeLessThanOrEqual(hoursPerWeek * 60 + 1e-9);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

/** A manager's book: one loyal high-volume account, two mid accounts, three small switchers; six quarters of history. */
function book(): AccountFacts[] {
  // Quarter q ends 91 x q days before ASOF (2025-06-30, a quarter's last day); one call and one order per quarter.
  const quarterly = (id: string, minutes: number, amount: number) => ({
    engagements: Array.from({ length: 6 }, (_, q) => engagement(id, 91 * q + 40, minutes)),
    purchases: Array.from({ length: 6 }, (_, q) => purchase(id, 91 * q + 30, amount)),
  });
  const loyal = makeFacts(
    { id: "loyal", segment: "ENTERPRISE", annualRevenue: 1_200_000_00, customerSince: daysAgo(9 * 365) },
    quarterly("loyal", 600, 300_000),
  );
  const mids = ["mid1", "mid2"].map((id) => makeFacts({ id, annualRevenue: 150_000_00 }, quarterly(id, 400, 37_000)));
  const switchers = ["s1", "s2", "s3"].map((id) =>
    makeFacts({ id, segment: "SMALL_BUSINESS", annualRevenue: 4_000_00, supplierSwitches: 3 }, quarterly(id, 900, 1_000)),
  );
  return [loyal, ...mids, ...switchers];
}

describe("weekly time plan of a book (history -> fit -> allocation)", () => {
  it("gives more minutes to the high-volume account than to the small ones it was chasing, and beats equal split and habits", () => {
    const { plan, fit } = planFromFacts(book(), { hoursPerWeek: 10, horizonWeeks: 13 });
    const minutes = (id: string) => plan.accounts.find((a) => a.accountId === id)!.minutes;
    expect(fit.fittedAccounts).toBe(6);
    for (const id of ["mid1", "mid2", "s1", "s2", "s3"]) expect(minutes("loyal")).toBeGreaterThan(minutes(id));
    for (const id of ["s1", "s2", "s3"]) expect(minutes("mid1")).toBeGreaterThan(minutes(id));
    expect(plan.totals.minutes).toBe(600);
    expect(plan.totals.expectedRevenue).toBeGreaterThan(plan.baselines.equalSplit.expectedRevenue);
    expect(plan.totals.expectedRevenue).toBeGreaterThan(plan.baselines.current.expectedRevenue);
    expect(plan.baselines.current.minutes).toBeCloseTo(600);
    // Current habits come from the latest quarter: the switchers got 900 of every 3,200 minutes.
    expect(plan.accounts.find((a) => a.accountId === "s1")!.currentMinutes).toBeCloseTo((600 * 900) / 4_100);
  });

  it("plans prospects and accounts without history from a prior and says so", () => {
    const accounts = [
      ...book(),
      makeFacts({ id: "new", status: "PROSPECT", annualRevenue: 0, licencesHeld: 0, licencesPlanned: 40, licencePrice: 1_000_00 }),
    ];
    const { plan } = planFromFacts(accounts, { hoursPerWeek: 10, horizonWeeks: 13 });
    const row = plan.accounts.find((a) => a.accountId === "new")!;
    expect(row.source).toBe("PRIOR");
    expect(row.weakEvidence).toBe(true);
    expect(row.curve.min).toBe(0); // a prospect keeps nothing without attention
    expect(row.curve.max).toBeCloseTo(((40 * 1_000 * 0.5) / 52) * 13);
  });

  it("learns from the history of an account still labelled a prospect that has been buying, not from a lost one's", () => {
    const accounts = book().map((f) =>
      f.account.id === "mid1"
        ? { ...f, account: { ...f.account, status: "PROSPECT" as const } }
        : f.account.id === "mid2"
          ? { ...f, account: { ...f.account, status: "CHURNED" as const } }
          : f,
    );
    const { plan, fit } = planFromFacts(accounts, { hoursPerWeek: 10, horizonWeeks: 13 });
    const source = (id: string) => plan.accounts.find((a) => a.accountId === id)!.source;
    expect(source("mid1")).not.toBe("PRIOR");
    expect(source("mid2")).toBe("PRIOR");
    expect(fit.fittedAccounts).toBe(5);
  });

  it("adds a spill-over bonus for accounts whose neighbours are prospects", () => {
    const twin = (id: string) => makeFacts({ id, annualRevenue: 50_000_00 });
    const network = makeNetwork(3, [[0, 2, 0.5]], (i) =>
      i === 2 ? { status: "PROSPECT", potential: 400_000 } : { status: "CUSTOMER", potential: 0 },
    );
    const { plan } = planFromFacts([twin("n0"), twin("n1")], { hoursPerWeek: 2, horizonWeeks: 13, network });
    const row = (id: string) => plan.accounts.find((a) => a.accountId === id)!;
    expect(row("n0").components.find((c) => c.name === "spilloverLift")!.value).toBeCloseTo((0.25 * 0.5 * 400_000 * 13) / 52);
    expect(row("n0").minutes).toBeGreaterThan(row("n1").minutes);
  });

  it("carries the tiers handed in by the caller", () => {
    const tiers = new Map([["loyal", "STRATEGIC" as const]]);
    const { plan } = planFromFacts(book(), { hoursPerWeek: 1, horizonWeeks: 13, tiers });
    expect(plan.accounts.find((a) => a.accountId === "loyal")!.tier).toBe("STRATEGIC");
    expect(plan.accounts.find((a) => a.accountId === "s1")!.tier).toBe("MAINTAIN");
  });
});
