/**
 * Weekly time plan: how a manager should split selling hours across accounts.
 *
 * Each account gets a concave response curve (response-curve.ts). Minutes are handed
 * out in fixed increments (default 15) by greedy marginal return: every next quarter-hour
 * goes to the account whose expected revenue rises most from it. For separable concave
 * curves this greedy is optimal among all allocations in those increments, because each
 * account's marginal gains only decrease, so an exchange argument shows no swap of
 * increments can improve the greedy result (Gross 1956; Ibaraki & Katoh 1988, "Resource
 * allocation problems", ch. 4). The tests check it against brute force on a tiny case.
 *
 * Baselines, on the same weekly capacity:
 *   equal split ("door to door"): the same number of increments for every account,
 *     leftovers one each in account-id order; a feasible allocation, so the plan can never
 *     be worse (property-tested).
 *   current: the manager's own minutes per account over the last 12 weeks, scaled to the
 *     same capacity (how they split time lately, not how much they worked).
 * Cost: O(accounts x (engagements + purchases)) to fit, O((K + n) log n) to allocate with
 * K = capacity / increment (160 increments for 40 hours).
 */
import { requireDate, requirePositiveInt, requirePositiveNumber } from "../domain/guards.js";
import type { AccountFacts, InfluenceNetwork, IsoDate } from "./inputs.js";
import { NODE_STATUS } from "./inputs.js";
import { indexNodes } from "./influence-network.js";
import { measureLoyalty } from "./loyalty-score.js";
import { measureExpansion } from "./expansion-score.js";
import { evaluateCurve, fitResponseCurve, type FittedCurve, type ResponseCurve } from "./response-curve.js";
import type { Tier } from "./tiers.js";
import { dayNumber, isInWindow } from "./dates.js";
import { compareText } from "./percentile.js";
import { component, formatAmount, type Explained } from "./explained.js";
import { siftDown } from "./index-heap.js";

export const TIME_PLAN_DEFAULTS = {
  incrementMinutes: 15,
  currentWindowWeeks: 12,
  defaultTier: "MAINTAIN" as Tier,
  maxHoursPerWeek: 168,
  maxHorizonWeeks: 52,
};

export interface PlanInput {
  managerId: string;
  /** The manager's accounts. */
  accounts: readonly AccountFacts[];
  hoursPerWeek: number;
  horizonWeeks: number;
  asOf: IsoDate;
  /** Tier per account id from rankAccounts (with the query's weights); missing -> MAINTAIN. */
  tiers?: ReadonlyMap<string, Tier>;
  /** For the spill-over bonus of accounts whose neighbours are prospects. */
  network?: InfluenceNetwork;
  networkIndex?: ReadonlyMap<string, number>;
  incrementMinutes?: number;
  currentWindowWeeks?: number;
}

export interface PlannedAccount {
  accountId: string;
  tier: Tier;
  minutes: number;
  expectedRevenue: number;
  /** What the next increment would earn per minute, at the planned allocation. */
  marginalRevenuePerMinute: number;
  equalSplitMinutes: number;
  currentMinutes: number;
  curve: FittedCurve;
}

export interface AllocationTotals {
  minutes: number;
  expectedRevenue: number;
}

export interface TimePlan extends Explained {
  managerId: string;
  asOf: IsoDate;
  hoursPerWeek: number;
  horizonWeeks: number;
  incrementMinutes: number;
  /** Highest planned minutes first. */
  accounts: PlannedAccount[];
  totals: AllocationTotals;
  baselines: {
    equalSplit: AllocationTotals;
    current: AllocationTotals & { observedMinutesPerWeek: number };
  };
}

/**
 * Greedy marginal allocation of `capacityMinutes` in `increment` steps over concave
 * curves. Stops early when no increment adds revenue. Ties go to the lower index.
 */
export function allocateGreedy(curves: readonly ResponseCurve[], capacityMinutes: number, increment: number): Float64Array {
  const n = curves.length;
  const minutes = new Float64Array(n);
  if (n === 0) return minutes;
  const gains = new Float64Array(n);
  const heap: number[] = [];
  const before = (a: number, b: number) => gains[a]! > gains[b]! || (gains[a] === gains[b] && a < b);
  const siftDownFrom = (start: number) => siftDown(heap, start, before);
  for (let i = 0; i < n; i++) {
    gains[i] = evaluateCurve(curves[i]!, increment) - evaluateCurve(curves[i]!, 0);
    heap.push(i);
  }
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDownFrom(i);

  let steps = Math.floor(capacityMinutes / increment + 1e-9);
  while (steps-- > 0) {
    const top = heap[0]!;
    if (!(gains[top]! > 0)) break;
    const x = (minutes[top] = minutes[top]! + increment);
    gains[top] = evaluateCurve(curves[top]!, x + increment) - evaluateCurve(curves[top]!, x);
    siftDownFrom(0);
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

/** Sum over out-links to prospects of probability x the prospect's potential. */
function prospectNeighbourPotential(network: InfluenceNetwork, node: number | undefined): number {
  if (node === undefined) return 0;
  let sum = 0;
  for (let e = network.offsets[node]!; e < network.offsets[node + 1]!; e++) {
    const v = network.targets[e]!;
    if (network.status[v] === NODE_STATUS.PROSPECT) sum += network.probabilities[e]! * network.potential[v]!;
  }
  return sum;
}

export function planWeeklyTime(input: PlanInput): TimePlan {
  const hoursPerWeek = requirePositiveNumber(input.hoursPerWeek, "hours", TIME_PLAN_DEFAULTS.maxHoursPerWeek);
  const horizonWeeks = requirePositiveInt(input.horizonWeeks, "horizon", TIME_PLAN_DEFAULTS.maxHorizonWeeks);
  const increment = requirePositiveInt(input.incrementMinutes ?? TIME_PLAN_DEFAULTS.incrementMinutes, "incrementMinutes", 240);
  const windowWeeks = requirePositiveInt(input.currentWindowWeeks ?? TIME_PLAN_DEFAULTS.currentWindowWeeks, "currentWindowWeeks", 104);
  const asOf = requireDate(input.asOf, "asOf");
  const { managerId, accounts } = input;
  const capacity = hoursPerWeek * 60;
  const network = input.network;
  const index = network ? (input.networkIndex ?? indexNodes(network)) : undefined;

  const tiers: Tier[] = [];
  const curves: FittedCurve[] = accounts.map((facts) => {
    const tier = input.tiers?.get(facts.account.id) ?? TIME_PLAN_DEFAULTS.defaultTier;
    tiers.push(tier);
    return fitResponseCurve(facts, {
      asOf,
      horizonWeeks,
      tier,
      risk: measureLoyalty(facts, asOf).risk,
      whitespaceValue: measureExpansion(facts, asOf).value,
      prospectNeighbourPotential: network ? prospectNeighbourPotential(network, index!.get(facts.account.id)) : 0,
    });
  });
  const raw = curves.map((f) => f.curve);
  const n = accounts.length;

  const planned = allocateGreedy(raw, capacity, increment);
  const idOrder = Array.from({ length: n }, (_, i) => i).sort((a, b) => compareText(accounts[a]!.account.id, accounts[b]!.account.id));
  const equal = splitEqually(n, capacity, increment, idOrder);

  const today = dayNumber(asOf);
  const observed = accounts.map((facts) => {
    let minutes = 0;
    for (const e of facts.engagements) {
      if (e.managerId === managerId && isInWindow(e.date, today, 7 * windowWeeks)) minutes += e.minutes;
    }
    return minutes / windowWeeks;
  });
  const observedTotal = observed.reduce((a, b) => a + b, 0);
  const current = observed.map((m) => (observedTotal > 0 ? (m * capacity) / observedTotal : 0));

  const total = (alloc: ArrayLike<number>): AllocationTotals => {
    let minutes = 0;
    let expectedRevenue = 0;
    for (let i = 0; i < n; i++) {
      minutes += alloc[i]!;
      expectedRevenue += evaluateCurve(raw[i]!, alloc[i]!);
    }
    return { minutes, expectedRevenue };
  };

  const rows: PlannedAccount[] = accounts.map((facts, i) => {
    const x = planned[i]!;
    const curve = raw[i]!;
    return {
      accountId: facts.account.id,
      tier: tiers[i]!,
      minutes: x,
      expectedRevenue: evaluateCurve(curve, x),
      marginalRevenuePerMinute: (evaluateCurve(curve, x + increment) - evaluateCurve(curve, x)) / increment,
      equalSplitMinutes: equal[i]!,
      currentMinutes: current[i]!,
      curve: curves[i]!,
    };
  });
  rows.sort((a, b) => b.minutes - a.minutes || b.expectedRevenue - a.expectedRevenue || compareText(a.accountId, b.accountId));

  const totals = total(planned);
  const equalSplit = total(equal);
  const currentTotals = { ...total(current), observedMinutesPerWeek: observedTotal };
  return {
    managerId,
    asOf,
    hoursPerWeek,
    horizonWeeks,
    incrementMinutes: increment,
    accounts: rows,
    totals,
    baselines: { equalSplit, current: currentTotals },
    value: totals.expectedRevenue,
    components: [
      component("planExpectedRevenue", totals.expectedRevenue, "CURRENCY", `Expected revenue over ${horizonWeeks} weeks with this plan: ${formatAmount(totals.expectedRevenue)}.`),
      component("equalSplitExpectedRevenue", equalSplit.expectedRevenue, "CURRENCY", `Same hours split equally across ${n} accounts (door to door): ${formatAmount(equalSplit.expectedRevenue)}.`),
      component("currentExpectedRevenue", currentTotals.expectedRevenue, "CURRENCY", `Same hours split the way you split them over the last ${windowWeeks} weeks (${observedTotal.toFixed(0)} min/week observed): ${formatAmount(currentTotals.expectedRevenue)}.`),
      component("upliftVersusEqualSplit", totals.expectedRevenue - equalSplit.expectedRevenue, "CURRENCY", `The plan earns ${formatAmount(totals.expectedRevenue - equalSplit.expectedRevenue)} more than an equal split.`),
    ],
  };
}
