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
 * `precision` is the a-posteriori error bound of the answer (iteration-options.ts): scores
 * of accounts outside the dominant component tend to 0 only as fast as the iteration
 * converges, so they stop near the tolerance instead of at 0.
 *
 * Cost: O(E) per iteration; 2 vectors of V floats.
 */
import { MetricNotComputableError } from "../../domain/errors.js";
import { csrOf } from "../csr.js";
import type { Projection } from "../projection.js";
import { errorBound, requireIterationOptions, type IterationOptions } from "./iteration-options.js";
import type { InfluenceFlow, NodeScores } from "./node-scores.js";

export interface EigenvectorOptions extends IterationOptions {
  flow: InfluenceFlow;
  weighted: boolean;
}

export const DEFAULTS: Readonly<EigenvectorOptions> = Object.freeze({
  tolerance: 1e-10,
  maxIterations: 1000,
  flow: "TO_INFLUENCER",
  weighted: true,
});

export interface EigenvectorResult extends NodeScores {
  iterations: number;
}

export function computeEigenvector(projection: Projection, options: Partial<EigenvectorOptions> = {}): EigenvectorResult {
  const { tolerance, maxIterations, flow, weighted } = { ...DEFAULTS, ...options };
  requireIterationOptions({ tolerance, maxIterations });
  const csr = csrOf(projection);
  const n = csr.order;
  if (n === 0) throw new MetricNotComputableError("analytics/metrics/eigenvector: the graph has no accounts");
  const toInfluencer = flow === "TO_INFLUENCER";
  // Pull form: v gathers from the rows that pass score to it.
  const offsets = toInfluencer ? csr.outOffsets : csr.inOffsets;
  const neighbors = toInfluencer ? csr.outTargets : csr.inSources;
  const weights = weighted ? (toInfluencer ? csr.outWeights : csr.inWeights) : null;

  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  let previousChange = Infinity;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    let squares = 0;
    for (let v = 0; v < n; v++) {
      let value = x[v]!; // the + I shift
      for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) {
        value += x[neighbors[e]!]! * (weights === null ? 1 : weights[e]!);
      }
      next[v] = value;
      squares += value * value;
    }
    const norm = Math.sqrt(squares) || 1;
    let change = 0;
    for (let v = 0; v < n; v++) {
      next[v]! /= norm;
      change += Math.abs(next[v]! - x[v]!);
    }
    [x, next] = [next, x];
    if (change < tolerance) return { ids: csr.ids, values: x, iterations: iteration, precision: errorBound(change, previousChange) };
    previousChange = change;
  }
  throw new MetricNotComputableError(
    `analytics/metrics/eigenvector: no convergence to ${tolerance} within ${maxIterations} iterations ` +
      "(acyclic or otherwise degenerate influence graph)",
  );
}
