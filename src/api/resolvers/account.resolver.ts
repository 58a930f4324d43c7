/**
 * Account queries and the account's nested fields. Thin: arguments are turned into
 * service calls; nested fields go through the request's GraphReader (DataLoader).
 */
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Account, Engagement, Link, LinkType, Membership, Purchase } from "../../domain/model.js";
import { parseMoney } from "../../domain/money.js";
import type { AccountFilter, KeysetPosition } from "../../ports/account-graph-store.js";
import { MAX_PAGE_SIZE } from "../../services/account-service.js";
import type { RequestContext } from "../context.js";
import { decodeCursor, requirePageSize, toConnection } from "../cursor.js";
import { forArgument } from "../error-mapping.js";
import { LinkTypeEnum } from "../graphql-enums.js";
import { AccountFilterInput, AccountOrderByInput } from "../inputs/account.input.js";
import { AccountType } from "../types/account.type.js";
import { EngagementType, PurchaseType } from "../types/activity.type.js";
import { MembershipType } from "../types/community.type.js";
import { AccountConnection } from "../types/connection.type.js";
import { LinkObjectType } from "../types/link.type.js";
import { AccountManagerType } from "../types/manager.type.js";

@Resolver(() => AccountType)
export class AccountResolver {
  @Query(() => AccountType, {
    nullable: true,
    description: "One account; null with a NOT_FOUND error (at this field's path) if the id names none.",
  })
  account(@Arg("id", () => ID, { description: "The account's id." }) id: string, @Ctx() ctx: RequestContext): Promise<Account> {
    return ctx.services.accounts.getAccount(id);
  }

  @Query(() => AccountConnection, { nullable: true, description: "Accounts, filtered and ordered, with cursor pagination." })
  async accounts(
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: `At most ${MAX_PAGE_SIZE}.` }) first: number,
    @Arg("after", () => String, { description: "Cursor of the item to continue after (`pageInfo.endCursor` of the previous page).", nullable: true }) after?: string | null,
    @Arg("filter", () => AccountFilterInput, { description: "Which accounts; all when omitted.", nullable: true }) filter?: AccountFilterInput | null,
    @Arg("orderBy", () => AccountOrderByInput, { description: "Order; by name, ascending, when omitted.", nullable: true }) orderBy?: AccountOrderByInput | null,
  ): Promise<AccountConnection> {
    const sort = { key: orderBy?.key ?? "NAME", direction: orderBy?.direction ?? "ASC" } as const;
    const ordering = `${sort.key}:${sort.direction}`;
    const position: KeysetPosition | undefined = after ? decodeCursor(ordering, after) : undefined;
    const page = await ctx.reader.accountPage({
      filter: await forArgument("filter", async () => toAccountFilter(filter ?? undefined)),
      sort,
      first: requirePageSize(first, MAX_PAGE_SIZE),
      ...(position ? { after: position } : {}),
    });
    return toConnection(ordering, page, position) as AccountConnection;
  }

  @FieldResolver(() => AccountManagerType, { nullable: true, description: "The manager who owns the account; null when nobody does." })
  owner(@Root() account: Account, @Ctx() ctx: RequestContext) {
    return account.ownerId ? ctx.reader.manager(account.ownerId) : null;
  }

  @FieldResolver(() => [MembershipType], { description: "Communities the account belongs to, with its role." })
  memberships(@Root() account: Account, @Ctx() ctx: RequestContext): Promise<readonly Membership[]> {
    return ctx.reader.membershipsOfAccount(account.id);
  }

  @FieldResolver(() => [LinkObjectType], { description: "Links from this account (it influences / referred them)." })
  outgoingLinks(
    @Root() account: Account,
    @Ctx() ctx: RequestContext,
    @Arg("types", () => [LinkTypeEnum], { description: "Only these link types; all when omitted.", nullable: true }) types?: LinkType[] | null,
  ): Promise<readonly Link[]> {
    return ctx.reader.linksOf(account.id, "OUT", types ?? undefined);
  }

  @FieldResolver(() => [LinkObjectType], { description: "Links into this account (others influence / referred it)." })
  incomingLinks(
    @Root() account: Account,
    @Ctx() ctx: RequestContext,
    @Arg("types", () => [LinkTypeEnum], { description: "Only these link types; all when omitted.", nullable: true }) types?: LinkType[] | null,
  ): Promise<readonly Link[]> {
    return ctx.reader.linksOf(account.id, "IN", types ?? undefined);
  }

  @FieldResolver(() => [EngagementType], { description: "Selling time spent on the account, newest first." })
  engagements(@Root() account: Account, @Ctx() ctx: RequestContext): Promise<Engagement[]> {
    return ctx.reader.engagementsOfAccount(account.id);
  }

  @FieldResolver(() => [PurchaseType], { description: "Purchases, newest first." })
  purchases(@Root() account: Account, @Ctx() ctx: RequestContext): Promise<Purchase[]> {
    return ctx.reader.purchasesOfAccount(account.id);
  }
}

export function toAccountFilter(input: AccountFilterInput | undefined): AccountFilter | undefined {
  if (!input) return undefined;
  const filter: AccountFilter = {};
  if (input.segments) filter.segments = input.segments;
  if (input.industries) filter.industries = input.industries;
  if (input.regions) filter.regions = input.regions;
  if (input.ownerIds) filter.ownerIds = input.ownerIds;
  if (input.statuses) filter.statuses = input.statuses;
  if (input.minRevenue !== undefined && input.minRevenue !== null) filter.minRevenue = parseMoney(input.minRevenue, "minRevenue");
  if (input.maxRevenue !== undefined && input.maxRevenue !== null) filter.maxRevenue = parseMoney(input.maxRevenue, "maxRevenue");
  if (input.communityId) filter.communityId = input.communityId;
  if (input.nameContains) filter.nameContains = input.nameContains;
  return filter;
}
