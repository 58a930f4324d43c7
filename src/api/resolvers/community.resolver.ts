import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Community, Membership } from "../../domain/model.js";
import type { RequestContext } from "../context.js";
import { forArgument } from "../error-mapping.js";
import { CreateCommunityInput, MembershipInput } from "../inputs/network.input.js";
import { AccountType } from "../types/account.type.js";
import { CommunityType, MembershipType } from "../types/community.type.js";
import { membershipId } from "../global-ids.js";

@Resolver(() => CommunityType)
export class CommunityResolver {
  @Query(() => CommunityType, {
    nullable: true,
    description: "One stored community; null with a NOT_FOUND error (at this field's path) if the id names none.",
  })
  community(@Arg("id", () => ID, { description: "The community's id." }) id: string, @Ctx() ctx: RequestContext): Promise<Community> {
    return ctx.services.accounts.getCommunity(id);
  }

  @Query(() => [CommunityType], {
    nullable: true,
    description:
      "The stored social groups (churches, industry associations, clubs, chambers) accounts are members of. " +
      "For communities detected in the influence graph itself, use `influenceCommunities`.",
  })
  communities(@Ctx() ctx: RequestContext): Promise<Community[]> {
    return ctx.reader.communities();
  }

  @Mutation(() => CommunityType, { nullable: true, description: "Creates a stored community (ADMIN only)." })
  createCommunity(
    @Arg("input", () => CreateCommunityInput, { description: "The new community's fields." }) input: CreateCommunityInput,
    @Ctx() ctx: RequestContext,
  ) {
    return forArgument("input", () => ctx.services.accounts.createCommunity(input));
  }

  @Mutation(() => MembershipType, { nullable: true, description: "Adds an account to a community (MEMBER_OF)." })
  addMembership(
    @Arg("input", () => MembershipInput, { description: "Account, community, role and since." }) input: MembershipInput,
    @Ctx() ctx: RequestContext,
  ) {
    return forArgument("input", () => ctx.services.network.addMembership(input));
  }

  @Mutation(() => MembershipType, { nullable: true, description: "Removes the membership; returns it as it was." })
  removeMembership(
    @Arg("accountId", () => ID, { description: "The member account." }) accountId: string,
    @Arg("communityId", () => ID, { description: "The community it leaves." }) communityId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Membership> {
    return ctx.services.network.removeMembership(accountId, communityId);
  }

  @FieldResolver(() => [MembershipType], { description: "Members with their role (LEADER first)." })
  async members(@Root() community: Community, @Ctx() ctx: RequestContext): Promise<Membership[]> {
    const members = await ctx.reader.membershipsOfCommunity(community.id);
    return [...members].sort((a, b) => (a.role === b.role ? 0 : a.role === "LEADER" ? -1 : 1));
  }
}

@Resolver(() => MembershipType)
export class MembershipResolver {
  @FieldResolver(() => ID, { description: "Global id of the (account, community) pair; stable while the membership exists." })
  id(@Root() membership: Membership): string {
    return membershipId(membership.accountId, membership.communityId);
  }

  @FieldResolver(() => AccountType, { nullable: true, description: "The member account; null if it was deleted meanwhile." })
  account(@Root() membership: Membership, @Ctx() ctx: RequestContext) {
    return ctx.reader.account(membership.accountId);
  }

  @FieldResolver(() => CommunityType, { nullable: true, description: "The community; null if it was deleted meanwhile." })
  community(@Root() membership: Membership, @Ctx() ctx: RequestContext) {
    return ctx.reader.community(membership.communityId);
  }
}
