/**
 * Curves drawn from the posterior of a book's response fit (response-fit.ts), so every
 * expected revenue the plan reports comes with an interval.
 *
 * Method: Laplace approximation, drawn in the fit's own hierarchy (nested Monte Carlo).
 * Each group of `drawsPerShape` draws takes a shape from a normal around the fitted
 * parameters with the profile's inverse curvature as covariance; each account with
 * history is re-fitted under that shape (its posterior mode of logit(rho)), and each draw
 * of the group takes logit(rho) from the normal with the local curvature and the
 * least-squares ceiling at that rho plus its sampling error.
 * Re-fitting the accounts under each drawn shape keeps what the history pins down (the
 * revenue at the minutes actually spent) tight, and lets what it cannot (the revenue at
 * minutes never tried) spread. Accounts without history draw their share from their
 * segment's distribution and their ceiling with `priorLevelLogSpread`.
 * Not included: the choice of family (taken as given) and the noise of a single quarter
 * (the interval is for the expected revenue, not for what one quarter will book).
 * Cost: O(draws / drawsPerShape x (observations + accounts x 45) + draws x accounts).
 */
import { createPrng, standardNormal } from "./prng.js";
import {
  RESPONSE_FIT_DEFAULTS,
  fitDataOfAccounts,
  priorCeiling,
  profileOf,
  shapeOfParameters,
  type BookResponseFit,
  type ResponseFitAccount,
  type ResponseFitOptions,
} from "./response-fit.js";
import { accountSums, levelAt } from "./response-pooling.js";
import { levelAtOffset, offsetShape } from "./response-offsets.js";
import type { CurveDraws } from "./time-plan.js";

export const RESPONSE_POSTERIOR_DEFAULTS = {
  draws: 200,
  /**
   * Draws per drawn shape: each account is re-fitted once per shape, then its share and
   * ceiling are drawn this many times around that fit (nested Monte Carlo; re-fitting is
   * what costs, ~3 µs per account).
   */
  drawsPerShape: 8,
  seed: 1,
};

export interface DrawOptions {
  draws?: number;
  seed?: number;
  /** Weeks the curves cover (min and max are per horizon). */
  weeks: number;
  /** Extra lift per week per account (spill-over), aligned with the accounts. */
  spilloverPerWeek?: ArrayLike<number>;
  fit?: ResponseFitOptions;
}

const logistic = (z: number) => 1 / (1 + Math.exp(-z));

export function drawResponseCurves(fit: BookResponseFit, accounts: readonly ResponseFitAccount[], options: DrawOptions): CurveDraws {
  const o = { ...RESPONSE_FIT_DEFAULTS, ...options.fit };
  const count = options.draws ?? RESPONSE_POSTERIOR_DEFAULTS.draws;
  const next = createPrng(options.seed ?? RESPONSE_POSTERIOR_DEFAULTS.seed);
  const normal = () => standardNormal(next);
  const data = fitDataOfAccounts(accounts, options.fit);
  const cholesky = choleskyOf(fit.shapeCovariance);
  const n = accounts.length;
  const draws: Required<CurveDraws> = { shapes: [], min: [], max: [], halfSaturation: [] };

  const perShape = RESPONSE_POSTERIOR_DEFAULTS.drawsPerShape;
  for (let s = 0; s < count; s += perShape) {
    const z = fit.shapeParameters.map(() => normal());
    const parameters = fit.shapeParameters.map((p, i) => p + cholesky[i]!.reduce((sum, l, j) => sum + l * z[j]!, 0));
    const shape = shapeOfParameters(fit.shape.family, parameters, fit.baseline, options.fit);
    const inner = Math.min(perShape, count - s);
    const min = Array.from({ length: inner }, () => new Float64Array(n));
    const max = Array.from({ length: inner }, () => new Float64Array(n));
    const half = Array.from({ length: inner }, () => new Float64Array(n).fill(shape.halfSaturation));
    accounts.forEach((account, i) => {
      const response = fit.accounts[i]!;
      const d = data[i];
      const spill = options.spilloverPerWeek?.[i] ?? 0;
      const profile = d && response.source !== "PRIOR" ? profileOf(d, shape, fit.pooling, o) : null;
      const sums = profile && fit.baseline ? accountSums(d!, shape) : null;
      for (let k = 0; k < inner; k++) {
        let ceiling: number;
        let rho = 1;
        if (profile && sums) {
          rho = logistic(profile.logit + Math.sqrt(profile.logitVariance) * normal());
          const at = levelAt(sums, rho, fit.pooling.noiseVariance);
          ceiling = Math.max(0, at.level + Math.sqrt(Number.isFinite(at.variance) ? at.variance : 0) * normal()) * d!.scale;
        } else if (profile) {
          // No baseline: the account's own half-saturation is drawn, and its ceiling re-fitted there.
          const offset = profile.offset + Math.sqrt(profile.offsetVariance) * normal();
          const at = levelAtOffset(d!, shape, offset, fit.pooling.noiseVariance);
          ceiling = Math.max(0, at.level + Math.sqrt(Number.isFinite(at.variance) ? at.variance : 0) * normal()) * d!.scale;
          half[k]![i] = offsetShape(shape, offset).halfSaturation;
        } else {
          rho =
            response.logitShareVariance > 0
              ? logistic(response.logitShare + Math.sqrt(response.logitShareVariance) * normal())
              : response.responsiveShare;
          ceiling = priorCeiling(account.prior, shape, rho, options.fit) * Math.exp(o.priorLevelLogSpread * normal());
        }
        min[k]![i] = ceiling * (1 - rho) * options.weeks;
        max[k]![i] = (ceiling + spill) * options.weeks;
      }
    });
    for (let k = 0; k < inner; k++) {
      draws.shapes.push(shape);
      draws.min.push(min[k]!);
      draws.max.push(max[k]!);
      draws.halfSaturation.push(half[k]!);
    }
  }
  return draws;
}

/** Lower-triangular L with L L^T = covariance (1 or 2 dimensions, as the shapes have). */
function choleskyOf(covariance: readonly (readonly number[])[]): number[][] {
  const d = covariance.length;
  const L = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = covariance[i]![j]!;
      for (let k = 0; k < j; k++) sum -= L[i]![k]! * L[j]![k]!;
      L[i]![j] = i === j ? Math.sqrt(Math.max(0, sum)) : L[j]![j]! > 0 ? sum / L[j]![j]! : 0;
    }
  }
  return L;
}
