import { Field, ID, ObjectType } from "type-graphql";
import type { CommunityKind, MembershipRole } from "../../domain/model.js";
import { CommunityKindEnum, MembershipRoleEnum } from "../graphql-enums.js";
import { DateScalar, DateTimeScalar } from "../date-scalars.js";
import { NodeInterface } from "./node.type.js";

@ObjectType("Community", { implements: NodeInterface, description: "An industry association, church, chamber, club or other social group." })
export class CommunityType {
  @Field(() => ID, { description: "Global id (`com_…`)." }) id!: string;
  @Field(() => String, { description: "Name; unique (case-insensitive)." }) name!: string;
  @Field(() => CommunityKindEnum, { description: "What sort of group it is." }) kind!: CommunityKind;
  @Field(() => String, { nullable: true, description: "Where it meets (free text)." }) region!: string | null;
  @Field(() => DateTimeScalar, { description: "When the community was stored." }) createdAt!: string;
}

@ObjectType("Membership", { implements: NodeInterface, description: "An account's membership of a community (MEMBER_OF)." })
export class MembershipType {
  @Field(() => ID, { description: "The member account." }) accountId!: string;
  @Field(() => ID, { description: "The community." }) communityId!: string;
  @Field(() => MembershipRoleEnum, { description: "LEADER or MEMBER; a leader's word reaches every member (a weak implicit tie)." })
  role!: MembershipRole;
  @Field(() => DateScalar, { nullable: true, description: "Member since." }) since!: string | null;
}
