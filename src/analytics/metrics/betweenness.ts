/**
 * Betweenness centrality: the share of shortest influence paths between other accounts
 * that pass through an account — the brokers between groups.
 *
 * Source: U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociol.
 * 25(2), 2001 (exact); U. Brandes, C. Pich, "Centrality estimation in large networks",
 * IJBC 17(7), 2007 (k uniformly sampled pivots, extrapolated). Matches networkx
 * `betweenness_centrality(G, k, normalized=True, weight=...)` including its 3.x
 * rescaling of sampled values (pivots scaled by 1/((k−1)(n−2)), others 1/(k(n−2))).
 *
 * Lengths: a tie's strength is closeness, so with `weighted` (default) an arc has length
 * 1/strength (0.5 counts as two full-strength hops; strength 0 = no path). `weighted:
 * false` counts hops. Direction does not matter: reversing every edge gives the same
 * values. Values are for the directed graph (ordered pairs); on a graph whose ties all go
 * both ways they equal networkx's undirected normalized values.
 *
 * Exact up to `exactMaxNodes` accounts (2,500: a weighted exact run there takes ~0.6 s,
 * 5 s at 5,000), sampled with `pivots` seeded sources above. Measured error of the default
 * sample (256 pivots) against exact on generated graphs of 5,000-20,000 accounts
 * (bench/sampling-error.ts; tables in docs/influence.md, "Error of the sampled metrics"):
 * max absolute error 0.011-0.019 of normalized betweenness where the largest exact values
 * are 0.03-0.05, mean 0.9e-4 to 2.4e-4; 4-8 of the exact top 10 in the sampled top 10. The error
 * shrinks as 1/√k; networkx's own k=256 estimate shows the same error on the same graph.
 *
 * Cost: O(V·E) unweighted / O(V·(E + V log V)) weighted exact; k/V of that sampled.
 * Memory: 5 vectors of V plus a heap. `betweennessInSteps` yields between groups of
 * sources (sampling-options.ts sourcesPerStep), so the analytics worker can answer other
 * requests, or drop the computation, while it runs (a sampled run at 200,000 accounts
 * takes ~20 s).
 */
import { csrOf } from "../csr.js";
import { adjacencyOf, ShortestPathWorkspace, type Adjacency } from "../kernels/shortest-paths.js";
import type { Projection } from "../projection.js";
import type { NodeScores } from "./node-scores.js";
import { runToEnd } from "../../domain/steps.js";
import { chooseSources, markSources, sourcesPerStep, type SamplingOptions } from "./sampling-options.js";

export interface BetweennessOptions extends SamplingOptions {
  /** Lengths 1/strength (true) or hop counts (false). */
  weighted: boolean;
  /** Divide by the number of ordered pairs (n−1)(n−2), so values fall in [0, 1]. */
  normalized: boolean;
}

export const DEFAULTS: Readonly<BetweennessOptions> = Object.freeze({
  weighted: true,
  normalized: true,
  exactMaxNodes: 2_500,
  pivots: 256,
  seed: 42,
});

export interface BetweennessResult extends NodeScores {
  /** Sources used: n when exact, the pivot count when sampled. */
  sources: number;
  sampled: boolean;
}

export function computeBetweenness(projection: Projection, options: Partial<BetweennessOptions> = {}): BetweennessResult {
  return runToEnd(betweennessInSteps(projection, options));
}

export function* betweennessInSteps(projection: Projection, options: Partial<BetweennessOptions> = {}): Generator<void, BetweennessResult> {
  const resolved = { ...DEFAULTS, ...options };
  const csr = csrOf(projection);
  const n = csr.order;
  const sources = chooseSources(n, resolved);
  const sourceCount = sources === null ? n : sources.length;

  const forward = adjacencyOf(csr, "OUT", resolved.weighted);
  const backward = adjacencyOf(csr, "IN", resolved.weighted);
  const workspace = new ShortestPathWorkspace(n);
  const delta = new Float64Array(n);
  const betweenness = new Float64Array(n);
  const perStep = sourcesPerStep(n, csr.size);

  for (let s = 0; s < sourceCount; s++) {
    if (s > 0 && s % perStep === 0) yield;
    workspace.run(forward, sources === null ? s : sources[s]!);
    accumulateDependencies(workspace, backward, delta, betweenness);
  }

  rescale(betweenness, n, resolved.normalized, sources);
  return { ids: csr.ids, values: betweenness, sources: sourceCount, sampled: sources !== null };
}

/**
 * Adds the dependencies of the source `workspace` has just run from to `betweenness`, in
 * reverse settle order. Predecessors are found by scanning in-arcs for dist[v] + len(v, w)
 * === dist[w]: the same float sum the forward pass compared, so the test is exact, and no
 * predecessor lists are stored. A plain function, outside the stepwise generator, so the
 * JIT optimises the hot loop on its own.
 */
function accumulateDependencies(workspace: ShortestPathWorkspace, backward: Adjacency, delta: Float64Array, betweenness: Float64Array): void {
  const { dist, sigma, order } = workspace;
  for (let i = workspace.count - 1; i > 0; i--) {
    const w = order[i]!;
    const share = (1 + delta[w]!) / sigma[w]!;
    const distance = dist[w]!;
    for (let e = backward.offsets[w]!, end = backward.offsets[w + 1]!; e < end; e++) {
      const v = backward.neighbors[e]!;
      const length = backward.lengths === null ? 1 : backward.lengths[e]!;
      if (dist[v]! + length === distance) delta[v]! += sigma[v]! * share;
    }
    betweenness[w]! += delta[w]!;
  }
  for (let i = 0; i < workspace.count; i++) delta[order[i]!] = 0;
}

/** networkx 3.x `_rescale` for directed graphs without endpoints. */
function rescale(values: Float64Array, n: number, normalized: boolean, sources: Int32Array | null): void {
  const pairsThrough = n - 1; // targets other than v
  if (pairsThrough < 2) return;
  if (sources === null) {
    if (!normalized) return;
    const scale = 1 / (pairsThrough * (pairsThrough - 1));
    for (let i = 0; i < values.length; i++) values[i]! *= scale;
    return;
  }
  // A pivot never counts itself as a source, so it saw one source fewer than the others.
  const k = sources.length;
  const denominator = normalized ? pairsThrough - 1 : 1 / pairsThrough;
  const pivotScale = k > 1 ? 1 / ((k - 1) * denominator) : 0;
  const otherScale = 1 / (k * denominator);
  const isPivot = markSources(n, sources);
  for (let i = 0; i < values.length; i++) values[i]! *= isPivot[i] ? pivotScale : otherScale;
}
