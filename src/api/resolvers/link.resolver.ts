import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Link } from "../../domain/model.js";
import type { RequestContext } from "../context.js";
import { forArgument } from "../error-mapping.js";
import { LinkInfluenceInput, RecordReferralInput } from "../inputs/network.input.js";
import { AccountType } from "../types/account.type.js";
import { LinkObjectType } from "../types/link.type.js";

@Resolver(() => LinkObjectType)
export class LinkResolver {
  @Mutation(() => LinkObjectType, { nullable: true, description: "Records that `from` influences `to` (INFLUENCES)." })
  linkInfluence(
    @Arg("input", () => LinkInfluenceInput, { description: "Who influences whom, how and how strongly." }) input: LinkInfluenceInput,
    @Ctx() ctx: RequestContext,
  ) {
    return forArgument("input", () => ctx.services.network.linkInfluence(input));
  }

  @Mutation(() => LinkObjectType, { nullable: true, description: "Records that `from` referred `to` (REFERRED)." })
  recordReferral(
    @Arg("input", () => RecordReferralInput, { description: "Who referred whom, when and for what revenue." }) input: RecordReferralInput,
    @Ctx() ctx: RequestContext,
  ) {
    return forArgument("input", () => ctx.services.network.recordReferral(input));
  }

  @Mutation(() => LinkObjectType, { nullable: true, description: "Removes a link; returns it as it was." })
  unlink(@Arg("id", () => ID, { description: "The link to remove." }) id: string, @Ctx() ctx: RequestContext): Promise<Link> {
    return ctx.services.network.unlink(id);
  }

  @FieldResolver(() => AccountType, { nullable: true, description: "The influencer / referrer." })
  from(@Root() link: Link, @Ctx() ctx: RequestContext) {
    return ctx.reader.account(link.fromId);
  }

  @FieldResolver(() => AccountType, { nullable: true, description: "The influenced / referred account." })
  to(@Root() link: Link, @Ctx() ctx: RequestContext) {
    return ctx.reader.account(link.toId);
  }
}
