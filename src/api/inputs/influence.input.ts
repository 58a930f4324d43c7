import { Field, ID, InputType } from "type-graphql";
import type { AccountStatus, Segment } from "../../domain/model.js";
import { AccountStatusEnum, SegmentEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";

/** Evaluated on the metric snapshot's own attributes, so filtering costs no store round trip. */
@InputType({ description: "Restricts influenceHubs; all given conditions must hold." })
export class InfluenceHubFilterInput {
  @Field(() => [AccountStatusEnum], { nullable: true, description: "Any of these statuses." }) statuses?: AccountStatus[];
  @Field(() => [SegmentEnum], { nullable: true, description: "Any of these segments." }) segments?: Segment[];
  @Field(() => [ID], { nullable: true, description: "Owned by any of these managers." }) ownerIds?: string[];
  @Field(() => ID, { nullable: true, description: "Members of this stored community (church, association, …)." })
  communityId?: string;
  @Field(() => ID, { nullable: true, description: "Members of this computed community (influenceCommunities id)." })
  influenceCommunityId?: string;
  @Field(() => Boolean, { nullable: true, description: "Only keystone accounts." }) keystoneOnly?: boolean;
  @Field(() => MoneyScalar, { nullable: true, description: "Annual revenue at least this." }) minRevenue?: string | number;
}
