/**
 * Nested fields of the influence objects: metric values (each resolved on its own, so a
 * metric that cannot be computed fails only its field), ranks, reach (batched per
 * request), and the accounts / links behind ids (through the request's GraphReader).
 */
import { Arg, Ctx, FieldResolver, Float, ID, Int, Resolver, Root } from "type-graphql";
import type { Account, Link } from "../../domain/model.js";
import {
  INFLUENCE_LIMITS,
  INFLUENCE_METRICS,
  requireStanding,
  type AccountInfluence,
  type CommunityBroker,
  type CommunityInsight,
  type InfluenceMetric,
  type ReferralPathResult,
} from "../../services/influence-service.js";
import type { RequestContext } from "../context.js";
import { SAMPLED_BETWEENNESS, SAMPLED_HARMONIC } from "../influence-descriptions.js";
import { influenceSessionOf } from "../influence-session.js";
import { AccountType } from "../types/account.type.js";
import {
  ChampionProximityType,
  CommunityBrokerType,
  InfluenceCommunityType,
  InfluenceGraphNodeType,
  InfluenceHubEdgeType,
  InfluenceType,
  MetricRankType,
  ReachType,
  ReferralPathType,
} from "../types/influence.type.js";
import { LinkObjectType } from "../types/link.type.js";
import { influenceId } from "../global-ids.js";

@Resolver(() => InfluenceType)
export class InfluenceFieldsResolver {
  @FieldResolver(() => ID, { description: "Global id of the account's influence (one per account, whatever the snapshot)." })
  id(@Root() influence: AccountInfluence): string {
    return influenceId(influence.accountId);
  }

  @FieldResolver(() => AccountType, { nullable: true, description: "The account these metrics describe." })
  account(@Root() influence: AccountInfluence, @Ctx() ctx: RequestContext): Promise<Account | null> {
    return ctx.reader.account(influence.accountId);
  }

  @FieldResolver(() => Float, { description: "Weighted PageRank (sums to 1 over all accounts)." })
  pagerank(@Root() influence: AccountInfluence): number {
    return requireStanding(influence, "PAGERANK").score;
  }

  @FieldResolver(() => Float, { description: "HITS hub score: refers / influences many good authorities." })
  hubScore(@Root() influence: AccountInfluence): number {
    return requireStanding(influence, "HUB").score;
  }

  @FieldResolver(() => Float, { description: "HITS authority score: referred / influenced by many good hubs." })
  authorityScore(@Root() influence: AccountInfluence): number {
    return requireStanding(influence, "AUTHORITY").score;
  }

  @FieldResolver(() => Float, { description: `Normalized betweenness, 0..1. ${SAMPLED_BETWEENNESS}` })
  betweenness(@Root() influence: AccountInfluence): number {
    return requireStanding(influence, "BETWEENNESS").score;
  }

  @FieldResolver(() => Float, { nullable: true, description: `Σ 1/distance to the accounts this one reaches. ${SAMPLED_HARMONIC}` })
  harmonicCloseness(@Root() influence: AccountInfluence): number {
    return requireStanding(influence, "HARMONIC_CLOSENESS").score;
  }

  @FieldResolver(() => Float, { nullable: true, description: "Null with METRIC_NOT_COMPUTABLE when it does not converge." })
  eigenvector(@Root() influence: AccountInfluence): number {
    return requireStanding(influence, "EIGENVECTOR").score;
  }

  @FieldResolver(() => Int, { description: "Distinct accounts that influence or referred this one." })
  inDegree(@Root() influence: AccountInfluence): number {
    return requireStanding(influence, "IN_DEGREE").score;
  }

  @FieldResolver(() => Int, { description: "Distinct accounts this one influences or referred." })
  outDegree(@Root() influence: AccountInfluence): number {
    return requireStanding(influence, "OUT_DEGREE").score;
  }

  @FieldResolver(() => Float, { description: "Σ strength of incoming ties." })
  weightedInDegree(@Root() influence: AccountInfluence): number {
    return requireStanding(influence, "WEIGHTED_IN_DEGREE").score;
  }

  @FieldResolver(() => Float, { description: "Σ strength of outgoing ties." })
  weightedOutDegree(@Root() influence: AccountInfluence): number {
    return requireStanding(influence, "WEIGHTED_OUT_DEGREE").score;
  }

  @FieldResolver(() => [MetricRankType], { description: "Rank and percentile among all accounts, for every metric." })
  ranks(@Root() influence: AccountInfluence): MetricRankType[] {
    return INFLUENCE_METRICS.map((metric: InfluenceMetric) => {
      const standing = influence.standings[metric];
      return {
        metric,
        available: standing !== undefined,
        reason: standing ? null : (influence.unavailable[metric] ?? null),
        score: standing?.score ?? null,
        rank: standing?.rank ?? null,
        percentile: standing?.percentile ?? null,
      };
    });
  }

  @FieldResolver(() => ReachType, {
    nullable: true,
    description: "Accounts (and their revenue) the account's influence reaches within `hops` ties downstream.",
  })
  reach(
    @Root() influence: AccountInfluence,
    @Ctx() ctx: RequestContext,
    @Arg("hops", () => Int, { nullable: true, defaultValue: 2, description: `1..${INFLUENCE_LIMITS.maxHops}` }) hops: number,
  ) {
    return ctx.services.influence.reach(influence.accountId, hops, influenceSessionOf(ctx));
  }
}

@Resolver(() => InfluenceHubEdgeType)
export class InfluenceHubEdgeResolver {
  @FieldResolver(() => AccountType, { nullable: true })
  node(@Root() edge: { accountId: string }, @Ctx() ctx: RequestContext) {
    return ctx.reader.account(edge.accountId);
  }
}

@Resolver(() => InfluenceGraphNodeType)
export class InfluenceGraphNodeResolver {
  @FieldResolver(() => AccountType, { nullable: true })
  account(@Root() node: { accountId: string }, @Ctx() ctx: RequestContext) {
    return ctx.reader.account(node.accountId);
  }
}

@Resolver(() => ChampionProximityType)
export class ChampionProximityResolver {
  @FieldResolver(() => AccountType, { nullable: true })
  account(@Root() item: { accountId: string }, @Ctx() ctx: RequestContext) {
    return ctx.reader.account(item.accountId);
  }
}

@Resolver(() => ReferralPathType)
export class ReferralPathResolver {
  @FieldResolver(() => [AccountType], { description: "From the first account to the last." })
  async accounts(@Root() path: ReferralPathResult, @Ctx() ctx: RequestContext): Promise<Account[]> {
    return present(await Promise.all(path.accountIds.map((id) => ctx.reader.account(id))));
  }

  @FieldResolver(() => [LinkObjectType], { description: "The link used at each step (the strongest one between the pair)." })
  links(@Root() path: ReferralPathResult): Link[] {
    return path.links;
  }
}

@Resolver(() => InfluenceCommunityType)
export class InfluenceCommunityResolver {
  @FieldResolver(() => [AccountType], { description: "Most influential members first (PageRank)." })
  async members(
    @Root() community: CommunityInsight,
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { nullable: true, defaultValue: 10, description: `At most ${INFLUENCE_LIMITS.maxMembers}.` }) first: number,
  ): Promise<Account[]> {
    const ids = await ctx.services.influence.communityMembers(community.id, first, influenceSessionOf(ctx));
    return present(await Promise.all(ids.map((id) => ctx.reader.account(id))));
  }

  @FieldResolver(() => [CommunityBrokerType], { description: "Members tied into other communities, highest betweenness first." })
  brokers(
    @Root() community: CommunityInsight,
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { nullable: true, defaultValue: 3, description: `At most ${INFLUENCE_LIMITS.maxMembers}.` }) first: number,
  ): Promise<CommunityBroker[]> {
    return ctx.services.influence.communityBrokers(community.id, first, influenceSessionOf(ctx));
  }
}

@Resolver(() => CommunityBrokerType)
export class CommunityBrokerResolver {
  @FieldResolver(() => AccountType, { nullable: true, description: "The broker account; null if it was deleted after the snapshot." })
  account(@Root() broker: CommunityBroker, @Ctx() ctx: RequestContext) {
    return ctx.reader.account(broker.accountId);
  }
}

/** Accounts deleted since the snapshot drop out of lists instead of failing them. */
function present(accounts: (Account | null)[]): Account[] {
  return accounts.filter((account): account is Account => account !== null);
}
