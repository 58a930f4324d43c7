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
import { ActivationScaleType, MoneyIntervalType, ResponseModelType } from "./plan.type.js";
import { DateScalar } from "../date-scalars.js";

@ObjectType("TimeAllocation", { description: "Minutes per week the plan gives one account, and what they are expected to bring." })
export class TimeAllocationType {
  @Field(() => AccountType, { description: "The account." }) account!: AccountType;
  @Field(() => TierEnum, { description: "Its tier under the plan's weights." }) tier!: Tier;
  @Field(() => Float, { description: "Minutes per week." }) minutes!: number;
  @Field(() => MoneyScalar, { description: "Expected revenue over the horizon at these minutes." }) expectedRevenue!: number;
  @Field(() => Float, { description: "What the next increment would earn per minute (currency units)." }) marginalRevenuePerMinute!: number;
  @Field(() => Float, { description: "Minutes per week under the equal split." }) equalSplitMinutes!: number;
  @Field(() => Float, { description: "Minutes per week under the manager's current habits (scaled to the same hours)." }) currentMinutes!: number;
  @Field(() => ResponseCurveSourceEnum, { description: "Where the account's response curve came from." }) curveSource!: CurveSource;
  @Field(() => MoneyIntervalType, { description: "Interval of expectedRevenue (the plan's intervalLevel)." }) interval!: MoneyIntervalType;
  @Field(() => Boolean, { description: "Planned from weak evidence: no history of its own, or an interval wider than half its expected revenue." })
  weakEvidence!: boolean;
  @Field(() => Int, { description: "Quarters of its own history the curve was fitted from (0: a prior)." }) periodsObserved!: number;
  @Field(() => [ScoreComponentType], { description: "The fitted response curve's anchors, with why." }) curve!: ScoreComponentType[];
}

@ObjectType("AllocationTotals", { description: "What a way of splitting the weekly hours adds up to." })
export class AllocationTotalsType {
  @Field(() => Float, { description: "Minutes per week allocated." }) minutes!: number;
  @Field(() => MoneyScalar, { description: "Expected revenue over the horizon." }) expectedRevenue!: number;
  @Field(() => MoneyIntervalType, { description: "Interval of expectedRevenue (the plan's intervalLevel), from the curves' uncertainty." })
  interval!: MoneyIntervalType;
  @Field(() => Float, { description: "Expected revenue per allocated minute (currency units)." }) revenuePerMinute!: number;
}

@ObjectType("CurrentAllocationTotals", { description: "AllocationTotals of the manager's current habits, with the minutes actually logged." })
export class CurrentAllocationTotalsType extends AllocationTotalsType {
  @Field(() => Float, { description: "Minutes per week the manager logged in the latest complete quarter with time on the book." })
  observedMinutesPerWeek!: number;
}

@ObjectType("TimePlan", {
  description:
    "Greedy marginal allocation of weekly minutes over response curves fitted from the book's quarterly history (CALLPLAN / ADBUDG, partial pooling); never below the equal split.",
})
export class TimePlanType {
  @Field(() => AccountManagerType, { description: "The manager planned for." }) manager!: AccountManagerType;
  @Field(() => DateScalar, { description: "The date the plan is made for." }) asOf!: string;
  @Field(() => Float, { description: "Hours per week handed out." }) hoursPerWeek!: number;
  @Field(() => Int, { description: "Weeks the expected revenue covers." }) horizonWeeks!: number;
  @Field(() => Int, { description: "Minutes per greedy step (15)." }) incrementMinutes!: number;
  @Field(() => [TimeAllocationType], { description: "Every account of the manager, most minutes first." }) allocations!: TimeAllocationType[];
  @Field(() => AllocationTotalsType, { description: "The plan's totals." }) totals!: AllocationTotalsType;
  @Field(() => AllocationTotalsType, { description: "Same hours split equally across the accounts (door to door)." })
  equalSplit!: AllocationTotalsType;
  @Field(() => CurrentAllocationTotalsType, { description: "Same hours split the way the manager split them lately." })
  currentAllocation!: CurrentAllocationTotalsType;
  @Field(() => Float, { description: "Central share of the curves' posterior each interval covers (0.9)." }) intervalLevel!: number;
  @Field(() => Int, { description: "Accounts planned from weak evidence." }) weakEvidenceAccounts!: number;
  @Field(() => ResponseModelType, { description: "The book's response model fitted from its quarterly history." }) model!: ResponseModelType;
  @Field(() => [ScoreComponentType], { description: "How the plan compares with the two baselines, with why." }) components!: ScoreComponentType[];
}

@ObjectType("Advocate", { description: "An account recommended as an advocate, in the order chosen." })
export class AdvocateType {
  @Field(() => AccountType, { description: "The advocate." }) account!: AccountType;
  @Field(() => Float, { description: "Spread it adds beyond the advocates before it (currency units, or accounts for REACH)." })
  marginalSpread!: number;
  @Field(() => Float, { description: "Spread of the advocates up to and including this one." }) cumulativeSpread!: number;
  @Field(() => Int, { description: "Referrals it made since the start of this calendar quarter (its asks)." }) timesAskedThisQuarter!: number;
}

@ObjectType("AdvocateRecommendation", {
  description: "Influence maximisation under the Independent Cascade model; deterministic for a given seed.",
})
export class AdvocateRecommendationType {
  @Field(() => [AdvocateType], { description: "The k advocates, in the order the greedy search chose them." }) advocates!: AdvocateType[];
  @Field(() => AdvocateObjectiveEnum, { description: "What the spread counts." }) objective!: AdvocateObjective;
  @Field(() => AdvocateEstimatorEnum, { description: "How the advocates were chosen." }) estimator!: Exclude<AdvocateEstimator, "AUTO">;
  @Field(() => Float, { description: "Spread of the chosen set on fresh simulations (currency units, or accounts for REACH)." })
  expectedSpread!: number;
  @Field(() => Float, { description: "Standard error of expectedSpread." }) standardError!: number;
  @Field(() => Float, { description: "The selection's own estimate (optimistic: chosen on the same samples)." }) selectionSpread!: number;
  @Field(() => Int, { description: "Monte Carlo simulations run." }) simulations!: number;
  @Field(() => Int, { description: "Seed of the simulations: the same seed gives the same answer." }) seed!: number;
  @Field(() => Int, { description: "Accounts considered after the ask cap." }) candidates!: number;
  @Field(() => [AccountType], { description: "Left out: already asked askCapPerQuarter times this quarter." }) excludedByAskCap!: AccountType[];
  @Field(() => ActivationScaleType, {
    description: "The activation scale the cascades ran at: fitted from history, or the default; with its backtest.",
  })
  activation!: ActivationScaleType;
  @Field(() => [ScoreComponentType], { description: "The assumptions (probabilities, objective) with why." }) components!: ScoreComponentType[];
}

@ObjectType("ExposedAccount", { description: "An account that may follow the lost one out (churn contagion)." })
export class ExposedAccountType {
  @Field(() => AccountType, { description: "The exposed account." }) account!: AccountType;
  @Field(() => Float, { description: "Share of simulations in which it left too." }) probability!: number;
  @Field(() => MoneyScalar, { description: "probability x its annual revenue." }) revenueAtRisk!: number;
}

@ObjectType("CommunitySplit", { description: "A stored community whose members' ties fall into more pieces without the account." })
export class CommunitySplitType {
  @Field(() => ID, { description: "The community's id." }) communityId!: string;
  @Field(() => CommunityType, { nullable: true, description: "The community; null if it was deleted meanwhile." }) community!: CommunityType | null;
  @Field(() => Int, { description: "Its members." }) members!: number;
  @Field(() => Int, { description: "Connected pieces its members' ties form with the account." }) piecesBefore!: number;
  @Field(() => Int, { description: "Connected pieces without it." }) piecesAfter!: number;
  @Field(() => Int, { description: "Members cut off from the largest remaining piece." }) strandedMembers!: number;
}

@ObjectType("LossSimulation", { description: "What losing an account would cost: directly, through its network, and in communities." })
export class LossSimulationType {
  @Field(() => AccountType, { description: "The account lost." }) account!: AccountType;
  @Field(() => MoneyScalar, { description: "Its own annual revenue." }) directRevenue!: number;
  @Field(() => MoneyScalar, { description: "Expected revenue of the customers that would follow it out." })
  expectedNetworkRevenueAtRisk!: number;
  @Field(() => MoneyScalar, { description: "Standard error of expectedNetworkRevenueAtRisk." }) standardError!: number;
  @Field(() => MoneyScalar, { description: "Expected potential of the prospects that would turn away." }) prospectPotentialAtRisk!: number;
  @Field(() => MoneyScalar, { description: "directRevenue + expectedNetworkRevenueAtRisk." }) totalRevenueAtRisk!: number;
  @Field(() => [ExposedAccountType], { description: "Most exposed accounts first (at most 10)." }) exposedAccounts!: ExposedAccountType[];
  @Field(() => Boolean, { description: "It holds a community or its part of the network together." }) keystone!: boolean;
  @Field(() => [CommunitySplitType], { description: "Its stored communities that fall into more pieces without it." })
  splitCommunities!: CommunitySplitType[];
  @Field(() => Int, { description: "Pieces its connected part of the network falls into without it (1 = no split)." })
  networkPiecesAfter!: number;
  @Field(() => Int, { description: "Cascade simulations run." }) simulations!: number;
  @Field(() => Int, { description: "Seed of the simulations: the same seed gives the same answer." }) seed!: number;
  @Field(() => Float, { description: "Churn spreads at this share of influence probability." }) contagionScale!: number;
  @Field(() => [ScoreComponentType], { description: "The pieces of the loss, with why." }) components!: ScoreComponentType[];
}

@ObjectType("PortfolioTier", { description: "A manager's accounts in one tier, with time spent and planned." })
export class PortfolioTierType {
  @Field(() => TierEnum, { description: "The tier." }) tier!: Tier;
  @Field(() => Int, { description: "The manager's accounts in it." }) count!: number;
  @Field(() => MoneyScalar, { description: "Annual revenue of the tier's accounts." }) revenue!: number;
  @Field(() => Float, { description: "The manager's engagement minutes on these accounts in the last 13 weeks." })
  minutesLastQuarter!: number;
  @Field(() => Float, { description: "Minutes the weekly plan gives them, times 13." }) plannedMinutesPerQuarter!: number;
  @Field(() => [AccountType], { description: "Those accounts, most strategic first." }) accounts!: AccountType[];
}

@ObjectType("PortfolioItem", { description: "An account singled out in a portfolio list, with the number it was picked by." })
export class PortfolioItemType {
  @Field(() => AccountType, { description: "The account." }) account!: AccountType;
  @Field(() => Float, { description: "Retention priority / whitespace value (currency units) or advocate spread." }) value!: number;
  @Field(() => String, { description: "Why it is on the list, with the numbers." }) explanation!: string;
}

@ObjectType("Portfolio", { description: "A manager's accounts by tier, time last quarter vs the plan, top risks, expansion and advocates." })
export class PortfolioType {
  @Field(() => AccountManagerType, { description: "The manager." }) manager!: AccountManagerType;
  @Field(() => DateScalar, { description: "The date the portfolio is computed for." }) asOf!: string;
  @Field(() => [PortfolioTierType], { description: "Every tier, STRATEGIC first." }) tiers!: PortfolioTierType[];
  @Field(() => Float, { description: "The manager's engagement minutes in the last 13 weeks." }) minutesLastQuarter!: number;
  @Field(() => Float, { description: "Minutes the weekly plan gives out, times 13." }) plannedMinutesPerQuarter!: number;
  @Field(() => Float, { description: "Share of time the plan moves between tiers, 0 (already on plan) .. 1." }) timeToMove!: number;
  @Field(() => [PortfolioItemType], { description: "Highest retention priority (switching risk x revenue) first." }) topRisks!: PortfolioItemType[];
  @Field(() => [PortfolioItemType], { description: "Largest whitespace value first." }) topExpansion!: PortfolioItemType[];
  @Field(() => [PortfolioItemType], { description: "Advocates recommended among the manager's customers." }) topAdvocates!: PortfolioItemType[];
  @Field(() => [ScoreComponentType], { description: "The portfolio's key figures, with why." }) components!: ScoreComponentType[];
}
