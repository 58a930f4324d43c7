import { Field, Float, ID, InputType, Int } from "type-graphql";
import type { AccountStatus, Segment } from "../../domain/model.js";
import type { AccountSortKey, SortDirection } from "../../ports/account-graph-store.js";
import { AccountSortKeyEnum, AccountStatusEnum, SegmentEnum, SortDirectionEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";
import { DateScalar } from "../date-scalars.js";

/** Shared by create and update; create additionally requires `name` (checked in the service). */
@InputType({ description: "Account fields. On update, omitted fields stay unchanged and null clears a field." })
export class AccountInput {
  @Field(() => String, { nullable: true, description: "Id in your own CRM; unique. Null removes it." }) externalId?: string | null;
  @Field(() => String, { nullable: true, description: "1-200 characters; required on create." }) name?: string;
  @Field(() => String, { nullable: true, description: "Industry (free text, at most 200 characters)." }) industry?: string | null;
  @Field(() => SegmentEnum, { nullable: true, description: "Size or kind of customer." }) segment?: Segment;
  @Field(() => String, { nullable: true, description: "Sales region (free text, at most 200 characters)." }) region?: string | null;
  @Field(() => ID, { nullable: true, description: "Owning manager's id; null leaves it without owner. A MANAGER may only name itself." })
  ownerId?: string | null;
  @Field(() => AccountStatusEnum, { nullable: true, description: "Prospect, customer or churned." }) status?: AccountStatus;
  @Field(() => MoneyScalar, { nullable: true, description: "Annual revenue, not negative." }) annualRevenue?: string | number;
  @Field(() => Float, { nullable: true, description: "Gross margin, 0..1." }) grossMargin?: number;
  @Field(() => Int, { nullable: true, description: "Licences held today." }) licencesHeld?: number;
  @Field(() => Int, { nullable: true, description: "Licences it says it will need in total (held + planned growth)." }) licencesPlanned?: number;
  @Field(() => MoneyScalar, { nullable: true, description: "List price of one licence, not negative." }) licencePrice?: string | number;
  @Field(() => DateScalar, { nullable: true, description: "When it became a customer; not in the future." }) customerSince?: string | null;
  @Field(() => DateScalar, { nullable: true, description: "Next contract renewal." }) renewalDate?: string | null;
  @Field(() => Int, { nullable: true, description: "Purchases made mainly for a discount or promotion." }) discountPurchases?: number;
  @Field(() => Int, { nullable: true, description: "Times it switched supplier." }) supplierSwitches?: number;
  @Field(() => DateScalar, { nullable: true, description: "Last contact; not in the future." }) lastContact?: string | null;
}

@InputType({ description: "Restricts an account list; every condition given must hold (a list: any of its values)." })
export class AccountFilterInput {
  @Field(() => [SegmentEnum], { nullable: true, description: "Any of these segments." }) segments?: Segment[];
  @Field(() => [String], { nullable: true, description: "Any of these industries (exact text)." }) industries?: string[];
  @Field(() => [String], { nullable: true, description: "Any of these regions (exact text)." }) regions?: string[];
  @Field(() => [ID], { nullable: true, description: "Owned by any of these managers." }) ownerIds?: string[];
  @Field(() => [AccountStatusEnum], { nullable: true, description: "Any of these statuses." }) statuses?: AccountStatus[];
  @Field(() => MoneyScalar, { nullable: true, description: "Annual revenue at least this." }) minRevenue?: string | number;
  @Field(() => MoneyScalar, { nullable: true, description: "Annual revenue at most this." }) maxRevenue?: string | number;
  @Field(() => ID, { nullable: true, description: "Members of this community." }) communityId?: string;
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name." }) nameContains?: string;
}

@InputType({ description: "Order of an account list; ties are broken by id." })
export class AccountOrderByInput {
  @Field(() => AccountSortKeyEnum, { defaultValue: "NAME", description: "What to order by." }) key!: AccountSortKey;
  @Field(() => SortDirectionEnum, { defaultValue: "ASC", description: "ASC or DESC." }) direction!: SortDirection;
}
