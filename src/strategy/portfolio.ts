/**
 * Portfolio view of one manager: accounts by tier, where time went last quarter versus
 * where the plan says it should go, and the top risks, expansion opportunities and
 * advocates. Pure assembly of results computed elsewhere (rankAccounts, planWeeklyTime,
 * recommendAdvocates); nothing is re-scored here, so the view always agrees with them.
 *
 *   time last quarter  = the manager's engagement minutes in the 13 weeks before asOf
 *   planned per quarter = planned minutes per week x 13
 *   top risks          = highest retention priority (switching risk x annual revenue)
 *   top expansion      = highest whitespace value
 *   top advocates      = the recommendAdvocates result when given, else highest word of mouth
 *   value              = share of time that the plan moves between tiers (half the summed
 *                        absolute differences of the two tier shares), 0 = already on plan
 * Cost: O(accounts log accounts + engagements).
 */
import type { AccountFacts, IsoDate } from "./inputs.js";
import type { StrategicScore } from "./strategic-score.js";
import type { TimePlan } from "./time-plan.js";
import type { AdvocateRecommendation } from "./advocates.js";
import { TIERS, type Tier } from "./tiers.js";
import { dayNumber, isInWindow } from "./dates.js";
import { compareText } from "./percentile.js";
import { component, formatAmount, formatPercent, type Explained } from "./explained.js";

export const PORTFOLIO_DEFAULTS = { top: 5, quarterWeeks: 13 };

export interface TierSummary {
  tier: Tier;
  accountIds: string[];
  annualRevenue: number;
  minutesLastQuarter: number;
  plannedMinutesPerQuarter: number;
}

export interface RankedItem {
  accountId: string;
  value: number;
  explanation: string;
}

export interface Portfolio extends Explained {
  managerId: string;
  asOf: IsoDate;
  tiers: TierSummary[];
  minutesLastQuarter: number;
  plannedMinutesPerQuarter: number;
  topRisks: RankedItem[];
  topExpansion: RankedItem[];
  topAdvocates: RankedItem[];
}

export interface PortfolioInput {
  managerId: string;
  asOf: IsoDate;
  /** The manager's accounts. */
  accounts: readonly AccountFacts[];
  /** Scores of (at least) those accounts, from rankAccounts over the whole population. */
  scores: readonly StrategicScore[];
  plan: TimePlan;
  advocates?: AdvocateRecommendation;
  top?: number;
}

function topBy(
  scores: readonly StrategicScore[],
  value: (s: StrategicScore) => number,
  explain: (s: StrategicScore) => string,
  top: number,
): RankedItem[] {
  return scores
    .filter((s) => value(s) > 0)
    .sort((a, b) => value(b) - value(a) || compareText(a.accountId, b.accountId))
    .slice(0, top)
    .map((s) => ({ accountId: s.accountId, value: value(s), explanation: explain(s) }));
}

export function buildPortfolio(input: PortfolioInput): Portfolio {
  const top = input.top ?? PORTFOLIO_DEFAULTS.top;
  const weeks = PORTFOLIO_DEFAULTS.quarterWeeks;
  const mine = new Set(input.accounts.map((f) => f.account.id));
  const scores = input.scores.filter((s) => mine.has(s.accountId));
  const scoreOf = new Map(scores.map((s) => [s.accountId, s]));
  const planned = new Map(input.plan.accounts.map((a) => [a.accountId, a.minutes * weeks]));
  const today = dayNumber(input.asOf);

  const byTier = new Map<Tier, TierSummary>(
    TIERS.map((tier) => [tier, { tier, accountIds: [], annualRevenue: 0, minutesLastQuarter: 0, plannedMinutesPerQuarter: 0 }]),
  );
  for (const facts of input.accounts) {
    const id = facts.account.id;
    const tier = scoreOf.get(id)?.tier.tier ?? "MAINTAIN";
    const summary = byTier.get(tier)!;
    summary.accountIds.push(id);
    summary.annualRevenue += scoreOf.get(id)?.measures.revenue.annualRevenue ?? 0;
    for (const e of facts.engagements) {
      if (e.managerId === input.managerId && isInWindow(e.date, today, 7 * weeks)) summary.minutesLastQuarter += e.minutes;
    }
    summary.plannedMinutesPerQuarter += planned.get(id) ?? 0;
  }
  const tiers = [...byTier.values()];
  for (const t of tiers) t.accountIds.sort(compareText);
  const minutesLastQuarter = tiers.reduce((s, t) => s + t.minutesLastQuarter, 0);
  const plannedMinutesPerQuarter = tiers.reduce((s, t) => s + t.plannedMinutesPerQuarter, 0);

  const topRisks = topBy(
    scores,
    (s) => s.measures.loyalty.retentionPriority,
    (s) => `Switching risk ${formatPercent(s.measures.loyalty.risk)} on ${formatAmount(s.measures.loyalty.valueAtStake)} a year.`,
    top,
  );
  const topExpansion = topBy(
    scores,
    (s) => s.measures.expansion.value,
    (s) => `${s.measures.expansion.whitespaceLicences} licences still to win, worth ${formatAmount(s.measures.expansion.value)}.`,
    top,
  );
  const topAdvocates = input.advocates
    ? input.advocates.advocates
        .filter((a) => mine.has(a.accountId))
        .slice(0, top)
        .map((a) => ({
          accountId: a.accountId,
          value: a.marginalSpread,
          explanation: `Adds about ${formatAmount(a.marginalSpread)} of reach as an advocate.`,
        }))
    : topBy(
        scores,
        (s) => s.measures.wordOfMouth.value,
        (s) => `Word-of-mouth index ${s.measures.wordOfMouth.value.toFixed(2)}.`,
        top,
      );

  const share = (t: TierSummary, total: number, field: "minutesLastQuarter" | "plannedMinutesPerQuarter") => (total > 0 ? t[field] / total : 0);
  // Half the L1 distance between the two tier distributions: the share of time that moves.
  const timeToMove =
    tiers.reduce(
      (sum, t) => sum + Math.abs(share(t, plannedMinutesPerQuarter, "plannedMinutesPerQuarter") - share(t, minutesLastQuarter, "minutesLastQuarter")),
      0,
    ) / 2;
  return {
    value: timeToMove,
    managerId: input.managerId,
    asOf: input.asOf,
    tiers,
    minutesLastQuarter,
    plannedMinutesPerQuarter,
    topRisks,
    topExpansion,
    topAdvocates,
    components: tiers.map((t) =>
      component(
        t.tier,
        share(t, plannedMinutesPerQuarter, "plannedMinutesPerQuarter") - share(t, minutesLastQuarter, "minutesLastQuarter"),
        "FRACTION",
        `${t.accountIds.length} account(s): ${formatPercent(share(t, minutesLastQuarter, "minutesLastQuarter"))} of last quarter's time, ${formatPercent(share(t, plannedMinutesPerQuarter, "plannedMinutesPerQuarter"))} in the plan.`,
      ),
    ),
  };
}
