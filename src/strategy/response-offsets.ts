/**
 * Partial pooling of the accounts' half-saturations, for books that keep no revenue
 * without attention (response-fit.ts, the no-baseline candidates). There every account's
 * revenue is M_i g(x; h e^(d_i)): its own ceiling M_i and its own offset d_i from the
 * book's half-saturation h.
 *
 * Why: accounts do not all need the same time to saturate, and an account the manager
 * has given little time sits where its quarters cannot tell a high ceiling far away from
 * a low one close by (for an S-curve, y ~ M (x / h_i)^c: only M / h_i^c is seen). Read
 * with the book's h alone, an account whose own h_i is smaller looks like a large ceiling
 * — exactly the accounts a plan then pours time into, so the plan over-promises (the
 * optimizer's curse, Smith & Winkler 2006). Two priors break the tie: d_i ~ N(0, w^2),
 * and the book's ceilings are log-normal around their segment's (log M_i ~ N(mu_segment,
 * sigma_M^2)); so an account whose history reads as an outsized ceiling is believed partly
 * to saturate early instead (hierarchical Bayes with two random effects; Gelman et al.,
 * "Bayesian Data Analysis", ch. 5 and 15). Accounts seen near their knee tell their own
 * offset; those far below it borrow from the book.
 *
 * Per account: d is a one-dimensional search (line-search.ts), the level m has the
 * least-squares closed form at each d; variances from the curvature (Laplace). The EM
 * updates re-estimate w^2 (with a weak prior guess), the segments' mean log ceilings and
 * sigma_M^2 from the accounts' posteriors.
 * Cost: O(30 x quarters) per account per shape (each d re-evaluates g, with one exp).
 */
import { minimizeOnInterval } from "./line-search.js";
import { responseShare, type ResponseShape } from "./response-curve.js";
import type { AccountProfile, FitData, Pooling } from "./response-pooling.js";

export const RESPONSE_OFFSET_DEFAULTS = {
  /** Prior guess of the log-sd of accounts' half-saturations around the book's, and its weight in accounts. */
  offsetSpreadPrior: 0.25,
  offsetSpreadPriorWeight: 3,
  offsetSpreadBounds: [0.02, 1] as const,
  /** Offsets are searched within +-this (a factor of e^2 = 7.4 either way). */
  offsetBound: 2,
  /** Floor of the log-ceiling spread within a segment. */
  minLevelSpread: 0.1,
  /** A segment's mean log ceiling is pulled to the book's as if by this many accounts. */
  levelPooling: 5,
};

/** The account's MAP offset and level under the book's shape, with their variances. */
export function profileOffset(
  data: FitData,
  shape: ResponseShape,
  pooling: Pooling,
  offsetBound = RESPONSE_OFFSET_DEFAULTS.offsetBound,
  hint?: number,
): AccountProfile {
  let A = 0;
  for (let t = 0; t < data.y.length; t++) A += data.v[t]! * data.y[t]! * data.y[t]!;
  const twoNoise = 2 * pooling.noiseVariance;
  const twoOffset = 2 * pooling.offsetVariance;
  const levelMean = pooling.levelMean.get(data.group);
  const twoLevel = 2 * pooling.levelVariance;
  const logScale = Math.log(data.scale);
  let level = 0;
  let gg = 0;
  let residual = A;
  // g at a moved half-saturation without a power per point: ADBUDG's (x / h e^d)^c is
  // (x / h)^c e^(-c d), the exponential's x / (h e^d) is (x / h) e^(-d).
  const adbudg = shape.family === "ADBUDG";
  const n = data.x.length;
  const base = new Float64Array(n);
  for (let t = 0; t < n; t++)
    base[t] = adbudg ? (data.x[t]! / shape.halfSaturation) ** shape.steepness : (Math.LN2 * data.x[t]!) / shape.halfSaturation;
  const fitAt = (d: number) => {
    const k = Math.exp(adbudg ? -shape.steepness * d : -d);
    let yg = 0;
    gg = 0;
    for (let t = 0; t < n; t++) {
      const u = base[t]! * k;
      const g = adbudg ? u / (1 + u) : 1 - Math.exp(-u);
      const vg = data.v[t]! * g;
      yg += vg * data.y[t]!;
      gg += vg * g;
    }
    level = gg > 1e-12 ? yg / gg : 0;
    residual = gg > 1e-12 ? Math.max(0, A - (yg * yg) / gg) : A;
  };
  const q = (d: number) => {
    fitAt(d);
    let value = residual / twoNoise + (d * d) / twoOffset;
    if (levelMean !== undefined && level > 0) value += (Math.log(level) + logScale - levelMean) ** 2 / twoLevel;
    return value;
  };

  const d = minimizeOnInterval(q, -offsetBound, offsetBound, 0.5, hint).x;
  const step = 0.01;
  const up = q(d + step);
  fitAt(d + step);
  const levelUp = level;
  const down = q(d - step);
  fitAt(d - step);
  const levelDown = level;
  const value = q(d); // leaves level, gg and residual at d
  const curvature = Math.max(1 / pooling.offsetVariance, (up - 2 * value + down) / (step * step));
  const offsetVariance = 1 / curvature;
  const levelVariance = gg > 1e-12 ? pooling.noiseVariance / gg : Infinity;
  // log m moves with d (a later knee needs a higher ceiling for the same revenue): its variance carries d's.
  const slope = levelUp > 0 && levelDown > 0 ? (Math.log(levelUp) - Math.log(levelDown)) / (2 * step) : 0;
  return {
    logit: Infinity,
    share: 1,
    logitVariance: 0,
    offset: d,
    offsetVariance,
    level,
    levelVariance,
    logLevelVariance: (level > 0 ? levelVariance / (level * level) : 0) + slope * slope * offsetVariance,
    residual,
    value,
    historyWeight: Math.max(0, Math.min(1, 1 - 1 / (pooling.offsetVariance * curvature))),
  };
}

/** EM updates of the offsets' spread, the segments' mean log ceilings and their spread. */
export function updateOffsets(
  pooling: Pooling,
  data: readonly FitData[],
  profiles: readonly AccountProfile[],
  options: Partial<typeof RESPONSE_OFFSET_DEFAULTS> = {},
): void {
  const o = { ...RESPONSE_OFFSET_DEFAULTS, ...options };
  let squares = 0;
  for (const p of profiles) squares += p.offset * p.offset + p.offsetVariance;
  const spread = (squares + o.offsetSpreadPriorWeight * o.offsetSpreadPrior ** 2) / (profiles.length + o.offsetSpreadPriorWeight);
  pooling.offsetVariance = Math.min(o.offsetSpreadBounds[1] ** 2, Math.max(o.offsetSpreadBounds[0] ** 2, spread));

  const logLevel = data.map((d, i) => Math.log(Math.max(1e-12, profiles[i]!.level * d.scale)));
  const book = logLevel.reduce((s, v) => s + v, 0) / Math.max(1, logLevel.length);
  const byGroup = new Map<string, { sum: number; count: number }>();
  data.forEach((d, i) => {
    const g = byGroup.get(d.group) ?? { sum: 0, count: 0 };
    g.sum += logLevel[i]!;
    g.count++;
    byGroup.set(d.group, g);
  });
  pooling.levelMean = new Map([...byGroup].map(([group, g]) => [group, (g.sum + o.levelPooling * book) / (g.count + o.levelPooling)]));
  let levelSquares = 0;
  data.forEach((d, i) => {
    levelSquares += (logLevel[i]! - pooling.levelMean.get(d.group)!) ** 2 + profiles[i]!.logLevelVariance;
  });
  pooling.levelVariance = Math.max(o.minLevelSpread ** 2, levelSquares / Math.max(1, data.length));
}

/** The shape an account with offset `offset` responds along. */
export function offsetShape(shape: ResponseShape, offset: number): ResponseShape {
  return offset === 0 ? shape : { ...shape, halfSaturation: shape.halfSaturation * Math.exp(offset) };
}

/** Least-squares level (relative to the account's scale) at offset `offset`, and its variance. */
export function levelAtOffset(data: FitData, shape: ResponseShape, offset: number, noiseVariance: number): { level: number; variance: number } {
  const shifted = offsetShape(shape, offset);
  let yg = 0;
  let gg = 0;
  for (let t = 0; t < data.x.length; t++) {
    const g = responseShare(shifted, data.x[t]!);
    yg += data.v[t]! * data.y[t]! * g;
    gg += data.v[t]! * g * g;
  }
  return gg > 1e-12 ? { level: yg / gg, variance: noiseVariance / gg } : { level: 0, variance: Infinity };
}
