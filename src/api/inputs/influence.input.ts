import { Field, ID, InputType } from "type-graphql";
import type { AccountStatus, Segment } from "../../domain/model.js";
import { AccountStatusEnum, SegmentEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";

/** Evaluated on the metric snapshot's own attributes, so filtering costs no store round trip. */
@InputType({ description: "Restricts influenceHubs; all given conditions must hold." })
export class InfluenceHubFilterInput {
  @Field(() => [AccountStatusEnum], { nullable: true }) statuses?: AccountStatus[];
  @Field(() => [SegmentEnum], { nullable: true }) segments?: Segment[];
  @Field(() => [ID], { nullable: true }) ownerIds?: string[];
  @Field(() => ID, { nullable: true, description: "Members of this stored community (church, association, …)." })
  communityId?: string;
  @Field(() => ID, { nullable: true, description: "Members of this computed community (influenceCommunities id)." })
  influenceCommunityId?: string;
  @Field(() => Boolean, { nullable: true, description: "Only keystone accounts." }) keystoneOnly?: boolean;
  @Field(() => MoneyScalar, { nullable: true }) minRevenue?: string | number;
}
