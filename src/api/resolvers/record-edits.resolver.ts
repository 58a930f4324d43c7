/**
 * The mutations that complete CRUD: edit and delete engagements and purchases, change a
 * link, edit and delete communities, delete account managers, upsert accounts by CRM id.
 * Thin: each is one service call (validation, ownership in the store's transaction, the read
 * model settled before answering). Who may call which is api/auth/field-authorization.ts:
 * MANAGER the activity, link and upsert mutations (on its own accounts), ADMIN all.
 */
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { forArgument } from "../error-mapping.js";
import { UpsertAccountInput } from "../inputs/account.input.js";
import { UpdateCommunityInput, UpdateEngagementInput, UpdateLinkInput, UpdatePurchaseInput } from "../inputs/record-edits.input.js";
import { UpsertAccountPayload } from "../types/account.type.js";
import { EngagementType, PurchaseType } from "../types/activity.type.js";
import { CommunityType } from "../types/community.type.js";
import { LinkObjectType } from "../types/link.type.js";
import { AccountManagerType } from "../types/manager.type.js";

const ID_ARG = { description: "The record to change." } as const;

@Resolver()
export class RecordEditsResolver {
  @Mutation(() => EngagementType, { nullable: true, description: "Changes the given fields of an engagement; returns it as stored now." })
  updateEngagement(
    @Arg("id", () => ID, ID_ARG) id: string,
    @Arg("input", () => UpdateEngagementInput, { description: "The fields to change." }) input: UpdateEngagementInput,
    @Ctx() ctx: RequestContext,
  ) {
    return forArgument("input", () => ctx.services.network.updateEngagement(id, input));
  }

  @Mutation(() => EngagementType, { nullable: true, description: "Deletes an engagement; returns it as it was." })
  deleteEngagement(@Arg("id", () => ID, { description: "The engagement to delete." }) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.network.deleteEngagement(id);
  }

  @Mutation(() => PurchaseType, { nullable: true, description: "Changes the given fields of a purchase; returns it as stored now." })
  updatePurchase(
    @Arg("id", () => ID, ID_ARG) id: string,
    @Arg("input", () => UpdatePurchaseInput, { description: "The fields to change." }) input: UpdatePurchaseInput,
    @Ctx() ctx: RequestContext,
  ) {
    return forArgument("input", () => ctx.services.network.updatePurchase(id, input));
  }

  @Mutation(() => PurchaseType, { nullable: true, description: "Deletes a purchase; returns it as it was." })
  deletePurchase(@Arg("id", () => ID, { description: "The purchase to delete." }) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.network.deletePurchase(id);
  }

  @Mutation(() => LinkObjectType, {
    nullable: true,
    description: "Changes a link's strength, kind or date (INFLUENCES), or date and revenue (REFERRED).",
  })
  updateLink(
    @Arg("id", () => ID, ID_ARG) id: string,
    @Arg("input", () => UpdateLinkInput, { description: "The fields to change." }) input: UpdateLinkInput,
    @Ctx() ctx: RequestContext,
  ) {
    return forArgument("input", () => ctx.services.network.updateLink(id, input));
  }

  @Mutation(() => CommunityType, { nullable: true, description: "Changes a community's name, kind or region (ADMIN)." })
  updateCommunity(
    @Arg("id", () => ID, ID_ARG) id: string,
    @Arg("input", () => UpdateCommunityInput, { description: "The fields to change." }) input: UpdateCommunityInput,
    @Ctx() ctx: RequestContext,
  ) {
    return forArgument("input", () => ctx.services.accounts.updateCommunity(id, input));
  }

  @Mutation(() => CommunityType, { nullable: true, description: "Deletes a community with all its memberships (ADMIN); returns it as it was." })
  deleteCommunity(@Arg("id", () => ID, { description: "The community to delete." }) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.accounts.deleteCommunity(id);
  }

  @Mutation(() => AccountManagerType, {
    nullable: true,
    description:
      "Deletes an account manager (ADMIN); returns it as it was. One who owns accounts or recorded engagements is refused " +
      "(CONFLICT on `reassignTo`) unless `reassignTo` names the manager who takes over those accounts and engagements.",
  })
  deleteAccountManager(
    @Arg("id", () => ID, { description: "The manager to delete." }) id: string,
    @Arg("reassignTo", () => ID, { nullable: true, description: "The manager who takes over its accounts and engagements." })
    reassignTo: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.accounts.deleteManager(id, reassignTo);
  }

  @Mutation(() => UpsertAccountPayload, {
    nullable: true,
    description:
      "Updates the account whose CRM id is `input.externalId` with the given fields, or creates it (then `input.name` is required); one transaction.",
  })
  upsertAccount(
    @Arg("input", () => UpsertAccountInput, { description: "The CRM id and the account's fields." }) input: UpsertAccountInput,
    @Ctx() ctx: RequestContext,
  ) {
    return forArgument("input", () => ctx.services.accounts.upsertAccount(input));
  }
}
