import { Field, Float, ID, InputType, Int } from "type-graphql";
import type { AccountStatus, Segment } from "../../domain/model.js";
import type { SortDirection } from "../../ports/account-graph-store.js";
import type { AccountOrderKey, NullsPlacement } from "../../services/read-model/account-order.js";
import { AccountSortKeyEnum, AccountStatusEnum, NullsPlacementEnum, SegmentEnum, SortDirectionEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";
import { DateScalar } from "../date-scalars.js";
import { DateRangeInput, NumberRangeInput } from "./account-query.input.js";

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

@InputType({
  description:
    "Which accounts to list or count. Every field given must hold (AND); a list matches its members, so an empty list " +
    "matches nothing. Lists hold at most 1,000 values; AND / OR / NOT nest at most 4 deep and combine at most 20 filters.",
})
export class AccountFilterInput {
  @Field(() => [ID], { nullable: true, description: "These accounts." }) ids?: string[];
  @Field(() => [String], { nullable: true, description: "Accounts with these CRM ids (`externalId`)." }) externalIds?: string[];
  @Field(() => [SegmentEnum], { nullable: true, description: "Any of these segments." }) segments?: Segment[];
  @Field(() => [String], { nullable: true, description: "Any of these industries." }) industries?: string[];
  @Field(() => [String], { nullable: true, description: "Any of these regions." }) regions?: string[];
  @Field(() => [ID], { nullable: true, description: "Owned by any of these managers." }) ownerIds?: string[];
  @Field(() => Boolean, { nullable: true, description: "true: accounts with an owner; false: unassigned accounts." }) hasOwner?: boolean;
  @Field(() => [AccountStatusEnum], { nullable: true, description: "Any of these statuses." }) statuses?: AccountStatus[];
  @Field(() => MoneyScalar, { nullable: true, description: "Annual revenue at least this." }) minRevenue?: string | number;
  @Field(() => MoneyScalar, { nullable: true, description: "Annual revenue at most this." }) maxRevenue?: string | number;
  @Field(() => NumberRangeInput, { nullable: true, description: "Licences held in this range." }) licencesHeld?: NumberRangeInput;
  @Field(() => NumberRangeInput, { nullable: true, description: "Licences planned in this range." }) licencesPlanned?: NumberRangeInput;
  @Field(() => NumberRangeInput, { nullable: true, description: "Whitespace licences (planned - held, at least 0) in this range." })
  whitespaceLicences?: NumberRangeInput;
  @Field(() => DateRangeInput, { nullable: true, description: "Renewal date in this range, e.g. `{ nextDays: 90 }`." }) renewalDate?: DateRangeInput;
  @Field(() => DateRangeInput, { nullable: true, description: 'Last contact in this range, e.g. `{ before: "2026-01-01" }`.' })
  lastContact?: DateRangeInput;
  @Field(() => DateRangeInput, { nullable: true, description: "Customer since a date in this range." }) customerSince?: DateRangeInput;
  @Field(() => DateScalar, {
    nullable: true,
    description: "Has an engagement dated on or after this date (YYYY-MM-DD; engagements are searchable for the last two years).",
  })
  engagedSince?: string;
  @Field(() => DateScalar, { nullable: true, description: "Has no engagement dated on or after this date (YYYY-MM-DD; within the last two years)." })
  notEngagedSince?: string;
  @Field(() => Int, { nullable: true, description: "Has an engagement in the last N days (today - N through today, UTC; N up to two years)." })
  engagedWithinDays?: number;
  @Field(() => Int, { nullable: true, description: "Has no engagement in the last N days (N up to two years)." })
  notEngagedWithinDays?: number;
  @Field(() => ID, { nullable: true, description: "Members of this community." }) communityId?: string;
  @Field(() => [ID], { nullable: true, description: "Members of any of these communities." }) communityIds?: string[];
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name." }) nameContains?: string;
  @Field(() => [AccountFilterInput], { nullable: true, description: "Every one of these filters holds." }) AND?: AccountFilterInput[];
  @Field(() => [AccountFilterInput], { nullable: true, description: "At least one of these filters holds (an empty list: none)." })
  OR?: AccountFilterInput[];
  @Field(() => AccountFilterInput, { nullable: true, description: "This filter does not hold." }) NOT?: AccountFilterInput;
}

@InputType({ description: "One sort key of an account order." })
export class AccountOrderByInput {
  @Field(() => AccountSortKeyEnum, { defaultValue: "NAME", description: "What to sort by." }) key!: AccountOrderKey;
  @Field(() => SortDirectionEnum, { defaultValue: "ASC", description: "Ascending or descending." }) direction!: SortDirection;
  @Field(() => NullsPlacementEnum, { defaultValue: "LAST", description: "Where accounts without a value go (nullable keys)." })
  nulls!: NullsPlacement;
}

@InputType({ description: "An account to create or update by its CRM id; omitted fields stay unchanged on update." })
export class UpsertAccountInput extends AccountInput {
  @Field(() => String, { description: "The CRM id that finds the account (created with it when none has it)." })
  declare externalId: string;
}
