/**
 * HITS hubs and authorities: a hub refers / influences many good authorities, an
 * authority is referred / influenced by many good hubs. With A -> B meaning "A referred
 * or influences B", hubs are the accounts that refer many, authorities those referred by
 * many; no reversal is needed.
 *
 * Source: J. Kleinberg, "Authoritative sources in a hyperlinked environment", JACM 46(5),
 * 1999. Same fixed point as networkx's `hits` (weighted adjacency A, authorities the
 * dominant eigenvector of AᵀA, hubs = A·authorities), both vectors scaled to sum 1
 * (networkx scales to max 1). networkx and the power method reach it at a rate of
 * (σ2/σ1)² per round, hundreds of rounds on random power-law graphs; here the
 * eigenvector comes from Lanczos iterations on AᵀA (kernels/lanczos.ts), started from
 * networkx's first authority step (or, on big graphs, the previous revision's
 * authorities: metrics/warm-start.ts) — a third of the products on the benchmark graphs.
 * Convergence: relative eigen-residual ‖AᵀA·a − θa‖ ≤ tolerance·θ; `maxIterations`
 * bounds the products with AᵀA (each one pass over every tie in each direction).
 *
 * When the two top singular values tie (e.g. two equally strong, disconnected referral
 * stars) the answer is not unique and the one found depends on the start; where no
 * eigenvector is found within `maxIterations` that raises MetricNotComputableError
 * rather than returning an arbitrary mix. A graph without ties has no hubs or
 * authorities: all scores are 0.
 *
 * Both vectors carry `precision` = tolerance: Lanczos stops at a relative eigen-residual of
 * `tolerance` on a vector that sums to 1, so entries at or below it are not resolved by that
 * stop and rank as 0 (engine/canonical-scores.ts), never ordered by rounding noise.
 *
 * Cost: O(E) per product; 32 + 3 vectors of V floats.
 */
import { MetricNotComputableError } from "../../domain/errors.js";
import { csrOf } from "../csr.js";
import type { Projection } from "../projection.js";
import { dominantEigenpair } from "../kernels/lanczos.js";
import { gatherUnweighted, gatherWeighted, scale, sum } from "../kernels/sparse-products.js";
import { requireIterationOptions, requireWarmStartOptions, type IterationOptions, type WarmStartOptions } from "./iteration-options.js";
import type { NodeScores } from "./node-scores.js";
import { DEFAULT_WARM_START_MIN_NODES, keepWarmStart, warmStart } from "./warm-start.js";

export interface HitsOptions extends IterationOptions, WarmStartOptions {
  weighted: boolean;
}

export const DEFAULTS: Readonly<HitsOptions> = Object.freeze({
  tolerance: 1e-10,
  maxIterations: 10_000,
  weighted: true,
  warmStartMinNodes: DEFAULT_WARM_START_MIN_NODES,
});

/** Lanczos vectors kept before a restart: 32 vectors of V floats (~51 MB at 200k accounts). */
const BASIS_SIZE = 32;

/**
 * Power steps after Lanczos (see computeHits), one product each. Measured on the L graph
 * against a power iteration run to 1e-15: max relative error 4e-4 with none (on 1e-12
 * authorities), 4e-7 with one, 2e-9 with two (the power method at 1e-10: 3e-9).
 */
const POLISHING_STEPS = 2;

export interface HitsResult {
  hubs: NodeScores;
  authorities: NodeScores;
  iterations: number;
}

export function computeHits(projection: Projection, options: Partial<HitsOptions> = {}): HitsResult {
  const { tolerance, maxIterations, weighted, warmStartMinNodes } = { ...DEFAULTS, ...options };
  requireIterationOptions({ tolerance, maxIterations });
  requireWarmStartOptions({ warmStartMinNodes });
  const csr = csrOf(projection);
  const n = csr.order;
  const { outOffsets, outTargets, inOffsets, inSources } = csr;
  const result = (h: Float64Array, a: Float64Array, iterations: number): HitsResult => ({
    hubs: { ids: csr.ids, values: h, precision: tolerance },
    authorities: { ids: csr.ids, values: a, precision: tolerance },
    iterations,
  });
  const zeros = (iterations: number) => result(new Float64Array(n), new Float64Array(n), iterations);
  if (csr.size === 0) return zeros(0);

  // h = A·a: a hub gathers from the authorities it points at; a = Aᵀ·h: an authority from its hubs.
  const hubsOf = (a: Float64Array, h: Float64Array) =>
    weighted ? gatherWeighted(outOffsets, outTargets, csr.outWeights, a, h) : gatherUnweighted(outOffsets, outTargets, a, h);
  const authoritiesOf = (h: Float64Array, a: Float64Array) =>
    weighted ? gatherWeighted(inOffsets, inSources, csr.inWeights, h, a) : gatherUnweighted(inOffsets, inSources, h, a);
  const h = new Float64Array(n);
  const warmKey = `hits:${weighted}`;
  let start = warmStart(projection, csr, warmKey, warmStartMinNodes);
  if (!start) {
    // The first authority step from uniform hubs (as networkx starts): zero where no tie arrives.
    start = new Float64Array(n);
    authoritiesOf(h.fill(1), start);
  }
  if (!(sum(start) > 0)) return zeros(1);
  const top = dominantEigenpair(
    (x, y) => {
      hubsOf(x, h);
      authoritiesOf(h, y);
    },
    start,
    { tolerance, maxProducts: maxIterations, basisSize: BASIS_SIZE },
  );
  if (!top) {
    throw new MetricNotComputableError(`HITS: no convergence to ${tolerance} within ${maxIterations} iterations (top singular values tie?)`);
  }
  let a: Float64Array = top.vector;
  if (sum(a) < 0) scale(a, -1);
  // Polishing power steps: the Lanczos vector's error is spread evenly (a 1e-16 error on a
  // 1e-12 authority), one step of the iteration makes it proportional to each score.
  let polished: Float64Array = new Float64Array(n);
  for (let step = 0; step < POLISHING_STEPS; step++) {
    hubsOf(a, h);
    authoritiesOf(h, polished);
    [a, polished] = [polished, a];
  }
  for (let v = 0; v < n; v++) if (a[v]! < 0) a[v] = 0; // rounding noise around true zeros
  const aSum = sum(a);
  if (!(aSum > 0)) return zeros(top.products);
  scale(a, 1 / aSum);
  scale(h, 1 / hubsOf(a, h));
  keepWarmStart(projection, csr, warmKey, a, warmStartMinNodes);
  return result(h, a, top.products + POLISHING_STEPS);
}
