import { Field, Float, ID, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../date-scalars.js";
import { NodeInterface } from "./node.type.js";

@ObjectType("AccountManager", { implements: NodeInterface, description: "A salesperson who owns accounts and has limited weekly hours." })
export class AccountManagerType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) email!: string;
  @Field(() => Float) weeklyCapacityHours!: number;
  @Field(() => DateTimeScalar) createdAt!: string;
}
