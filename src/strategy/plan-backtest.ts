/**
 * Backtest of the response fit: fit the book on all but its last `holdoutPeriods`
 * quarters, predict each held-out quarter's revenue from the minutes actually spent in
 * it, and compare with what was booked — beside the naive forecast "next quarter books
 * what the last one did". It is the same fit the plan uses (book-plan.ts), so its errors
 * are the plan's.
 *
 * Reported, over the account-quarters held out (accounts fitted from their own history;
 * accounts without enough training quarters are left out because their prior would read
 * today's annual revenue, which includes the held-out quarters):
 *   MAPE          mean of |predicted - actual| / actual over account-quarters that booked
 *                 something (the usual, but undefined at zero and harsh on small accounts)
 *   WAPE          sum |predicted - actual| / sum actual (weighted by revenue: what a sales
 *                 leader's total feels)
 *   calibration   sum predicted / sum actual (1 = unbiased; above 1 = optimistic)
 *   coverage      share of held-out account-quarters inside their central 80 % predictive
 *                 interval (posterior draws of the curve plus the fitted quarter noise) —
 *                 about 0.8 when the stated uncertainty is honest (model only)
 * Cost: one fit and its draws (response-fit.ts) plus O(draws x held-out points).
 */
import { requirePositiveInt } from "../domain/guards.js";
import { ValidationError } from "../domain/errors.js";
import { periodPoints, type ActivityHistory, type HistoryPeriod } from "./history-periods.js";
import type { AccountFacts, IsoDate } from "./inputs.js";
import { createPrng, standardNormal } from "./prng.js";
import { curveOf, fitBookResponse, type BookResponseFit, type ResponseFitOptions } from "./response-fit.js";
import { drawResponseCurves } from "./response-posterior.js";
import { evaluateCurve, responseShare } from "./response-curve.js";
import { bookFromRecords, responseFitAccounts, type BookRecords } from "./book-plan.js";
import { component, formatAmount, formatPercent, type Explained } from "./explained.js";

export const PLAN_BACKTEST_DEFAULTS = {
  holdoutPeriods: 1,
  maxHoldoutPeriods: 8,
  /** Training quarters needed before the held-out ones. */
  minTrainingPeriods: 2,
  predictiveLevel: 0.8,
  draws: 200,
  seed: 1,
};

export interface ForecastErrors {
  predicted: number;
  actual: number;
  /** null when no held-out account-quarter booked anything. */
  mape: number | null;
  wape: number | null;
  calibration: number | null;
}

export interface BacktestRow {
  accountId: string;
  /** Over the held-out quarters. */
  minutes: number;
  predicted: number;
  naive: number;
  actual: number;
  /** Held-out quarters inside the predictive interval. */
  covered: number;
  periods: number;
}

export interface PlanBacktest extends Explained {
  managerId: string;
  asOf: IsoDate;
  holdoutPeriods: number;
  training: HistoryPeriod[];
  heldOut: HistoryPeriod[];
  /** Accounts evaluated and account-quarters held out. */
  accounts: number;
  points: number;
  model: ForecastErrors & { coverage: number | null; predictiveLevel: number };
  naive: ForecastErrors;
  /** Largest absolute model error first. */
  rows: BacktestRow[];
  fit: BookResponseFit;
}

export interface BacktestInput {
  managerId: string;
  asOf: IsoDate;
  accounts: readonly AccountFacts[];
  history: ActivityHistory;
  holdoutPeriods?: number;
  draws?: number;
  seed?: number;
  fit?: ResponseFitOptions;
}

/** The backtest of a book's records, without the fit it made (the work pool's task: the answer crosses threads). */
export function backtestBookRecords(records: BookRecords, holdoutPeriods: number): Omit<PlanBacktest, "fit"> {
  const { accounts, history } = bookFromRecords(records);
  const { fit: _fit, ...backtest } = backtestPlan({ managerId: records.managerId, asOf: records.asOf, accounts, history, holdoutPeriods });
  return backtest;
}

function errorsOf(pairs: readonly { predicted: number; actual: number }[]): ForecastErrors {
  let predicted = 0;
  let actual = 0;
  let absolute = 0;
  let percentSum = 0;
  let percentCount = 0;
  for (const p of pairs) {
    predicted += p.predicted;
    actual += p.actual;
    absolute += Math.abs(p.predicted - p.actual);
    if (p.actual > 0) {
      percentSum += Math.abs(p.predicted - p.actual) / p.actual;
      percentCount++;
    }
  }
  return {
    predicted,
    actual,
    mape: percentCount > 0 ? percentSum / percentCount : null,
    wape: actual > 0 ? absolute / actual : null,
    calibration: actual > 0 ? predicted / actual : null,
  };
}

export function backtestPlan(input: BacktestInput): PlanBacktest {
  const o = PLAN_BACKTEST_DEFAULTS;
  const k = requirePositiveInt(input.holdoutPeriods ?? o.holdoutPeriods, "holdoutPeriods", o.maxHoldoutPeriods);
  const { history, accounts } = input;
  const total = history.periods.length;
  if (total - k < o.minTrainingPeriods) {
    throw new ValidationError(`holding out ${k} of ${total} complete quarters leaves fewer than ${o.minTrainingPeriods} to fit on`, "holdoutPeriods");
  }
  const cut = total - k;
  // Accounts that can learn from their history (book-plan.ts): all but lost customers.
  const customers = accounts.filter((f) => f.account.status !== "CHURNED");
  const fitAccounts = responseFitAccounts(customers, history, input.asOf, cut);
  const fit = fitBookResponse(fitAccounts, input.fit);
  const draws = drawResponseCurves(fit, fitAccounts, {
    weeks: 1,
    draws: input.draws ?? o.draws,
    seed: input.seed ?? o.seed,
    ...(input.fit ? { fit: input.fit } : {}),
  });
  const next = createPrng((input.seed ?? o.seed) ^ 0x5bd1e995);
  const tail = (1 - o.predictiveLevel) / 2;

  const pairs: { predicted: number; actual: number }[] = [];
  const naivePairs: { predicted: number; actual: number }[] = [];
  const rows: BacktestRow[] = [];
  customers.forEach((facts, i) => {
    const response = fit.accounts[i]!;
    if (response.source === "PRIOR") return;
    const training = periodPoints(history, facts.account.id, 0, cut);
    const last = training.at(-1);
    const heldOut = periodPoints(history, facts.account.id, cut, total);
    if (!last || heldOut.length === 0) return;
    const curve = curveOf(response, fit.shape, 1);
    const row: BacktestRow = { accountId: facts.account.id, minutes: 0, predicted: 0, naive: 0, actual: 0, covered: 0, periods: heldOut.length };
    for (const point of heldOut) {
      const predicted = evaluateCurve(curve, point.minutesPerWeek) * point.weeks;
      const naive = last.revenuePerWeek * point.weeks;
      const actual = point.revenuePerWeek * point.weeks;
      pairs.push({ predicted, actual });
      naivePairs.push({ predicted: naive, actual });
      // Predictive draws: a curve from the posterior, times one quarter's noise.
      const noiseSd = fit.noise / Math.sqrt(point.weeks / 13);
      const outcomes = draws.shapes.map((shape, s) => {
        const min = draws.min[s]![i]!;
        const own = { ...shape, halfSaturation: draws.halfSaturation?.[s]?.[i] ?? shape.halfSaturation };
        const value = (min + (draws.max[s]![i]! - min) * responseShare(own, point.minutesPerWeek)) * point.weeks;
        return value * (1 + noiseSd * standardNormal(next));
      });
      outcomes.sort((a, b) => a - b);
      const at = (q: number) => outcomes[Math.round(q * (outcomes.length - 1))]!;
      if (actual >= at(tail) && actual <= at(1 - tail)) row.covered++;
      row.minutes += point.minutesPerWeek * point.weeks;
      row.predicted += predicted;
      row.naive += naive;
      row.actual += actual;
    }
    rows.push(row);
  });
  rows.sort((a, b) => Math.abs(b.predicted - b.actual) - Math.abs(a.predicted - a.actual) || (a.accountId < b.accountId ? -1 : 1));

  const covered = rows.reduce((s, r) => s + r.covered, 0);
  const model = { ...errorsOf(pairs), coverage: pairs.length > 0 ? covered / pairs.length : null, predictiveLevel: o.predictiveLevel };
  const naive = errorsOf(naivePairs);
  const pct = (v: number | null) => (v === null ? "n/a" : formatPercent(v));
  return {
    managerId: input.managerId,
    asOf: input.asOf,
    holdoutPeriods: k,
    training: history.periods.slice(0, cut),
    heldOut: history.periods.slice(cut),
    accounts: rows.length,
    points: pairs.length,
    model,
    naive,
    rows,
    fit,
    value: model.wape ?? 0,
    components: [
      component(
        "modelWape",
        model.wape ?? 0,
        "FRACTION",
        `Fitted curves, predicting each held-out quarter from the minutes actually spent: off by ${pct(model.wape)} of revenue (WAPE), ${pct(model.mape)} per account-quarter (MAPE).`,
      ),
      component(
        "naiveWape",
        naive.wape ?? 0,
        "FRACTION",
        `"Next quarter books what the last did": off by ${pct(naive.wape)} (WAPE), ${pct(naive.mape)} (MAPE).`,
      ),
      component(
        "modelCalibration",
        model.calibration ?? 0,
        "RATIO",
        `Predicted ${formatAmount(model.predicted)} against ${formatAmount(model.actual)} booked: ${model.calibration === null ? "n/a" : model.calibration.toFixed(2)} (1 = unbiased).`,
      ),
      component(
        "coverage",
        model.coverage ?? 0,
        "FRACTION",
        `${pct(model.coverage)} of held-out account-quarters fell inside their ${formatPercent(o.predictiveLevel)} predictive interval (honest intervals cover about ${formatPercent(o.predictiveLevel)}).`,
      ),
    ],
  };
}
