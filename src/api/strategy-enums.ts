/**
 * GraphQL enums of the strategy layer, generated from its value lists so the schema and
 * the scoring code can never disagree on what a value means (docs/scoring.md).
 */
import { registerEnumType } from "type-graphql";
import { enumOf } from "./graphql-enums.js";
import {
  ADVOCATE_ESTIMATORS,
  ADVOCATE_OBJECTIVES,
  CURVE_SOURCES,
  RESPONSE_FAMILIES,
  TIERS,
  type ComponentUnit,
} from "../services/strategy-service.js";

/** Units of a score component (strategy/explained.ts ComponentUnit). */
export const SCORE_UNITS = [
  "CURRENCY",
  "CURRENCY_PER_MINUTE",
  "FRACTION",
  "INDEX",
  "PERCENTILE",
  "MINUTES",
  "DAYS",
  "YEARS",
  "COUNT",
  "RATIO",
] as const satisfies readonly ComponentUnit[];
/** Fails to compile when strategy adds a unit this list lacks. */
const EVERY_UNIT_LISTED: Exclude<ComponentUnit, (typeof SCORE_UNITS)[number]> extends never ? true : never = true;
void EVERY_UNIT_LISTED;

export const TierEnum = enumOf(TIERS);
export const AdvocateObjectiveEnum = enumOf(ADVOCATE_OBJECTIVES);
/** AUTO is a request, not an outcome: results name the estimator that ran. */
export const AdvocateEstimatorEnum = enumOf(ADVOCATE_ESTIMATORS.filter((e) => e !== "AUTO"));
export const ScoreUnitEnum = enumOf(SCORE_UNITS);
/** TIER_DEFAULT stays in the schema, deprecated, so clients that name it keep validating. */
export const ResponseCurveSourceEnum = enumOf([...CURVE_SOURCES, "TIER_DEFAULT"] as const);
export const ResponseFamilyEnum = enumOf(RESPONSE_FAMILIES);
export const ActivationSourceEnum = enumOf(["FITTED", "DEFAULT"] as const);

registerEnumType(TierEnum, {
  name: "Tier",
  description: "Value x influence matrix (docs/scoring.md, section 7).",
  valuesConfig: {
    STRATEGIC: { description: "High value, high influence: top attention." },
    PROTECT: { description: "High value, low influence: invest in loyalty." },
    ADVOCATE: { description: "Modest or low value, high influence: ask for referrals and introductions, not discounts." },
    MAINTAIN: { description: "Modest value, low influence: steady, efficient service." },
    DEPRIORITIZE: { description: "Low value, low influence: low-touch channels." },
  },
});
registerEnumType(AdvocateObjectiveEnum, {
  name: "AdvocateObjective",
  description: "What a cascade from the advocates is worth.",
  valuesConfig: {
    REVENUE_POTENTIAL: {
      description:
        "Revenue potential of the accounts reached (a prospect's deal, a customer's whitespace); the advocates' own potential is not counted.",
    },
    REACH: { description: "Number of other accounts reached (the advocates themselves not counted)." },
  },
});
registerEnumType(AdvocateEstimatorEnum, {
  name: "AdvocateEstimator",
  description: "How the advocates were chosen (docs/scoring.md, section 9).",
  valuesConfig: {
    MC_CELF: { description: "Monte Carlo cascades with CELF lazy greedy." },
    RIS: { description: "Reverse influence sampling with greedy coverage (large cascades)." },
  },
});
registerEnumType(ScoreUnitEnum, {
  name: "ScoreUnit",
  description: "Unit of a score component's value. CURRENCY is in currency units, not cents.",
  valuesConfig: {
    CURRENCY: { description: "Currency units (e.g. 1250.5)." },
    CURRENCY_PER_MINUTE: { description: "Currency units per minute of selling time." },
    FRACTION: { description: "A share 0..1." },
    INDEX: { description: "A score 0..1 built from several measures." },
    PERCENTILE: { description: "A mid-rank percentile 0..1 among all accounts." },
    MINUTES: { description: "Minutes." },
    DAYS: { description: "Days." },
    YEARS: { description: "Years." },
    COUNT: { description: "A number of things (accounts, purchases, switches)." },
    RATIO: { description: "One quantity divided by another (e.g. versus the portfolio)." },
  },
});
registerEnumType(ResponseCurveSourceEnum, {
  name: "ResponseCurveSource",
  description: "Where an account's response curve came from (docs/scoring.md, section 8).",
  valuesConfig: {
    HISTORY: { description: "Fitted from its own quarters: they carry most of the evidence on how it responds." },
    POOLED: { description: "Its level from its own quarters; how it responds mostly from its segment (thin history)." },
    PRIOR: { description: "No usable history: run rate (or half the potential of a prospect) with its segment's response." },
    TIER_DEFAULT: {
      description: "Never returned since curves are fitted from history.",
      deprecationReason: "Curves are fitted from history: HISTORY, POOLED or PRIOR.",
    },
  },
});
registerEnumType(ResponseFamilyEnum, {
  name: "ResponseFamily",
  description: "Shape of the book's response curves (docs/scoring.md, section 8).",
  valuesConfig: {
    ADBUDG: { description: "x^c / (h^c + x^c) (Little 1970, CALLPLAN): concave for c <= 1, S-shaped above." },
    EXPONENTIAL: { description: "1 - 2^(-x / h): the modified exponential, concave." },
  },
});
registerEnumType(ActivationSourceEnum, {
  name: "ActivationSource",
  description: "Whether the cascade's activation scale was fitted from the history or is the documented default.",
  valuesConfig: {
    FITTED: { description: "Fitted from influence ties and the referrals that followed them, and it won its held-out backtest." },
    DEFAULT: { description: "Too little evidence, or the fitted scale lost its backtest: the documented default (0.1)." },
  },
});
