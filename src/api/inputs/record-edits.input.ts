/**
 * Inputs of the edit mutations (full CRUD). Omitted fields stay as they are; `null` clears a
 * nullable field and is refused for the others. Validated in the services with the rules of
 * the matching create (services/network-input.ts, account-input.ts), naming the field.
 */
import { Field, Float, ID, InputType, Int } from "type-graphql";
import type { CommunityKind, EngagementKind, InfluenceKind } from "../../domain/model.js";
import { CommunityKindEnum, EngagementKindEnum, InfluenceKindEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";

@InputType({ description: "Changes to an engagement; its account never changes (delete it and record it again)." })
export class UpdateEngagementInput {
  @Field(() => ID, { nullable: true, description: "The manager who spent the time." }) managerId?: string | null;
  @Field(() => Int, { nullable: true, description: "1..1440" }) minutes?: number | null;
  @Field(() => String, { nullable: true, description: "YYYY-MM-DD, not in the future." }) date?: string | null;
  @Field(() => EngagementKindEnum, { nullable: true, description: "Call, visit, email…" }) kind?: EngagementKind | null;
  @Field(() => String, { nullable: true, description: "Free text; null clears it." }) note?: string | null;
}

@InputType({ description: "Changes to a purchase; its account never changes." })
export class UpdatePurchaseInput {
  @Field(() => MoneyScalar, { nullable: true, description: "What was paid." }) amount?: string | number | null;
  @Field(() => Int, { nullable: true, description: "Licences bought." }) licences?: number | null;
  @Field(() => Float, { nullable: true, description: "0..1 off list price." }) discount?: number | null;
  @Field(() => String, { nullable: true, description: "YYYY-MM-DD, not in the future." }) date?: string | null;
}

@InputType({
  description:
    "Changes to a link; its type and ends never change. INFLUENCES links take kind, strength and date (since; null clears it), " +
    "REFERRED links date and revenue; a field of the other type is refused.",
})
export class UpdateLinkInput {
  @Field(() => InfluenceKindEnum, { nullable: true, description: "INFLUENCES only: why one account sways the other." }) kind?: InfluenceKind | null;
  @Field(() => Float, { nullable: true, description: "INFLUENCES only: 0..1." }) strength?: number | null;
  @Field(() => String, { nullable: true, description: "Referral date, or since when the influence is known (YYYY-MM-DD, not in the future)." })
  date?: string | null;
  @Field(() => MoneyScalar, { nullable: true, description: "REFERRED only: revenue the referral brought." }) revenue?: string | number | null;
}

@InputType({ description: "Changes to a community; its name stays unique (case-insensitive)." })
export class UpdateCommunityInput {
  @Field(() => String, { nullable: true, description: "1-200 characters." }) name?: string | null;
  @Field(() => CommunityKindEnum, { nullable: true, description: "What kind of group it is." }) kind?: CommunityKind | null;
  @Field(() => String, { nullable: true, description: "Null clears it." }) region?: string | null;
}

@InputType({ description: "Which communities to list; every field given must hold." })
export class CommunityFilterInput {
  @Field(() => [CommunityKindEnum], { nullable: true, description: "Any of these kinds." }) kinds?: CommunityKind[] | null;
  @Field(() => [String], { nullable: true, description: "Any of these regions." }) regions?: string[] | null;
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name." }) nameContains?: string | null;
}
