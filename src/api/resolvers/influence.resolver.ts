/**
 * Influence queries and `Account.influence`. Thin: arguments become service calls over
 * the request's influence session (one snapshot per request); nested accounts go
 * through the request's GraphReader (DataLoader). The analytics fields are nullable so
 * an expected analytics failure (ANALYTICS_BUSY, METRIC_NOT_COMPUTABLE) nulls only its
 * own field and the rest of the query still answers.
 */
import { Arg, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Account } from "../../domain/model.js";
import { parseMoney } from "../../domain/money.js";
import type { KeysetPosition } from "../../ports/account-graph-store.js";
import {
  INFLUENCE_LIMITS,
  type AccountInfluence,
  type InfluenceHubFilter,
  type InfluenceMetric,
  type PathMode,
  type ReferralPathResult,
} from "../../services/influence-service.js";
import type { RequestContext } from "../context.js";
import { decodeVersionedCursor, requirePageSize, toConnection } from "../cursor.js";
import { forArgument } from "../error-mapping.js";
import { InfluenceMetricEnum, PathModeEnum } from "../influence-enums.js";
import { influenceSessionOf } from "../influence-session.js";
import { InfluenceHubFilterInput } from "../inputs/influence.input.js";
import { AccountType } from "../types/account.type.js";
import {
  ChampionProximityType,
  InfluenceCommunityReportType,
  InfluenceGraphType,
  InfluenceHubConnectionType,
  InfluenceType,
  ReferralPathType,
} from "../types/influence.type.js";

@Resolver()
export class InfluenceQueryResolver {
  @Query(() => InfluenceHubConnectionType, {
    nullable: true,
    description: "Accounts ordered by an influence metric (highest first, ties by id), with cursor pagination like `accounts`.",
  })
  async influenceHubs(
    @Ctx() ctx: RequestContext,
    @Arg("metric", () => InfluenceMetricEnum, { description: "The metric to order by." }) metric: InfluenceMetric,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: `At most ${INFLUENCE_LIMITS.maxHubPage}.` }) first: number,
    @Arg("after", () => String, { description: "Cursor of the item to continue after (`pageInfo.endCursor` of the previous page).", nullable: true })
    after?: string | null,
    @Arg("filter", () => InfluenceHubFilterInput, { description: "Which accounts; all when omitted.", nullable: true })
    filter?: InfluenceHubFilterInput | null,
  ) {
    const ordering = `INFLUENCE:${metric}`;
    const cursor = after ? decodeVersionedCursor(ordering, after) : undefined;
    const position: KeysetPosition | undefined = cursor?.position;
    const page = await ctx.services.influence.hubs(
      {
        metric,
        first: requirePageSize(first, INFLUENCE_LIMITS.maxHubPage),
        ...(cursor ? { after: cursor.position, afterVersion: cursor.version } : {}),
        ...(filter ? { filter: await forArgument("filter", async () => toHubFilter(filter)) } : {}),
      },
      influenceSessionOf(ctx),
    );
    const connection = toConnection(ordering, page, position, page.snapshot.version);
    return {
      ...connection,
      edges: connection.edges.map(({ cursor: edgeCursor, node }) => ({ cursor: edgeCursor, ...node })),
      snapshot: page.snapshot,
    };
  }

  @Query(() => InfluenceGraphType, {
    nullable: true,
    description: "The influence neighbourhood of some accounts (ties followed both ways), bounded by `limit` accounts.",
  })
  influenceGraph(
    @Ctx() ctx: RequestContext,
    @Arg("around", () => [ID], { description: "Accounts to start from." }) around: string[],
    @Arg("depth", () => Int, { nullable: true, defaultValue: 1, description: `1..${INFLUENCE_LIMITS.maxDepth}` }) depth: number,
    @Arg("minStrength", () => Float, { nullable: true, defaultValue: 0, description: "Only ties at least this strong (0..1)." })
    minStrength: number,
    @Arg("limit", () => Int, { nullable: true, defaultValue: 100, description: `At most ${INFLUENCE_LIMITS.maxGraphNodes} accounts.` })
    limit: number,
  ) {
    return ctx.services.influence.influenceGraph({ around, depth, minStrength, limit }, influenceSessionOf(ctx));
  }

  @Query(() => ReferralPathType, {
    nullable: true,
    description: "The chain of introductions from one account to another over stored links, or null when there is none.",
  })
  referralPath(
    @Ctx() ctx: RequestContext,
    @Arg("fromId", () => ID, { description: "The account the chain starts at." }) fromId: string,
    @Arg("toId", () => ID, { description: "The account it should reach." }) toId: string,
    @Arg("mode", () => PathModeEnum, { description: "Strongest chain or fewest introductions.", nullable: true, defaultValue: "STRONGEST" })
    mode: PathMode,
  ): Promise<ReferralPathResult | null> {
    return ctx.services.influence.referralPath(fromId, toId, mode, influenceSessionOf(ctx));
  }

  @Query(() => InfluenceCommunityReportType, {
    nullable: true,
    description:
      "Communities computed from the influence graph (Louvain), largest first, with revenue, customer share and brokers. " +
      "For the stored social groups (churches, associations, clubs) use `communities`.",
  })
  influenceCommunities(
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: `At most ${INFLUENCE_LIMITS.maxCommunities}.` }) first: number,
  ) {
    return ctx.services.influence.communityInsights(first, influenceSessionOf(ctx));
  }

  @Query(() => [ChampionProximityType], {
    nullable: true,
    description:
      "Accounts closest in influence to a set of champions: personalized PageRank from the seeds along the ties " +
      "(whom their word of mouth reaches most), seeds excluded.",
  })
  closestToChampions(
    @Ctx() ctx: RequestContext,
    @Arg("seedIds", () => [ID], { description: "The champions: accounts whose word of mouth to follow." }) seedIds: string[],
    @Arg("first", () => Int, { nullable: true, defaultValue: 10, description: `At most ${INFLUENCE_LIMITS.maxRankFirst}.` }) first: number,
  ) {
    return ctx.services.influence.personalizedRank(seedIds, first, influenceSessionOf(ctx));
  }
}

@Resolver(() => AccountType)
export class AccountInfluenceResolver {
  @FieldResolver(() => InfluenceType, {
    nullable: true,
    description: "Influence metrics of the account; null while the account is newer than the last computed snapshot.",
  })
  influence(@Root() account: Account, @Ctx() ctx: RequestContext): Promise<AccountInfluence | null> {
    return ctx.services.influence.influenceOf(account.id, influenceSessionOf(ctx));
  }
}

function toHubFilter(input: InfluenceHubFilterInput): InfluenceHubFilter {
  const filter: InfluenceHubFilter = {};
  if (input.statuses) filter.statuses = input.statuses;
  if (input.segments) filter.segments = input.segments;
  if (input.ownerIds) filter.ownerIds = input.ownerIds;
  if (input.communityId) filter.communityId = input.communityId;
  if (input.influenceCommunityId) filter.influenceCommunityId = input.influenceCommunityId;
  if (input.keystoneOnly) filter.keystoneOnly = true;
  if (input.minRevenue !== undefined && input.minRevenue !== null) filter.minRevenue = parseMoney(input.minRevenue, "minRevenue");
  return filter;
}
