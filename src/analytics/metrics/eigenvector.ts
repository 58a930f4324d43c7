/**
 * Eigenvector centrality: an account is central when it influences central accounts
 * (with the default flow TO_INFLUENCER, score flows from the influenced back to their
 * influencer, as in pagerank.ts). Unit-length (L2) scores, like networkx and graphology;
 * igraph scales the maximum to 1 instead.
 *
 * Source: P. Bonacich, "Power and centrality: a family of measures", AJS 92(5), 1987.
 * Same iteration as networkx `eigenvector_centrality` on G.reverse() (TO_INFLUENCER) or G
 * (TO_INFLUENCED): power iteration on (A + I), which converges on bipartite/periodic
 * graphs too, start 1/N, L2 normalisation. Convergence: Σ|x(t+1) − x(t)| < tolerance
 * (absolute; networkx uses N·tol).
 *
 * It does not converge where the dominant eigenvector is not unique or not reached:
 * on an acyclic influence graph (every referral chain ends; A is nilpotent) the
 * iteration creeps towards the chain ends at rate 1/t and never settles. That raises
 * MetricNotComputableError (code METRIC_NOT_COMPUTABLE), never an arbitrary vector.
 *
 * The result carries its a-posteriori error bound as `precision` (iteration-options.ts):
 * scores below it are convergence noise and rank as 0 (engine/canonical-scores.ts).
 *
 * Cost: O(E) per iteration; 2 vectors of V floats.
 */
import { MetricNotComputableError } from "../../domain/errors.js";
import { csrOf } from "../csr.js";
import type { Projection } from "../projection.js";
import { gatherUnweighted, gatherWeighted, scaleAndCompare } from "../kernels/sparse-products.js";
import { errorBound, requireIterationOptions, requireWarmStartOptions, type IterationOptions, type WarmStartOptions } from "./iteration-options.js";
import { DEFAULT_WARM_START_MIN_NODES, keepWarmStart, warmStart } from "./warm-start.js";
import type { InfluenceFlow, NodeScores } from "./node-scores.js";

export interface EigenvectorOptions extends IterationOptions, WarmStartOptions {
  flow: InfluenceFlow;
  weighted: boolean;
}

export const DEFAULTS: Readonly<EigenvectorOptions> = Object.freeze({
  tolerance: 1e-10,
  maxIterations: 1000,
  flow: "TO_INFLUENCER",
  weighted: true,
  warmStartMinNodes: DEFAULT_WARM_START_MIN_NODES,
});

export interface EigenvectorResult extends NodeScores {
  iterations: number;
}

export function computeEigenvector(projection: Projection, options: Partial<EigenvectorOptions> = {}): EigenvectorResult {
  const { tolerance, maxIterations, flow, weighted, warmStartMinNodes } = { ...DEFAULTS, ...options };
  requireIterationOptions({ tolerance, maxIterations });
  requireWarmStartOptions({ warmStartMinNodes });
  const csr = csrOf(projection);
  const n = csr.order;
  if (n === 0) throw new MetricNotComputableError("analytics/metrics/eigenvector: the graph has no accounts");
  const toInfluencer = flow === "TO_INFLUENCER";
  // Pull form: v gathers from the rows that pass score to it.
  const offsets = toInfluencer ? csr.outOffsets : csr.inOffsets;
  const neighbors = toInfluencer ? csr.outTargets : csr.inSources;
  const weights = toInfluencer ? csr.outWeights : csr.inWeights;

  const warmKey = `eigenvector:${flow}:${weighted}`;
  let x: Float64Array = warmStart(projection, csr, warmKey, warmStartMinNodes) ?? new Float64Array(n).fill(1 / n);
  let next: Float64Array = new Float64Array(n);
  let previousChange = Infinity;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    if (weighted) gatherWeighted(offsets, neighbors, weights, x, next);
    else gatherUnweighted(offsets, neighbors, x, next);
    const change = shiftNormalizeAndCompare(next, x); // the + I shift, L2 normalisation
    [x, next] = [next, x];
    if (change < tolerance) {
      keepWarmStart(projection, csr, warmKey, x, warmStartMinNodes);
      return { ids: csr.ids, values: x, iterations: iteration, precision: errorBound(change, previousChange) };
    }
    previousChange = change;
  }
  throw new MetricNotComputableError(
    `analytics/metrics/eigenvector: no convergence to ${tolerance} within ${maxIterations} iterations ` +
      "(acyclic or otherwise degenerate influence graph)",
  );
}

/** next = (next + x) / ‖next + x‖₂; returns Σ|next − x|. */
function shiftNormalizeAndCompare(next: Float64Array, x: Float64Array): number {
  let squares = 0;
  for (let v = 0; v < next.length; v++) {
    const value = next[v]! + x[v]!;
    next[v] = value;
    squares += value * value;
  }
  return scaleAndCompare(next, 1 / (Math.sqrt(squares) || 1), x);
}
