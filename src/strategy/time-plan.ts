/**
 * Weekly time plan: how a manager should split selling hours across accounts.
 *
 * Each account comes with a response curve fitted from the book's history
 * (response-fit.ts, book-plan.ts). Minutes are handed out in fixed increments (default
 * 15) by greedy marginal return: every next quarter-hour goes to the account whose
 * expected revenue rises most from it. For separable concave curves this greedy is
 * optimal among all allocations in those increments, because each account's marginal
 * gains only decrease, so an exchange argument shows no swap of increments can improve
 * the greedy result (Gross 1956; Ibaraki & Katoh 1988, "Resource allocation problems",
 * ch. 4). The tests check it against brute force on a tiny case.
 * S-shaped curves (ADBUDG with c > 1) have increasing returns at first, where one
 * increment at a time would never start an account, and no greedy is exact. There the
 * allocation is the exact dynamic programme over increments (the knapsack-style
 * recursion of Ibaraki & Katoh ch. 3: best(i, b) = max over k of r_i(k) + best(i-1, b-k)),
 * O(n K^2); past `maxExactWork` it falls back to a greedy that funds the steepest chord
 * from each account's current minutes (the next segment of its upper concave hull)
 * within the minutes left, and never returns less than the equal split.
 *
 * Baselines, on the same weekly capacity:
 *   equal split ("door to door"): the same number of increments for every account,
 *     leftovers one each in account-id order; a feasible allocation, so the plan can never
 *     be worse (property-tested).
 *   current: the manager's own minutes per account in the latest quarter they logged time
 *     (history-periods.ts latestHabits), scaled to the same capacity (how they split time
 *     lately, not how much they worked).
 * Uncertainty: the caller may hand in curves drawn from the fit's posterior
 * (response-posterior.ts); every allocation's expected revenue then comes with the
 * central `intervalLevel` interval of those draws.
 * Cost: O((K + n) log n) to allocate concave curves, K = capacity / increment (160
 * increments for 40 hours); O(n K^2) when some curve is S-shaped (1.7 x 10^6 steps for
 * 120 accounts at 30 hours); O(draws x n) per interval.
 */
import { requirePositiveInt, requirePositiveNumber } from "../domain/guards.js";
import type { IsoDate } from "./inputs.js";
import { evaluateCurve, isConcave, responseShare, type CurveSource, type ResponseCurve, type ResponseShape } from "./response-curve.js";
import type { Tier } from "./tiers.js";
import { compareText } from "./percentile.js";
import { component, formatAmount, formatPercent, type Explained, type ScoreComponent } from "./explained.js";
import { siftDown } from "./index-heap.js";

export const TIME_PLAN_DEFAULTS = {
  incrementMinutes: 15,
  maxHoursPerWeek: 168,
  maxHorizonWeeks: 52,
  /** Central share of the posterior draws an interval covers. */
  intervalLevel: 0.9,
  /** An account is planned from weak evidence when its interval is wider than this share of its expected revenue. */
  weakEvidenceWidth: 0.5,
  /** Largest n x K^2 solved exactly when a curve is not concave (~0.1 s). */
  maxExactWork: 30_000_000,
};

/** Curves drawn from the fit's posterior: one shape per draw, per account its min, max and half-saturation. */
export interface CurveDraws {
  shapes: ResponseShape[];
  min: Float64Array[];
  max: Float64Array[];
  /** Per draw, each account's own half-saturation (absent: the draw's shape's). */
  halfSaturation?: Float64Array[];
}

export interface PlanAccount {
  accountId: string;
  tier: Tier;
  /** Fitted curve over the horizon. */
  curve: ResponseCurve;
  source: CurveSource;
  /** The manager's own minutes per week lately (unscaled). */
  observedMinutesPerWeek: number;
  /** The curve's anchors with why (book-plan.ts). */
  components: ScoreComponent[];
}

export interface PlanInput {
  managerId: string;
  accounts: readonly PlanAccount[];
  hoursPerWeek: number;
  horizonWeeks: number;
  asOf: IsoDate;
  draws?: CurveDraws;
  incrementMinutes?: number;
  intervalLevel?: number;
  /** What "current" habits were measured over, for the explanation. */
  habitsPeriod?: string;
}

export interface Interval {
  low: number;
  high: number;
}

export interface PlannedAccount {
  accountId: string;
  tier: Tier;
  minutes: number;
  expectedRevenue: number;
  /** Interval of the expected revenue at these minutes (the point value when no draws were given). */
  interval: Interval;
  /** What the next increment would earn per minute, at the planned allocation. */
  marginalRevenuePerMinute: number;
  equalSplitMinutes: number;
  currentMinutes: number;
  curve: ResponseCurve;
  source: CurveSource;
  /** Planned from a prior or with an interval wider than `weakEvidenceWidth` of its value. */
  weakEvidence: boolean;
  components: ScoreComponent[];
}

export interface AllocationTotals {
  minutes: number;
  expectedRevenue: number;
  interval: Interval;
}

export interface TimePlan extends Explained {
  managerId: string;
  asOf: IsoDate;
  hoursPerWeek: number;
  horizonWeeks: number;
  incrementMinutes: number;
  intervalLevel: number;
  /** Highest planned minutes first. */
  accounts: PlannedAccount[];
  totals: AllocationTotals;
  baselines: {
    equalSplit: AllocationTotals;
    current: AllocationTotals & { observedMinutesPerWeek: number };
  };
  weakEvidenceAccounts: number;
}

/**
 * The best allocation of `capacityMinutes` in `increment` steps: greedy when every curve
 * is concave (exact), the exact dynamic programme when one is not and the work fits
 * `maxExactWork`, otherwise the chord greedy.
 */
export function allocateMinutes(curves: readonly ResponseCurve[], capacityMinutes: number, increment: number): Float64Array {
  const steps = Math.floor(capacityMinutes / increment + 1e-9);
  if (curves.every((c) => isConcave(c.shape))) return allocateGreedy(curves, capacityMinutes, increment);
  if (curves.length * (steps + 1) ** 2 <= TIME_PLAN_DEFAULTS.maxExactWork) return allocateExactly(curves, steps, increment);
  return allocateGreedy(curves, capacityMinutes, increment);
}

/**
 * Exact best allocation of at most `steps` increments by dynamic programming over
 * accounts. Ties give fewer increments to the later account (deterministic).
 */
export function allocateExactly(curves: readonly ResponseCurve[], steps: number, increment: number): Float64Array {
  const n = curves.length;
  const minutes = new Float64Array(n);
  if (n === 0) return minutes;
  const width = steps + 1;
  const choice = new Int32Array(n * width);
  let best = new Float64Array(width);
  const value = new Float64Array(width);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k <= steps; k++) value[k] = evaluateCurve(curves[i]!, k * increment);
    const next = new Float64Array(width);
    for (let budget = 0; budget <= steps; budget++) {
      let top = -Infinity;
      let pick = 0;
      for (let k = 0; k <= budget; k++) {
        const v = best[budget - k]! + value[k]!;
        if (k === 0 || v > top + 1e-12 * Math.abs(top)) [top, pick] = [v, k];
      }
      next[budget] = top;
      choice[i * width + budget] = pick;
    }
    best = next;
  }
  // best(n, steps) may leave increments unspent where no curve gains from them.
  let budget = steps;
  for (let i = n - 1; i >= 0; i--) {
    const k = choice[i * width + budget]!;
    minutes[i] = k * increment;
    budget -= k;
  }
  return minutes;
}

/**
 * Greedy marginal allocation of `capacityMinutes` in `increment` steps. Concave curves:
 * one increment at a time to the best marginal gain (exact). Other curves: the steepest
 * chord from the account's current minutes that still fits, funded whole. Stops when no
 * step adds revenue. Ties go to the lower index.
 */
export function allocateGreedy(curves: readonly ResponseCurve[], capacityMinutes: number, increment: number): Float64Array {
  const n = curves.length;
  const minutes = new Float64Array(n);
  if (n === 0) return minutes;
  let left = Math.floor(capacityMinutes / increment + 1e-9);
  const slope = new Float64Array(n);
  const length = new Int32Array(n);
  const concave = curves.map((c) => isConcave(c.shape));
  /** Best gain per increment from account i's current minutes, within `limit` increments. */
  const chord = (i: number, limit: number) => {
    const curve = curves[i]!;
    const x = minutes[i]!;
    const at = evaluateCurve(curve, x);
    let bestSlope = evaluateCurve(curve, x + increment) - at;
    let bestLength = 1;
    if (!concave[i]) {
      for (let k = 2; k <= limit; k++) {
        const s = (evaluateCurve(curve, x + k * increment) - at) / k;
        if (s > bestSlope) [bestSlope, bestLength] = [s, k];
      }
    }
    slope[i] = bestSlope;
    length[i] = bestLength;
  };
  const heap: number[] = [];
  const before = (a: number, b: number) => slope[a]! > slope[b]! || (slope[a] === slope[b] && a < b);
  for (let i = 0; i < n; i++) {
    chord(i, left);
    heap.push(i);
  }
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i, before);

  while (left > 0) {
    const top = heap[0]!;
    if (!(slope[top]! > 0)) break;
    if (length[top]! > left) {
      // Funds have shrunk since this chord was measured: measure it again within them.
      chord(top, left);
      siftDown(heap, 0, before);
      continue;
    }
    minutes[top] = minutes[top]! + length[top]! * increment;
    left -= length[top]!;
    chord(top, left);
    siftDown(heap, 0, before);
  }
  return minutes;
}

/** Equal split in whole increments; leftovers one each to the first accounts in `order`. */
export function splitEqually(n: number, capacityMinutes: number, increment: number, order: readonly number[]): Float64Array {
  const minutes = new Float64Array(n);
  if (n === 0) return minutes;
  const steps = Math.floor(capacityMinutes / increment + 1e-9);
  const each = Math.floor(steps / n);
  minutes.fill(each * increment);
  for (let k = 0; k < steps - each * n; k++) minutes[order[k]!]! += increment;
  return minutes;
}

/** Expected revenue of an allocation under each posterior draw, and its central interval. */
function intervalOf(draws: CurveDraws | undefined, allocation: ArrayLike<number>, level: number, point: number, only?: number): Interval {
  if (!draws || draws.shapes.length === 0) return { low: point, high: point };
  const totals = draws.shapes.map((shape, s) => {
    const min = draws.min[s]!;
    const max = draws.max[s]!;
    const half = draws.halfSaturation?.[s];
    const own = { ...shape };
    let sum = 0;
    const from = only ?? 0;
    const to = only === undefined ? min.length : only + 1;
    for (let i = from; i < to; i++) {
      own.halfSaturation = half ? half[i]! : shape.halfSaturation;
      sum += min[i]! + (max[i]! - min[i]!) * responseShare(own, allocation[i]!);
    }
    return sum;
  });
  totals.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  const pick = (q: number) => totals[Math.min(totals.length - 1, Math.max(0, Math.round(q * (totals.length - 1))))]!;
  // The fitted (mode) value stays inside its own interval even when the draws are skewed.
  return { low: Math.min(point, pick(tail)), high: Math.max(point, pick(1 - tail)) };
}

/**
 * The whole planning steps `hoursPerWeek` holds. A budget under one step plans nothing
 * (every account 0 minutes, the baselines too): a caller for whom that is a mistake (a
 * plan asked for, rather than a portfolio that shows one) refuses it, naming its own input.
 */
export function planningSteps(hoursPerWeek: number, incrementMinutes: number = TIME_PLAN_DEFAULTS.incrementMinutes): number {
  // The allocators' rounding (allocateMinutes, splitEqually), so all agree on the step count.
  return Math.floor((hoursPerWeek * 60) / incrementMinutes + 1e-9);
}

export function planWeeklyTime(input: PlanInput): TimePlan {
  // Fields named as PlanInput names them: the caller knows which of its own inputs they came from.
  const hoursPerWeek = requirePositiveNumber(input.hoursPerWeek, "hoursPerWeek", TIME_PLAN_DEFAULTS.maxHoursPerWeek);
  const horizonWeeks = requirePositiveInt(input.horizonWeeks, "horizonWeeks", TIME_PLAN_DEFAULTS.maxHorizonWeeks);
  const increment = requirePositiveInt(input.incrementMinutes ?? TIME_PLAN_DEFAULTS.incrementMinutes, "incrementMinutes", 240);
  const level = input.intervalLevel ?? TIME_PLAN_DEFAULTS.intervalLevel;
  const { managerId, accounts, draws } = input;
  const capacity = hoursPerWeek * 60;
  // The whole steps the plan and the equal split hand out; current habits are scaled to the same.
  // Under one step that is none: every allocation is 0 minutes (see planningSteps).
  const budget = planningSteps(hoursPerWeek, increment) * increment;
  const n = accounts.length;
  const curves = accounts.map((a) => a.curve);

  const idOrder = Array.from({ length: n }, (_, i) => i).sort((a, b) => compareText(accounts[a]!.accountId, accounts[b]!.accountId));
  const equal = splitEqually(n, capacity, increment, idOrder);
  const allocated = allocateMinutes(curves, capacity, increment);
  const worth = (alloc: ArrayLike<number>) => curves.reduce((sum, c, i) => sum + evaluateCurve(c, alloc[i]!), 0);
  // Only the chord greedy on very large non-concave books can fall below the equal split.
  const planned = worth(allocated) >= worth(equal) ? allocated : equal;
  const observedTotal = accounts.reduce((sum, a) => sum + a.observedMinutesPerWeek, 0);
  const current = accounts.map((a) => (observedTotal > 0 ? (a.observedMinutesPerWeek * budget) / observedTotal : 0));

  const total = (alloc: ArrayLike<number>): AllocationTotals => {
    let minutes = 0;
    let expectedRevenue = 0;
    for (let i = 0; i < n; i++) {
      minutes += alloc[i]!;
      expectedRevenue += evaluateCurve(curves[i]!, alloc[i]!);
    }
    return { minutes, expectedRevenue, interval: intervalOf(draws, alloc, level, expectedRevenue) };
  };

  const rows: PlannedAccount[] = accounts.map((account, i) => {
    const x = planned[i]!;
    const curve = curves[i]!;
    const expectedRevenue = evaluateCurve(curve, x);
    const interval = intervalOf(draws, planned, level, expectedRevenue, i);
    const width = interval.high - interval.low;
    return {
      accountId: account.accountId,
      tier: account.tier,
      minutes: x,
      expectedRevenue,
      interval,
      marginalRevenuePerMinute: (evaluateCurve(curve, x + increment) - expectedRevenue) / increment,
      equalSplitMinutes: equal[i]!,
      currentMinutes: current[i]!,
      curve,
      source: account.source,
      weakEvidence: account.source === "PRIOR" || width > TIME_PLAN_DEFAULTS.weakEvidenceWidth * Math.max(expectedRevenue, 1e-9),
      components: account.components,
    };
  });
  rows.sort((a, b) => b.minutes - a.minutes || b.expectedRevenue - a.expectedRevenue || compareText(a.accountId, b.accountId));

  const totals = total(planned);
  const equalSplit = total(equal);
  const currentTotals = { ...total(current), observedMinutesPerWeek: observedTotal };
  const weakEvidenceAccounts = rows.filter((r) => r.weakEvidence).length;
  const range = (t: AllocationTotals) => `${formatAmount(t.interval.low)}–${formatAmount(t.interval.high)}`;
  const percent = formatPercent(level);
  return {
    managerId,
    asOf: input.asOf,
    hoursPerWeek,
    horizonWeeks,
    incrementMinutes: increment,
    intervalLevel: level,
    accounts: rows,
    totals,
    baselines: { equalSplit, current: currentTotals },
    weakEvidenceAccounts,
    value: totals.expectedRevenue,
    components: [
      component(
        "planExpectedRevenue",
        totals.expectedRevenue,
        "CURRENCY",
        `Expected revenue over ${horizonWeeks} weeks with this plan: ${formatAmount(totals.expectedRevenue)} (${percent} interval ${range(totals)}).`,
      ),
      component(
        "equalSplitExpectedRevenue",
        equalSplit.expectedRevenue,
        "CURRENCY",
        `Same hours split equally across ${n} accounts (door to door): ${formatAmount(equalSplit.expectedRevenue)} (${range(equalSplit)}).`,
      ),
      component(
        "currentExpectedRevenue",
        currentTotals.expectedRevenue,
        "CURRENCY",
        `Same hours split the way you split them ${input.habitsPeriod ? `in ${input.habitsPeriod}` : "lately"} (${observedTotal.toFixed(0)} min/week observed): ${formatAmount(currentTotals.expectedRevenue)} (${range(currentTotals)}).`,
      ),
      component(
        "upliftVersusEqualSplit",
        totals.expectedRevenue - equalSplit.expectedRevenue,
        "CURRENCY",
        `The plan earns ${formatAmount(totals.expectedRevenue - equalSplit.expectedRevenue)} more than an equal split.`,
      ),
      component(
        "weakEvidenceAccounts",
        weakEvidenceAccounts,
        "COUNT",
        `${weakEvidenceAccounts} of ${n} accounts are planned from weak evidence (no history of their own, or an interval wider than ${formatPercent(TIME_PLAN_DEFAULTS.weakEvidenceWidth)} of their expected revenue).`,
      ),
    ],
  };
}
