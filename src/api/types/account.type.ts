import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { AccountStatus, Segment } from "../../domain/model.js";
import { AccountStatusEnum, SegmentEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";

/** A customer or prospect. Nested fields (owner, links, …) are resolved in account.resolver.ts. */
@ObjectType("Account", { description: "A customer or prospect account." })
export class AccountType {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: "Id in your own CRM; unique when set." })
  externalId!: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) industry!: string | null;
  @Field(() => SegmentEnum) segment!: Segment;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => AccountStatusEnum) status!: AccountStatus;
  @Field(() => MoneyScalar) annualRevenue!: number;
  @Field(() => Float, { description: "Gross margin as a fraction 0..1." }) grossMargin!: number;
  @Field(() => Int) licencesHeld!: number;
  @Field(() => Int, { description: "Total licences the account says it will need (held + planned growth)." })
  licencesPlanned!: number;
  @Field(() => MoneyScalar, { description: "List price of one licence." }) licencePrice!: number;
  @Field(() => String, { nullable: true, description: "ISO date YYYY-MM-DD." }) customerSince!: string | null;
  @Field(() => String, { nullable: true, description: "ISO date YYYY-MM-DD." }) renewalDate!: string | null;
  @Field(() => Int, { description: "Purchases made mainly for a discount or promotion." }) discountPurchases!: number;
  @Field(() => Int, { description: "Times the account switched supplier." }) supplierSwitches!: number;
  @Field(() => String, { nullable: true, description: "ISO date YYYY-MM-DD." }) lastContact!: string | null;
  @Field(() => String) createdAt!: string;
  @Field(() => String) updatedAt!: string;
}

@ObjectType("UpsertAccountPayload", { description: "The account `upsertAccount` wrote, and whether it created it." })
export class UpsertAccountPayload {
  @Field(() => AccountType, { description: "The account as stored now." }) account!: AccountType;
  @Field(() => Boolean, { description: "true: no account had the externalId and this one was created; false: it was updated." })
  created!: boolean;
}
