import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { AccountStatus, Segment } from "../../domain/model.js";
import { AccountStatusEnum, SegmentEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";
import { DateScalar, DateTimeScalar } from "../date-scalars.js";
import { NodeInterface } from "./node.type.js";

/** A customer or prospect. Nested fields (owner, links, …) are resolved in account.resolver.ts. */
@ObjectType("Account", { implements: NodeInterface, description: "A customer or prospect account." })
export class AccountType {
  @Field(() => ID, { description: "Global id (`acc_…`), the one `account(id:)`, `node(id:)` and links use." }) id!: string;
  @Field(() => String, { nullable: true, description: "Id in your own CRM; unique when set." })
  externalId!: string | null;
  @Field(() => String, { description: "Company or organisation name, 1-200 characters." }) name!: string;
  @Field(() => String, { nullable: true, description: "Industry as your CRM names it (free text)." }) industry!: string | null;
  @Field(() => SegmentEnum, { description: "Size or kind of customer." }) segment!: Segment;
  @Field(() => String, { nullable: true, description: "Sales region or territory (free text)." }) region!: string | null;
  @Field(() => AccountStatusEnum, { description: "Prospect, customer or churned." }) status!: AccountStatus;
  @Field(() => MoneyScalar, { description: "What the account pays us per year (customers; 0 for most prospects)." }) annualRevenue!: number;
  @Field(() => Float, { description: "Gross margin as a fraction 0..1." }) grossMargin!: number;
  @Field(() => Int, { description: "Licences the account holds today." }) licencesHeld!: number;
  @Field(() => Int, { description: "Total licences the account says it will need (held + planned growth)." })
  licencesPlanned!: number;
  @Field(() => MoneyScalar, { description: "List price of one licence." }) licencePrice!: number;
  @Field(() => DateScalar, { nullable: true, description: "When it became a customer." }) customerSince!: string | null;
  @Field(() => DateScalar, { nullable: true, description: "Next contract renewal." }) renewalDate!: string | null;
  @Field(() => Int, { description: "Purchases made mainly for a discount or promotion." }) discountPurchases!: number;
  @Field(() => Int, { description: "Times the account switched supplier." }) supplierSwitches!: number;
  @Field(() => DateScalar, { nullable: true, description: "Last time anyone of ours spoke with the account." }) lastContact!: string | null;
  @Field(() => DateTimeScalar, { description: "When the account was stored." }) createdAt!: string;
  @Field(() => DateTimeScalar, { description: "When the account was last changed." }) updatedAt!: string;
}

@ObjectType("UpsertAccountPayload", { description: "The account `upsertAccount` wrote, and whether it created it." })
export class UpsertAccountPayload {
  @Field(() => AccountType, { description: "The account as stored now." }) account!: AccountType;
  @Field(() => Boolean, { description: "true: no account had the externalId and this one was created; false: it was updated." })
  created!: boolean;
}
