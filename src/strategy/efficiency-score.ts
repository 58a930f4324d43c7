/**
 * Cost efficiency: revenue and margin earned per minute of selling time over a
 * window (default the last 90 days; 365 is the other common choice), compared with
 * the average of the manager's whole portfolio — the article's point that a strategic
 * manager earns more per minute than a door-to-door seller.
 *
 *   window revenue   = annual revenue x windowDays / 365     (pro-rated, see below)
 *   window margin    = window revenue x gross margin
 *   minutes          = engagement minutes on the account inside the window
 *   value            = window margin / minutes                (currency per minute)
 *   vs portfolio     = account revenue per minute / portfolio revenue per minute
 *
 * Revenue is pro-rated rather than read from purchases because purchases are lumpy: an
 * annual renewal lands in one quarter, which would make 90-day figures swing between
 * zero and four times the truth. An account with no minutes in the window has no
 * measurable efficiency; it gets the portfolio average (neutral) and says so, rather
 * than an infinite score that would reward neglect.
 * Cost: O(engagements).
 */
import { centsToUnits } from "../domain/money.js";
import type { AccountFacts, IsoDate } from "./inputs.js";
import { dayNumber, isInWindow } from "./dates.js";
import { component, formatAmount, type Explained, type ScoreComponent } from "./explained.js";

export const EFFICIENCY_DEFAULTS = {
  windowDays: 90,
} as const;

/** Revenue, margin and minutes of one account (or a whole portfolio) over the window. */
export interface EfficiencyTotals {
  revenue: number;
  margin: number;
  minutes: number;
}

export interface PortfolioEfficiency {
  revenuePerMinute: number;
  marginPerMinute: number;
  minutes: number;
}

export interface EfficiencyMeasure {
  value: number;
  windowDays: number;
  minutes: number;
  windowRevenue: number;
  revenuePerMinute: number;
  marginPerMinute: number;
  /** Account revenue per minute / portfolio revenue per minute; null when not measurable. */
  versusPortfolio: number | null;
  portfolioRevenuePerMinute: number;
  measured: boolean;
}

export type EfficiencyScore = EfficiencyMeasure & Explained;

export function summariseEfficiency(facts: AccountFacts, asOf: IsoDate, windowDays: number): EfficiencyTotals {
  const today = dayNumber(asOf);
  let minutes = 0;
  for (const engagement of facts.engagements) {
    if (isInWindow(engagement.date, today, windowDays)) minutes += engagement.minutes;
  }
  const revenue = (centsToUnits(facts.account.annualRevenue) * windowDays) / 365;
  return { revenue, margin: revenue * facts.account.grossMargin, minutes };
}

/** Portfolio average: total revenue over total minutes of the accounts that got time. */
export function averagePortfolioEfficiency(totals: Iterable<EfficiencyTotals>): PortfolioEfficiency {
  let revenue = 0;
  let margin = 0;
  let minutes = 0;
  for (const t of totals) {
    if (t.minutes <= 0) continue;
    revenue += t.revenue;
    margin += t.margin;
    minutes += t.minutes;
  }
  return minutes > 0
    ? { revenuePerMinute: revenue / minutes, marginPerMinute: margin / minutes, minutes }
    : { revenuePerMinute: 0, marginPerMinute: 0, minutes: 0 };
}

export function measureEfficiency(
  facts: AccountFacts,
  asOf: IsoDate,
  options: { windowDays?: number; portfolio?: PortfolioEfficiency; totals?: EfficiencyTotals } = {},
): EfficiencyMeasure {
  const windowDays = options.windowDays ?? EFFICIENCY_DEFAULTS.windowDays;
  // `totals` lets a caller that already summarised the window (for the portfolio) reuse it.
  const totals = options.totals ?? summariseEfficiency(facts, asOf, windowDays);
  const portfolio = options.portfolio ?? averagePortfolioEfficiency([totals]);
  const measured = totals.minutes > 0;
  const revenuePerMinute = measured ? totals.revenue / totals.minutes : portfolio.revenuePerMinute;
  const marginPerMinute = measured ? totals.margin / totals.minutes : portfolio.marginPerMinute;
  return {
    value: marginPerMinute,
    windowDays,
    minutes: totals.minutes,
    windowRevenue: totals.revenue,
    revenuePerMinute,
    marginPerMinute,
    versusPortfolio: measured && portfolio.revenuePerMinute > 0 ? revenuePerMinute / portfolio.revenuePerMinute : null,
    portfolioRevenuePerMinute: portfolio.revenuePerMinute,
    measured,
  };
}

export function explainEfficiency(m: EfficiencyMeasure): ScoreComponent[] {
  return [
    component("minutesInWindow", m.minutes, "MINUTES", `${m.minutes} minutes of engagement in the last ${m.windowDays} days.`),
    component(
      "revenuePerMinute",
      m.revenuePerMinute,
      "CURRENCY_PER_MINUTE",
      m.measured
        ? `${formatAmount(m.windowRevenue)} revenue for the window / ${m.minutes} minutes.`
        : `No time spent in the window: portfolio average ${m.revenuePerMinute.toFixed(2)} per minute used (neutral).`,
    ),
    component("marginPerMinute", m.marginPerMinute, "CURRENCY_PER_MINUTE", `Profit earned per minute spent: ${m.marginPerMinute.toFixed(2)}.`),
    component(
      "versusPortfolio",
      m.versusPortfolio ?? 1,
      "RATIO",
      m.versusPortfolio === null
        ? "Not comparable with the portfolio average (no minutes)."
        : `${m.versusPortfolio.toFixed(2)}x the manager's portfolio average of ${m.portfolioRevenuePerMinute.toFixed(2)} revenue per minute.`,
    ),
  ];
}

export function scoreEfficiency(
  facts: AccountFacts,
  asOf: IsoDate,
  options: { windowDays?: number; portfolio?: PortfolioEfficiency; totals?: EfficiencyTotals } = {},
): EfficiencyScore {
  const measure = measureEfficiency(facts, asOf, options);
  return { ...measure, components: explainEfficiency(measure) };
}
