/**
 * The whole influence network in one answer, for the influence map (/map): columns of
 * equal length (one entry per account) instead of a list of objects, so 20,000 accounts
 * cost a few hundred kilobytes of JSON and one round trip rather than 200 pages.
 */
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { AccountStatus, Segment } from "../../domain/model.js";
import type { Tier } from "../../services/strategy-service.js";
import { AccountStatusEnum, SegmentEnum } from "../graphql-enums.js";
import { TierEnum } from "../strategy-enums.js";
import { AnalyticsSnapshotType } from "./influence.type.js";

@ObjectType("InfluenceMap", {
  description:
    "Every account (up to `limit`, the most influential by PageRank first) with the measures the map sizes and colours by, " +
    "and the stored links among them. Entry i of every account column describes account ids[i].",
})
export class InfluenceMapType {
  @Field(() => AnalyticsSnapshotType, { description: "The metric snapshot the map was drawn from." }) snapshot!: AnalyticsSnapshotType;
  @Field(() => Int, { description: "Accounts in the snapshot." }) totalAccounts!: number;
  @Field(() => Boolean, { description: "True when `limit` (or the link cap) left accounts or links out." }) truncated!: boolean;
  @Field(() => [ID], { description: "Account ids, most influential (PageRank) first; every other account column follows this order." })
  ids!: string[];
  @Field(() => [String], { description: "Account names." }) names!: string[];
  @Field(() => [AccountStatusEnum], { description: "Account statuses." }) statuses!: AccountStatus[];
  @Field(() => [SegmentEnum], { description: "Account segments." }) segments!: Segment[];
  @Field(() => [Int], { description: "Index into ownerIds; -1 for an account without owner." }) owners!: number[];
  @Field(() => [ID], { description: "Manager ids, as indexed by owners." }) ownerIds!: string[];
  @Field(() => [Float], { description: "Annual revenue in currency units (not cents)." }) revenue!: number[];
  @Field(() => [Float], { description: "PageRank of each account." }) pagerank!: number[];
  @Field(() => [Float], { description: "Normalized betweenness; 0 when unavailable." }) betweenness!: number[];
  @Field(() => [Float], { description: "Strategic score 0..1 under the default weights (0 while not ranked yet)." }) strategicScore!: number[];
  @Field(() => [TierEnum], { nullable: "items", description: "Tier under the default weights; null while not ranked yet." }) tiers!: (Tier | null)[];
  @Field(() => [Int], { description: "Louvain community number, valid within this snapshot." }) communities!: number[];
  @Field(() => [Int], { description: "Link i goes from ids[linkSources[i]] ..." }) linkSources!: number[];
  @Field(() => [Int], { description: "... to ids[linkTargets[i]]." }) linkTargets!: number[];
  @Field(() => [Float], { description: "Strongest stored link per ordered pair, 0..1." }) linkStrengths!: number[];
}
