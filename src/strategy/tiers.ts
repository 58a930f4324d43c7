/**
 * Account tiers: a value x influence matrix that tells a manager what kind of attention
 * each account deserves.
 *
 *                      influence < high            influence >= high
 *   value >= high      PROTECT  (invest in loyalty)  STRATEGIC (both: top attention)
 *   low <= value < high MAINTAIN (steady service)   ADVOCATE  (ask for referrals and
 *   value < low        DEPRIORITIZE                 ADVOCATE   introductions, not discounts)
 *
 * Axes are percentiles from strategic-score: value = weighted blend of the revenue,
 * efficiency, expansion and loyalty percentiles; influence = word-of-mouth percentile.
 * Defaults: high value 0.75 (top quarter), low value 0.35, high influence 0.75.
 */
import { ValidationError } from "../domain/errors.js";
import { requireFraction } from "../domain/guards.js";
import { formatPercent } from "./explained.js";

export const TIERS = ["STRATEGIC", "PROTECT", "ADVOCATE", "MAINTAIN", "DEPRIORITIZE"] as const;
export type Tier = (typeof TIERS)[number];

export interface TierThresholds {
  highValue: number;
  lowValue: number;
  highInfluence: number;
}

export const DEFAULT_TIER_THRESHOLDS: Readonly<TierThresholds> = Object.freeze({
  highValue: 0.75,
  lowValue: 0.35,
  highInfluence: 0.75,
});

/** What a manager should do with each tier (shown next to the tier). */
export const TIER_ACTIONS: Readonly<Record<Tier, string>> = Object.freeze({
  STRATEGIC: "Top attention: plan the relationship, involve executives, co-create the roadmap.",
  PROTECT: "Invest in loyalty: regular reviews, learn their needs, defend the renewal.",
  ADVOCATE: "Ask for referrals and introductions, not discounts; invite to events and references.",
  MAINTAIN: "Steady, efficient service; look for expansion triggers.",
  DEPRIORITIZE: "Serve through low-touch channels; do not chase with discounts.",
});

export interface TierAssignment {
  tier: Tier;
  valuePercentile: number;
  influencePercentile: number;
  action: string;
  explanation: string;
}

const THRESHOLD_KEYS = ["highValue", "lowValue", "highInfluence"] as const;

/** Merges overrides over the defaults; each in 0..1 and lowValue <= highValue. */
export function validateTierThresholds(overrides: Partial<Record<string, number>> | null | undefined, field = "thresholds"): TierThresholds {
  const merged: TierThresholds = { ...DEFAULT_TIER_THRESHOLDS };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (!(THRESHOLD_KEYS as readonly string[]).includes(key)) {
      throw new ValidationError(`${field}.${key} is not a tier threshold (${THRESHOLD_KEYS.join(", ")})`, `${field}.${key}`);
    }
    if (value === undefined || value === null) continue;
    merged[key as keyof TierThresholds] = requireFraction(value, `${field}.${key}`);
  }
  if (merged.lowValue > merged.highValue) {
    throw new ValidationError(`${field}.lowValue must not exceed ${field}.highValue`, `${field}.lowValue`);
  }
  return merged;
}

export function assignTier(
  valuePercentile: number,
  influencePercentile: number,
  thresholds: TierThresholds = DEFAULT_TIER_THRESHOLDS,
): TierAssignment {
  const highValue = valuePercentile >= thresholds.highValue;
  const lowValue = valuePercentile < thresholds.lowValue;
  const influential = influencePercentile >= thresholds.highInfluence;
  const tier: Tier = highValue ? (influential ? "STRATEGIC" : "PROTECT") : influential ? "ADVOCATE" : lowValue ? "DEPRIORITIZE" : "MAINTAIN";
  const valueWord = highValue ? "high" : lowValue ? "low" : "modest";
  return {
    tier,
    valuePercentile,
    influencePercentile,
    action: TIER_ACTIONS[tier],
    explanation:
      `Value percentile ${formatPercent(valuePercentile)} (${valueWord}; high from ${formatPercent(thresholds.highValue)}), ` +
      `influence percentile ${formatPercent(influencePercentile)} (${influential ? "high" : "not high"}; high from ${formatPercent(thresholds.highInfluence)}).`,
  };
}
