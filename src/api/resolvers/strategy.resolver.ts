/**
 * Strategy queries and `Account.strategy`. Thin: arguments become service calls over the
 * request's strategy session (one population and snapshot per request). The score's
 * words are built only when a query selects `components` or a dimension, because the
 * service ranks 20,000 accounts as numbers and explains only what is shown.
 * Every field here is a read: any authenticated role may call it (api/auth). Like the
 * influence fields, they are nullable, so an expected analytics failure (ANALYTICS_BUSY
 * while the first snapshot is computed) nulls only its own field.
 */
import { Arg, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Account, Community } from "../../domain/model.js";
import { unitsToCents } from "../../domain/money.js";
import {
  ADVOCATE_DEFAULTS,
  STRATEGY_LIMITS,
  type AccountStrategy,
  type AdvocateObjective,
  type AdvocatesResult,
  type CommunitySplitRow,
  type LossResult,
  type PlanResult,
  type PortfolioResult,
  type StrategicDimension,
  type Tier,
} from "../../services/strategy-service.js";
import type { RequestContext } from "../context.js";
import { decodeVersionedCursor, requirePageSize, toConnection } from "../cursor.js";
import { forArgument } from "../error-mapping.js";
import { AccountFilterInput } from "../inputs/account.input.js";
import { StrategyWeightsInput, TierThresholdsInput } from "../inputs/strategy.input.js";
import { AdvocateObjectiveEnum, TierEnum } from "../strategy-enums.js";
import { strategySessionOf } from "../strategy-session.js";
import { AccountType } from "../types/account.type.js";
import { CommunityType } from "../types/community.type.js";
import { AdvocateRecommendationType, CommunitySplitType, LossSimulationType, PortfolioType, TimePlanType } from "../types/strategy-decision.type.js";
import {
  EfficiencyScoreType,
  ExpansionScoreType,
  LoyaltyScoreType,
  RevenueScoreType,
  ScoreComponentType,
  StrategicRankingConnectionType,
  StrategicScoreType,
  StrategyWeightsType,
  WordOfMouthScoreType,
} from "../types/strategy.type.js";
import { strategicScoreId } from "../global-ids.js";

@Resolver()
export class StrategyQueryResolver {
  @Query(() => StrategicRankingConnectionType, {
    nullable: true,
    complexity: 25,
    description:
      "Accounts by strategic score (highest first, ties by id) with cursor pagination like `accounts`. Scores, percentiles " +
      "and tiers are relative to all accounts; `filter` only chooses which of them are listed.",
  })
  async strategicRanking(
    @Ctx() ctx: RequestContext,
    @Arg("weights", () => StrategyWeightsInput, {
      description: "Weights of the blend; the defaults of docs/scoring.md when omitted.",
      nullable: true,
    })
    weights?: StrategyWeightsInput | null,
    @Arg("thresholds", () => TierThresholdsInput, { description: "Tier thresholds; the defaults when omitted.", nullable: true })
    thresholds?: TierThresholdsInput | null,
    @Arg("filter", () => AccountFilterInput, { description: "Which accounts to list (ranks stay among all accounts).", nullable: true })
    filter?: AccountFilterInput | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: `At most ${STRATEGY_LIMITS.maxPageSize}.` }) first = 20,
    @Arg("after", () => String, { description: "Cursor of the item to continue after (`pageInfo.endCursor` of the previous page).", nullable: true })
    after?: string | null,
  ) {
    const ordering = ctx.services.strategy.rankingOrdering(weights, thresholds);
    const cursor = after ? decodeVersionedCursor(ordering, after) : undefined;
    const position = cursor?.position;
    const page = await ctx.services.strategy.rank(
      {
        weights,
        thresholds,
        first: requirePageSize(first, STRATEGY_LIMITS.maxPageSize),
        ...(filter ? { filter: await forArgument("filter", () => ctx.services.accountQueries.filter(filter)) } : {}),
        ...(cursor ? { after: cursor.position, afterVersion: cursor.version } : {}),
      },
      strategySessionOf(ctx),
    );
    const connection = toConnection(ordering, page, position, page.version);
    return {
      ...connection,
      edges: connection.edges.map(({ cursor, node }) => ({ cursor, node: node.facts.account, strategy: node })),
      asOf: page.asOf,
    };
  }

  @Query(() => TimePlanType, {
    nullable: true,
    description: "Where a manager's weekly selling hours pay most: minutes per account, versus an equal split and current habits.",
  })
  planTime(
    @Ctx() ctx: RequestContext,
    @Arg("managerId", () => ID, { description: "The manager whose week to plan." }) managerId: string,
    @Arg("hours", () => Float, {
      nullable: true,
      description: "Hours per week, at least one 15-minute planning step (0.25); default the manager's weekly capacity.",
    })
    hours?: number | null,
    @Arg("horizonWeeks", () => Int, { nullable: true, defaultValue: 1, description: "Weeks the expected revenue covers (1..52)." })
    horizonWeeks = 1,
    @Arg("weights", () => StrategyWeightsInput, { nullable: true, description: "Weights of the ranking the tiers come from." })
    weights?: StrategyWeightsInput | null,
  ): Promise<PlanResult> {
    return ctx.services.strategy.planTime({ managerId, hours: hours ?? null, horizonWeeks, weights }, strategySessionOf(ctx));
  }

  @Query(() => AdvocateRecommendationType, {
    nullable: true,
    description:
      "The k accounts whose word of mouth is expected to reach the most (Independent Cascade, CELF or reverse influence " +
      "sampling, seeded Monte Carlo). Candidates: `among`, else every customer; accounts asked askCapPerQuarter times " +
      "this quarter (referrals made) are left out.",
  })
  recommendAdvocates(
    @Ctx() ctx: RequestContext,
    @Arg("k", () => Int, { nullable: true, defaultValue: 5, description: `1..${ADVOCATE_DEFAULTS.maxK}` }) k = 5,
    @Arg("among", () => [ID], { description: "Candidates to choose from; every customer when omitted.", nullable: true }) among?: string[] | null,
    @Arg("objective", () => AdvocateObjectiveEnum, { description: "What the spread counts.", nullable: true, defaultValue: "REVENUE_POTENTIAL" })
    objective: AdvocateObjective = "REVENUE_POTENTIAL",
    @Arg("seed", () => Int, { description: "Seed of the simulations: the same seed gives the same answer.", nullable: true, defaultValue: 1 })
    seed = 1,
    @Arg("simulations", () => Int, { nullable: true, defaultValue: 1000, description: `1..${STRATEGY_LIMITS.maxSimulations}` })
    simulations = 1000,
    @Arg("askCapPerQuarter", () => Int, { nullable: true, description: `Default ${ADVOCATE_DEFAULTS.askCapPerQuarter}.` })
    askCapPerQuarter?: number | null,
  ): Promise<AdvocatesResult> {
    return ctx.services.strategy.recommendAdvocates(
      { k, objective, seed, simulations, askCapPerQuarter: askCapPerQuarter ?? null, ...(among ? { among } : {}) },
      strategySessionOf(ctx),
    );
  }

  @Query(() => LossSimulationType, {
    nullable: true,
    description: "What losing an account would cost: its revenue, customers that may follow (churn contagion), communities it holds together.",
  })
  simulateLoss(@Ctx() ctx: RequestContext, @Arg("accountId", () => ID, { description: "The account lost." }) accountId: string): Promise<LossResult> {
    return ctx.services.strategy.simulateLoss(accountId, strategySessionOf(ctx));
  }

  @Query(() => PortfolioType, {
    nullable: true,
    description: "A manager's accounts by tier, time last quarter vs the plan, top risks, expansion opportunities and advocates.",
  })
  portfolio(
    @Ctx() ctx: RequestContext,
    @Arg("managerId", () => ID, { description: "The manager." }) managerId: string,
    @Arg("weights", () => StrategyWeightsInput, { description: "Weights of the ranking the tiers come from.", nullable: true })
    weights?: StrategyWeightsInput | null,
  ): Promise<PortfolioResult> {
    return ctx.services.strategy.portfolio(managerId, { weights }, strategySessionOf(ctx));
  }
}

@Resolver(() => AccountType)
export class AccountStrategyResolver {
  @FieldResolver(() => StrategicScoreType, {
    nullable: true,
    complexity: 5,
    description: "Strategic score, tier and why, among all accounts, under the given weights (defaults: docs/scoring.md).",
  })
  strategy(
    @Root() account: Account,
    @Ctx() ctx: RequestContext,
    @Arg("weights", () => StrategyWeightsInput, {
      description: "Weights of the blend; the defaults of docs/scoring.md when omitted.",
      nullable: true,
    })
    weights?: StrategyWeightsInput | null,
    @Arg("thresholds", () => TierThresholdsInput, { description: "Tier thresholds; the defaults when omitted.", nullable: true })
    thresholds?: TierThresholdsInput | null,
  ): Promise<AccountStrategy> {
    return ctx.services.strategy.scoreOf(account.id, { weights, thresholds }, strategySessionOf(ctx), "id");
  }
}

@Resolver(() => StrategicScoreType)
export class StrategicScoreResolver {
  @FieldResolver(() => ID, { description: "Global id of the account's score under these weights and thresholds." })
  id(@Root() s: AccountStrategy): string {
    return strategicScoreId(s.facts.account.id, s.weights, s.thresholds);
  }

  @FieldResolver(() => AccountType, { nullable: true, description: "The account scored." })
  account(@Root() s: AccountStrategy, @Ctx() ctx: RequestContext): Promise<Account | null> {
    return ctx.reader.account(s.facts.account.id);
  }

  @FieldResolver(() => Float, { description: "Weighted blend of the dimension percentiles, 0..1." })
  score(@Root() s: AccountStrategy): number {
    return s.score.value;
  }

  @FieldResolver(() => Int, { description: "1 = most strategic." })
  rank(@Root() s: AccountStrategy): number {
    return s.score.rank;
  }

  @FieldResolver(() => Int, { description: "Accounts ranked alongside it." })
  rankedAccounts(@Root() s: AccountStrategy): number {
    return s.rankedAccounts;
  }

  @FieldResolver(() => Float, { description: "Percentile of the score among all accounts, 0..1." })
  percentile(@Root() s: AccountStrategy): number {
    return s.score.percentile;
  }

  @FieldResolver(() => TierEnum, { description: "Where value and influence put the account (docs/scoring.md, section 7)." })
  tier(@Root() s: AccountStrategy): Tier {
    return s.score.tier.tier;
  }

  @FieldResolver(() => String, { description: "What the tier asks of the manager." })
  tierAction(@Root() s: AccountStrategy): string {
    return s.score.tier.action;
  }

  @FieldResolver(() => String, { description: "Why the account is in this tier, with its two percentiles." })
  tierExplanation(@Root() s: AccountStrategy): string {
    return s.score.tier.explanation;
  }

  @FieldResolver(() => Float, { description: "Value axis of the tier: the blend without word of mouth, as a percentile 0..1." })
  valuePercentile(@Root() s: AccountStrategy): number {
    return s.score.tier.valuePercentile;
  }

  @FieldResolver(() => Float, { description: "Influence axis of the tier: the word-of-mouth percentile 0..1." })
  influencePercentile(@Root() s: AccountStrategy): number {
    return s.score.tier.influencePercentile;
  }

  @FieldResolver(() => StrategyWeightsType, { description: "The weights the score was computed with." })
  weights(@Root() s: AccountStrategy) {
    return s.weights;
  }

  @FieldResolver(() => [ScoreComponentType], { description: "Per dimension: normalised weight x percentile; they add up to the score." })
  components(@Root() s: AccountStrategy) {
    return s.explain().components;
  }

  @FieldResolver(() => RevenueScoreType, { description: "Revenue and profit: trend-adjusted profit contribution." })
  revenue(@Root() s: AccountStrategy) {
    const d = s.explain().dimensions.revenue;
    return {
      ...dimension(s, "revenue", d.value, d.components),
      annualRevenue: unitsToCents(d.annualRevenue),
      grossMargin: d.grossMargin,
      profitContribution: unitsToCents(d.profitContribution),
      trend: d.trend,
    };
  }

  @FieldResolver(() => EfficiencyScoreType, { description: "Cost efficiency: margin per minute of selling time." })
  efficiency(@Root() s: AccountStrategy) {
    const d = s.explain().dimensions.efficiency;
    return {
      ...dimension(s, "efficiency", d.value, d.components),
      measured: d.measured,
      windowDays: d.windowDays,
      minutes: d.minutes,
      revenuePerMinute: d.revenuePerMinute,
      versusPortfolio: d.versusPortfolio,
    };
  }

  @FieldResolver(() => ExpansionScoreType, { description: "Expansion: licences planned but not yet bought, at the account's price." })
  expansion(@Root() s: AccountStrategy) {
    const d = s.explain().dimensions.expansion;
    return {
      ...dimension(s, "expansion", d.value, d.components),
      whitespaceLicences: d.whitespaceLicences,
      whitespaceValue: unitsToCents(d.value),
      effectivePrice: unitsToCents(d.effectivePrice),
      effectiveDiscount: d.effectiveDiscount,
    };
  }

  @FieldResolver(() => LoyaltyScoreType, { description: "Loyalty: switching risk and the revenue you can count on." })
  loyalty(@Root() s: AccountStrategy) {
    const d = s.explain().dimensions.loyalty;
    return {
      ...dimension(s, "loyalty", d.risk, d.components),
      risk: d.risk,
      valueAtStake: unitsToCents(d.valueAtStake),
      retentionPriority: unitsToCents(d.retentionPriority),
      loyalValue: unitsToCents(d.loyalValue),
    };
  }

  @FieldResolver(() => WordOfMouthScoreType, { description: "Word of mouth: influence in the network and referral value." })
  wordOfMouth(@Root() s: AccountStrategy) {
    const d = s.explain().dimensions.wordOfMouth;
    return {
      ...dimension(s, "wordOfMouth", d.value, d.components),
      influenceIndex: d.influenceIndex,
      referralIndex: d.referralIndex,
      referralCredit: unitsToCents(d.referralCredit.total),
      accountsReferred: d.referralCredit.accountsReached,
    };
  }
}

@Resolver(() => CommunitySplitType)
export class CommunitySplitResolver {
  @FieldResolver(() => CommunityType, { nullable: true })
  community(@Root() split: CommunitySplitRow, @Ctx() ctx: RequestContext): Promise<Community | null> {
    return ctx.reader.community(split.communityId);
  }
}

function dimension(s: AccountStrategy, name: StrategicDimension, value: number, components: unknown[]) {
  const total = s.weights.revenue + s.weights.efficiency + s.weights.expansion + s.weights.loyalty + s.weights.wordOfMouth;
  return { value, percentile: s.score.dimensionPercentiles[name], weight: s.weights[name] / total, components };
}
