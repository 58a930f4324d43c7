import { Field, Float, ID, InputType, Int } from "type-graphql";
import type { CommunityKind, EngagementKind, InfluenceKind, MembershipRole } from "../../domain/model.js";
import { CommunityKindEnum, EngagementKindEnum, InfluenceKindEnum, MembershipRoleEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";
import { DateScalar } from "../date-scalars.js";

@InputType()
export class CreateCommunityInput {
  @Field(() => String) name!: string;
  @Field(() => CommunityKindEnum) kind!: CommunityKind;
  @Field(() => String, { nullable: true }) region?: string | null;
}

@InputType()
export class MembershipInput {
  @Field(() => ID) accountId!: string;
  @Field(() => ID) communityId!: string;
  @Field(() => MembershipRoleEnum, { nullable: true, defaultValue: "MEMBER" }) role?: MembershipRole;
  @Field(() => DateScalar, { nullable: true }) since?: string | null;
}

@InputType({ description: "`from` influences `to` with the given strength." })
export class LinkInfluenceInput {
  @Field(() => ID) fromId!: string;
  @Field(() => ID) toId!: string;
  @Field(() => InfluenceKindEnum) kind!: InfluenceKind;
  @Field(() => Float, { description: "0..1" }) strength!: number;
  @Field(() => DateScalar, { nullable: true }) since?: string | null;
}

@InputType({ description: "`from` introduced `to` on `date`, bringing `revenue`." })
export class RecordReferralInput {
  @Field(() => ID) fromId!: string;
  @Field(() => ID) toId!: string;
  @Field(() => DateScalar, { description: "YYYY-MM-DD, not in the future." }) date!: string;
  @Field(() => MoneyScalar, { nullable: true }) revenue?: string | number;
}

@InputType()
export class RecordEngagementInput {
  @Field(() => ID) accountId!: string;
  @Field(() => ID) managerId!: string;
  @Field(() => Int, { description: "1..1440" }) minutes!: number;
  @Field(() => DateScalar, { description: "YYYY-MM-DD, not in the future." }) date!: string;
  @Field(() => EngagementKindEnum) kind!: EngagementKind;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class RecordPurchaseInput {
  @Field(() => ID) accountId!: string;
  @Field(() => MoneyScalar) amount!: string | number;
  @Field(() => Int, { nullable: true, defaultValue: 0 }) licences?: number;
  @Field(() => Float, { nullable: true, defaultValue: 0, description: "0..1 off list price" }) discount?: number;
  @Field(() => DateScalar, { description: "YYYY-MM-DD, not in the future." }) date!: string;
}
