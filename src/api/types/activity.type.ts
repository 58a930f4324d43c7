import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { EngagementKind } from "../../domain/model.js";
import { EngagementKindEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";
import { DateScalar } from "../date-scalars.js";

@ObjectType("Engagement", { description: "Selling time a manager spent on an account." })
export class EngagementType {
  @Field(() => ID) id!: string;
  @Field(() => ID) accountId!: string;
  @Field(() => ID) managerId!: string;
  @Field(() => Int) minutes!: number;
  @Field(() => DateScalar) date!: string;
  @Field(() => EngagementKindEnum) kind!: EngagementKind;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType("Purchase", { description: "Something an account bought." })
export class PurchaseType {
  @Field(() => ID) id!: string;
  @Field(() => ID) accountId!: string;
  @Field(() => MoneyScalar) amount!: number;
  @Field(() => Int) licences!: number;
  @Field(() => Float, { description: "Discount off list price, 0..1." }) discount!: number;
  @Field(() => DateScalar) date!: string;
}
