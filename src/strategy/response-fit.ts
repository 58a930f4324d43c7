/**
 * Fitting a book's response curves from its quarterly history, with partial pooling.
 *
 * Model (docs/scoring.md, section 8). Account i in quarter t got x_it minutes per week
 * and booked y_it revenue per week:
 *
 *   y_it = M_i (1 - rho_i + rho_i g(x_it; theta)) (1 + e_it),   e_it ~ N(0, s^2 / v_it)
 *
 *   M_i      the account's ceiling (revenue per week at saturation), its own: the level
 *            of its history pins it down well.
 *   rho_i    the share of the ceiling that attention controls (1 - rho_i is retained with
 *            no attention at all). logit(rho_i) ~ N(mu_segment, tau^2), mu_segment ~ the
 *            book's mean: each account's share is shrunk towards its segment's as far as
 *            its own history is thin (partial pooling, the James–Stein / hierarchical
 *            Bayes compromise; Gelman et al., "Bayesian Data Analysis", ch. 5).
 *   g        the curve's shape (response-curve.ts), shared by the whole book: ADBUDG
 *            (Little 1970, the CALLPLAN curve of Lodish 1971) or the modified exponential,
 *            with weak priors on the half-saturation and steepness.
 *   s        the quarter-to-quarter noise of revenue, relative to the account's level;
 *            v_it = weeks / 13 (a full quarter weighs 1).
 *
 * Why this model: one account's few quarters can tell its level but hardly how it would
 * respond to a very different amount of time; the book's accounts together, each seen at
 * several amounts, can. Sharing the shape and pooling the responsive share is what lets
 * thin histories borrow strength without erasing accounts that have clear evidence.
 *
 * Which model: four candidates — each shape, with pooled shares (a retained baseline) or
 * with rho = 1 for every account (none) — compared by Akaike's criterion (1974) on the
 * weighted residuals, the pooled shares counted by their effective number (the sum of
 * `historyWeight`). Without a baseline ADBUDG keeps c >= 1: a c < 1 curve jumps from zero,
 * which is how a baseline would pass itself off as attention.
 *
 * Estimator: maximum a posteriori by block coordinate descent (empirical Bayes). Given
 * the shape, each M_i has a closed form (weighted least squares) and each logit(rho_i) is a
 * one-dimensional minimisation (response-pooling.ts); the shape is found by Nelder–Mead
 * on the resulting profile; then the noise s^2, the segment means and tau^2 are
 * re-estimated from the accounts' posteriors (EM updates), `rounds` times. Uncertainty:
 * Laplace approximations — the curvature of the profile in the shape, and per account the
 * curvature in logit(rho_i) and the least-squares variance of M_i (response-posterior.ts
 * draws from them).
 *
 * Accounts without usable history (fewer than `minPeriods` observed quarters, or no
 * revenue in them) get a prior curve: a customer's ceiling from its annual revenue at its
 * current minutes with its segment's share; a prospect's (or lost customer's) ceiling is
 * `prospectCaptureShare` of its revenue potential, all of it won by attention.
 * Cost: O(candidates x rounds x shape evaluations x (observations + accounts x 45));
 * 120 accounts x 6 quarters take 60–90 ms of CPU, 500 x 8 about 0.3 s (docs/scoring.md).
 */
import { minimizeNelderMead } from "./nelder-mead.js";
import {
  RESPONSE_POOLING_DEFAULTS,
  fitDataOf,
  profileAccount,
  updateNoise,
  updatePooling,
  type AccountProfile,
  type FitData,
  type Pooling,
} from "./response-pooling.js";
import { RESPONSE_OFFSET_DEFAULTS, offsetShape, profileOffset, updateOffsets } from "./response-offsets.js";
import type { PeriodPoint } from "./history-periods.js";
import { responseShare, type CurveSource, type ResponseCurve, type ResponseFamily, type ResponseShape } from "./response-curve.js";

export const RESPONSE_FIT_DEFAULTS = {
  ...RESPONSE_POOLING_DEFAULTS,
  ...RESPONSE_OFFSET_DEFAULTS,
  /** Half-saturation prior: log-normal around this many minutes per week... */
  priorHalfSaturation: 45,
  halfSaturationLogSpread: 1.2,
  halfSaturationBounds: [2, 3000] as const,
  /** ...and ADBUDG steepness c: log-normal around 1 (Michaelis–Menten). */
  steepnessLogSpread: 0.7,
  steepnessBounds: [0.5, 6] as const,
  /**
   * Without a retained baseline the first minutes must earn at a finite rate: an ADBUDG
   * curve with c < 1 jumps from zero, which is how a baseline disguises itself.
   */
  minSteepnessWithoutBaseline: 1,
  /** Empirical-Bayes rounds (shape, then noise and pooling). */
  rounds: 3,
  /**
   * Shape search stops when the objective (a negative log posterior, so 1e-3 is far
   * below any meaningful difference) and the parameters (0.5 % of h) settle.
   */
  shapeValueTolerance: 1e-3,
  shapePointTolerance: 5e-3,
  /** Share of a prospect's potential that saturating attention wins per year. */
  prospectCaptureShare: 0.5,
  /** Log-space spread of a prior-only ceiling (a factor of ~1.6 either way). */
  priorLevelLogSpread: 0.5,
  /** A prior customer's ceiling is at most this multiple of its run rate. */
  maxPriorCeilingMultiple: 4,
  /** Own history is the main evidence (source HISTORY) when it carries at least this share of rho's precision. */
  historyEvidenceShare: 0.5,
  families: ["ADBUDG", "EXPONENTIAL"] as readonly ResponseFamily[],
};
export type ResponseFitOptions = Partial<typeof RESPONSE_FIT_DEFAULTS>;

export type ResponsePrior =
  /** A customer: revenue per week today (run rate) at its current minutes per week. */
  | { kind: "CUSTOMER"; revenuePerWeek: number; minutesPerWeek: number }
  /** A prospect or a lost customer: the revenue per year it could bring (potential). */
  | { kind: "PROSPECT"; potentialPerYear: number };

export interface ResponseFitAccount {
  accountId: string;
  /** Pooling group: the segment. */
  group: string;
  points: readonly PeriodPoint[];
  prior: ResponsePrior;
}

export interface AccountResponse {
  accountId: string;
  group: string;
  source: CurveSource;
  /** Observed quarters used. */
  periods: number;
  /** Revenue per week at saturation (M). */
  ceiling: number;
  /** Share of the ceiling attention controls (rho). */
  responsiveShare: number;
  /** Its own half-saturation: the book's, or (without a baseline) the book's moved by its pooled offset. */
  halfSaturation: number;
  /** Posterior of logit(rho): mode and variance. */
  logitShare: number;
  logitShareVariance: number;
  /** Variance of log M (relative uncertainty of the level). */
  logCeilingVariance: number;
  /** Share of the evidence on its response (rho, or its half-saturation without a baseline) from its own history, 0..1. */
  historyWeight: number;
  /** Log offset of its half-saturation and its variance (0 with a baseline). */
  offset: number;
  offsetVariance: number;
}

export interface GroupResponse {
  group: string;
  /** Mean responsive share of the group (inverse logit of its mean). */
  responsiveShare: number;
  logitMean: number;
  accounts: number;
  fittedAccounts: number;
}

export interface FamilyComparison {
  family: ResponseFamily;
  /** Whether accounts may keep revenue without attention (pooled shares) or not (rho = 1). */
  baseline: boolean;
  shape: ResponseShape;
  /** Weighted residual sum of squares (relative units) at the fit. */
  residual: number;
  /** BIC-style score: observations x ln(residual / observations) + parameters x ln(observations). Lower wins. */
  score: number;
}

export interface BookResponseFit {
  shape: ResponseShape;
  /** False when the history says the book keeps nothing without attention (rho = 1). */
  baseline: boolean;
  /** Shape parameters: [ln h] or [ln h, logistic-scale c] (see steepnessOf). */
  shapeParameters: number[];
  /** Their Laplace covariance. */
  shapeCovariance: number[][];
  /** Relative quarter-to-quarter noise s of revenue. */
  noise: number;
  logitSpread: number;
  bookLogitMean: number;
  groups: Map<string, GroupResponse>;
  /** Aligned with the input accounts. */
  accounts: AccountResponse[];
  families: FamilyComparison[];
  fittedAccounts: number;
  /** Observed account-quarters in the fit. */
  observations: number;
  /** The empirical-Bayes state the accounts were fitted under (for posterior draws). */
  pooling: Pooling;
}

const logistic = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));

/** One account's MAP under a shape: its share pooled (with a baseline) or its half-saturation offset pooled (without). */
export function profileOf(
  data: FitData,
  shape: ResponseShape,
  pooling: Pooling,
  bounds: { logitBound: number; offsetBound: number } = RESPONSE_FIT_DEFAULTS,
  hint?: number,
): AccountProfile {
  return pooling.baseline
    ? profileAccount(data, shape, pooling, bounds.logitBound, hint)
    : profileOffset(data, shape, pooling, bounds.offsetBound, hint);
}

/** The shape of the parameters [ln h] or [ln h, logistic-scale c], inside the bounds. */
export function shapeOfParameters(
  family: ResponseFamily,
  parameters: readonly number[],
  baseline: boolean,
  options: ResponseFitOptions = {},
): ResponseShape {
  return shapeFrom(family, parameters, baseline, { ...RESPONSE_FIT_DEFAULTS, ...options });
}

function steepnessRange(baseline: boolean, o: typeof RESPONSE_FIT_DEFAULTS): [number, number] {
  return [baseline ? o.steepnessBounds[0] : Math.max(o.steepnessBounds[0], o.minSteepnessWithoutBaseline), o.steepnessBounds[1]];
}

/**
 * The steepness lives on a logistic scale between its bounds (c = low + (high - low) x
 * logistic(p)), so the simplex never meets a wall there; the half-saturation on the log scale.
 */
function steepnessOf(parameter: number, baseline: boolean, o: typeof RESPONSE_FIT_DEFAULTS): number {
  const [low, high] = steepnessRange(baseline, o);
  return low + (high - low) / (1 + Math.exp(-parameter));
}

/** The steepness parameter of c (inverse of steepnessOf), clamped inside the bounds. */
function steepnessParameter(c: number, baseline: boolean, o: typeof RESPONSE_FIT_DEFAULTS): number {
  const [low, high] = steepnessRange(baseline, o);
  const share = Math.min(0.999, Math.max(0.001, (c - low) / (high - low)));
  return Math.log(share / (1 - share));
}

function shapeFrom(family: ResponseFamily, parameters: readonly number[], baseline: boolean, o: typeof RESPONSE_FIT_DEFAULTS): ResponseShape {
  const [hLow, hHigh] = o.halfSaturationBounds;
  const h = Math.min(hHigh, Math.max(hLow, Math.exp(parameters[0]!)));
  const c = family === "ADBUDG" ? steepnessOf(parameters[1]!, baseline, o) : 1;
  return { family, halfSaturation: h, steepness: c };
}

function shapePenalty(family: ResponseFamily, parameters: readonly number[], baseline: boolean, o: typeof RESPONSE_FIT_DEFAULTS): number {
  const lnH = parameters[0]!;
  let penalty = ((lnH - Math.log(o.priorHalfSaturation)) / o.halfSaturationLogSpread) ** 2 / 2;
  penalty += outside(lnH, Math.log(o.halfSaturationBounds[0]), Math.log(o.halfSaturationBounds[1]));
  if (family === "ADBUDG") {
    penalty += (Math.log(steepnessOf(parameters[1]!, baseline, o)) / o.steepnessLogSpread) ** 2 / 2;
    // Within 0.25 % of a bound the steepness no longer changes: keep the simplex from drifting out.
    penalty += outside(parameters[1]!, -6, 6);
  }
  return penalty;
}

/** A steep wall outside the bounds, so the simplex walks back in. */
function outside(value: number, low: number, high: number): number {
  return value < low ? 1e3 * (low - value) ** 2 : value > high ? 1e3 * (value - high) ** 2 : 0;
}

interface FamilyFit {
  family: ResponseFamily;
  baseline: boolean;
  parameters: number[];
  shape: ResponseShape;
  pooling: Pooling;
  profiles: AccountProfile[];
  residual: number;
  objective: (parameters: readonly number[]) => number;
}

function fitFamily(family: ResponseFamily, baseline: boolean, data: readonly FitData[], o: typeof RESPONSE_FIT_DEFAULTS): FamilyFit {
  const priorMean = logit(o.priorResponsiveShare);
  // Start the noise at the accounts' whole quarter-to-quarter variation (an upper bound).
  let spreadSum = 0;
  let dof = 0;
  for (const d of data) {
    for (let t = 0; t < d.y.length; t++) spreadSum += d.v[t]! * (d.y[t]! - 1) ** 2;
    dof += d.weight - 1;
  }
  const pooling: Pooling = {
    baseline,
    noiseVariance: Math.max(o.minNoise ** 2, spreadSum / Math.max(1, dof)),
    spreadVariance: o.spreadPrior ** 2,
    bookMean: baseline ? priorMean : o.logitBound,
    groupMean: new Map(),
    offsetVariance: o.offsetSpreadPrior ** 2,
    levelMean: new Map(),
    levelVariance: Infinity,
  };
  // Start at the prior: h at its centre, c = 1 (or just above the no-baseline floor).
  const startSteepness = steepnessParameter(baseline ? 1 : o.minSteepnessWithoutBaseline * 1.25, baseline, o);
  let parameters = family === "ADBUDG" ? [Math.log(o.priorHalfSaturation), startSteepness] : [Math.log(o.priorHalfSaturation)];
  // Each account's last optimum: the shape search moves the shape a little at a time.
  const hints = new Float64Array(data.length).fill(Number.NaN);
  const objective = (p: readonly number[]) => {
    const shape = shapeFrom(family, p, baseline, o);
    let total = shapePenalty(family, p, baseline, o);
    data.forEach((d, j) => {
      const profile = profileOf(d, shape, pooling, o, hints[j]);
      hints[j] = baseline ? profile.logit : profile.offset;
      total += profile.value;
    });
    return total;
  };
  let profiles: AccountProfile[] = [];
  for (let round = 0; round < o.rounds; round++) {
    parameters = minimizeNelderMead(objective, parameters, {
      initialStep: round === 0 ? 0.5 : 0.05,
      valueTolerance: o.shapeValueTolerance,
      pointTolerance: o.shapePointTolerance,
    }).point;
    const shape = shapeFrom(family, parameters, baseline, o);
    profiles = data.map((d) => profileOf(d, shape, pooling, o));
    if (baseline) updatePooling(pooling, data, profiles, priorMean, o);
    else {
      updateNoise(pooling, data, profiles, o.minNoise);
      updateOffsets(pooling, data, profiles, o);
    }
  }
  const shape = shapeFrom(family, parameters, baseline, o);
  profiles = data.map((d) => profileOf(d, shape, pooling, o));
  const residual = profiles.reduce((s, p) => s + p.residual, 0);
  return { family, baseline, parameters, shape, pooling, profiles, residual, objective };
}

/** Central-difference Hessian of `f` at `x`, inverted (Laplace covariance); prior-sized diagonal if not positive definite. */
function laplaceCovariance(f: (p: readonly number[]) => number, x: readonly number[], fallback: readonly number[]): number[][] {
  const d = x.length;
  const h = 0.02;
  const f0 = f(x);
  const at = (i: number, di: number, j: number, dj: number) => {
    const p = [...x];
    p[i]! += di;
    p[j]! += dj;
    return f(p);
  };
  const H: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    H[i]![i] = (at(i, h, i, 0) - 2 * f0 + at(i, -h, i, 0)) / (h * h);
    for (let j = 0; j < i; j++) {
      const value = (at(i, h, j, h) - at(i, h, j, -h) - at(i, -h, j, h) + at(i, -h, j, -h)) / (4 * h * h);
      H[i]![j] = value;
      H[j]![i] = value;
    }
  }
  const diagonal = () => fallback.map((v, i) => fallback.map((_, j) => (i === j ? v : 0)));
  if (d === 1) return H[0]![0]! > 0 ? [[1 / H[0]![0]!]] : diagonal();
  const det = H[0]![0]! * H[1]![1]! - H[0]![1]! * H[1]![0]!;
  if (!(H[0]![0]! > 0 && det > 0)) return diagonal();
  return [
    [H[1]![1]! / det, -H[0]![1]! / det],
    [-H[1]![0]! / det, H[0]![0]! / det],
  ];
}

export function fitBookResponse(accounts: readonly ResponseFitAccount[], options: ResponseFitOptions = {}): BookResponseFit {
  const o = { ...RESPONSE_FIT_DEFAULTS, ...options };
  const data: FitData[] = [];
  accounts.forEach((a, i) => {
    const d = fitDataOf(a.points, a.group, i, o.minPeriods);
    if (d) data.push(d);
  });
  const observations = data.reduce((s, d) => s + d.weight, 0);
  const fits = o.families.flatMap((family) => [true, false].map((baseline) => fitFamily(family, baseline, data, o)));
  const families: FamilyComparison[] = fits.map((f) => {
    // Pooled shares cost what the accounts' own evidence spends on them (effective
    // parameters of a hierarchical model), plus the book and segment means.
    const shares = f.baseline ? 2 + f.profiles.reduce((sum, p) => sum + p.historyWeight, 0) : 0;
    const n = Math.max(1, observations);
    return {
      family: f.family,
      baseline: f.baseline,
      shape: f.shape,
      residual: f.residual,
      score: n * Math.log(Math.max(1e-300, f.residual) / n) + 2 * (f.parameters.length + shares),
    };
  });
  // Without any history the prior model: the modified exponential with a retained baseline.
  const prior = fits.findIndex((f) => f.family === "EXPONENTIAL" && f.baseline);
  const chosen = fits[data.length === 0 ? Math.max(0, prior) : families.reduce((b, f, i) => (f.score < families[b]!.score ? i : b), 0)]!;
  const { pooling } = chosen;
  const fallback = chosen.parameters.map((_, i) => (i === 0 ? o.halfSaturationLogSpread : o.steepnessLogSpread) ** 2);
  const shapeCovariance =
    data.length === 0
      ? fallback.map((v, i) => fallback.map((_, j) => (i === j ? v : 0)))
      : laplaceCovariance(chosen.objective, chosen.parameters, fallback);

  const profileOf = new Map<number, { data: FitData; profile: AccountProfile }>();
  data.forEach((d, i) => profileOf.set(d.index, { data: d, profile: chosen.profiles[i]! }));
  const groupMean = (group: string) => pooling.groupMean.get(group) ?? pooling.bookMean;
  const shareOf = (z: number) => (pooling.baseline ? logistic(z) : 1);

  const results: AccountResponse[] = accounts.map((account, index) => {
    const fitted = profileOf.get(index);
    if (fitted) {
      const { profile, data: d } = fitted;
      return {
        accountId: account.accountId,
        group: account.group,
        source: profile.historyWeight >= o.historyEvidenceShare ? "HISTORY" : "POOLED",
        periods: d.x.length,
        ceiling: profile.level * d.scale,
        responsiveShare: profile.share,
        logitShare: profile.logit,
        logitShareVariance: profile.logitVariance,
        logCeilingVariance: Number.isFinite(profile.logLevelVariance) ? profile.logLevelVariance : o.priorLevelLogSpread ** 2,
        historyWeight: profile.historyWeight,
        halfSaturation: offsetShape(chosen.shape, profile.offset).halfSaturation,
        offset: profile.offset,
        offsetVariance: profile.offsetVariance,
      };
    }
    return priorResponse(
      account,
      chosen.shape,
      pooling.baseline ? groupMean(account.group) : o.logitBound,
      pooling.baseline ? pooling.spreadVariance : 0,
      o,
    );
  });

  const groups = new Map<string, GroupResponse>();
  accounts.forEach((a, i) => {
    const g = groups.get(a.group) ?? {
      group: a.group,
      logitMean: groupMean(a.group),
      responsiveShare: shareOf(groupMean(a.group)),
      accounts: 0,
      fittedAccounts: 0,
    };
    g.accounts++;
    if (profileOf.has(i)) g.fittedAccounts++;
    groups.set(a.group, g);
  });
  return {
    shape: chosen.shape,
    baseline: chosen.baseline,
    shapeParameters: chosen.parameters,
    shapeCovariance,
    noise: Math.sqrt(pooling.noiseVariance),
    logitSpread: Math.sqrt(pooling.spreadVariance),
    bookLogitMean: pooling.bookMean,
    groups,
    accounts: results,
    families,
    fittedAccounts: data.length,
    observations,
    pooling,
  };
}

function priorResponse(
  account: ResponseFitAccount,
  shape: ResponseShape,
  mean: number,
  spreadVariance: number,
  o: typeof RESPONSE_FIT_DEFAULTS,
): AccountResponse {
  const base = {
    accountId: account.accountId,
    group: account.group,
    source: "PRIOR" as const,
    periods: 0,
    logCeilingVariance: o.priorLevelLogSpread ** 2,
    historyWeight: 0,
    halfSaturation: shape.halfSaturation,
    offset: 0,
    offsetVariance: 0,
  };
  if (account.prior.kind === "PROSPECT" || !(account.prior.revenuePerWeek > 0)) {
    return { ...base, ceiling: priorCeiling(account.prior, shape, 1, o), responsiveShare: 1, logitShare: o.logitBound, logitShareVariance: 0 };
  }
  const rho = spreadVariance > 0 ? logistic(mean) : 1;
  return { ...base, ceiling: priorCeiling(account.prior, shape, rho, o), responsiveShare: rho, logitShare: mean, logitShareVariance: spreadVariance };
}

/**
 * Ceiling of an account without usable history: a customer earns its run rate at its
 * current minutes (so M = run rate / (1 - rho + rho g(x)), at most `maxPriorCeilingMultiple`
 * run rates); a prospect's is `prospectCaptureShare` of its yearly potential, per week.
 */
export function priorCeiling(prior: ResponsePrior, shape: ResponseShape, rho: number, options: ResponseFitOptions = {}): number {
  const o = { ...RESPONSE_FIT_DEFAULTS, ...options };
  if (prior.kind === "PROSPECT") return (Math.max(0, prior.potentialPerYear) * o.prospectCaptureShare) / 52;
  if (!(prior.revenuePerWeek > 0)) return 0;
  const share = 1 - rho * (1 - responseShare(shape, prior.minutesPerWeek));
  return prior.revenuePerWeek / Math.max(share, 1 / o.maxPriorCeilingMultiple);
}

/** The account's curve over `weeks` weeks (the book's shape at its own half-saturation), plus `spilloverPerWeek` of lift won along it. */
export function curveOf(
  response: Pick<AccountResponse, "ceiling" | "responsiveShare" | "halfSaturation">,
  shape: ResponseShape,
  weeks: number,
  spilloverPerWeek = 0,
): ResponseCurve {
  const min = response.ceiling * (1 - response.responsiveShare) * weeks;
  const own = response.halfSaturation === shape.halfSaturation ? shape : { ...shape, halfSaturation: response.halfSaturation };
  return { min, max: (response.ceiling + spilloverPerWeek) * weeks, shape: own };
}

/** Data of the fit for posterior draws (response-posterior.ts): rebuilt from the same accounts. */
export function fitDataOfAccounts(accounts: readonly ResponseFitAccount[], options: ResponseFitOptions = {}): (FitData | null)[] {
  const o = { ...RESPONSE_FIT_DEFAULTS, ...options };
  return accounts.map((a, i) => fitDataOf(a.points, a.group, i, o.minPeriods));
}
