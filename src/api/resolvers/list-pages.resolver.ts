/**
 * Paged lists beside `accounts`: `communitiesConnection`, `accountManagersConnection` and a
 * community's `membersConnection`, answered from the read model (services/account-query-service.ts)
 * with keyset cursors. The plain lists (`communities`, `accountManagers`, `members`) stay as
 * they were for clients that read them whole.
 */
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Community, MembershipRole } from "../../domain/model.js";
import { MAX_PAGE_SIZE } from "../../services/account-service.js";
import type { ListPage } from "../../services/read-model/list-pages.js";
import type { RequestContext } from "../context.js";
import { decodeCursorPosition, requirePageSize, toConnection } from "../cursor.js";
import { MembershipRoleEnum } from "../graphql-enums.js";
import { DateRangeInput } from "../inputs/account-query.input.js";
import { CommunityFilterInput } from "../inputs/record-edits.input.js";
import { CommunityType } from "../types/community.type.js";
import { AccountManagerConnection, CommunityConnection, MembershipConnection, type ConnectionObject } from "../types/list-connections.type.js";

/** Cursor orderings: a cursor of one list is refused by the others. */
const ORDERINGS = { communities: "COMMUNITY:NAME", managers: "MANAGER:NAME", members: "MEMBER:ROLE" } as const;

function pageArgs(ordering: string, first: number, after: string | null | undefined) {
  const position = after ? decodeCursorPosition(ordering, after) : undefined;
  return { first: requirePageSize(first, MAX_PAGE_SIZE), ...(position ? { after: position } : {}), position };
}

function connection<T>(ordering: string, page: ListPage<T>, position: ReturnType<typeof pageArgs>["position"]) {
  return toConnection(ordering, page, position) as ConnectionObject<T>;
}

@Resolver()
export class ListPagesResolver {
  @Query(() => CommunityConnection, { nullable: true, description: "Communities by name, a page at a time; `communities` lists them all." })
  async communitiesConnection(
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: `At most ${MAX_PAGE_SIZE}.` }) first: number,
    @Arg("after", () => String, { nullable: true, description: "The `endCursor` of the previous page." }) after?: string | null,
    @Arg("filter", () => CommunityFilterInput, { nullable: true, description: "Which communities; all when left out." })
    filter?: CommunityFilterInput | null,
  ) {
    const { position, ...page } = pageArgs(ORDERINGS.communities, first, after);
    const result = await ctx.services.accountQueries.communities({ ...page, ...(filter ?? {}) });
    return connection(ORDERINGS.communities, result, position);
  }

  @Query(() => AccountManagerConnection, {
    nullable: true,
    description: "Account managers by name, a page at a time; `accountManagers` lists them all.",
  })
  async accountManagersConnection(
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: `At most ${MAX_PAGE_SIZE}.` }) first: number,
    @Arg("after", () => String, { nullable: true, description: "The `endCursor` of the previous page." }) after?: string | null,
    @Arg("nameContains", () => String, { nullable: true, description: "Case-insensitive substring of the name." }) nameContains?: string | null,
  ) {
    const { position, ...page } = pageArgs(ORDERINGS.managers, first, after);
    const result = await ctx.services.accountQueries.managers({ ...page, nameContains: nameContains ?? null });
    return connection(ORDERINGS.managers, result, position);
  }
}

@Resolver(() => CommunityType)
export class CommunityMembersResolver {
  @FieldResolver(() => MembershipConnection, { description: "Members a page at a time: leaders first, then by account id." })
  async membersConnection(
    @Root() community: Community,
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: `At most ${MAX_PAGE_SIZE}.` }) first: number,
    @Arg("after", () => String, { nullable: true, description: "The `endCursor` of the previous page." }) after?: string | null,
    @Arg("roles", () => [MembershipRoleEnum], { nullable: true, description: "Only these roles." }) roles?: MembershipRole[] | null,
    @Arg("since", () => DateRangeInput, { nullable: true, description: "Only memberships that began in this range (`isNull`: without a date)." })
    since?: DateRangeInput | null,
  ) {
    const { position, ...page } = pageArgs(ORDERINGS.members, first, after);
    const result = await ctx.services.accountQueries.members(community.id, { ...page, roles: roles ?? null, since: since ?? null });
    return connection(ORDERINGS.members, result, position);
  }
}
