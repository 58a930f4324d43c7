/**
 * Curves drawn from the posterior of a book's response fit (response-fit.ts), so every
 * expected revenue the plan reports comes with an interval.
 *
 * Method: Laplace approximation, drawn in the fit's own hierarchy. Each draw takes the
 * shape from a normal around the fitted log-parameters with the profile's inverse
 * curvature as covariance; then, for each account with history, re-finds its posterior
 * mode of logit(rho) under that shape, draws logit(rho) from the normal with the local
 * curvature, and takes the least-squares ceiling at that rho plus its sampling error.
 * Re-fitting the accounts under each drawn shape keeps what the history pins down (the
 * revenue at the minutes actually spent) tight, and lets what it cannot (the revenue at
 * minutes never tried) spread. Accounts without history draw their share from their
 * segment's distribution and their ceiling with `priorLevelLogSpread`.
 * Not included: the choice of family (taken as given) and the noise of a single quarter
 * (the interval is for the expected revenue, not for what one quarter will book).
 * Cost: O(draws x (observations + accounts x 60)).
 */
import { createPrng, standardNormal } from "./prng.js";
import {
  RESPONSE_FIT_DEFAULTS,
  accountSums,
  fitDataOfAccounts,
  levelAt,
  priorCeiling,
  profileAccount,
  shapeOfParameters,
  type BookResponseFit,
  type ResponseFitAccount,
  type ResponseFitOptions,
} from "./response-fit.js";
import type { CurveDraws } from "./time-plan.js";

export const RESPONSE_POSTERIOR_DEFAULTS = {
  draws: 200,
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
  const draws: CurveDraws = { shapes: [], min: [], max: [] };

  for (let s = 0; s < count; s++) {
    const z = fit.shapeParameters.map(() => normal());
    const parameters = fit.shapeParameters.map((p, i) => p + cholesky[i]!.reduce((sum, l, j) => sum + l * z[j]!, 0));
    const shape = shapeOfParameters(fit.shape.family, parameters, fit.baseline, options.fit);
    const min = new Float64Array(n);
    const max = new Float64Array(n);
    accounts.forEach((account, i) => {
      const response = fit.accounts[i]!;
      const d = data[i];
      let ceiling: number;
      let rho: number;
      if (d && response.source !== "PRIOR") {
        const profile = profileAccount(d, shape, fit.pooling, o.logitBound);
        rho = fit.baseline ? logistic(profile.logit + Math.sqrt(profile.logitVariance) * normal()) : 1;
        const at = levelAt(accountSums(d, shape), rho, fit.pooling.noiseVariance);
        ceiling = Math.max(0, at.level + Math.sqrt(Number.isFinite(at.variance) ? at.variance : 0) * normal()) * d.scale;
      } else {
        rho = response.logitShareVariance > 0 ? logistic(response.logitShare + Math.sqrt(response.logitShareVariance) * normal()) : response.responsiveShare;
        ceiling = priorCeiling(account.prior, shape, rho, options.fit) * Math.exp(o.priorLevelLogSpread * normal());
      }
      const spill = options.spilloverPerWeek?.[i] ?? 0;
      min[i] = ceiling * (1 - rho) * options.weeks;
      max[i] = (ceiling + spill) * options.weeks;
    });
    draws.shapes.push(shape);
    draws.min.push(min);
    draws.max.push(max);
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
