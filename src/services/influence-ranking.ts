/**
 * Reading ranks, percentiles and keyset pages off a metric snapshot. The worker already
 * sorted every metric by (score desc, id asc) and ranked it (analytics/engine/snapshot.ts),
 * so everything here is O(log n) per account or O(page + filter scan) per page.
 *
 * Percentile: the mid-rank percentile of strategy/percentile.ts (Hazen: share scoring
 * below plus half the ties, of n), as a fraction 0–1 like every percentile of the API
 * (strategy's too), so the best of n accounts gets 1 − 1/(2n) and ties share one value.
 * Scores arrive canonical (analytics/engine/canonical-scores.ts): convergence noise is 0
 * and float summation noise cannot split a tie.
 */
import { MetricNotComputableError, ValidationError } from "../domain/errors.js";
import { partitionPoint } from "../domain/partition-point.js";
import type { CoreSnapshot, RankedMetric } from "../analytics/engine/index.js";
import type { MetricName } from "../analytics/index.js";
import type { KeysetPosition } from "../ports/account-graph-store.js";

export interface MetricStanding {
  metric: MetricName;
  score: number;
  /** 1 = highest; ties share the best rank. */
  rank: number;
  /** 0–1, mid-rank. */
  percentile: number;
}

/** The metric's ranked values, or METRIC_NOT_COMPUTABLE explaining why it has none. */
export function requireMetric(snapshot: CoreSnapshot, metric: MetricName): RankedMetric {
  const ranked = snapshot.metrics[metric];
  if (ranked) return ranked;
  const reason = snapshot.unavailable[metric]?.message ?? "it was not computed";
  return failMetric(metric, reason);
}

function failMetric(metric: MetricName, reason: string): never {
  throw new MetricNotComputableError(`${metric} is not available on this graph: ${reason}`);
}

export function standingOf(snapshot: CoreSnapshot, metric: MetricName, node: number): MetricStanding {
  const ranked = requireMetric(snapshot, metric);
  const rank = ranked.rank[node]!;
  const n = ranked.values.length;
  const ties = tieCount(ranked, rank);
  const below = n - (rank - 1) - ties;
  return { metric, score: ranked.values[node]!, rank, percentile: (below + ties / 2) / n };
}

/** Accounts sharing the score at `rank`: the run starting at position rank−1 of `order`. */
function tieCount(ranked: RankedMetric, rank: number): number {
  const { order, values } = ranked;
  const start = rank - 1;
  const score = values[order[start]!]!;
  // First position after the run: values are non-increasing along `order`.
  return partitionPoint(start + 1, order.length, (k) => values[order[k]!]! === score) - start;
}

/** Position in `order` of the first account strictly after a keyset position. O(log n). */
export function positionAfter(snapshot: CoreSnapshot, ranked: RankedMetric, after: KeysetPosition): number {
  if (typeof after.value !== "number") throw new ValidationError("after is not a valid cursor", "after");
  const score = after.value;
  const { order, values } = ranked;
  const { ids } = snapshot;
  return partitionPoint(0, order.length, (k) => {
    const node = order[k]!;
    const value = values[node]!;
    return !(value < score || (value === score && ids[node]! > after.id));
  });
}

export interface RankedPage {
  nodes: number[];
  positions: KeysetPosition[];
  hasNextPage: boolean;
  totalCount: number;
}

/** A keyset page over one metric's order, restricted to accounts passing `keep`. */
export function pageByMetric(
  snapshot: CoreSnapshot,
  metric: MetricName,
  query: { first: number; after?: KeysetPosition; keep: ((node: number) => boolean) | null },
): RankedPage {
  const ranked = requireMetric(snapshot, metric);
  const { order, values } = ranked;
  const start = query.after ? positionAfter(snapshot, ranked, query.after) : 0;
  const nodes: number[] = [];
  let hasNextPage = false;
  for (let k = start; k < order.length; k++) {
    const node = order[k]!;
    if (query.keep && !query.keep(node)) continue;
    if (nodes.length === query.first) {
      hasNextPage = true;
      break;
    }
    nodes.push(node);
  }
  let totalCount = order.length;
  if (query.keep) {
    totalCount = 0;
    for (let node = 0; node < order.length; node++) if (query.keep(node)) totalCount++;
  }
  const positions = nodes.map((node) => ({ value: values[node]!, id: snapshot.ids[node]! }));
  return { nodes, positions, hasNextPage, totalCount };
}
