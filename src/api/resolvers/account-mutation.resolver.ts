import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Account } from "../../domain/model.js";
import type { RequestContext } from "../context.js";
import { forArgument } from "../error-mapping.js";
import { AccountInput } from "../inputs/account.input.js";
import { AccountType } from "../types/account.type.js";

@Resolver()
export class AccountMutationResolver {
  @Mutation(() => AccountType, { nullable: true, description: "Creates an account; `input.name` is required." })
  createAccount(
    @Arg("input", () => AccountInput, { description: "The new account's fields; `name` is required." }) input: AccountInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Account> {
    return forArgument("input", () => ctx.services.accounts.createAccount(input));
  }

  @Mutation(() => AccountType, { nullable: true, description: "Changes the given fields; others stay as they are." })
  updateAccount(
    @Arg("id", () => ID, { description: "The account to change." }) id: string,
    @Arg("input", () => AccountInput, { description: "The fields to change; omitted ones stay, null clears." }) input: AccountInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Account> {
    return forArgument("input", () => ctx.services.accounts.updateAccount(id, input));
  }

  @Mutation(() => AccountType, {
    nullable: true,
    description: "Deletes the account with its links, memberships, engagements and purchases; returns it as it was.",
  })
  async deleteAccount(@Arg("id", () => ID, { description: "The account to delete." }) id: string, @Ctx() ctx: RequestContext): Promise<Account> {
    await ctx.reader.keepAsItWas(id);
    try {
      return await ctx.services.accounts.deleteAccount(id);
    } catch (error) {
      ctx.reader.forgetAsItWas(id);
      throw error;
    }
  }
}
