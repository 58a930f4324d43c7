import { describe, expect, it } from "vitest";
import { fitBookResponse, type ResponseFitAccount } from "../../src/strategy/response-fit.js";
import { drawResponseCurves } from "../../src/strategy/response-posterior.js";
import { evaluateCurve, responseShare, type ResponseShape } from "../../src/strategy/response-curve.js";
import { createRandom } from "../../seeds/random.js";

/** A book drawn from the model itself: one shape, per-account ceiling and responsive share, minutes varying by quarter. */
function modelBook(options: {
  shape: ResponseShape;
  shares: (i: number) => number;
  accounts?: number;
  quarters?: (i: number) => number;
  noise?: number;
  seed?: number;
  /** Log-sd of accounts' own half-saturations around the shape's (0: one shape for all). */
  halfSaturationSpread?: number;
  habit?: number;
}) {
  const random = createRandom(options.seed ?? 1);
  const truths: { ceiling: number; share: number; halfSaturation: number }[] = [];
  const accounts: ResponseFitAccount[] = [];
  for (let i = 0; i < (options.accounts ?? 60); i++) {
    const ceiling = random.logNormal(2_000, 0.8);
    const share = options.shares(i);
    const habit = random.logNormal(options.habit ?? 40, 0.6);
    const spread = options.halfSaturationSpread ?? 0;
    const own = spread > 0 ? { ...options.shape, halfSaturation: options.shape.halfSaturation * Math.exp(spread * random.normal()) } : options.shape;
    truths.push({ ceiling, share, halfSaturation: own.halfSaturation });
    const points = Array.from({ length: options.quarters?.(i) ?? 8 }, () => {
      const minutesPerWeek = habit * Math.exp(0.5 * random.normal());
      const expected = ceiling * (1 - share + share * responseShare(own, minutesPerWeek));
      return { minutesPerWeek, revenuePerWeek: expected * (1 + (options.noise ?? 0.02) * random.normal()), weeks: 13 };
    });
    accounts.push({
      accountId: `a${i}`,
      group: i % 2 ? "MID_MARKET" : "ENTERPRISE",
      points,
      prior: { kind: "CUSTOMER", revenuePerWeek: 0, minutesPerWeek: 0 },
    });
  }
  return { accounts, truths };
}

describe("book response fit", () => {
  it("recovers the shape, the shares and the ceilings of a book drawn from the model", () => {
    const shape: ResponseShape = { family: "EXPONENTIAL", halfSaturation: 30, steepness: 1 };
    const { accounts, truths } = modelBook({ shape, shares: (i) => 0.3 + (0.4 * ((i * 7) % 10)) / 10 });
    const fit = fitBookResponse(accounts);
    expect(fit.baseline).toBe(true);
    expect(fit.shape.family).toBe("EXPONENTIAL");
    expect(fit.shape.halfSaturation).toBeGreaterThan(27);
    expect(fit.shape.halfSaturation).toBeLessThan(33);
    expect(fit.noise).toBeGreaterThan(0.01);
    expect(fit.noise).toBeLessThan(0.04);
    fit.accounts.forEach((a, i) => {
      const truth = truths[i]!;
      expect(Math.abs(a.responsiveShare - truth.share)).toBeLessThan(0.15);
      // Its revenue from half to twice its usual minutes: within 5 %; with no attention at all
      // (never observed, so extrapolated): within 20 % where its own history carries the share.
      const habit = accounts[i]!.points.reduce((s, p) => s + p.minutesPerWeek, 0) / accounts[i]!.points.length;
      const ratioAt = (minutes: number) =>
        evaluateCurve({ min: a.ceiling * (1 - a.responsiveShare), max: a.ceiling, shape: fit.shape }, minutes) /
        evaluateCurve({ min: truth.ceiling * (1 - truth.share), max: truth.ceiling, shape }, minutes);
      for (const minutes of [habit / 2, habit, 2 * habit]) expect(Math.abs(ratioAt(minutes) - 1)).toBeLessThan(0.05);
      if (a.source === "HISTORY") expect(Math.abs(ratioAt(0) - 1)).toBeLessThan(0.2);
    });
    // Accounts whose minutes stayed where the curve is flat cannot show their share as clearly.
    expect(fit.accounts.filter((a) => a.source === "HISTORY").length).toBeGreaterThan(0.8 * accounts.length);
  });

  it("picks the S-shaped ADBUDG curve and no retained baseline when the history says so", () => {
    const shape: ResponseShape = { family: "ADBUDG", halfSaturation: 45, steepness: 2.5 };
    const { accounts } = modelBook({ shape, shares: () => 1 });
    const fit = fitBookResponse(accounts);
    expect(fit.baseline).toBe(false);
    expect(fit.shape.family).toBe("ADBUDG");
    expect(fit.shape.steepness).toBeGreaterThan(2.2);
    expect(fit.shape.steepness).toBeLessThan(2.8);
    for (const a of fit.accounts) expect(a.responsiveShare).toBe(1);
  });

  it("without a baseline, lets accounts near their knee show their own half-saturation and keeps far-below ones from inflating their ceilings", () => {
    const shape: ResponseShape = { family: "ADBUDG", halfSaturation: 40, steepness: 2.5 };
    const { accounts, truths } = modelBook({ shape, shares: () => 1, halfSaturationSpread: 0.35, habit: 25, accounts: 120, noise: 0.08, seed: 5 });
    const fit = fitBookResponse(accounts);
    expect(fit.baseline).toBe(false);
    // Own half-saturations follow the truth (rank correlation over accounts).
    const rank = (values: number[]) => {
      const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
      const ranks = new Array<number>(values.length);
      order.forEach(([, i], r) => (ranks[i] = r));
      return ranks;
    };
    const a = rank(fit.accounts.map((x) => x.halfSaturation));
    const b = rank(truths.map((t) => t.halfSaturation));
    const n = a.length;
    const spearman = 1 - (6 * a.reduce((s, r, i) => s + (r - b[i]!) ** 2, 0)) / (n * (n * n - 1));
    expect(spearman).toBeGreaterThan(0.5);
    // Across the book, the ceilings are not inflated: their total is within 15 % of the truth.
    const fitted = fit.accounts.reduce((s, x) => s + x.ceiling, 0);
    const actual = truths.reduce((s, t) => s + t.ceiling, 0);
    expect(fitted / actual).toBeGreaterThan(0.85);
    expect(fitted / actual).toBeLessThan(1.15);
  });

  it("shrinks a thin history's share towards its segment, and leaves a rich one to its own evidence", () => {
    const shape: ResponseShape = { family: "EXPONENTIAL", halfSaturation: 30, steepness: 1 };
    // Account 0 responds far more than the rest; with 2 quarters it cannot show it, with 12 it can.
    const build = (quarters: number) =>
      modelBook({ shape, noise: 0.05, shares: (i) => (i === 0 ? 0.9 : 0.3), quarters: (i) => (i === 0 ? quarters : 8), seed: 3 });
    const thin = fitBookResponse(build(2).accounts).accounts[0]!;
    const rich = fitBookResponse(build(12).accounts).accounts[0]!;
    expect(thin.historyWeight).toBeLessThan(rich.historyWeight);
    expect(thin.source).toBe("POOLED");
    expect(rich.source).toBe("HISTORY");
    expect(rich.responsiveShare).toBeGreaterThan(thin.responsiveShare);
    expect(rich.responsiveShare).toBeGreaterThan(0.6);
    expect(Math.abs(thin.responsiveShare - 0.3)).toBeLessThan(0.1);
  });

  it("gives accounts without usable history a prior curve: run rate at current minutes, or half a prospect's potential", () => {
    const shape: ResponseShape = { family: "EXPONENTIAL", halfSaturation: 30, steepness: 1 };
    const { accounts } = modelBook({ shape, shares: () => 0.4 });
    const fit = fitBookResponse([
      ...accounts,
      { accountId: "runRate", group: "MID_MARKET", points: [], prior: { kind: "CUSTOMER", revenuePerWeek: 1_000, minutesPerWeek: 20 } },
      { accountId: "prospect", group: "MID_MARKET", points: [], prior: { kind: "PROSPECT", potentialPerYear: 52_000 } },
    ]);
    const runRate = fit.accounts.at(-2)!;
    const prospect = fit.accounts.at(-1)!;
    expect(runRate.source).toBe("PRIOR");
    expect(runRate.responsiveShare).toBeCloseTo(fit.groups.get("MID_MARKET")!.responsiveShare, 9);
    // It earns its run rate at its current minutes.
    const curve = { min: runRate.ceiling * (1 - runRate.responsiveShare), max: runRate.ceiling, shape: fit.shape };
    expect(evaluateCurve(curve, 20)).toBeCloseTo(1_000, 6);
    expect(prospect).toMatchObject({ source: "PRIOR", responsiveShare: 1, ceiling: 500 });
  });

  it("draws curves whose spread is narrow where the history was observed and wider far from it", () => {
    const shape: ResponseShape = { family: "EXPONENTIAL", halfSaturation: 30, steepness: 1 };
    const { accounts } = modelBook({ shape, noise: 0.1, shares: () => 0.4 });
    const fit = fitBookResponse(accounts);
    const draws = drawResponseCurves(fit, accounts, { weeks: 1, draws: 200 });
    const spreadAt = (i: number, minutes: number) => {
      const values = draws.shapes
        .map((s, d) => evaluateCurve({ min: draws.min[d]![i]!, max: draws.max[d]![i]!, shape: s }, minutes))
        .sort((a, b) => a - b);
      return (values[189]! - values[10]!) / values[100]!;
    };
    const habit = accounts[0]!.points.reduce((s, p) => s + p.minutesPerWeek, 0) / accounts[0]!.points.length;
    expect(spreadAt(0, habit)).toBeLessThan(spreadAt(0, 0));
    expect(spreadAt(0, habit)).toBeGreaterThan(0);
  });
});
