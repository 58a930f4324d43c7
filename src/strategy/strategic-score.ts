/**
 * Strategic score: one comparable, sortable number per account that blends the five
 * dimensions, plus its tier.
 *
 * Dimension values are in different units (profit, profit per minute, currency of
 * whitespace, loyal revenue, a 0..1 index), so each is first turned into a percentile
 * across the accounts being compared (percentile.ts), then blended:
 *
 *   strategic score = sum(weight_d x percentile_d) / sum(weights)        (0..1)
 *
 *   dimension     raw value used                         default weight
 *   revenue       trend-adjusted profit contribution      0.30
 *   efficiency    margin per engagement minute            0.10
 *   expansion     whitespace value at effective price     0.20
 *   loyalty       loyal value = (1 - risk) x revenue      0.20
 *   wordOfMouth   influence + multi-hop referral value    0.20
 *
 * Weights can be overridden per query (validateWeights: known names, non-negative,
 * finite, not all zero). The tier's value axis is the same blend without word of mouth,
 * re-ranked as a percentile; its influence axis is the word-of-mouth percentile.
 * This file measures (the weight-independent half); ranking.ts blends, ranks and tiers.
 * Scores are numbers only (measures, percentiles, tier); explainStrategicScore
 * adds the words for the accounts actually shown, because building ~30 explanation
 * strings for each of 20,000 accounts cost more than all the scoring maths.
 * Cost: O(n log n + engagements + purchases + referral chains); see docs/scoring.md for
 * the measured figure on 20,000 accounts.
 */
import { ValidationError } from "../domain/errors.js";
import { requireDate, requireFraction, requirePositiveInt } from "../domain/guards.js";
import type { AccountFacts, IsoDate, StrategyPopulation } from "./inputs.js";
import { explainRevenue, measureRevenue, type RevenueMeasure, type RevenueScore } from "./revenue-score.js";
import {
  averagePortfolioEfficiency,
  EFFICIENCY_DEFAULTS,
  explainEfficiency,
  measureEfficiency,
  summariseEfficiency,
  type EfficiencyMeasure,
  type EfficiencyScore,
  type EfficiencyTotals,
} from "./efficiency-score.js";
import { explainExpansion, measureExpansion, type ExpansionMeasure, type ExpansionScore } from "./expansion-score.js";
import { explainLoyalty, measureLoyalty, type LoyaltyMeasure, type LoyaltyScore } from "./loyalty-score.js";
import {
  computeReferralCredit,
  explainWordOfMouth,
  measureWordOfMouth,
  WORD_OF_MOUTH_DEFAULTS,
  type WordOfMouthMeasure,
  type WordOfMouthScore,
} from "./word-of-mouth-score.js";
import type { TierAssignment, TierThresholds } from "./tiers.js";
import { percentileRanks } from "./percentile.js";
import { runToEnd } from "../domain/steps.js";
import { component, formatAmount, formatPercent, type Explained } from "./explained.js";

export const STRATEGIC_DIMENSIONS = ["revenue", "efficiency", "expansion", "loyalty", "wordOfMouth"] as const;
export type StrategicDimension = (typeof STRATEGIC_DIMENSIONS)[number];
export type StrategicWeights = Record<StrategicDimension, number>;

export const DEFAULT_WEIGHTS: Readonly<StrategicWeights> = Object.freeze({
  revenue: 0.3,
  efficiency: 0.1,
  expansion: 0.2,
  loyalty: 0.2,
  wordOfMouth: 0.2,
});

const MAX_WEIGHT = 1_000_000;

/**
 * Merges per-query overrides over DEFAULT_WEIGHTS. Throws ValidationError (code
 * BAD_USER_INPUT) naming the field, e.g. `weights.loyalty`, or `weights` when all are zero.
 */
export function validateWeights(overrides: Partial<Record<string, number | null>> | null | undefined, field = "weights"): StrategicWeights {
  const merged: StrategicWeights = { ...DEFAULT_WEIGHTS };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    const path = `${field}.${key}`;
    if (!(STRATEGIC_DIMENSIONS as readonly string[]).includes(key)) {
      throw new ValidationError(`${path} is not a score dimension (${STRATEGIC_DIMENSIONS.join(", ")})`, path);
    }
    if (value === undefined || value === null) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_WEIGHT) {
      throw new ValidationError(`${path} must be a number between 0 and ${MAX_WEIGHT}`, path);
    }
    merged[key as StrategicDimension] = value;
  }
  if (STRATEGIC_DIMENSIONS.every((d) => merged[d] === 0)) {
    throw new ValidationError(`${field} must not all be zero`, field);
  }
  return merged;
}

/** The numbers of every dimension of one account (no words: see explainStrategicScore). */
export interface AccountMeasures {
  accountId: string;
  revenue: RevenueMeasure;
  efficiency: EfficiencyMeasure;
  expansion: ExpansionMeasure;
  loyalty: LoyaltyMeasure;
  wordOfMouth: WordOfMouthMeasure;
}

/** One account's place in the ranking: numbers only, so 20,000 of them stay cheap. */
export interface StrategicScore {
  accountId: string;
  /** Blended score 0..1. */
  value: number;
  /** 1 = most strategic. */
  rank: number;
  /** Percentile of the strategic score itself. */
  percentile: number;
  dimensionValues: StrategicWeights;
  dimensionPercentiles: StrategicWeights;
  tier: TierAssignment;
  measures: AccountMeasures;
}

/** The "why" of one ranked account: blend components plus every dimension with its own. */
export interface StrategicExplanation extends Explained {
  accountId: string;
  dimensions: {
    revenue: RevenueScore;
    efficiency: EfficiencyScore;
    expansion: ExpansionScore;
    loyalty: LoyaltyScore;
    wordOfMouth: WordOfMouthScore;
  };
}

export interface StrategicRanking {
  asOf: IsoDate;
  weights: StrategicWeights;
  thresholds: TierThresholds;
  referralHalfValue: number;
  /** Sorted by score, highest first; ties by account id. */
  scores: StrategicScore[];
}

export interface ScoreOptions {
  asOf: IsoDate;
  efficiencyWindowDays?: number;
  referralDecayPerHop?: number;
  referralMaxHops?: number;
  /** Fixed referral half value; default: median positive referral credit of the population. */
  referralHalfValue?: number;
}

export interface RankOptions extends ScoreOptions {
  weights?: Partial<Record<string, number | null>> | null;
  thresholds?: Partial<Record<string, number>> | null;
}

/**
 * Accounts scored between two pauses of measureAccountsInSteps (and ranking.ts's rankAccountsInSteps): ~5 ms of work on 20,000
 * accounts, so a caller that yields there keeps serving other requests.
 */
export const RANKING_STEP_ACCOUNTS = 1_000;

/** The five dimension measures of every account, with the population context they need. */
export function measureAccounts(population: StrategyPopulation, options: ScoreOptions): { measures: AccountMeasures[]; referralHalfValue: number } {
  return runToEnd(measureAccountsInSteps(population, options));
}

/** measureAccounts, pausing (yield) every RANKING_STEP_ACCOUNTS accounts. */
export function* measureAccountsInSteps(
  population: StrategyPopulation,
  options: ScoreOptions,
): Generator<void, { measures: AccountMeasures[]; referralHalfValue: number }> {
  const asOf = requireDate(options.asOf, "asOf");
  const windowDays = requirePositiveInt(options.efficiencyWindowDays ?? EFFICIENCY_DEFAULTS.windowDays, "efficiencyWindowDays", 3660);
  const decayPerHop = requireFraction(options.referralDecayPerHop ?? WORD_OF_MOUTH_DEFAULTS.decayPerHop, "referralDecayPerHop");
  const maxHops = requirePositiveInt(options.referralMaxHops ?? WORD_OF_MOUTH_DEFAULTS.maxHops, "referralMaxHops", 10);

  const totals: EfficiencyTotals[] = [];
  for (let i = 0; i < population.facts.length; i++) {
    if (i > 0 && i % RANKING_STEP_ACCOUNTS === 0) yield;
    totals.push(summariseEfficiency(population.facts[i]!, asOf, windowDays));
  }
  const byOwner = new Map<string, EfficiencyTotals[]>();
  population.facts.forEach((f, i) => {
    const owner = f.account.ownerId ?? "";
    const list = byOwner.get(owner) ?? [];
    list.push(totals[i]!);
    byOwner.set(owner, list);
  });
  const portfolios = new Map([...byOwner].map(([owner, list]) => [owner, averagePortfolioEfficiency(list)]));
  yield;

  const credits = computeReferralCredit(population.referrals, { decayPerHop, maxHops });
  const referralHalfValue = options.referralHalfValue ?? medianPositiveCredit(credits.values());

  yield;
  const measures: AccountMeasures[] = [];
  for (let i = 0; i < population.facts.length; i++) {
    if (i > 0 && i % RANKING_STEP_ACCOUNTS === 0) yield;
    const facts: AccountFacts = population.facts[i]!;
    const accountId = facts.account.id;
    const portfolio = portfolios.get(facts.account.ownerId ?? "")!;
    measures.push({
      accountId,
      revenue: measureRevenue(facts, asOf),
      efficiency: measureEfficiency(facts, asOf, { windowDays, portfolio, totals: totals[i]! }),
      expansion: measureExpansion(facts, asOf),
      loyalty: measureLoyalty(facts, asOf),
      wordOfMouth: measureWordOfMouth(facts, credits.get(accountId), { referralHalfValue }),
    });
  }
  return { measures, referralHalfValue };
}

export function medianPositiveCredit(credits: Iterable<{ total: number }>): number {
  const values = [...credits]
    .map((c) => c.total)
    .filter((v) => v > 0)
    .sort((a, b) => a - b);
  if (values.length === 0) return WORD_OF_MOUTH_DEFAULTS.referralHalfValue;
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

export function dimensionValue(scores: AccountMeasures, dimension: StrategicDimension): number {
  switch (dimension) {
    case "revenue":
      return scores.revenue.value;
    case "efficiency":
      return scores.efficiency.value;
    case "expansion":
      return scores.expansion.value;
    case "loyalty":
      return scores.loyalty.loyalValue;
    case "wordOfMouth":
      return scores.wordOfMouth.value;
  }
}

const DIMENSION_LABELS: Record<StrategicDimension, (s: AccountMeasures) => string> = {
  revenue: (s) => `trend-adjusted profit ${formatAmount(s.revenue.value)}`,
  efficiency: (s) => `${s.efficiency.value.toFixed(2)} margin per minute`,
  expansion: (s) => `${s.expansion.whitespaceLicences} licences of whitespace worth ${formatAmount(s.expansion.value)}`,
  loyalty: (s) => `switching risk ${formatPercent(s.loyalty.risk)}, loyal revenue ${formatAmount(s.loyalty.loyalValue)}`,
  wordOfMouth: (s) => `word-of-mouth index ${s.wordOfMouth.value.toFixed(2)}`,
};

/** Each dimension's values turned into percentiles across the accounts (the weight-independent half of a ranking). */
export function dimensionPercentiles(measures: readonly AccountMeasures[]): Record<StrategicDimension, Float64Array> {
  return runToEnd(dimensionPercentilesInSteps(measures));
}

/** dimensionPercentiles, pausing (yield) after each dimension's sort when there are RANKING_STEP_ACCOUNTS accounts or more. */
export function* dimensionPercentilesInSteps(measures: readonly AccountMeasures[]): Generator<void, Record<StrategicDimension, Float64Array>> {
  const percentiles = {} as Record<StrategicDimension, Float64Array>;
  const values = new Float64Array(measures.length);
  for (const d of STRATEGIC_DIMENSIONS) {
    for (let i = 0; i < measures.length; i++) values[i] = dimensionValue(measures[i]!, d);
    percentiles[d] = percentileRanks(values);
    if (measures.length >= RANKING_STEP_ACCOUNTS) yield;
  }
  return percentiles;
}

/** Measured accounts with their dimension percentiles: everything a ranking needs but the weights. */
export interface MeasuredAccounts {
  asOf: IsoDate;
  measures: readonly AccountMeasures[];
  percentiles: Readonly<Record<StrategicDimension, Float64Array>>;
  referralHalfValue: number;
  /** True when `measures` are in account id order (the ranking's tie-break needs no sort then). */
  inIdOrder?: boolean;
}

/**
 * Words for one ranked account: the blend's components (weight x percentile per
 * dimension, summing to the score) and each dimension's own components. Built on demand
 * for the accounts a caller shows, not for all 20,000 ranked.
 */
export function explainStrategicScore(score: StrategicScore, weights: StrategicWeights): StrategicExplanation {
  const m = score.measures;
  const totalWeight = STRATEGIC_DIMENSIONS.reduce((sum, d) => sum + weights[d], 0);
  return {
    accountId: score.accountId,
    value: score.value,
    components: STRATEGIC_DIMENSIONS.map((d) =>
      component(
        d,
        score.dimensionPercentiles[d],
        "PERCENTILE",
        `${DIMENSION_LABELS[d](m)}: better than ${formatPercent(score.dimensionPercentiles[d])} of accounts.`,
        weights[d] / totalWeight,
      ),
    ),
    dimensions: {
      revenue: { ...m.revenue, components: explainRevenue(m.revenue) },
      efficiency: { ...m.efficiency, components: explainEfficiency(m.efficiency) },
      expansion: { ...m.expansion, components: explainExpansion(m.expansion) },
      loyalty: { ...m.loyalty, components: explainLoyalty(m.loyalty) },
      wordOfMouth: { ...m.wordOfMouth, components: explainWordOfMouth(m.wordOfMouth) },
    },
  };
}
