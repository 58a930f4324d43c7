import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { Engagement, Purchase } from "../../domain/model.js";
import type { RequestContext } from "../context.js";
import { forArgument } from "../error-mapping.js";
import { RecordEngagementInput, RecordPurchaseInput } from "../inputs/network.input.js";
import { AccountType } from "../types/account.type.js";
import { EngagementType, PurchaseType } from "../types/activity.type.js";
import { AccountManagerType } from "../types/manager.type.js";

@Resolver(() => EngagementType)
export class EngagementResolver {
  @Mutation(() => EngagementType, { nullable: true, description: "Logs selling time a manager spent on an account." })
  recordEngagement(
    @Arg("input", () => RecordEngagementInput, { description: "The engagement to log." }) input: RecordEngagementInput,
    @Ctx() ctx: RequestContext,
  ) {
    return forArgument("input", () => ctx.services.network.recordEngagement(input));
  }

  @FieldResolver(() => AccountType, { nullable: true, description: "The account; null if it was deleted meanwhile." })
  account(@Root() engagement: Engagement, @Ctx() ctx: RequestContext) {
    return ctx.reader.account(engagement.accountId);
  }

  @FieldResolver(() => AccountManagerType, { nullable: true, description: "The manager; null if it was deleted meanwhile." })
  manager(@Root() engagement: Engagement, @Ctx() ctx: RequestContext) {
    return ctx.reader.manager(engagement.managerId);
  }
}

@Resolver(() => PurchaseType)
export class PurchaseResolver {
  @Mutation(() => PurchaseType, { nullable: true, description: "Records a purchase by an account." })
  recordPurchase(
    @Arg("input", () => RecordPurchaseInput, { description: "The purchase to record." }) input: RecordPurchaseInput,
    @Ctx() ctx: RequestContext,
  ) {
    return forArgument("input", () => ctx.services.network.recordPurchase(input));
  }

  @FieldResolver(() => AccountType, { nullable: true, description: "The account; null if it was deleted meanwhile." })
  account(@Root() purchase: Purchase, @Ctx() ctx: RequestContext) {
    return ctx.reader.account(purchase.accountId);
  }
}
