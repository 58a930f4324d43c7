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
/** How big the data is right now: heavy fields are priced by the work they will do on it. */
export interface WorkScale {
  accounts: number;
}

export type FieldCost = number | ((args: Record<string, unknown>, scale: WorkScale) => number);

const count = (value: unknown, fallback: number) => (typeof value === "number" && Number.isFinite(value) ? Math.max(1, value) : fallback);
const lengthOf = (value: unknown) => (Array.isArray(value) ? value.length : null);

/**
 * Monte Carlo influence maximisation: its first CELF pass runs `simulations` cascades per
 * candidate, then a few per pick, so the work grows with simulations x (candidates + k).
 * 50,000 of that per cost point: recommendAdvocates(k: 100, simulations: 10000) on the
 * 100-account sample costs 230, so 30 such aliases (6,900) are refused before any runs,
 * while the README's k: 5, 1,000 simulations on 20,000 accounts costs ~410.
 */
export function advocatesCost(args: Record<string, unknown>, scale: WorkScale): number {
  const k = count(args.k, 5);
  const simulations = count(args.simulations, 1_000);
  const candidates = Math.min(lengthOf(args.among) ?? scale.accounts, scale.accounts);
  return 10 + Math.ceil((simulations * (candidates + 10 * k)) / 50_000);
}

export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = Object.freeze({
  "Query.recommendAdvocates": advocatesCost,
  /** 2,000 contagion worlds from one account: grows with the network. */
  "Query.simulateLoss": (_args, scale) => 10 + Math.ceil(scale.accounts / 400),
  /** A plan plus advocates among the manager's customers (default simulations). */
  "Query.portfolio": (_args, scale) => 25 + Math.ceil(scale.accounts / 200),
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
