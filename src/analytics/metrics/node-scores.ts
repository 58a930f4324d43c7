/**
 * The one result shape every per-node metric returns: `values[i]` is the score of
 * `ids[i]`, in the CSR node order of the projection revision it was computed on. A typed
 * array plus a shared ids array is ~8 bytes per node and sorts/ranks without boxing;
 * `toScoreMap` gives a Map for callers that look up a handful of ids.
 */
import type { Csr } from "../csr.js";

export interface NodeScores {
  readonly ids: readonly string[];
  readonly values: Float64Array;
  /**
   * Iterative metrics: how far each value may still be from the exact one (an a-posteriori
   * bound, iteration-options.ts `errorBound`). A value below it cannot be told from 0;
   * the snapshot's ranking reports it as 0 (engine/canonical-scores.ts). Absent: exact.
   */
  readonly precision?: number;
}

/**
 * How influence credit moves along A -> B ("A influences B"):
 * - `TO_INFLUENCER`: credit flows back from the influenced to their influencer, like
 *   citations to a cited paper, so an account that many (important) accounts follow
 *   scores high. This is what "influential" means throughout the analytics.
 * - `TO_INFLUENCED`: credit flows along the edges, so accounts exposed to much
 *   (important) influence score high.
 */
export type InfluenceFlow = "TO_INFLUENCER" | "TO_INFLUENCED";

export function scoresOf(csr: Csr, values: Float64Array): NodeScores {
  return { ids: csr.ids, values };
}

export function toScoreMap(scores: NodeScores): Map<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < scores.ids.length; i++) map.set(scores.ids[i]!, scores.values[i]!);
  return map;
}
