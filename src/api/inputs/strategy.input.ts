/**
 * Per-query overrides of the strategic score's weights and the tier thresholds. Omitted
 * fields keep their documented defaults (docs/scoring.md, sections 6 and 7); the
 * services validate them and name the offending field (`weights.loyalty`).
 */
import { Field, Float, InputType } from "type-graphql";

@InputType({ description: "Weights of the strategic blend; only their ratios matter. Each 0..1,000,000, not all zero." })
export class StrategyWeightsInput {
  @Field(() => Float, { nullable: true, description: "Trend-adjusted profit contribution. Default 0.3." }) revenue?: number | null;
  @Field(() => Float, { nullable: true, description: "Margin per engagement minute. Default 0.1." }) efficiency?: number | null;
  @Field(() => Float, { nullable: true, description: "Whitespace value at the effective price. Default 0.2." }) expansion?: number | null;
  @Field(() => Float, { nullable: true, description: "Loyal value, (1 - switching risk) x revenue. Default 0.2." }) loyalty?: number | null;
  @Field(() => Float, { nullable: true, description: "Influence metrics and multi-hop referral value. Default 0.2." })
  wordOfMouth?: number | null;
}

@InputType({ description: "Tier thresholds on percentiles 0..1; lowValue must not exceed highValue." })
export class TierThresholdsInput {
  @Field(() => Float, { nullable: true, description: "Value percentile from which an account is high value. Default 0.75." })
  highValue?: number;
  @Field(() => Float, { nullable: true, description: "Value percentile below which an account is low value. Default 0.35." })
  lowValue?: number;
  @Field(() => Float, { nullable: true, description: "Word-of-mouth percentile from which an account is influential. Default 0.75." })
  highInfluence?: number;
}
