/**
 * The answer of `accountsAggregate`: statistics of the matching accounts, in all and per group
 * (services/read-model/account-aggregates.ts says what each figure is). Money in the Money
 * scalar (averages rounded to the cent), other quantities as Float (their sums pass 32 bits).
 */
import { Field, Float, Int, InterfaceType, ObjectType } from "type-graphql";
import type { AccountGroupDimension } from "../../services/read-model/account-aggregates.js";
import { AccountGroupDimensionEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";

@ObjectType("MoneyStats", {
  simpleResolvers: true,
  description: "Sum, average, smallest and largest of an amount over accounts (null when there are none).",
})
export class MoneyStatsType {
  @Field(() => MoneyScalar, { description: "Total." }) sum!: number;
  @Field(() => MoneyScalar, { nullable: true, description: "Per account, rounded to the cent." }) average!: number | null;
  @Field(() => MoneyScalar, { nullable: true, description: "Smallest." }) min!: number | null;
  @Field(() => MoneyScalar, { nullable: true, description: "Largest." }) max!: number | null;
}

@ObjectType("QuantityStats", {
  simpleResolvers: true,
  description: "Sum, average, smallest and largest of a quantity over accounts (null when there are none).",
})
export class QuantityStatsType {
  @Field(() => Float, { description: "Total." }) sum!: number;
  @Field(() => Float, { nullable: true, description: "Per account." }) average!: number | null;
  @Field(() => Float, { nullable: true, description: "Smallest." }) min!: number | null;
  @Field(() => Float, { nullable: true, description: "Largest." }) max!: number | null;
}

@ObjectType("DateWindow", { simpleResolvers: true, description: "An inclusive range of dates." })
export class DateWindowType {
  @Field(() => String, { description: "First day (YYYY-MM-DD)." }) from!: string;
  @Field(() => String, { description: "Last day (YYYY-MM-DD)." }) to!: string;
}

/** The figures every group and the totals have. */
@InterfaceType("AccountStats", { description: "Statistics of a set of accounts." })
export abstract class AccountStatsFields {
  @Field(() => Int, { description: "Accounts." }) count!: number;
  @Field(() => MoneyStatsType, { description: "Annual revenue." }) annualRevenue!: MoneyStatsType;
  @Field(() => QuantityStatsType, { description: "Whitespace licences: planned - held, at least 0." }) whitespaceLicences!: QuantityStatsType;
  @Field(() => MoneyStatsType, { description: "Whitespace value at list price: whitespace licences x licence price." })
  whitespaceValue!: MoneyStatsType;
  @Field(() => QuantityStatsType, { description: "Engagement minutes within `engagementWindow` (average: per account)." })
  engagementMinutes!: QuantityStatsType;
}

@ObjectType("AccountGroup", {
  implements: AccountStatsFields,
  simpleResolvers: true,
  description: "The matching accounts with one value of the grouping dimension.",
})
export class AccountGroupType extends AccountStatsFields {
  @Field(() => String, {
    nullable: true,
    description: "The group's value: a segment, status or tier name, a region or industry, an owner or community id; null: accounts without one.",
  })
  key!: string | null;
  /** Which dimension `key` is a value of (resolves `owner` and `community`). */
  dimension!: AccountGroupDimension;
}

@ObjectType("AccountsAggregate", {
  implements: AccountStatsFields,
  description: "Statistics of the accounts a filter matches, in all and per group.",
})
export class AccountsAggregateType extends AccountStatsFields {
  @Field(() => AccountGroupDimensionEnum, { nullable: true, description: "The dimension of `groups`; null when not grouped." })
  groupBy!: AccountGroupDimension | null;
  @Field(() => Int, { description: "How many groups there are (`groups` may show fewer)." }) groupCount!: number;
  @Field(() => DateWindowType, { description: "The days whose engagements `engagementMinutes` counts." }) engagementWindow!: DateWindowType;
  /** Every group, largest first (the `groups` field pages them). */
  allGroups!: AccountGroupType[];
}
