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
 * It has no answer on an acyclic influence graph (every chain of ties ends; A is
 * nilpotent): the iteration creeps towards the chain ends at rate 1/t. Such a graph (no
 * strongly connected component of two or more accounts, no self-tie) raises
 * MetricNotComputableError (code METRIC_NOT_COMPUTABLE), never an arbitrary vector.
 *
 * Otherwise it converges at the rate |λ₂ + 1| / (λ₁ + 1), which one ordinary tie can bring
 * close to 1: on the sample dataset a single new PEER link of strength 0.5 needs ~3,900
 * iterations. So the default cap is a budget of work rather than a count: at least 1,000
 * iterations, and as many more as 2·10⁸ arc visits allow (a fraction of a second; on the
 * sample, hundreds of thousands of iterations; at 200,000 accounts, the 1,000). An explicit
 * `maxIterations` is taken as given. A run out of budget says how many more it would need.
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
import { strongComponents } from "../kernels/strong-components.js";
import {
  errorBound,
  MAX_ITERATIONS,
  requireIterationOptions,
  requireWarmStartOptions,
  type IterationOptions,
  type WarmStartOptions,
} from "./iteration-options.js";
import { DEFAULT_WARM_START_MIN_NODES, keepWarmStart, warmStart } from "./warm-start.js";
import type { InfluenceFlow, NodeScores } from "./node-scores.js";

export interface EigenvectorOptions extends IterationOptions, WarmStartOptions {
  flow: InfluenceFlow;
  weighted: boolean;
}

/** Default cap: at least this many iterations, more while within the work budget (header). */
export const ITERATION_BUDGET = Object.freeze({ minIterations: 1000, arcVisits: 2e8 });

export const DEFAULTS: Readonly<Omit<EigenvectorOptions, "maxIterations">> = Object.freeze({
  tolerance: 1e-10,
  flow: "TO_INFLUENCER",
  weighted: true,
  warmStartMinNodes: DEFAULT_WARM_START_MIN_NODES,
});

export interface EigenvectorResult extends NodeScores {
  iterations: number;
}

export function computeEigenvector(projection: Projection, options: Partial<EigenvectorOptions> = {}): EigenvectorResult {
  const { tolerance, flow, weighted, warmStartMinNodes } = { ...DEFAULTS, ...options };
  const csr = csrOf(projection);
  const n = csr.order;
  const budgeted = Math.max(ITERATION_BUDGET.minIterations, Math.floor(ITERATION_BUDGET.arcVisits / Math.max(1, n + csr.size)));
  const maxIterations = options.maxIterations ?? Math.min(MAX_ITERATIONS, budgeted);
  requireIterationOptions({ tolerance, maxIterations });
  requireWarmStartOptions({ warmStartMinNodes });
  if (n === 0) throw new MetricNotComputableError("eigenvector centrality: the graph has no accounts");
  const toInfluencer = flow === "TO_INFLUENCER";
  // Pull form: v gathers from the rows that pass score to it.
  const offsets = toInfluencer ? csr.outOffsets : csr.inOffsets;
  const neighbors = toInfluencer ? csr.outTargets : csr.inSources;
  const weights = toInfluencer ? csr.outWeights : csr.inWeights;
  // Checked up front where the cap is above the classic 1,000 (graphs under 200,000 accounts
  // plus arcs, where it takes milliseconds): over that many iterations the creep on an
  // acyclic graph could pass for convergence. Bigger graphs skip the O(V + E) search on the
  // way to an answer (it would add to every refresh after a write) and check on failure.
  if (maxIterations > ITERATION_BUDGET.minIterations && !hasCycle(offsets, neighbors)) throw acyclic();

  const warmKey = `eigenvector:${flow}:${weighted}`;
  let x: Float64Array = warmStart(projection, csr, warmKey, warmStartMinNodes) ?? new Float64Array(n).fill(1 / n);
  let next: Float64Array = new Float64Array(n);
  let previousChange = Infinity;
  let change = Infinity;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    if (weighted) gatherWeighted(offsets, neighbors, weights, x, next);
    else gatherUnweighted(offsets, neighbors, x, next);
    previousChange = change;
    change = shiftNormalizeAndCompare(next, x); // the + I shift, L2 normalisation
    [x, next] = [next, x];
    if (change < tolerance) {
      keepWarmStart(projection, csr, warmKey, x, warmStartMinNodes);
      return { ids: csr.ids, values: x, iterations: iteration, precision: errorBound(change, previousChange) };
    }
  }
  if (!hasCycle(offsets, neighbors)) throw acyclic();
  // Linear convergence at the last step's rate r: about log(tolerance / change) / log(r) more.
  const rate = change / previousChange;
  const more = rate > 0 && rate < 1 ? Math.ceil(Math.log(tolerance / change) / Math.log(rate)) : null;
  throw new MetricNotComputableError(
    `eigenvector centrality: no convergence to ${tolerance} within ${maxIterations} iterations ` +
      (more === null ? "(the iteration is not contracting on this graph)" : `(converging slowly: about ${more} more needed)`),
  );
}

function acyclic(): MetricNotComputableError {
  return new MetricNotComputableError(
    "eigenvector centrality: the influence graph has no cycle (every chain of ties ends), so it has no dominant eigenvector; use PAGERANK",
  );
}

/** True when the rows hold a cycle: a strongly connected component of two or more, or a self-tie. */
function hasCycle(offsets: Int32Array, neighbors: Int32Array): boolean {
  for (let v = 0; v + 1 < offsets.length; v++) for (let e = offsets[v]!; e < offsets[v + 1]!; e++) if (neighbors[e] === v) return true;
  const { starts, count } = strongComponents(offsets, neighbors);
  for (let c = 0; c < count; c++) if (starts[c + 1]! - starts[c]! > 1) return true;
  return false;
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
