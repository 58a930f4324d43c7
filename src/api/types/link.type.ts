import { Field, Float, ID, ObjectType } from "type-graphql";
import type { InfluenceKind, LinkType } from "../../domain/model.js";
import { InfluenceKindEnum, LinkTypeEnum } from "../graphql-enums.js";
import { MoneyScalar } from "../money-scalar.js";
import { DateScalar, DateTimeScalar } from "../date-scalars.js";
import { NodeInterface } from "./node.type.js";

@ObjectType("Link", { implements: NodeInterface, description: "A directed link: `from` influences or referred `to`." })
export class LinkObjectType {
  @Field(() => ID, { description: "Global id (`lnk_…`)." }) id!: string;
  @Field(() => LinkTypeEnum, { description: "REFERRED (a real introduction) or INFLUENCES (a known tie)." }) type!: LinkType;
  @Field(() => ID, { description: "Id of the influencer / referrer." }) fromId!: string;
  @Field(() => ID, { description: "Id of the influenced / referred account." }) toId!: string;
  @Field(() => Float, { description: "0..1; REFERRED links count as 1." }) strength!: number;
  @Field(() => InfluenceKindEnum, { nullable: true, description: "INFLUENCES only." }) kind!: InfluenceKind | null;
  @Field(() => MoneyScalar, { nullable: true, description: "REFERRED only: revenue the referral brought." })
  revenue!: number | null;
  @Field(() => DateScalar, { nullable: true, description: "Referral date, or since when the influence is known." })
  date!: string | null;
  @Field(() => DateTimeScalar, { description: "When the link was stored." }) createdAt!: string;
}
