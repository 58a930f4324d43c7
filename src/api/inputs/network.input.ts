import { Field, Float, ID, InputType, Int } from "type-graphql";
import type { CommunityKind, EngagementKind, InfluenceKind, MembershipRole } from "../../domain/model.js";
import { CommunityKindEnum, EngagementKindEnum, InfluenceKindEnum, MembershipRoleEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";
import { DateScalar } from "../date-scalars.js";

@InputType({ description: "A new stored community." })
export class CreateCommunityInput {
  @Field(() => String, { description: "1-200 characters; unique among communities (case-insensitive)." }) name!: string;
  @Field(() => CommunityKindEnum, { description: "What sort of group it is." }) kind!: CommunityKind;
  @Field(() => String, { nullable: true, description: "Where it meets (free text)." }) region?: string | null;
}

@InputType({ description: "An account joining a community." })
export class MembershipInput {
  @Field(() => ID, { description: "The account that joins." }) accountId!: string;
  @Field(() => ID, { description: "The community it joins." }) communityId!: string;
  @Field(() => MembershipRoleEnum, { nullable: true, defaultValue: "MEMBER", description: "LEADER or MEMBER." }) role?: MembershipRole;
  @Field(() => DateScalar, { nullable: true, description: "Member since; not in the future." }) since?: string | null;
}

@InputType({ description: "`from` influences `to` with the given strength." })
export class LinkInfluenceInput {
  @Field(() => ID, { description: "The influencer." }) fromId!: string;
  @Field(() => ID, { description: "The account influenced; not `fromId`." }) toId!: string;
  @Field(() => InfluenceKindEnum, { description: "Why it sways the other." }) kind!: InfluenceKind;
  @Field(() => Float, { description: "0..1" }) strength!: number;
  @Field(() => DateScalar, { nullable: true, description: "Since when the tie is known; not in the future." }) since?: string | null;
}

@InputType({ description: "`from` introduced `to` on `date`, bringing `revenue`." })
export class RecordReferralInput {
  @Field(() => ID, { description: "The referrer." }) fromId!: string;
  @Field(() => ID, { description: "The account referred; not `fromId`." }) toId!: string;
  @Field(() => DateScalar, { description: "Not in the future." }) date!: string;
  @Field(() => MoneyScalar, { nullable: true, description: "Revenue the referral brought, not negative." }) revenue?: string | number;
}

@InputType({ description: "Selling time a manager spent on an account." })
export class RecordEngagementInput {
  @Field(() => ID, { description: "The account." }) accountId!: string;
  @Field(() => ID, { description: "The manager who spent the time; a MANAGER may only name itself." }) managerId!: string;
  @Field(() => Int, { description: "1..1440" }) minutes!: number;
  @Field(() => DateScalar, { description: "Not in the future." }) date!: string;
  @Field(() => EngagementKindEnum, { description: "Call, visit, email, meeting, demo or event." }) kind!: EngagementKind;
  @Field(() => String, { nullable: true, description: "Free-text note (line breaks allowed)." }) note?: string | null;
}

@InputType({ description: "Something an account bought." })
export class RecordPurchaseInput {
  @Field(() => ID, { description: "The account." }) accountId!: string;
  @Field(() => MoneyScalar, { description: "Amount paid, not negative." }) amount!: string | number;
  @Field(() => Int, { nullable: true, defaultValue: 0, description: "Licences bought." }) licences?: number;
  @Field(() => Float, { nullable: true, defaultValue: 0, description: "0..1 off list price" }) discount?: number;
  @Field(() => DateScalar, { description: "Not in the future." }) date!: string;
}
