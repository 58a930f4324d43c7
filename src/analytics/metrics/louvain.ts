/**
 * Louvain community detection with the resulting modularity, on the directed influence
 * graph (every tie, weighted by strength; parallel ties summed by the CSR view). Directed
 * modularity keeps "A influences B" distinct from "B influences A"; on a graph whose ties
 * all go both ways it equals undirected modularity, which is how the karate-club and
 * Florentine references are checked.
 *
 * Source: V. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast unfolding of
 * communities in large networks", J. Stat. Mech. P10008, 2008; directed modularity of
 * E. Leicht, M. Newman, PRL 100, 2008, with the move gain of N. Dugué, A. Perez, "Directed
 * Louvain: maximizing modularity in directed networks", 2015:
 *   ΔQ(i → c) = (w(i, c) + w(c, i)) / m − γ · (out_i · in_c + in_i · out_c) / m².
 * Local moves are queue-driven (only neighbours of a node that moved are revisited, as in
 * graphology-communities-louvain's `fastLocalMoves` and V. Traag et al., "From Louvain to
 * Leiden", Sci. Rep. 9, 2019), visited from a seeded random start, so a partition depends
 * only on the graph and the seed. Each level is aggregated into a community graph with
 * the CSR's own counting sort. Runs on the CSR view: no graphology graph is built (that
 * costs ~3 s and ~365 MB at 200k accounts / 1M links).
 *
 * Cost: ~O(E) per level, a handful of levels; 6 vectors of V plus the aggregated graphs.
 * ~0.9-1.3 s at 200,000 accounts / 1M ties on a shared 2-core machine. `louvainInSteps`
 * yields between parts of the local moves and of each aggregation (`visitsPerStep`), the
 * longest part ~50-90 ms there, so the analytics worker can answer other requests, or drop
 * the computation, while it runs; `detectCommunities` runs the same steps straight through.
 */
import { ValidationError } from "../../domain/errors.js";
import { requirePositiveInt, requirePositiveNumber } from "../../domain/guards.js";
import { csrFromTiesInSteps, csrOf, type Csr } from "../csr.js";
import { mulberry32 } from "../../domain/prng.js";
import type { Projection } from "../projection.js";
import { runToEnd } from "../../domain/steps.js";

export interface LouvainOptions {
  /** Modularity resolution γ: above 1 gives more, smaller communities. */
  resolution: number;
  seed: number;
  /**
   * Node and arc visits of the local moves between two pauses of `louvainInSteps`
   * (scheduling only: the result does not depend on it), and twice the ties per pass of
   * an aggregation. 500,000 visits take ~15-80 ms on the first level of 200,000 accounts /
   * 1M ties on a shared 2-core machine (scattered community lookups), ~5 ms on the small,
   * dense aggregated levels; as long as a step of sampled betweenness there.
   */
  visitsPerStep: number;
}

export const DEFAULTS: Readonly<LouvainOptions> = Object.freeze({ resolution: 1, seed: 42, visitsPerStep: 500_000 });

export interface LouvainResult {
  ids: readonly string[];
  /** Community number of `ids[i]`, 0..count-1, numbered by first appearance. */
  community: Int32Array;
  count: number;
  modularity: number;
}

/** A move must gain more than this to count (float noise must not keep moving nodes). */
const EPSILON = 1e-12;

export function detectCommunities(projection: Projection, options: Partial<LouvainOptions> = {}): LouvainResult {
  return runToEnd(louvainInSteps(projection, options));
}

/**
 * Louvain yielding between parts of about `visitsPerStep` node and arc visits of the local
 * moves, and around each aggregation and the final modularity, so the analytics worker can
 * answer other requests, or drop the computation, while it runs. The parts only cut the
 * work: the partition, modularity and PRNG draws are those of a run straight through.
 */
export function* louvainInSteps(projection: Projection, options: Partial<LouvainOptions> = {}): Generator<void, LouvainResult> {
  const { resolution, seed, visitsPerStep } = { ...DEFAULTS, ...options };
  requirePositiveNumber(resolution, "options.resolution", 100);
  if (!Number.isFinite(seed)) throw new ValidationError("options.seed must be a number", "options.seed");
  requirePositiveInt(visitsPerStep, "options.visitsPerStep");
  const csr = csrOf(projection);
  const n = csr.order;
  const community = singletons(n);
  let total = 0;
  for (let v = 0; v < n; v++) total += csr.outWeightSums[v]!;
  if (csr.size === 0 || !(total > 0)) {
    // No ties: every account alone; modularity is 0/0, reported as 0 by convention.
    return { ids: csr.ids, community, count: n, modularity: 0 };
  }
  const rng = mulberry32(seed);
  let level: Csr = csr;
  for (;;) {
    const moves = new LocalMoves(level, total, resolution, rng);
    while (!moves.advance(visitsPerStep)) yield;
    const moved = moves.result();
    if (!moved.changed) break;
    for (let v = 0; v < n; v++) community[v] = moved.community[community[v]!]!;
    if (moved.count === level.order) break;
    yield;
    // Half as many ties per part: merging a level's parallel ties sorts each run, up to
    // twice the time per tie of a local-move visit (measured on the 200,000-account graph).
    level = yield* aggregateInSteps(level, moved.community, moved.count, Math.max(1, Math.floor(visitsPerStep / 2)));
  }
  const count = renumberByFirstAppearance(community);
  yield;
  return { ids: csr.ids, community, count, modularity: computeModularity(projection, community, resolution) };
}

/**
 * Local moving on one level: each node goes to the neighbouring community with the best
 * gain until no move gains. State lives between `advance` calls, so the moves can be cut
 * into parts anywhere between two nodes without changing a single move; `advance` is a
 * plain method, outside the stepwise generator, so the JIT optimises the hot loop on its own.
 */
class LocalMoves {
  private readonly community: Int32Array;
  private readonly communityOut: Float64Array;
  private readonly communityIn: Float64Array;
  /** w(i, c) + w(c, i) for the node being moved; all zero between two nodes. */
  private readonly tieWeight: Float64Array;
  private readonly touched: Int32Array;
  /** Nodes to visit, a ring buffer of `size` entries from `head`. */
  private readonly queue: Int32Array;
  private readonly queued: Uint8Array;
  private head = 0;
  private size: number;
  private changed = false;
  private readonly scale: number;

  constructor(
    private readonly graph: Csr,
    private readonly m: number,
    resolution: number,
    rng: () => number,
  ) {
    const n = graph.order;
    this.community = singletons(n);
    this.communityOut = graph.outWeightSums.slice();
    this.communityIn = graph.inWeightSums.slice();
    this.tieWeight = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.queue = new Int32Array(n);
    this.queued = new Uint8Array(n).fill(1);
    const first = Math.floor(rng() * n);
    for (let k = 0; k < n; k++) this.queue[k] = (first + k) % n;
    this.size = n;
    this.scale = resolution / (m * m);
  }

  /** Moves queued nodes until none is left (true) or about `visits` node and arc visits are spent (false). */
  advance(visits: number): boolean {
    const { graph, m, scale, community, communityOut, communityIn, tieWeight, touched, queue, queued } = this;
    const n = graph.order;
    const { outOffsets, outTargets, outWeights, inOffsets, inSources, inWeights, outWeightSums, inWeightSums } = graph;
    let { head, size, changed } = this;
    let spent = 0;

    while (size > 0 && spent < visits) {
      const i = queue[head]!;
      head = head + 1 === n ? 0 : head + 1;
      size--;
      queued[i] = 0;
      const own = community[i]!;
      const outStart = outOffsets[i]!;
      const outEnd = outOffsets[i + 1]!;
      const inStart = inOffsets[i]!;
      const inEnd = inOffsets[i + 1]!;
      spent += 1 + outEnd - outStart + inEnd - inStart;
      let count = 0;
      for (let e = outStart; e < outEnd; e++) {
        const j = outTargets[e]!;
        if (j === i) continue; // a self-loop moves with the node: the same in every community
        const c = community[j]!;
        if (tieWeight[c] === 0) touched[count++] = c;
        tieWeight[c]! += outWeights[e]!;
      }
      for (let e = inStart; e < inEnd; e++) {
        const j = inSources[e]!;
        if (j === i) continue;
        const c = community[j]!;
        if (tieWeight[c] === 0) touched[count++] = c;
        tieWeight[c]! += inWeights[e]!;
      }
      const out = outWeightSums[i]!;
      const into = inWeightSums[i]!;
      communityOut[own]! -= out;
      communityIn[own]! -= into;
      // ΔQ(i → c) up to terms that are the same for every c (header).
      let best = own;
      let bestGain = tieWeight[own]! / m - scale * (out * communityIn[own]! + into * communityOut[own]!);
      for (let k = 0; k < count; k++) {
        const c = touched[k]!;
        if (c === own) continue;
        const g = tieWeight[c]! / m - scale * (out * communityIn[c]! + into * communityOut[c]!);
        if (g > bestGain + EPSILON || (g > bestGain - EPSILON && best !== own && c < best)) {
          best = c;
          bestGain = g;
        }
      }
      communityOut[best]! += out;
      communityIn[best]! += into;
      for (let k = 0; k < count; k++) tieWeight[touched[k]!] = 0; // (a zero-weight tie may list a community twice: harmless)
      if (best === own) continue;
      community[i] = best;
      changed = true;
      // Neighbours outside the new community may now gain by following.
      spent += outEnd - outStart + inEnd - inStart;
      for (let e = outStart; e < outEnd; e++) {
        const j = outTargets[e]!;
        if (queued[j] || community[j] === best) continue;
        queued[j] = 1;
        queue[(head + size) % n] = j;
        size++;
      }
      for (let e = inStart; e < inEnd; e++) {
        const j = inSources[e]!;
        if (queued[j] || community[j] === best) continue;
        queued[j] = 1;
        queue[(head + size) % n] = j;
        size++;
      }
    }
    this.head = head;
    this.size = size;
    this.changed = changed;
    return size === 0;
  }

  /** The communities once `advance` has returned true, numbered 0..count-1. */
  result() {
    const count = renumberByFirstAppearance(this.community);
    return { community: this.community, count, changed: this.changed };
  }
}

/**
 * The community graph: one node per community, arcs summed (internal ties become
 * self-loops), built in parts of about `tiesPerStep` ties per pass of the CSR build.
 */
function* aggregateInSteps(graph: Csr, community: Int32Array, count: number, tiesPerStep: number): Generator<void, Csr> {
  const { from, to } = communityTies(graph, community);
  yield;
  const ids = new Array<string>(count).fill("");
  return yield* csrFromTiesInSteps(ids, { indexOf: new Map() }, { count: graph.size, from, to, weight: graph.outWeights }, "SUM", tiesPerStep);
}

/** Each arc of `graph` as a tie between the communities of its ends (one sequential pass, ~10 ms at 1M arcs). */
function communityTies(graph: Csr, community: Int32Array): { from: Int32Array; to: Int32Array } {
  const { outOffsets, outTargets } = graph;
  const from = new Int32Array(graph.size);
  const to = new Int32Array(graph.size);
  for (let s = 0; s < graph.order; s++) {
    for (let e = outOffsets[s]!, end = outOffsets[s + 1]!; e < end; e++) {
      from[e] = community[s]!;
      to[e] = community[outTargets[e]!]!;
    }
  }
  return { from, to };
}

/** Every node in a community of its own: labels 0..n-1 (a plain loop: `Int32Array.from` with a mapper is ~15× slower). */
function singletons(n: number): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = i;
  return labels;
}

/** Renumbers labels in place to 0..k-1 by first appearance; returns k. */
function renumberByFirstAppearance(labels: Int32Array): number {
  const number = new Int32Array(labels.length).fill(-1);
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (number[label] === -1) number[label] = count++;
    labels[i] = number[label]!;
  }
  return count;
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
