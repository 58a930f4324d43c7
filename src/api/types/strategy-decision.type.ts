/**
 * The strategy decisions as GraphQL objects: the weekly time plan with its two
 * baselines, advocates to cultivate, what losing an account would cost, and a manager's
 * portfolio (docs/scoring.md, sections 8–11). Money fields are `Money` (the services
 * return cents); rates per minute and spreads (currency units, or accounts for REACH)
 * are plain floats.
 */
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { AdvocateEstimator, AdvocateObjective, CurveSource, Tier } from "../../services/strategy-service.js";
import { MoneyScalar } from "../money-scalar.js";
import { AdvocateEstimatorEnum, AdvocateObjectiveEnum, ResponseCurveSourceEnum, TierEnum } from "../strategy-enums.js";
import { AccountType } from "./account.type.js";
import { CommunityType } from "./community.type.js";
import { AccountManagerType } from "./manager.type.js";
import { ScoreComponentType } from "./strategy.type.js";
import { DateScalar } from "../date-scalars.js";

@ObjectType("TimeAllocation", { description: "Minutes per week the plan gives one account, and what they are expected to bring." })
export class TimeAllocationType {
  @Field(() => AccountType) account!: AccountType;
  @Field(() => TierEnum) tier!: Tier;
  @Field(() => Float, { description: "Minutes per week." }) minutes!: number;
  @Field(() => MoneyScalar, { description: "Expected revenue over the horizon at these minutes." }) expectedRevenue!: number;
  @Field(() => Float, { description: "What the next increment would earn per minute (currency units)." }) marginalRevenuePerMinute!: number;
  @Field(() => Float, { description: "Minutes per week under the equal split." }) equalSplitMinutes!: number;
  @Field(() => Float, { description: "Minutes per week under the manager's current habits (scaled to the same hours)." }) currentMinutes!: number;
  @Field(() => ResponseCurveSourceEnum) curveSource!: CurveSource;
  @Field(() => [ScoreComponentType], { description: "The fitted response curve's anchors, with why." }) curve!: ScoreComponentType[];
}

@ObjectType("AllocationTotals")
export class AllocationTotalsType {
  @Field(() => Float, { description: "Minutes per week allocated." }) minutes!: number;
  @Field(() => MoneyScalar, { description: "Expected revenue over the horizon." }) expectedRevenue!: number;
  @Field(() => Float, { description: "Expected revenue per allocated minute (currency units)." }) revenuePerMinute!: number;
}

@ObjectType("CurrentAllocationTotals")
export class CurrentAllocationTotalsType extends AllocationTotalsType {
  @Field(() => Float, { description: "Minutes per week the manager actually logged over the last 12 weeks." })
  observedMinutesPerWeek!: number;
}

@ObjectType("TimePlan", {
  description:
    "Greedy marginal allocation of weekly minutes over concave (CALLPLAN) response curves; never below the equal split.",
})
export class TimePlanType {
  @Field(() => AccountManagerType) manager!: AccountManagerType;
  @Field(() => DateScalar) asOf!: string;
  @Field(() => Float) hoursPerWeek!: number;
  @Field(() => Int) horizonWeeks!: number;
  @Field(() => Int) incrementMinutes!: number;
  @Field(() => [TimeAllocationType], { description: "Every account of the manager, most minutes first." }) allocations!: TimeAllocationType[];
  @Field(() => AllocationTotalsType) totals!: AllocationTotalsType;
  @Field(() => AllocationTotalsType, { description: "Same hours split equally across the accounts (door to door)." })
  equalSplit!: AllocationTotalsType;
  @Field(() => CurrentAllocationTotalsType, { description: "Same hours split the way the manager split them lately." })
  currentAllocation!: CurrentAllocationTotalsType;
  @Field(() => [ScoreComponentType]) components!: ScoreComponentType[];
}

@ObjectType("Advocate")
export class AdvocateType {
  @Field(() => AccountType) account!: AccountType;
  @Field(() => Float, { description: "Spread it adds beyond the advocates before it (currency units, or accounts for REACH)." })
  marginalSpread!: number;
  @Field(() => Float) cumulativeSpread!: number;
  @Field(() => Int, { description: "Referrals it made since the start of this calendar quarter (its asks)." }) timesAskedThisQuarter!: number;
}

@ObjectType("AdvocateRecommendation", {
  description: "Influence maximisation under the Independent Cascade model; deterministic for a given seed.",
})
export class AdvocateRecommendationType {
  @Field(() => [AdvocateType]) advocates!: AdvocateType[];
  @Field(() => AdvocateObjectiveEnum) objective!: AdvocateObjective;
  @Field(() => AdvocateEstimatorEnum) estimator!: Exclude<AdvocateEstimator, "AUTO">;
  @Field(() => Float, { description: "Spread of the chosen set on fresh simulations (currency units, or accounts for REACH)." })
  expectedSpread!: number;
  @Field(() => Float, { description: "Standard error of expectedSpread." }) standardError!: number;
  @Field(() => Float, { description: "The selection's own estimate (optimistic: chosen on the same samples)." }) selectionSpread!: number;
  @Field(() => Int) simulations!: number;
  @Field(() => Int) seed!: number;
  @Field(() => Int, { description: "Accounts considered after the ask cap." }) candidates!: number;
  @Field(() => [AccountType], { description: "Left out: already asked askCapPerQuarter times this quarter." }) excludedByAskCap!: AccountType[];
  @Field(() => [ScoreComponentType]) components!: ScoreComponentType[];
}

@ObjectType("ExposedAccount", { description: "An account that may follow the lost one out (churn contagion)." })
export class ExposedAccountType {
  @Field(() => AccountType) account!: AccountType;
  @Field(() => Float, { description: "Share of simulations in which it left too." }) probability!: number;
  @Field(() => MoneyScalar, { description: "probability x its annual revenue." }) revenueAtRisk!: number;
}

@ObjectType("CommunitySplit", { description: "A stored community whose members' ties fall into more pieces without the account." })
export class CommunitySplitType {
  @Field(() => ID) communityId!: string;
  @Field(() => CommunityType, { nullable: true }) community!: CommunityType | null;
  @Field(() => Int) members!: number;
  @Field(() => Int) piecesBefore!: number;
  @Field(() => Int) piecesAfter!: number;
  @Field(() => Int, { description: "Members cut off from the largest remaining piece." }) strandedMembers!: number;
}

@ObjectType("LossSimulation", { description: "What losing an account would cost: directly, through its network, and in communities." })
export class LossSimulationType {
  @Field(() => AccountType) account!: AccountType;
  @Field(() => MoneyScalar, { description: "Its own annual revenue." }) directRevenue!: number;
  @Field(() => MoneyScalar, { description: "Expected revenue of the customers that would follow it out." })
  expectedNetworkRevenueAtRisk!: number;
  @Field(() => MoneyScalar, { description: "Standard error of expectedNetworkRevenueAtRisk." }) standardError!: number;
  @Field(() => MoneyScalar, { description: "Expected potential of the prospects that would turn away." }) prospectPotentialAtRisk!: number;
  @Field(() => MoneyScalar) totalRevenueAtRisk!: number;
  @Field(() => [ExposedAccountType], { description: "Most exposed accounts first (at most 10)." }) exposedAccounts!: ExposedAccountType[];
  @Field(() => Boolean, { description: "It holds a community or its part of the network together." }) keystone!: boolean;
  @Field(() => [CommunitySplitType]) splitCommunities!: CommunitySplitType[];
  @Field(() => Int, { description: "Pieces its connected part of the network falls into without it (1 = no split)." })
  networkPiecesAfter!: number;
  @Field(() => Int) simulations!: number;
  @Field(() => Int) seed!: number;
  @Field(() => Float, { description: "Churn spreads at this share of influence probability." }) contagionScale!: number;
  @Field(() => [ScoreComponentType]) components!: ScoreComponentType[];
}

@ObjectType("PortfolioTier")
export class PortfolioTierType {
  @Field(() => TierEnum) tier!: Tier;
  @Field(() => Int) count!: number;
  @Field(() => MoneyScalar, { description: "Annual revenue of the tier's accounts." }) revenue!: number;
  @Field(() => Float, { description: "The manager's engagement minutes on these accounts in the last 13 weeks." })
  minutesLastQuarter!: number;
  @Field(() => Float, { description: "Minutes the weekly plan gives them, times 13." }) plannedMinutesPerQuarter!: number;
  @Field(() => [AccountType]) accounts!: AccountType[];
}

@ObjectType("PortfolioItem")
export class PortfolioItemType {
  @Field(() => AccountType) account!: AccountType;
  @Field(() => Float, { description: "Retention priority / whitespace value (currency units) or advocate spread." }) value!: number;
  @Field(() => String) explanation!: string;
}

@ObjectType("Portfolio", { description: "A manager's accounts by tier, time last quarter vs the plan, top risks, expansion and advocates." })
export class PortfolioType {
  @Field(() => AccountManagerType) manager!: AccountManagerType;
  @Field(() => DateScalar) asOf!: string;
  @Field(() => [PortfolioTierType]) tiers!: PortfolioTierType[];
  @Field(() => Float) minutesLastQuarter!: number;
  @Field(() => Float) plannedMinutesPerQuarter!: number;
  @Field(() => Float, { description: "Share of time the plan moves between tiers, 0 (already on plan) .. 1." }) timeToMove!: number;
  @Field(() => [PortfolioItemType], { description: "Highest retention priority (switching risk x revenue) first." }) topRisks!: PortfolioItemType[];
  @Field(() => [PortfolioItemType], { description: "Largest whitespace value first." }) topExpansion!: PortfolioItemType[];
  @Field(() => [PortfolioItemType], { description: "Advocates recommended among the manager's customers." }) topAdvocates!: PortfolioItemType[];
  @Field(() => [ScoreComponentType]) components!: ScoreComponentType[];
}
