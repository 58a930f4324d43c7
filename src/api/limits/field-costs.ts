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
  /** Accounts a manager owns now (a plan's fit grows with the book); absent: any manager may own them all. */
  bookSize?: (managerId: string) => number;
}

export type FieldCost = number | ((args: Record<string, unknown>, scale: WorkScale) => number);

const count = (value: unknown, fallback: number) => (typeof value === "number" && Number.isFinite(value) ? Math.max(1, value) : fallback);
const lengthOf = (value: unknown) => (Array.isArray(value) ? value.length : null);

/**
 * Monte Carlo influence maximisation: its first CELF pass runs `simulations` cascades per
 * candidate, then a few per pick, so the work grows with simulations x (candidates + k).
 * 50,000 of that per cost point; with the activation scale's share (activationCost)
 * recommendAdvocates(k: 100, simulations: 10000) on the 100-account sample costs 631, so 30
 * such aliases are refused before any runs, while the README's k: 5, 1,000 simulations on
 * 20,000 accounts costs ~513.
 */
export function advocatesCost(args: Record<string, unknown>, scale: WorkScale): number {
  const k = count(args.k, 5);
  const simulations = count(args.simulations, 1_000);
  const candidates = Math.min(lengthOf(args.among) ?? scale.accounts, scale.accounts);
  return 10 + Math.ceil((simulations * (candidates + 10 * k)) / 50_000) + activationCost(k, simulations, scale);
}

/**
 * The advocates' fitted activation scale (services/activation-service.ts): the fit over every
 * influence tie (shared by the requests of one graph version, ~0.1–0.3 s of CPU on 20,000
 * accounts: a point per 200 accounts), and the chosen advocates' spread at the two ends of
 * its interval, two more runs of `simulations` cascades from the k advocates (priced like
 * CELF's re-evaluation of the k picks above).
 */
function activationCost(k: number, simulations: number, scale: WorkScale): number {
  return Math.ceil(scale.accounts / 200) + Math.ceil((2 * simulations * 10 * k) / 50_000);
}

/**
 * A plan or backtest of a manager's book (services/plan-service.ts): a pooled response fit over
 * every account of the book from its whole history, about 1 ms of CPU per account, plus the
 * plan's posterior draws and allocation (a fifth of that) or the backtest's held-out fit. At
 * the advocates' rate (a point is ~3 ms) that is half a point per account of the book, priced
 * at the manager's book size now; 10 for the fixed work of fitting every curve family. A
 * document asking for 30 plans of 330-account books is refused before any fit starts. (A
 * cost remembered for the same document and variables keeps the book size it was priced at,
 * as it keeps the account count's power of two: query-complexity.ts CostMemo.)
 */
export function bookPlanCost(args: Record<string, unknown>, scale: WorkScale): number {
  const managerId = typeof args.managerId === "string" ? args.managerId : null;
  const book = managerId !== null && scale.bookSize ? scale.bookSize(managerId) : scale.accounts;
  return 10 + Math.ceil(book / 2);
}

export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = Object.freeze({
  "Query.recommendAdvocates": advocatesCost,
  /** 2,000 contagion worlds from one account: grows with the network. */
  "Query.simulateLoss": (_args, scale) => 10 + Math.ceil(scale.accounts / 400),
  /**
   * A plan of the book, plus advocates among the manager's customers (default simulations:
   * a point per 200 accounts) at the fitted activation scale (its fit: another point per 200).
   */
  "Query.portfolio": (args, scale) => 25 + Math.ceil(scale.accounts / 100) + bookPlanCost(args, scale),
  "Query.planTime": bookPlanCost,
  "Query.planBacktest": bookPlanCost,
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
