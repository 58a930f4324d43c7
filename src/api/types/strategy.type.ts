/**
 * The strategic score as GraphQL objects: the blend, its tier, and each dimension with
 * the components that produced it (docs/scoring.md). `StrategicScore` fields are
 * resolved in resolvers/strategy.resolver.ts from the service's AccountStrategy, so the
 * words ("why") are built only for accounts whose components a query asks for.
 * Percentiles here are fractions 0..1, like the influence ranks'.
 */
import { Field, Float, Int, ObjectType } from "type-graphql";
import type { ComponentUnit } from "../../services/strategy-service.js";
import { MoneyScalar } from "../money-scalar.js";
import { ScoreUnitEnum } from "../strategy-enums.js";
import { AccountType } from "./account.type.js";
import { PageInfo } from "./connection.type.js";
import { DateScalar } from "../date-scalars.js";
import { NodeInterface } from "./node.type.js";

@ObjectType("ScoreComponent", { description: "One piece of a score: its value, its weight in a weighted sum (null for a factor or context) and why." })
export class ScoreComponentType {
  @Field(() => String) name!: string;
  @Field(() => Float) value!: number;
  @Field(() => Float, { nullable: true }) weight!: number | null;
  @Field(() => ScoreUnitEnum) unit!: ComponentUnit;
  @Field(() => String) explanation!: string;
}

@ObjectType("StrategyWeights", { description: "The weights a score was computed with (defaults merged with the query's overrides)." })
export class StrategyWeightsType {
  @Field(() => Float) revenue!: number;
  @Field(() => Float) efficiency!: number;
  @Field(() => Float) expansion!: number;
  @Field(() => Float) loyalty!: number;
  @Field(() => Float) wordOfMouth!: number;
}

/** Fields every dimension shares (a base class only: the schema never names it). */
@ObjectType("ScoreDimension")
export class ScoreDimensionType {
  @Field(() => Float, { description: "The dimension's own score (unit per dimension, see its description)." }) value!: number;
  @Field(() => Float, { description: "Percentile 0..1 of the value that enters the blend, among all accounts." }) percentile!: number;
  @Field(() => Float, { description: "Share of this dimension in the blend (weight / sum of weights)." }) weight!: number;
  @Field(() => [ScoreComponentType]) components!: ScoreComponentType[];
}

@ObjectType("RevenueScore", { description: "value = trend-adjusted profit contribution, currency units a year." })
export class RevenueScoreType extends ScoreDimensionType {
  @Field(() => MoneyScalar) annualRevenue!: number;
  @Field(() => Float) grossMargin!: number;
  @Field(() => MoneyScalar) profitContribution!: number;
  @Field(() => Float, { description: "-1 (stopped buying) .. +1 (new or doubled)." }) trend!: number;
}

@ObjectType("EfficiencyScore", { description: "value = margin per engagement minute over the window, currency units." })
export class EfficiencyScoreType extends ScoreDimensionType {
  @Field(() => Boolean, { description: "False when no minutes were spent in the window (portfolio average used)." }) measured!: boolean;
  @Field(() => Int) windowDays!: number;
  @Field(() => Float) minutes!: number;
  @Field(() => Float) revenuePerMinute!: number;
  @Field(() => Float, { nullable: true, description: "Revenue per minute / the manager's portfolio's." }) versusPortfolio!: number | null;
}

@ObjectType("ExpansionScore", { description: "value = whitespace value at the account's effective price, currency units." })
export class ExpansionScoreType extends ScoreDimensionType {
  @Field(() => Int, { description: "Licences planned minus licences held." }) whitespaceLicences!: number;
  @Field(() => MoneyScalar) whitespaceValue!: number;
  @Field(() => MoneyScalar) effectivePrice!: number;
  @Field(() => Float) effectiveDiscount!: number;
}

@ObjectType("LoyaltyScore", {
  description: "value = switching risk 0..1 (higher = more likely to leave); the blend ranks loyal value = (1 - risk) x revenue.",
})
export class LoyaltyScoreType extends ScoreDimensionType {
  @Field(() => Float) risk!: number;
  @Field(() => MoneyScalar) valueAtStake!: number;
  @Field(() => MoneyScalar, { description: "risk x value at stake: where defending pays most." }) retentionPriority!: number;
  @Field(() => MoneyScalar) loyalValue!: number;
}

@ObjectType("WordOfMouthScore", { description: "value = 0.6 x influence index + 0.4 x referral index, 0..1." })
export class WordOfMouthScoreType extends ScoreDimensionType {
  @Field(() => Float) influenceIndex!: number;
  @Field(() => Float) referralIndex!: number;
  @Field(() => MoneyScalar, { description: "Revenue credited along referral chains (decayed per hop)." }) referralCredit!: number;
  @Field(() => Int, { description: "Accounts brought in along its referral chains." }) accountsReferred!: number;
}

/** Every field is resolved in StrategicScoreResolver from the service's AccountStrategy. */
@ObjectType("StrategicScore", {
  implements: NodeInterface,
  description: "An account's strategic score among all accounts under one set of weights and thresholds, its tier, and why.",
})
export class StrategicScoreType {}

@ObjectType("StrategicRankingEdge")
export class StrategicRankingEdgeType {
  @Field(() => String) cursor!: string;
  @Field(() => AccountType) node!: AccountType;
  @Field(() => StrategicScoreType) strategy!: StrategicScoreType;
}

@ObjectType("StrategicRankingConnection")
export class StrategicRankingConnectionType {
  @Field(() => [StrategicRankingEdgeType]) edges!: StrategicRankingEdgeType[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: "Ranked accounts matching the filter." }) totalCount!: number;
  @Field(() => DateScalar, { description: "The date the scores are computed for (YYYY-MM-DD)." }) asOf!: string;
}
