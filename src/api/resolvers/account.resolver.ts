/**
 * Account queries and the account's nested fields. Thin: arguments are turned into
 * service calls; nested fields go through the request's GraphReader (DataLoader).
 */
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Account, Engagement, Link, LinkType, Membership, Purchase } from "../../domain/model.js";
import { MAX_PAGE_SIZE } from "../../services/account-service.js";
import type { RequestContext } from "../context.js";
import { decodeCursorPosition, requirePageSize, toConnection } from "../cursor.js";
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
    @Arg("after", () => String, { nullable: true, description: "The `endCursor` of the previous page." }) after?: string | null,
    @Arg("filter", () => AccountFilterInput, { nullable: true, description: "Which accounts; all when left out." })
    filter?: AccountFilterInput | null,
    @Arg("orderBy", () => AccountOrderByInput, {
      nullable: true,
      description: "One sort key (NAME ascending by default); ties by id in its direction.",
    })
    orderBy?: AccountOrderByInput | null,
    @Arg("sort", () => [AccountOrderByInput], {
      nullable: true,
      description: "Instead of `orderBy`: 1 to 3 sort keys, most significant first; ties on every key are broken by id in the last key's direction.",
    })
    sort?: AccountOrderByInput[] | null,
  ): Promise<AccountConnection> {
    const { order, ordering } = ctx.services.accountQueries.order(orderBy, sort);
    const position = after ? decodeCursorPosition(ordering, after) : undefined;
    const page = await ctx.services.accountQueries.accounts({
      filter: await forArgument("filter", () => ctx.services.accountQueries.filter(filter)),
      order,
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
