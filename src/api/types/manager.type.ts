import { Field, Float, ID, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../date-scalars.js";
import { NodeInterface } from "./node.type.js";

@ObjectType("AccountManager", { implements: NodeInterface, description: "A salesperson who owns accounts and has limited weekly hours." })
export class AccountManagerType {
  @Field(() => ID, { description: "Global id (`mgr_…`), the one `ownerId` and `managerId` use." }) id!: string;
  @Field(() => String, { description: "Full name." }) name!: string;
  @Field(() => String, { description: "Work email; unique (case-insensitive)." }) email!: string;
  @Field(() => Float, { description: "Selling hours per week the time plan may give out." }) weeklyCapacityHours!: number;
  @Field(() => DateTimeScalar, { description: "When the manager was stored." }) createdAt!: string;
}
