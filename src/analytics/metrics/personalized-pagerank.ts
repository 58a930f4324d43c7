/**
 * Personalized PageRank from a set of seed accounts: "closest in influence to our
 * current champions". PageRank whose teleport (and dangling spread) returns to the seeds
 * instead of to every account, so scores measure how much influence credit circulates
 * between each account and the seeds.
 *
 * Source: G. Jeh, J. Widom, "Scaling personalized web search", WWW 2003; identical to
 * networkx `pagerank(G.reverse(), personalization=...)` with the default flow, and to
 * `pagerank(G, personalization=...)` with flow TO_INFLUENCED, which closestToChampions uses
 * (analytics/engine/projection-host.ts).
 * On demand only (not in the cached registry): its answer depends on the seeds.
 * Cost: that of computePageRank.
 */
import { ValidationError } from "../../domain/errors.js";
import type { Projection } from "../projection.js";
import { computePageRank, type PageRankOptions, type PageRankResult } from "./pagerank.js";

export interface PersonalizedPageRankOptions extends Partial<Omit<PageRankOptions, "personalization">> {
  /** Seed accounts, equally weighted, or a map of seed id -> weight. */
  seeds: readonly string[] | ReadonlyMap<string, number>;
}

export const MAX_SEEDS = 10_000;

export function computePersonalizedPageRank(projection: Projection, options: PersonalizedPageRankOptions): PageRankResult {
  const { seeds, ...rest } = options;
  const personalization = isSeedList(seeds) ? new Map(seeds.map((id) => [id, 1] as const)) : seeds;
  if (personalization.size === 0) throw new ValidationError("options.seeds must name at least one account", "options.seeds");
  if (personalization.size > MAX_SEEDS) {
    throw new ValidationError(`options.seeds must name at most ${MAX_SEEDS} accounts`, "options.seeds");
  }
  return computePageRank(projection, { ...rest, personalization });
}

function isSeedList(seeds: PersonalizedPageRankOptions["seeds"]): seeds is readonly string[] {
  return Array.isArray(seeds);
}
