/**
 * Partial pooling of the accounts' responsive shares (response-fit.ts): one account's
 * maximum a posteriori (ceiling, share) given the book's shape and the pooling state, and
 * the empirical-Bayes updates of that state from all accounts.
 *
 * Given the shape g, account i's quarters y_t (revenue per week over its mean, weights v_t)
 * at minutes x_t follow y_t ~ m (1 - rho u_t), u_t = 1 - g(x_t), and
 * logit(rho) ~ N(segment mean, tau^2). For a fixed rho the level m is weighted least
 * squares in closed form, so the weighted sums of y, u, y u, u^2 (accountSums) answer every
 * rho in O(1); logit(rho) is then a one-dimensional search (a coarse grid, for the two
 * valleys "mostly baseline" and "mostly lift", then golden section); its variance is the
 * inverse curvature there (Laplace).
 * The updates are the EM steps of the normal-normal hierarchy (Gelman et al., "Bayesian
 * Data Analysis", ch. 5): the noise s^2 from the residuals over the degrees of freedom left
 * (each account spends one on its level and `historyWeight` on its share); the book's mean
 * logit share pulled to the prior by `bookPooling` accounts, each segment's to the book's
 * by `segmentPooling`; tau^2 from the posteriors' spread around their segment plus their
 * variances, with a weak prior guess (`spreadPrior`) so it cannot collapse to zero.
 * Cost: O(quarters) per account per shape for the sums, O(45) for the search.
 */
import type { PeriodPoint } from "./history-periods.js";
import { minimizeOnInterval } from "./line-search.js";
import { responseShare, type ResponseShape } from "./response-curve.js";

export const RESPONSE_POOLING_DEFAULTS = {
  /** Fewest observed quarters for an account's own history to enter the fit. */
  minPeriods: 2,
  /** Prior centre of the book's responsive share (a CALLPLAN-style judgement: a third of revenue needs attention). */
  priorResponsiveShare: 0.35,
  /** The book's mean logit share is pulled to the prior as if by this many accounts. */
  bookPooling: 2,
  /** A segment's mean logit share is pulled to the book's as if by this many accounts. */
  segmentPooling: 5,
  /** Prior guess of the spread tau of logit shares between accounts, and its weight in accounts. */
  spreadPrior: 0.7,
  spreadPriorWeight: 3,
  spreadBounds: [0.15, 3] as const,
  /** Logit shares are searched within +-this (rho from 0.03 % to 99.97 %). */
  logitBound: 8,
  minNoise: 0.01,
};

const logistic = (z: number) => 1 / (1 + Math.exp(-z));

/** Sufficient data of one fitted account, scaled by its mean revenue per week. */
export interface FitData {
  index: number;
  group: string;
  x: Float64Array;
  /** y / scale. */
  y: Float64Array;
  v: Float64Array;
  scale: number;
  weight: number;
}

export interface Pooling {
  /** False: the book's accounts keep nothing without attention (rho = 1 for all; offsets pooled instead, response-offsets.ts). */
  baseline: boolean;
  noiseVariance: number;
  /** Shares: tau^2, the book's and the segments' mean logit share. */
  spreadVariance: number;
  bookMean: number;
  groupMean: Map<string, number>;
  /** Half-saturation offsets (no baseline): w^2, the segments' mean log ceiling, sigma_M^2 (Infinity: no prior yet). */
  offsetVariance: number;
  levelMean: Map<string, number>;
  levelVariance: number;
}

/** One account's MAP given the shape and the pooling state. */
export interface AccountProfile {
  logit: number;
  /** rho = logistic(logit), or exactly 1 without a baseline. */
  share: number;
  logitVariance: number;
  /** Log offset of its half-saturation from the book's (0 with a baseline: one shape for all). */
  offset: number;
  offsetVariance: number;
  /** Ceiling relative to the account's scale. */
  level: number;
  levelVariance: number;
  /** Variance of ln(level), including what the offset's uncertainty moves it by. */
  logLevelVariance: number;
  residual: number;
  /** Objective value (residual / 2s^2 + prior). */
  value: number;
  historyWeight: number;
}

/** Weighted sums of one account's data under a shape: enough for every (level, share) question. */
export interface AccountSums {
  A: number;
  B0: number;
  B1: number;
  C0: number;
  C1: number;
  C2: number;
}

export function accountSums(data: FitData, shape: ResponseShape): AccountSums {
  // f_t = 1 - rho u_t with u_t = 1 - g(x_t); the weighted LS level is m = <y f> / <f f>.
  const sums = { A: 0, B0: 0, B1: 0, C0: 0, C1: 0, C2: 0 };
  for (let t = 0; t < data.x.length; t++) {
    const v = data.v[t]!;
    const y = data.y[t]!;
    const u = 1 - responseShare(shape, data.x[t]!);
    sums.A += v * y * y;
    sums.B0 += v * y;
    sums.B1 += v * y * u;
    sums.C0 += v;
    sums.C1 += v * u;
    sums.C2 += v * u * u;
  }
  return sums;
}

/** Least-squares level (relative to the account's scale) at share rho, and its variance. */
export function levelAt(sums: AccountSums, rho: number, noiseVariance: number): { level: number; variance: number; residual: number } {
  const ff = sums.C0 - 2 * rho * sums.C1 + rho * rho * sums.C2;
  if (!(ff > 1e-12)) return { level: 0, variance: Infinity, residual: sums.A };
  const yf = sums.B0 - rho * sums.B1;
  return { level: yf / ff, variance: noiseVariance / ff, residual: Math.max(0, sums.A - (yf * yf) / ff) };
}

/**
 * Per-account MAP of (level, logit share) given the shape, for books with a retained
 * baseline: the level in closed form, the logit by grid and golden section; variances from
 * the curvature (Laplace).
 */
export function profileAccount(data: FitData, shape: ResponseShape, pooling: Pooling, logitBound: number, hint?: number): AccountProfile {
  const sums = accountSums(data, shape);
  const mean = pooling.groupMean.get(data.group) ?? pooling.bookMean;
  const twoNoise = 2 * pooling.noiseVariance;
  const twoSpread = 2 * pooling.spreadVariance;
  const { A, B0, B1, C0, C1, C2 } = sums;
  // The objective in logit(rho), allocation-free: it runs ~60 times per account per shape tried.
  const q = (z: number) => {
    const rho = 1 / (1 + Math.exp(-z));
    const ff = C0 - 2 * rho * C1 + rho * rho * C2;
    const yf = B0 - rho * B1;
    const residual = ff > 1e-12 ? Math.max(0, A - (yf * yf) / ff) : A;
    return residual / twoNoise + ((z - mean) * (z - mean)) / twoSpread;
  };

  // A coarse grid first: the objective can have two valleys ("mostly baseline", "mostly lift").
  const found = minimizeOnInterval(q, -logitBound, logitBound, 1, hint);
  const z = found.x;
  const value = found.value;
  const step = 0.01;
  const curvature = Math.max(1 / pooling.spreadVariance, (q(z + step) - 2 * value + q(z - step)) / (step * step));
  const at = levelAt(sums, logistic(z), pooling.noiseVariance);
  return {
    logit: z,
    share: logistic(z),
    logitVariance: 1 / curvature,
    offset: 0,
    offsetVariance: 0,
    logLevelVariance: at.level > 0 ? at.variance / (at.level * at.level) : Infinity,
    level: at.level,
    levelVariance: at.variance,
    residual: at.residual,
    value,
    historyWeight: Math.max(0, Math.min(1, 1 - 1 / (pooling.spreadVariance * curvature))),
  };
}

/** An account's quarters as the fit uses them, or null when they cannot be fitted (too few, or no revenue). */
export function fitDataOf(history: readonly PeriodPoint[], group: string, index: number, minPeriods: number): FitData | null {
  const points = history.filter((p) => p.weeks > 0 && Number.isFinite(p.minutesPerWeek) && Number.isFinite(p.revenuePerWeek));
  if (points.length < minPeriods) return null;
  let weight = 0;
  let revenue = 0;
  for (const p of points) {
    weight += p.weeks / 13;
    revenue += (p.weeks / 13) * p.revenuePerWeek;
  }
  const scale = revenue / weight;
  if (!(scale > 0)) return null;
  return {
    index,
    group,
    x: Float64Array.from(points, (p) => Math.max(0, p.minutesPerWeek)),
    y: Float64Array.from(points, (p) => Math.max(0, p.revenuePerWeek) / scale),
    v: Float64Array.from(points, (p) => p.weeks / 13),
    scale,
    weight,
  };
}

/** EM updates of the noise, the book and segment means and the spread, from the accounts' posteriors. */
export function updatePooling(
  pooling: Pooling,
  data: readonly FitData[],
  profiles: readonly AccountProfile[],
  priorMean: number,
  options: Partial<typeof RESPONSE_POOLING_DEFAULTS> = {},
): void {
  const o = { ...RESPONSE_POOLING_DEFAULTS, ...options };
  updateNoise(pooling, data, profiles, o.minNoise);

  let sum = 0;
  for (const p of profiles) sum += p.logit;
  pooling.bookMean = (sum + o.bookPooling * priorMean) / (profiles.length + o.bookPooling);
  const byGroup = new Map<string, { sum: number; count: number }>();
  data.forEach((d, i) => {
    const g = byGroup.get(d.group) ?? { sum: 0, count: 0 };
    g.sum += profiles[i]!.logit;
    g.count++;
    byGroup.set(d.group, g);
  });
  pooling.groupMean = new Map(
    [...byGroup].map(([group, g]) => [group, (g.sum + o.segmentPooling * pooling.bookMean) / (g.count + o.segmentPooling)]),
  );
  let squares = 0;
  data.forEach((d, i) => {
    const p = profiles[i]!;
    squares += (p.logit - pooling.groupMean.get(d.group)!) ** 2 + p.logitVariance;
  });
  const spread = (squares + o.spreadPriorWeight * o.spreadPrior ** 2) / (profiles.length + o.spreadPriorWeight);
  pooling.spreadVariance = Math.min(o.spreadBounds[1] ** 2, Math.max(o.spreadBounds[0] ** 2, spread));
}

/** The noise s^2: residuals over the degrees of freedom left (one per level, `historyWeight` per pooled parameter). */
export function updateNoise(
  pooling: Pooling,
  data: readonly FitData[],
  profiles: readonly AccountProfile[],
  minNoise = RESPONSE_POOLING_DEFAULTS.minNoise,
): void {
  let residual = 0;
  let dof = 0;
  data.forEach((d, i) => {
    residual += profiles[i]!.residual;
    dof += d.weight - 1 - profiles[i]!.historyWeight;
  });
  pooling.noiseVariance = Math.max(minNoise ** 2, residual / Math.max(1, dof));
}
