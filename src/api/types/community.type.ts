import { Field, ID, ObjectType } from "type-graphql";
import type { CommunityKind, MembershipRole } from "../../domain/model.js";
import { CommunityKindEnum, MembershipRoleEnum } from "../graphql-enums.js";
import { DateScalar, DateTimeScalar } from "../date-scalars.js";
import { NodeInterface } from "./node.type.js";

@ObjectType("Community", { implements: NodeInterface, description: "An industry association, church, chamber, club or other social group." })
export class CommunityType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => CommunityKindEnum) kind!: CommunityKind;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => DateTimeScalar) createdAt!: string;
}

@ObjectType("Membership", { implements: NodeInterface, description: "An account's membership of a community (MEMBER_OF)." })
export class MembershipType {
  @Field(() => ID) accountId!: string;
  @Field(() => ID) communityId!: string;
  @Field(() => MembershipRoleEnum) role!: MembershipRole;
  @Field(() => DateScalar, { nullable: true }) since!: string | null;
}
