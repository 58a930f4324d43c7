import { Field, Float, ID, InputType, Int } from "type-graphql";
import type { AccountStatus, Segment } from "../../domain/model.js";
import type { AccountSortKey, SortDirection } from "../../ports/account-graph-store.js";
import { AccountSortKeyEnum, AccountStatusEnum, SegmentEnum, SortDirectionEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";
import { DateScalar } from "../date-scalars.js";

/** Shared by create and update; create additionally requires `name` (checked in the service). */
@InputType({ description: "Account fields. On update, omitted fields stay unchanged and null clears a field." })
export class AccountInput {
  @Field(() => String, { nullable: true }) externalId?: string | null;
  @Field(() => String, { nullable: true, description: "1-200 characters; required on create." }) name?: string;
  @Field(() => String, { nullable: true }) industry?: string | null;
  @Field(() => SegmentEnum, { nullable: true }) segment?: Segment;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => ID, { nullable: true }) ownerId?: string | null;
  @Field(() => AccountStatusEnum, { nullable: true }) status?: AccountStatus;
  @Field(() => MoneyScalar, { nullable: true }) annualRevenue?: string | number;
  @Field(() => Float, { nullable: true, description: "0..1" }) grossMargin?: number;
  @Field(() => Int, { nullable: true }) licencesHeld?: number;
  @Field(() => Int, { nullable: true }) licencesPlanned?: number;
  @Field(() => MoneyScalar, { nullable: true }) licencePrice?: string | number;
  @Field(() => DateScalar, { nullable: true, description: "YYYY-MM-DD, not in the future." }) customerSince?: string | null;
  @Field(() => DateScalar, { nullable: true, description: "YYYY-MM-DD." }) renewalDate?: string | null;
  @Field(() => Int, { nullable: true }) discountPurchases?: number;
  @Field(() => Int, { nullable: true }) supplierSwitches?: number;
  @Field(() => DateScalar, { nullable: true, description: "YYYY-MM-DD, not in the future." }) lastContact?: string | null;
}

@InputType()
export class AccountFilterInput {
  @Field(() => [SegmentEnum], { nullable: true }) segments?: Segment[];
  @Field(() => [String], { nullable: true }) industries?: string[];
  @Field(() => [String], { nullable: true }) regions?: string[];
  @Field(() => [ID], { nullable: true }) ownerIds?: string[];
  @Field(() => [AccountStatusEnum], { nullable: true }) statuses?: AccountStatus[];
  @Field(() => MoneyScalar, { nullable: true }) minRevenue?: string | number;
  @Field(() => MoneyScalar, { nullable: true }) maxRevenue?: string | number;
  @Field(() => ID, { nullable: true, description: "Members of this community." }) communityId?: string;
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name." }) nameContains?: string;
}

@InputType()
export class AccountOrderByInput {
  @Field(() => AccountSortKeyEnum, { defaultValue: "NAME" }) key!: AccountSortKey;
  @Field(() => SortDirectionEnum, { defaultValue: "ASC" }) direction!: SortDirection;
}
