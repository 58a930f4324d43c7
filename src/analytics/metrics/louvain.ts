/**
 * Louvain community detection with the resulting modularity, on the directed influence
 * graph (every tie, weighted by strength; parallel links count separately, which equals
 * summing them). Directed modularity keeps "A influences B" distinct from "B influences
 * A"; on a graph whose ties all go both ways it equals undirected modularity, which is how
 * the karate-club and Florentine references are checked.
 *
 * Source: V. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast unfolding of
 * communities in large networks", J. Stat. Mech. P10008, 2008; directed modularity of
 * E. Leicht, M. Newman, PRL 100, 2008 (Dugué & Perez 2015 for Louvain), via
 * graphology-communities-louvain with a seeded RNG, so a partition depends only on the
 * graph and the seed. Its modularity is the same formula as networkx's `modularity`
 * (checked by computeModularity against networkx on fixed partitions).
 *
 * Cost: ~O(E log V) in practice (as fast as igraph at 200k nodes: docs/influence.md,
 * "Why the kernels are our own").
 */
import louvainModule from "graphology-communities-louvain";
import { ValidationError } from "../../domain/errors.js";
import { requirePositiveNumber } from "../../domain/guards.js";
import { csrOf } from "../csr.js";
import { mulberry32 } from "../../domain/prng.js";
import type { Projection } from "../projection.js";

// CommonJS package typed with `export default`: under NodeNext its typings put the
// function on `.default`, while Node's ESM loader hands over module.exports itself.
type Louvain = typeof louvainModule.default;
const louvain: Louvain = (louvainModule as unknown as { default?: Louvain }).default ?? (louvainModule as unknown as Louvain);

export interface LouvainOptions {
  /** Modularity resolution γ: above 1 gives more, smaller communities. */
  resolution: number;
  seed: number;
}

export const DEFAULTS: Readonly<LouvainOptions> = Object.freeze({ resolution: 1, seed: 42 });

export interface LouvainResult {
  ids: readonly string[];
  /** Community number of `ids[i]`, 0..count-1, numbered by first appearance. */
  community: Int32Array;
  count: number;
  modularity: number;
}

export function detectCommunities(projection: Projection, options: Partial<LouvainOptions> = {}): LouvainResult {
  const { resolution, seed } = { ...DEFAULTS, ...options };
  requirePositiveNumber(resolution, "options.resolution", 100);
  if (!Number.isFinite(seed)) throw new ValidationError("options.seed must be a number", "options.seed");
  const csr = csrOf(projection);
  const community = new Int32Array(csr.order);
  if (csr.size === 0) {
    // No ties: every account alone; modularity is 0/0, reported as 0 by convention.
    for (let i = 0; i < community.length; i++) community[i] = i;
    return { ids: csr.ids, community, count: csr.order, modularity: 0 };
  }
  const detailed = louvain.detailed(projection.graph, {
    getEdgeWeight: "strength",
    resolution,
    rng: mulberry32(seed),
  });
  const renumbered = new Map<number, number>();
  for (let i = 0; i < csr.order; i++) {
    const raw = detailed.communities[csr.ids[i]!]!;
    let number = renumbered.get(raw);
    if (number === undefined) renumbered.set(raw, (number = renumbered.size));
    community[i] = number;
  }
  return { ids: csr.ids, community, count: renumbered.size, modularity: detailed.modularity };
}

/**
 * Directed modularity of a partition (networkx `modularity` on a DiGraph):
 * Q = Σ_c [ L_c / m − γ · out_c · in_c / m² ], with m the total tie weight, L_c the weight
 * of ties inside c and out_c / in_c the summed weighted out- / in-degrees of c.
 * `community[i]` is the community of the CSR's `ids[i]`. Cost: O(V + E).
 */
export function computeModularity(projection: Projection, community: Int32Array, resolution = 1): number {
  const csr = csrOf(projection);
  if (community.length !== csr.order) {
    throw new ValidationError("community must give one community per account", "community");
  }
  const { outOffsets, outTargets, outWeights, outWeightSums, inWeightSums } = csr;
  let total = 0;
  let inside = 0;
  const outOf = new Map<number, number>();
  const inOf = new Map<number, number>();
  for (let u = 0; u < csr.order; u++) {
    const c = community[u]!;
    outOf.set(c, (outOf.get(c) ?? 0) + outWeightSums[u]!);
    inOf.set(c, (inOf.get(c) ?? 0) + inWeightSums[u]!);
    for (let e = outOffsets[u]!, end = outOffsets[u + 1]!; e < end; e++) {
      total += outWeights[e]!;
      if (community[outTargets[e]!] === c) inside += outWeights[e]!;
    }
  }
  if (total === 0) return 0;
  let expected = 0;
  for (const [c, out] of outOf) expected += out * inOf.get(c)!;
  return inside / total - (resolution * expected) / (total * total);
}
