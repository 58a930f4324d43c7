import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { AccountManager } from "../../domain/model.js";
import { MAX_PAGE_SIZE } from "../../services/account-service.js";
import type { RequestContext } from "../context.js";
import { decodeCursor, requirePageSize, toConnection } from "../cursor.js";
import { forArgument } from "../error-mapping.js";
import { AccountManagerInput } from "../inputs/manager.input.js";
import { AccountConnection } from "../types/connection.type.js";
import { AccountManagerType } from "../types/manager.type.js";

@Resolver(() => AccountManagerType)
export class ManagerResolver {
  @Query(() => AccountManagerType, {
    nullable: true,
    description: "One account manager; null with a NOT_FOUND error (at this field's path) if the id names none.",
  })
  accountManager(@Arg("id", () => ID, { description: "The manager's id." }) id: string, @Ctx() ctx: RequestContext): Promise<AccountManager> {
    return ctx.services.accounts.getManager(id);
  }

  @Query(() => [AccountManagerType], { nullable: true, description: "Every account manager, by name." })
  accountManagers(@Ctx() ctx: RequestContext): Promise<AccountManager[]> {
    return ctx.reader.managers();
  }

  @Mutation(() => AccountManagerType, { nullable: true, description: "Creates an account manager (ADMIN only)." })
  createAccountManager(
    @Arg("input", () => AccountManagerInput, { description: "The new manager's fields; name and email are required." }) input: AccountManagerInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AccountManager> {
    return forArgument("input", () => ctx.services.accounts.createManager(input));
  }

  @Mutation(() => AccountManagerType, { nullable: true, description: "Changes the given fields of a manager (ADMIN only); others stay as they are." })
  updateAccountManager(
    @Arg("id", () => ID, { description: "The manager to change." }) id: string,
    @Arg("input", () => AccountManagerInput, { description: "The fields to change; omitted ones stay." }) input: AccountManagerInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AccountManager> {
    return forArgument("input", () => ctx.services.accounts.updateManager(id, input));
  }

  @FieldResolver(() => AccountConnection, { description: "Accounts this manager owns, by name." })
  async accounts(
    @Root() manager: AccountManager,
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { description: "Page size, at most 100.", nullable: true, defaultValue: 20 }) first: number,
    @Arg("after", () => String, { description: "Cursor of the item to continue after (`pageInfo.endCursor` of the previous page).", nullable: true })
    after?: string | null,
  ): Promise<AccountConnection> {
    const ordering = "NAME:ASC";
    const position = after ? decodeCursor(ordering, after) : undefined;
    const page = await ctx.reader.accountPage({
      filter: { ownerIds: [manager.id] },
      sort: { key: "NAME", direction: "ASC" },
      first: requirePageSize(first, MAX_PAGE_SIZE),
      ...(position ? { after: position } : {}),
    });
    return toConnection(ordering, page, position) as AccountConnection;
  }
}
