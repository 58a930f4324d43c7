/**
 * Synthetic books with KNOWN response curves, to score the time plan against the truth
 * (issue 11): a manager, N customer accounts, and a quarterly history of minutes and
 * bookings generated from each account's true curve with noise. The plan never sees the
 * truth; tests and bench/plan-bench.ts load the dataset through the API, ask planTime,
 * and compare its allocation and its predictions with what the true curves say.
 *
 * Families (the truth's shape, drawn per account around a book-wide centre):
 *   EXPONENTIAL     r(x) = min + lift (1 - 2^(-x / h))                 concave
 *   ADBUDG          r(x) = min + lift x^c / (h^c + x^c), c in 0.6..1   concave
 *   ADBUDG_S        the same with c in 1.8..3                          S-shaped
 * with a retained baseline (min = (1 - rho) M, rho ~ 0.2..0.8 by segment) or without
 * (min = 0: every unit of revenue needs attention). Each account's half-saturation h
 * varies around the book's (log-sd 0.25), so the fit's "one shape per book" is only
 * approximately true, as in life (`halfSaturationSpread`; `halfSaturationSizeElasticity`
 * makes bigger accounts need more time).
 *
 * History: `quarters` complete calendar quarters before asOf's quarter, plus the partial
 * current quarter up to asOf (which the fit must ignore). The manager's habit gives each
 * account a share of `hoursPerWeek` that follows size only loosely (by default log-sd 0.7
 * around size^0.4: `habitSpread`, `habitSizeElasticity`), and every quarter the minutes
 * wander around the habit (log-sd `minutesNoise`). A quarter's bookings are weeks x r(x) x a log-normal factor with mean
 * 1 and log-sd `revenueNoise`. Minutes are logged as 1–5 engagements, bookings as 1–3
 * purchases, on random days of the quarter.
 */
import type { IsoDate } from "../../src/domain/model.js";
import type { Dataset } from "../../src/ports/account-graph-store.js";
import { evaluateCurve, type ResponseCurve, type ResponseFamily } from "../../src/strategy/response-curve.js";
import { buildActivityHistory, type ActivityHistory } from "../../src/strategy/history-periods.js";
import type { AccountFacts } from "../../src/strategy/inputs.js";
import { addDays, fromEpochDay, toEpochDay } from "../../seeds/iso-dates.js";
import { createRandom } from "../../seeds/random.js";

export const TRUTH_FAMILIES = ["EXPONENTIAL", "ADBUDG", "ADBUDG_S"] as const;
export type TruthFamily = (typeof TRUTH_FAMILIES)[number];

export interface SyntheticBookOptions {
  seed: number;
  family: TruthFamily;
  /** Retained baseline revenue (min > 0) or none. */
  baseline: boolean;
  accounts?: number;
  quarters?: number;
  /** Log-sd of a quarter's bookings around the true curve. */
  revenueNoise?: number;
  /** Log-sd of a quarter's minutes around the manager's habit. */
  minutesNoise?: number;
  hoursPerWeek?: number;
  asOf?: IsoDate;
  managerId?: string;
  /** The manager's habit follows size^this (0: blind to size, 1: proportional)... */
  habitSizeElasticity?: number;
  /** ...with this log-sd around it. */
  habitSpread?: number;
  /** Log-sd of accounts' half-saturations around the book's... */
  halfSaturationSpread?: number;
  /** ...which grow with size^this (0: unrelated to size). */
  halfSaturationSizeElasticity?: number;
}

export interface SyntheticBook {
  options: Required<SyntheticBookOptions>;
  dataset: Dataset;
  /** True revenue per week at x minutes per week. */
  truths: Map<string, ResponseCurve>;
}

const SEGMENTS = [
  { segment: "SMALL_BUSINESS", weight: 0.4, ceiling: 400, rho: 0.6 },
  { segment: "MID_MARKET", weight: 0.4, ceiling: 2_500, rho: 0.45 },
  { segment: "ENTERPRISE", weight: 0.2, ceiling: 12_000, rho: 0.3 },
] as const;

function quarterStartDay(year: number, quarter: number): number {
  const y = year + Math.floor(quarter / 4);
  const q = ((quarter % 4) + 4) % 4;
  return toEpochDay(`${y}-${String(q * 3 + 1).padStart(2, "0")}-01`);
}

export function syntheticBook(options: SyntheticBookOptions): SyntheticBook {
  const o: Required<SyntheticBookOptions> = {
    accounts: 120,
    quarters: 6,
    revenueNoise: 0.15,
    minutesNoise: 0.35,
    hoursPerWeek: 30,
    asOf: "2026-11-15",
    managerId: "mgr_synthetic",
    habitSizeElasticity: 0.4,
    habitSpread: 0.7,
    halfSaturationSpread: 0.25,
    halfSaturationSizeElasticity: 0,
    ...options,
  };
  const random = createRandom(o.seed * 7919 + TRUTH_FAMILIES.indexOf(o.family) * 31 + (o.baseline ? 1 : 0));
  const family: ResponseFamily = o.family === "EXPONENTIAL" ? "EXPONENTIAL" : "ADBUDG";
  const bookHalf = 20 + random.next() * 40;
  const bookSteepness = o.family === "ADBUDG_S" ? 1.8 + random.next() * 1.2 : 0.6 + random.next() * 0.4;

  const truths = new Map<string, ResponseCurve>();
  const dataset: Dataset = {
    managers: [
      {
        id: o.managerId,
        name: `Synthetic ${o.managerId}`,
        email: `${o.managerId.replace(/[^a-z0-9]/gi, "")}@example.com`,
        weeklyCapacityHours: o.hoursPerWeek,
      },
    ],
    accounts: [],
    communities: [],
    memberships: [],
    influences: [],
    referrals: [],
    engagements: [],
    purchases: [],
  };
  const habit: number[] = [];
  for (let i = 0; i < o.accounts; i++) {
    const s = SEGMENTS[random.weighted(SEGMENTS.map((x) => x.weight))]!;
    const id = `${o.managerId}_acc_${String(i + 1).padStart(3, "0")}`;
    const ceiling = random.logNormal(s.ceiling, 0.5);
    const rho = o.baseline ? 1 / (1 + Math.exp(-(Math.log(s.rho / (1 - s.rho)) + 0.5 * random.normal()))) : 1;
    const halfSaturation = bookHalf * (ceiling / s.ceiling) ** o.halfSaturationSizeElasticity * Math.exp(o.halfSaturationSpread * random.normal());
    const steepness = family === "ADBUDG" ? Math.max(0.4, bookSteepness * Math.exp(0.1 * random.normal())) : 1;
    truths.set(id, { min: ceiling * (1 - rho), max: ceiling, shape: { family, halfSaturation, steepness } });
    habit.push(ceiling ** o.habitSizeElasticity * Math.exp(o.habitSpread * random.normal()));
    dataset.accounts.push({
      id,
      name: `Synthetic ${i + 1}`,
      segment: s.segment,
      ownerId: o.managerId,
      status: "CUSTOMER",
      annualRevenue: 0,
      grossMargin: 0.5,
      licencesHeld: 0,
      licencesPlanned: 0,
      licencePrice: 0,
      customerSince: addDays(o.asOf, -6 * 365),
      discountPurchases: 0,
      supplierSwitches: 0,
    });
  }
  const habitTotal = habit.reduce((a, b) => a + b, 0);
  const capacity = o.hoursPerWeek * 60;

  const asOfDay = toEpochDay(o.asOf);
  const year = Number(o.asOf.slice(0, 4));
  const currentQuarter = Math.floor((Number(o.asOf.slice(5, 7)) - 1) / 3);
  let engagementId = 0;
  let purchaseId = 0;
  const trailingYearFrom = asOfDay - 365;
  const trailing = new Map<string, number>();
  // The complete quarters, then the partial current one (cut at asOf).
  for (let q = currentQuarter - o.quarters; q <= currentQuarter; q++) {
    const start = quarterStartDay(year, q);
    const end = Math.min(quarterStartDay(year, q + 1) - 1, asOfDay);
    const weeks = (end - start + 1) / 7;
    dataset.accounts.forEach((account, i) => {
      const planned = (habit[i]! / habitTotal) * capacity * Math.exp(o.minutesNoise * random.normal());
      const total = Math.round(planned * weeks);
      // 1–5 calls (more when a call would pass the 1,440 minutes one engagement may log).
      const parts = total === 0 ? 0 : Math.max(Math.ceil(total / 1440), random.int(1, Math.min(5, total)));
      let logged = 0;
      for (let k = 0; k < parts; k++) {
        const minutes = k === parts - 1 ? total - logged : Math.max(1, Math.floor((total - logged) / (parts - k)));
        if (minutes <= 0) continue;
        logged += minutes;
        dataset.engagements.push({
          id: `${o.managerId}_eng_${++engagementId}`,
          accountId: account.id,
          managerId: o.managerId,
          minutes,
          date: fromEpochDay(random.int(start, end)),
          kind: "MEETING",
        });
      }
      const truth = truths.get(account.id)!;
      const factor = Math.exp(o.revenueNoise * random.normal() - o.revenueNoise ** 2 / 2);
      const revenue = weeks * evaluateCurve(truth, logged / weeks) * factor;
      const orders = random.int(1, 3);
      let booked = 0;
      for (let k = 0; k < orders; k++) {
        const cents = k === orders - 1 ? Math.round(revenue * 100) - booked : Math.round((revenue * 100) / orders);
        if (cents <= 0) continue;
        booked += cents;
        const date = random.int(start, end);
        if (date > trailingYearFrom) trailing.set(account.id, (trailing.get(account.id) ?? 0) + cents);
        dataset.purchases.push({
          id: `${o.managerId}_pur_${++purchaseId}`,
          accountId: account.id,
          amount: cents,
          licences: 0,
          discount: 0,
          date: fromEpochDay(date),
        });
      }
    });
  }
  for (const account of dataset.accounts) account.annualRevenue = trailing.get(account.id) ?? 0;
  return { options: o, dataset, truths };
}

/** True revenue per week of an allocation (minutes per week per account id). */
export function trueRevenue(truths: ReadonlyMap<string, ResponseCurve>, minutes: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const [id, curve] of truths) sum += evaluateCurve(curve, minutes.get(id) ?? 0);
  return sum;
}

/**
 * The true optimum per week: exact dynamic programme over allocations in `step`-minute
 * units (finer than the plan's 15), so the plan is measured against better than itself.
 * Cost: O(accounts x (capacity / step)^2).
 */
export function trueOptimum(truths: ReadonlyMap<string, ResponseCurve>, capacityMinutes: number, step = 5): number {
  const K = Math.floor(capacityMinutes / step);
  let best = new Float64Array(K + 1);
  for (const curve of truths.values()) {
    const value = Float64Array.from({ length: K + 1 }, (_, k) => evaluateCurve(curve, k * step));
    const next = new Float64Array(K + 1).fill(-Infinity);
    for (let budget = 0; budget <= K; budget++) {
      let top = -Infinity;
      for (let k = 0; k <= budget; k++) {
        const v = best[budget - k]! + value[k]!;
        if (v > top) top = v;
      }
      next[budget] = top;
    }
    best = next;
  }
  return best[K]!;
}

/** What a plan said, per week: its minutes per account and its predicted revenue of three allocations. */
export interface PlanAnswer {
  allocations: { accountId: string; minutes: number; equalSplitMinutes: number; currentMinutes: number }[];
  predicted: { plan: number; equalSplit: number; current: number };
}

export interface PlanScore {
  /** True revenue of the plan / the true optimum. */
  planVersusOptimum: number;
  /** Predicted / true revenue of each allocation. */
  plan: number;
  equalSplit: number;
  current: number;
  /** True revenue of the equal split and of current habits / the optimum (context). */
  equalSplitVersusOptimum: number;
  currentVersusOptimum: number;
}

export function scorePlan(book: SyntheticBook, answer: PlanAnswer): PlanScore {
  const minutesOf = (key: "minutes" | "equalSplitMinutes" | "currentMinutes") => new Map(answer.allocations.map((a) => [a.accountId, a[key]]));
  const truePlan = trueRevenue(book.truths, minutesOf("minutes"));
  const trueEqual = trueRevenue(book.truths, minutesOf("equalSplitMinutes"));
  const trueCurrent = trueRevenue(book.truths, minutesOf("currentMinutes"));
  const optimum = trueOptimum(book.truths, book.options.hoursPerWeek * 60);
  return {
    planVersusOptimum: truePlan / optimum,
    plan: answer.predicted.plan / truePlan,
    equalSplit: answer.predicted.equalSplit / trueEqual,
    current: answer.predicted.current / trueCurrent,
    equalSplitVersusOptimum: trueEqual / optimum,
    currentVersusOptimum: trueCurrent / optimum,
  };
}

/** The book as the strategy layer sees it: facts and quarterly history, without the API (fast unit tests). */
export function bookFacts(book: SyntheticBook): { accounts: AccountFacts[]; history: ActivityHistory } {
  const { dataset, options } = book;
  const accounts: AccountFacts[] = dataset.accounts.map((a) => ({
    account: {
      ...a,
      externalId: null,
      industry: null,
      region: null,
      ownerId: a.ownerId ?? null,
      customerSince: a.customerSince ?? null,
      renewalDate: null,
      lastContact: null,
      createdAt: "2020-01-01T00:00:00.000Z",
      updatedAt: "2020-01-01T00:00:00.000Z",
    },
    engagements: [],
    purchases: [],
    influence: { pagerankPercentile: 0.5, betweennessPercentile: 0.5 },
  }));
  const history = buildActivityHistory({
    asOf: options.asOf,
    managerId: options.managerId,
    accounts: accounts.map((f) => ({ id: f.account.id, customerSince: f.account.customerSince })),
    engagements: dataset.engagements.map((e) => ({ ...e, note: e.note ?? null })),
    purchases: dataset.purchases,
  });
  return { accounts, history };
}
