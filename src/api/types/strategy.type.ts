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

@ObjectType("ScoreComponent", {
  description: "One piece of a score: its value, its weight in a weighted sum (null for a factor or context) and why.",
})
export class ScoreComponentType {
  @Field(() => String, { description: 'What the piece is, e.g. "profit contribution" or "supplier switches".' }) name!: string;
  @Field(() => Float, { description: "Its value, in `unit`." }) value!: number;
  @Field(() => Float, { nullable: true, description: "Its weight in the weighted sum; null for a factor or context." }) weight!: number | null;
  @Field(() => ScoreUnitEnum, { description: "Unit of `value`." }) unit!: ComponentUnit;
  @Field(() => String, { description: "One sentence saying why, with the numbers." }) explanation!: string;
}

@ObjectType("StrategyWeights", { description: "The weights a score was computed with (defaults merged with the query's overrides)." })
export class StrategyWeightsType {
  @Field(() => Float, { description: "Weight of trend-adjusted profit contribution." }) revenue!: number;
  @Field(() => Float, { description: "Weight of margin per engagement minute." }) efficiency!: number;
  @Field(() => Float, { description: "Weight of whitespace value." }) expansion!: number;
  @Field(() => Float, { description: "Weight of loyal value." }) loyalty!: number;
  @Field(() => Float, { description: "Weight of word of mouth." }) wordOfMouth!: number;
}

/** Fields every dimension shares (a base class only: the schema never names it). */
@ObjectType("ScoreDimension")
export class ScoreDimensionType {
  @Field(() => Float, { description: "The dimension's own score (unit per dimension, see its description)." }) value!: number;
  @Field(() => Float, { description: "Percentile 0..1 of the value that enters the blend, among all accounts." }) percentile!: number;
  @Field(() => Float, { description: "Share of this dimension in the blend (weight / sum of weights)." }) weight!: number;
  @Field(() => [ScoreComponentType], { description: "The pieces that produced the value, each with why." }) components!: ScoreComponentType[];
}

@ObjectType("RevenueScore", { description: "value = trend-adjusted profit contribution, currency units a year." })
export class RevenueScoreType extends ScoreDimensionType {
  @Field(() => MoneyScalar, { description: "The account's annual revenue." }) annualRevenue!: number;
  @Field(() => Float, { description: "The account's gross margin, 0..1." }) grossMargin!: number;
  @Field(() => MoneyScalar, { description: "Annual revenue x gross margin." }) profitContribution!: number;
  @Field(() => Float, { description: "-1 (stopped buying) .. +1 (new or doubled)." }) trend!: number;
}

@ObjectType("EfficiencyScore", { description: "value = margin per engagement minute over the window, currency units." })
export class EfficiencyScoreType extends ScoreDimensionType {
  @Field(() => Boolean, { description: "False when no minutes were spent in the window (portfolio average used)." }) measured!: boolean;
  @Field(() => Int, { description: "Days of engagements looked at (default 90)." }) windowDays!: number;
  @Field(() => Float, { description: "Engagement minutes on the account within the window." }) minutes!: number;
  @Field(() => Float, { description: "Window revenue / minutes (currency units)." }) revenuePerMinute!: number;
  @Field(() => Float, { nullable: true, description: "Revenue per minute / the manager's portfolio's." }) versusPortfolio!: number | null;
}

@ObjectType("ExpansionScore", { description: "value = whitespace value at the account's effective price, currency units." })
export class ExpansionScoreType extends ScoreDimensionType {
  @Field(() => Int, { description: "Licences planned minus licences held." }) whitespaceLicences!: number;
  @Field(() => MoneyScalar, { description: "Whitespace licences x effective price." }) whitespaceValue!: number;
  @Field(() => MoneyScalar, { description: "List price x (1 - effective discount)." }) effectivePrice!: number;
  @Field(() => Float, { description: "Licence-weighted average discount of the last two years' purchases, 0..1." }) effectiveDiscount!: number;
}

@ObjectType("LoyaltyScore", {
  description: "value = switching risk 0..1 (higher = more likely to leave); the blend ranks loyal value = (1 - risk) x revenue.",
})
export class LoyaltyScoreType extends ScoreDimensionType {
  @Field(() => Float, { description: "Switching risk 0..1: weighted average of six warning signs (docs/scoring.md)." }) risk!: number;
  @Field(() => MoneyScalar, { description: "What leaving would cost: the annual revenue." }) valueAtStake!: number;
  @Field(() => MoneyScalar, { description: "risk x value at stake: where defending pays most." }) retentionPriority!: number;
  @Field(() => MoneyScalar, { description: "(1 - risk) x annual revenue: revenue you can count on." }) loyalValue!: number;
}

@ObjectType("WordOfMouthScore", { description: "value = 0.6 x influence index + 0.4 x referral index, 0..1." })
export class WordOfMouthScoreType extends ScoreDimensionType {
  @Field(() => Float, { description: "0..1: PageRank, betweenness, reach and community leadership percentiles, weighted." }) influenceIndex!: number;
  @Field(() => Float, { description: "0..1: referral credit / (credit + the median credit)." }) referralIndex!: number;
  @Field(() => MoneyScalar, { description: "Revenue credited along referral chains (decayed per hop)." }) referralCredit!: number;
  @Field(() => Int, { description: "Accounts brought in along its referral chains." }) accountsReferred!: number;
}

/** Every field is resolved in StrategicScoreResolver from the service's AccountStrategy. */
@ObjectType("StrategicScore", {
  implements: NodeInterface,
  description: "An account's strategic score among all accounts under one set of weights and thresholds, its tier, and why.",
})
export class StrategicScoreType {}

@ObjectType("StrategicRankingEdge", { description: "One account of a strategicRanking page, with its score." })
export class StrategicRankingEdgeType {
  @Field(() => String, { description: "Opaque position (score and id, on this population); `after` takes it." }) cursor!: string;
  @Field(() => AccountType, { description: "The account." }) node!: AccountType;
  @Field(() => StrategicScoreType, { description: "Its score under the ranking's weights and thresholds." }) strategy!: StrategicScoreType;
}

@ObjectType("StrategicRankingConnection", { description: "A page of accounts by strategic score (Relay connection)." })
export class StrategicRankingConnectionType {
  @Field(() => [StrategicRankingEdgeType], { description: "The accounts of this page, most strategic first." }) edges!: StrategicRankingEdgeType[];
  @Field(() => PageInfo, { description: "Whether more pages follow, and the cursors." }) pageInfo!: PageInfo;
  @Field(() => Int, { description: "Ranked accounts matching the filter." }) totalCount!: number;
  @Field(() => DateScalar, { description: "The date the scores are computed for." }) asOf!: string;
}
