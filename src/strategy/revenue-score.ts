/**
 * Revenue and profit score: what the account is worth to us per year, and which way
 * it is heading.
 *
 *   profit contribution = annual revenue x gross margin
 *   trend               = (bought in last 365 days - bought in the 365 before) / larger of the two
 *                         (-1 = stopped buying, 0 = flat or no history, +1 = new or doubled+)
 *   value               = profit contribution x (1 + trendWeight x trend)
 *
 * The value is in currency units; strategic-score turns it into a percentile. The trend
 * is symmetric and bounded so one large purchase cannot dominate the ranking.
 * Cost: O(purchases).
 */
import { centsToUnits } from "../domain/money.js";
import type { AccountFacts, IsoDate } from "./inputs.js";
import { dayNumber } from "./dates.js";
import { component, formatAmount, formatPercent, type Explained, type ScoreComponent } from "./explained.js";

export const REVENUE_DEFAULTS = {
  /** Length of each of the two compared purchase windows. */
  trendWindowDays: 365,
  /** How strongly the trend bends profit: 0.5 -> a collapsing account counts half. */
  trendWeight: 0.5,
} as const;

/** The numbers of the revenue score (what ranking needs; `explainRevenue` adds the words). */
export interface RevenueMeasure {
  value: number;
  annualRevenue: number;
  grossMargin: number;
  profitContribution: number;
  trend: number;
  boughtRecently: number;
  boughtBefore: number;
  trendWindowDays: number;
  trendWeight: number;
}

export type RevenueScore = RevenueMeasure & Explained;

export function measureRevenue(facts: AccountFacts, asOf: IsoDate, options: Partial<typeof REVENUE_DEFAULTS> = {}): RevenueMeasure {
  const { trendWindowDays, trendWeight } = { ...REVENUE_DEFAULTS, ...options };
  const { account } = facts;
  const annualRevenue = centsToUnits(account.annualRevenue);
  const profitContribution = annualRevenue * account.grossMargin;

  const today = dayNumber(asOf);
  let recent = 0;
  let prior = 0;
  for (const purchase of facts.purchases) {
    const age = today - dayNumber(purchase.date);
    if (age < 0) continue; // after asOf: not yet known
    if (age < trendWindowDays) recent += centsToUnits(purchase.amount);
    else if (age < 2 * trendWindowDays) prior += centsToUnits(purchase.amount);
  }
  const larger = Math.max(recent, prior);
  const trend = larger > 0 ? (recent - prior) / larger : 0;
  return {
    value: profitContribution * (1 + trendWeight * trend),
    annualRevenue,
    grossMargin: account.grossMargin,
    profitContribution,
    trend,
    boughtRecently: recent,
    boughtBefore: prior,
    trendWindowDays,
    trendWeight,
  };
}

export function explainRevenue(m: RevenueMeasure): ScoreComponent[] {
  const days = m.trendWindowDays;
  return [
    component("annualRevenue", m.annualRevenue, "CURRENCY", `Annual revenue ${formatAmount(m.annualRevenue)}.`),
    component("grossMargin", m.grossMargin, "FRACTION", `Gross margin ${formatPercent(m.grossMargin)}.`),
    component("profitContribution", m.profitContribution, "CURRENCY", `Revenue x margin = ${formatAmount(m.profitContribution)} profit a year.`),
    component(
      "purchaseTrend",
      m.trend,
      "RATIO",
      m.boughtRecently > 0 || m.boughtBefore > 0
        ? `Bought ${formatAmount(m.boughtRecently)} in the last ${days} days vs ${formatAmount(m.boughtBefore)} the ${days} days before (trend ${m.trend >= 0 ? "+" : ""}${m.trend.toFixed(2)}).`
        : "No purchases in the last two windows: trend counted as flat.",
      m.trendWeight,
    ),
  ];
}

export function scoreRevenue(facts: AccountFacts, asOf: IsoDate, options: Partial<typeof REVENUE_DEFAULTS> = {}): RevenueScore {
  const measure = measureRevenue(facts, asOf, options);
  return { ...measure, components: explainRevenue(measure) };
}
