import { Field, Float, InputType } from "type-graphql";

@InputType({ description: "On update, omitted fields stay unchanged." })
export class AccountManagerInput {
  @Field(() => String, { nullable: true, description: "Required on create." }) name?: string;
  @Field(() => String, { nullable: true, description: "Required on create." }) email?: string;
  @Field(() => Float, { nullable: true, description: "Selling hours per week, default 40." }) weeklyCapacityHours?: number;
}
