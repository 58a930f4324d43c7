/**
 * Fixed costs of the fields that do more than a keyed read: analytics over the whole
 * influence graph. Keyed "Type.field"; a function receives the field's coerced
 * arguments. A resolver may instead declare `complexity: N` in its type-graphql
 * field options (`@Query(() => T, { complexity: 50 })`), which wins over this table.
 *
 * The numbers are relative to an object field (1) and a scalar (0): a whole-graph
 * ranking or community report costs like a page of 25 accounts, a personalized
 * PageRank (power iteration over all ties, per call) like 50, reach grows with hops.
 */
export type FieldCost = number | ((args: Record<string, unknown>) => number);

const count = (value: unknown, fallback: number) => (typeof value === "number" && Number.isFinite(value) ? Math.max(1, value) : fallback);

export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = Object.freeze({
  "Query.influenceHubs": 25,
  "Query.influenceCommunities": 25,
  "Query.referralPath": 25,
  "Query.closestToChampions": 50,
  /** The whole network in columns: one pass over the snapshot and the ranking (no per-account resolvers). */
  "Query.influenceMap": 100,
  "Mutation.importCrm": 100,
  /** Breadth-first search to `depth` around the seeds. */
  "Query.influenceGraph": (args) => 10 * count(args.depth, 1),
  /** One lookup in the metric snapshot (computed off the request path). */
  "Account.influence": 2,
  /** The account's rank on every metric. */
  "Influence.ranks": 5,
  /** A downstream breadth-first search per account. */
  "Influence.reach": (args) => 5 * count(args.hops, 2),
  "InfluenceCommunity.brokers": 5,
});
