import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { EngagementKind } from "../../domain/model.js";
import { EngagementKindEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";
import { DateScalar } from "../date-scalars.js";

@ObjectType("Engagement", { description: "Selling time a manager spent on an account." })
export class EngagementType {
  @Field(() => ID, { description: "Stored id (`eng_…`), stable; client caches key engagements by it." }) id!: string;
  @Field(() => ID, { description: "The account the time was spent on." }) accountId!: string;
  @Field(() => ID, { description: "The manager who spent it." }) managerId!: string;
  @Field(() => Int, { description: "Minutes spent, 1..1440." }) minutes!: number;
  @Field(() => DateScalar, { description: "The day it happened." }) date!: string;
  @Field(() => EngagementKindEnum, { description: "Call, visit, email, meeting, demo or event." }) kind!: EngagementKind;
  @Field(() => String, { nullable: true, description: "Free-text note (line breaks allowed)." }) note!: string | null;
}

@ObjectType("Purchase", { description: "Something an account bought." })
export class PurchaseType {
  @Field(() => ID, { description: "Stored id (`pur_…`), stable; the key of client caches." }) id!: string;
  @Field(() => ID, { description: "The account that bought." }) accountId!: string;
  @Field(() => MoneyScalar, { description: "Amount paid." }) amount!: number;
  @Field(() => Int, { description: "Licences bought (0 for services or renewals without new seats)." }) licences!: number;
  @Field(() => Float, { description: "Discount off list price, 0..1." }) discount!: number;
  @Field(() => DateScalar, { description: "The day of the purchase." }) date!: string;
}
