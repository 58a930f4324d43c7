/**
 * Inputs of the read model's queries: date and number ranges for account filters, the
 * engagement window of aggregates and the date window of nested activity lists. Dates are
 * `YYYY-MM-DD`; every bound given applies (they intersect). Validated in the services
 * (services/account-query-input.ts), which name the offending field.
 */
import { Field, Float, InputType, Int } from "type-graphql";
import { DateScalar } from "../date-scalars.js";

@InputType({ description: "A date range; every bound given applies. Without `isNull`, only accounts that have the date match." })
export class DateRangeInput {
  @Field(() => DateScalar, { nullable: true, description: "On or after this date (YYYY-MM-DD)." }) from?: string | null;
  @Field(() => DateScalar, { nullable: true, description: "On or before this date (YYYY-MM-DD)." }) to?: string | null;
  @Field(() => DateScalar, { nullable: true, description: "Strictly after this date (YYYY-MM-DD)." }) after?: string | null;
  @Field(() => DateScalar, { nullable: true, description: "Strictly before this date (YYYY-MM-DD)." }) before?: string | null;
  @Field(() => Int, { nullable: true, description: "From today (UTC) through today + N days." }) nextDays?: number | null;
  @Field(() => Int, { nullable: true, description: "From today - N days through today (UTC)." }) lastDays?: number | null;
  @Field(() => Boolean, { nullable: true, description: "true: only accounts without the date; false: only accounts with it." })
  isNull?: boolean | null;
}

@InputType({ description: "An inclusive range of a number; either bound may be left out." })
export class NumberRangeInput {
  @Field(() => Float, { nullable: true, description: "At least this." }) min?: number | null;
  @Field(() => Float, { nullable: true, description: "At most this." }) max?: number | null;
}
