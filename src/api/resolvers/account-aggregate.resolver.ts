/**
 * `accountsAggregate`: counts and revenue, whitespace and engagement-minute statistics of the
 * accounts a filter matches, grouped by one dimension (services/account-query-service.ts,
 * answered from the read model). Thin: arguments become one service call; groups name their
 * owner or community through the request's GraphReader.
 */
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { AccountStats, QuantityStats } from "../../services/read-model/account-aggregates.js";
import type { RequestContext } from "../context.js";
import { requirePageSize } from "../cursor.js";
import { forArgument } from "../error-mapping.js";
import { AccountGroupDimensionEnum } from "../graphql-enums.js";
import { AccountFilterInput } from "../inputs/account.input.js";
import { DateRangeInput } from "../inputs/account-query.input.js";
import { strategySessionOf } from "../strategy-session.js";
import { AccountGroupType, AccountsAggregateType, type MoneyStatsType } from "../types/account-aggregate.type.js";
import { CommunityType } from "../types/community.type.js";
import { AccountManagerType } from "../types/manager.type.js";

/** Groups one answer may list. */
const MAX_GROUPS = 500;

/** Money averages are answered to the cent. */
function money(stats: QuantityStats): MoneyStatsType {
  return { ...stats, average: stats.average === null ? null : Math.round(stats.average) };
}

function statsFields(stats: AccountStats) {
  return {
    count: stats.count,
    annualRevenue: money(stats.annualRevenue),
    whitespaceLicences: stats.whitespaceLicences,
    whitespaceValue: money(stats.whitespaceValue),
    engagementMinutes: stats.engagementMinutes,
  };
}

@Resolver(() => AccountsAggregateType)
export class AccountsAggregateResolver {
  @Query(() => AccountsAggregateType, {
    nullable: true,
    complexity: 10,
    description:
      "Statistics of the accounts `filter` matches (all when left out): count, and sum / average / min / max of annual revenue, " +
      "whitespace licences and value, and engagement minutes in `engagementWindow`; per group of `groupBy` too. " +
      "Answered from memory; nullable because grouping by TIER may wait for the strategy ranking (ANALYTICS_BUSY).",
  })
  async accountsAggregate(
    @Ctx() ctx: RequestContext,
    @Arg("filter", () => AccountFilterInput, { nullable: true, description: "Which accounts; all when left out." })
    filter?: AccountFilterInput | null,
    @Arg("groupBy", () => AccountGroupDimensionEnum, { nullable: true, description: "Group by this dimension; no groups when left out." })
    groupBy?: string | null,
    @Arg("engagementWindow", () => DateRangeInput, {
      nullable: true,
      description: "Which engagements `engagementMinutes` counts: the last 90 days by default; within the last two years.",
    })
    engagementWindow?: DateRangeInput | null,
  ): Promise<AccountsAggregateType> {
    const accountFilter = await forArgument("filter", () => ctx.services.accountQueries.filter(filter));
    const aggregate = await ctx.services.accountQueries.aggregate(
      { filter: accountFilter, groupBy: groupBy ?? null, engagementWindow: engagementWindow ?? null },
      strategySessionOf(ctx),
    );
    const dimension = aggregate.groupBy;
    return Object.assign(new AccountsAggregateType(), {
      ...statsFields(aggregate.totals),
      groupBy: dimension,
      groupCount: aggregate.groups.length,
      engagementWindow: aggregate.window,
      allGroups:
        dimension === null
          ? []
          : aggregate.groups.map((group) => Object.assign(new AccountGroupType(), { key: group.key, dimension, ...statsFields(group) })),
    });
  }

  @FieldResolver(() => [AccountGroupType], { description: "The groups, largest first (count descending, then key; the null key last)." })
  groups(
    @Root() aggregate: AccountsAggregateType,
    @Arg("first", () => Int, { nullable: true, defaultValue: 100, description: `At most ${MAX_GROUPS}.` }) first: number,
  ): AccountGroupType[] {
    return aggregate.allGroups.slice(0, requirePageSize(first, MAX_GROUPS));
  }
}

@Resolver(() => AccountGroupType)
export class AccountGroupResolver {
  @FieldResolver(() => AccountManagerType, { nullable: true, description: "The owner, when grouped by OWNER (null for unassigned accounts)." })
  owner(@Root() group: AccountGroupType, @Ctx() ctx: RequestContext) {
    return group.dimension === "OWNER" && group.key !== null ? ctx.reader.manager(group.key) : null;
  }

  @FieldResolver(() => CommunityType, { nullable: true, description: "The community, when grouped by COMMUNITY (null for accounts in none)." })
  community(@Root() group: AccountGroupType, @Ctx() ctx: RequestContext) {
    return group.dimension === "COMMUNITY" && group.key !== null ? ctx.reader.community(group.key) : null;
  }
}
