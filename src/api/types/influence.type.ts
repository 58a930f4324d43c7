/**
 * Influence analytics as GraphQL objects. Metric values, ranks, reach and the nested
 * accounts are resolved in resolvers/influence*.resolver.ts; every analytics answer
 * carries the `snapshot` it was computed on (graph version, age, staleness).
 */
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { InfluenceMetric, TieType } from "../../services/influence-service.js";
import { InfluenceMetricEnum, TieTypeEnum } from "../influence-enums.js";
import { MoneyScalar } from "../money-scalar.js";
import { AccountType } from "./account.type.js";
import { PageInfo } from "./connection.type.js";
import { DateTimeScalar } from "../date-scalars.js";
import { NodeInterface } from "./node.type.js";

@ObjectType("AnalyticsSnapshot", {
  description:
    "The metric snapshot an answer comes from. Metrics are computed per graph version off the request path; " +
    "when a recompute takes longer than the wait bound, the last complete snapshot answers with stale = true.",
})
export class AnalyticsSnapshotType {
  @Field(() => Int, { description: "Graph version the metrics were computed on." }) version!: number;
  @Field(() => DateTimeScalar, { description: "When the metrics were computed (ISO-8601)." }) computedAt!: string;
  @Field(() => Int, { description: "Milliseconds since computedAt." }) ageMs!: number;
  @Field(() => Boolean, { description: "The store has writes this snapshot does not reflect yet." }) stale!: boolean;
}

@ObjectType("InfluenceCommunityRef", { description: "A computed (Louvain) community; see influenceCommunities." })
export class InfluenceCommunityRefType {
  @Field(() => ID, { description: "Valid within one snapshot version (lvn_<version>_<n>)." }) id!: string;
  @Field(() => Int, { description: "Accounts in the community." }) size!: number;
}

@ObjectType("MetricRank", { description: "An account's standing on one metric among all accounts." })
export class MetricRankType {
  @Field(() => InfluenceMetricEnum, { description: "The metric." }) metric!: InfluenceMetric;
  @Field(() => Boolean, { description: "False when the metric has no value on this graph (see reason)." }) available!: boolean;
  @Field(() => String, { nullable: true, description: "Why the metric has no value (null when available)." }) reason!: string | null;
  @Field(() => Float, { nullable: true, description: "The account's value (canonical: 12 significant digits, convergence noise as 0)." })
  score!: number | null;
  @Field(() => Int, { nullable: true, description: "1 = highest; ties share the best rank." }) rank!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: "0..1, mid-rank: share of accounts scoring lower plus half of the ties (the best of n gets 1 − 1/2n).",
  })
  percentile!: number | null;
}

@ObjectType("Reach", { description: "Accounts an account's influence reaches within some hops, and their revenue." })
export class ReachType {
  @Field(() => Int, { description: "Accounts reached, the account itself not counted." }) accounts!: number;
  @Field(() => MoneyScalar, { description: "Σ annual revenue of the accounts reached." }) revenue!: number;
}

@ObjectType("Influence", {
  implements: NodeInterface,
  description:
    "How influential an account is in the referral / influence network. Metric fields resolve per metric: " +
    "one that cannot be computed on this graph returns null with a METRIC_NOT_COMPUTABLE error for that field only.",
})
export class InfluenceType {
  @Field(() => InfluenceCommunityRefType, { description: "Computed (Louvain) community of the account." })
  community!: InfluenceCommunityRefType;
  @Field(() => Boolean, { description: "Articulation point: its loss would split the network it holds together." })
  keystone!: boolean;
  @Field(() => AnalyticsSnapshotType, { description: "The metric snapshot this answer was computed on." }) snapshot!: AnalyticsSnapshotType;
}

@ObjectType("InfluenceHubEdge", { description: "One account of an influenceHubs page, with its standing on the metric." })
export class InfluenceHubEdgeType {
  @Field(() => String, { description: "Opaque position (score and id, on this snapshot); `after` takes it." }) cursor!: string;
  @Field(() => ID, { description: "The account's id (answered even when `node` is null)." }) accountId!: string;
  @Field(() => AccountType, { nullable: true, description: "Null only if the account was deleted after the snapshot." })
  node!: AccountType | null;
  @Field(() => Float, { description: "The account's value on the metric (as MetricRank.score)." }) score!: number;
  @Field(() => Int, { description: "1 = highest; ties share the best rank." }) rank!: number;
  @Field(() => Float, { description: "0..1, mid-rank (as MetricRank.percentile)." }) percentile!: number;
}

@ObjectType("InfluenceHubConnection", { description: "A page of accounts ordered by an influence metric (Relay connection)." })
export class InfluenceHubConnectionType {
  @Field(() => [InfluenceHubEdgeType], { description: "The accounts of this page, highest score first." }) edges!: InfluenceHubEdgeType[];
  @Field(() => PageInfo, { description: "Whether more pages follow, and the cursors." }) pageInfo!: PageInfo;
  @Field(() => Int, { description: "Accounts matching the filter in the snapshot." }) totalCount!: number;
  @Field(() => AnalyticsSnapshotType, { description: "The metric snapshot this answer was computed on." }) snapshot!: AnalyticsSnapshotType;
}

@ObjectType("InfluenceGraphNode", { description: "An account of an influenceGraph neighbourhood." })
export class InfluenceGraphNodeType {
  @Field(() => ID, { description: "The account's id." }) accountId!: string;
  @Field(() => AccountType, { nullable: true, description: "The account; null if it was deleted after the snapshot." }) account!: AccountType | null;
  @Field(() => Int, { description: "Ties from the nearest `around` account." }) depth!: number;
  @Field(() => Float, { nullable: true, description: "Null for an account newer than the snapshot." }) pagerank!: number | null;
  @Field(() => InfluenceCommunityRefType, { nullable: true, description: "Its computed community; null for an account newer than the snapshot." })
  community!: InfluenceCommunityRefType | null;
}

@ObjectType("InfluenceTie", { description: "A directed tie: `fromId` influences / referred / leads `toId`." })
export class InfluenceTieType {
  @Field(() => ID, { description: "The link id; MEMBERSHIP ties have a derived id." }) id!: string;
  @Field(() => TieTypeEnum, { description: "REFERRED, INFLUENCES or MEMBERSHIP (a community leader's implicit tie)." }) type!: TieType;
  @Field(() => Float, { description: "0..1" }) strength!: number;
  @Field(() => ID, { description: "The influencer / referrer / leader." }) fromId!: string;
  @Field(() => ID, { description: "The account influenced / referred / led." }) toId!: string;
}

@ObjectType("InfluenceGraph", { description: "A bounded neighbourhood of the influence graph, for exploration." })
export class InfluenceGraphType {
  @Field(() => [InfluenceGraphNodeType], { description: "The accounts, nearest to `around` first." }) nodes!: InfluenceGraphNodeType[];
  @Field(() => [InfluenceTieType], { description: "The ties among those accounts." }) edges!: InfluenceTieType[];
  @Field(() => Boolean, { description: "True when accounts within reach were left out because of `limit`." }) truncated!: boolean;
  @Field(() => AnalyticsSnapshotType, { description: "The metric snapshot this answer was computed on." }) snapshot!: AnalyticsSnapshotType;
}

@ObjectType("ReferralPath", { description: "A chain of introductions between two accounts over stored links." })
export class ReferralPathType {
  @Field(() => Float, { description: "Product of the link strengths (1 for a chain of referrals)." }) strength!: number;
  @Field(() => Int, { description: "Introductions on the way (links in the chain)." }) hops!: number;
}

@ObjectType("CommunityBroker", { description: "A member with ties into other communities: word of mouth leaves the group through it." })
export class CommunityBrokerType {
  @Field(() => ID, { description: "The broker's id." }) accountId!: string;
  @Field(() => Float, { nullable: true, description: "Normalized betweenness; null when unavailable." }) betweenness!: number | null;
  @Field(() => Int, { description: "Ties to accounts in other computed communities." }) externalTies!: number;
}

@ObjectType("InfluenceCommunity", {
  description:
    "A community detected in the influence graph (Louvain): accounts more tied to each other than to the rest. " +
    "Unlike Community (a stored church, association or club), it is computed and changes with the graph.",
})
export class InfluenceCommunityType {
  @Field(() => ID, { description: "Valid within one snapshot version (lvn_<version>_<n>)." }) id!: string;
  @Field(() => Int, { description: "Members (accounts) of the community." }) size!: number;
  @Field(() => MoneyScalar, { description: "Σ annual revenue of the members that are customers." }) revenueCaptured!: number;
  @Field(() => Float, { description: "Share of members that are customers, 0..1." }) customerShare!: number;
}

@ObjectType("InfluenceCommunityReport", { description: "The Louvain partition of the influence graph and its communities." })
export class InfluenceCommunityReportType {
  @Field(() => Float, { description: "Modularity of the whole partition (directed, weighted)." }) modularity!: number;
  @Field(() => Int, { description: "Number of computed communities." }) count!: number;
  @Field(() => [InfluenceCommunityType], { description: "Largest first." }) communities!: InfluenceCommunityType[];
  @Field(() => AnalyticsSnapshotType, { description: "The metric snapshot this answer was computed on." }) snapshot!: AnalyticsSnapshotType;
}

@ObjectType("ChampionProximity", { description: "An account ranked by personalized PageRank from the champions." })
export class ChampionProximityType {
  @Field(() => ID, { description: "The account's id." }) accountId!: string;
  @Field(() => AccountType, { nullable: true, description: "The account; null if it was deleted meanwhile." }) account!: AccountType | null;
  @Field(() => Float, { description: "Personalized PageRank from the seeds (canonical: 12 significant digits)." }) score!: number;
  @Field(() => Int, { description: "1 = closest; ties share the best rank." }) rank!: number;
}
