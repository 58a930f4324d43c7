/**
 * Single-source shortest paths over one direction of a CSR, recording what Brandes'
 * betweenness and harmonic closeness need: settle order, distances and the number of
 * shortest paths (sigma). Unweighted graphs use BFS; weighted ones use Dijkstra with
 * arc length 1/strength (a strong tie is a short hop), arcs of strength 0 being absent.
 *
 * Source: U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociol.
 * 25(2), 2001 (the counting SSSP of its first phase).
 * Cost: O(V + E) per source unweighted, O((V + E) log V) weighted. The workspace is
 * reused across sources and reset only where the last run wrote, so sampled runs on big
 * graphs pay for what each source reaches, not for V.
 */
import type { Csr } from "../csr.js";
import { MinHeap } from "./min-heap.js";

/** One direction of a CSR; `lengths === null` means every arc has length 1. */
export interface Adjacency {
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
  readonly lengths: Float64Array | null;
}

export type Direction = "OUT" | "IN";

/** Arc lengths 1/strength aligned with `weights`; strength 0 gives Infinity (no arc). */
export function lengthsFromStrengths(weights: Float64Array): Float64Array {
  const lengths = new Float64Array(weights.length);
  for (let e = 0; e < weights.length; e++) lengths[e] = 1 / weights[e]!;
  return lengths;
}

/** The out- or in-direction of a CSR, weighted by 1/strength or unweighted. */
export function adjacencyOf(csr: Csr, direction: Direction, weighted: boolean): Adjacency {
  const out = direction === "OUT";
  const weights = out ? csr.outWeights : csr.inWeights;
  return {
    offsets: out ? csr.outOffsets : csr.inOffsets,
    neighbors: out ? csr.outTargets : csr.inSources,
    lengths: weighted ? lengthsFromStrengths(weights) : null,
  };
}

export class ShortestPathWorkspace {
  /** Distance from the last source; Infinity where unreached. */
  readonly dist: Float64Array;
  /** Number of shortest paths from the last source (float: counts overflow 2^32 fast). */
  readonly sigma: Float64Array;
  /** Nodes in the order they were settled (non-decreasing distance); `count` are valid. */
  readonly order: Int32Array;
  count = 0;
  private readonly heap = new MinHeap();

  constructor(n: number) {
    this.dist = new Float64Array(n).fill(Infinity);
    this.sigma = new Float64Array(n);
    this.order = new Int32Array(n);
  }

  /** Runs from `source` over `adjacency`, replacing the previous run's results. */
  run(adjacency: Adjacency, source: number): void {
    this.reset();
    if (adjacency.lengths === null) this.runBfs(adjacency, source);
    else this.runDijkstra(adjacency, adjacency.lengths, source);
  }

  private reset(): void {
    const { dist, sigma, order } = this;
    for (let i = 0; i < this.count; i++) {
      const v = order[i]!;
      dist[v] = Infinity;
      sigma[v] = 0;
    }
    this.count = 0;
  }

  private runBfs(adjacency: Adjacency, source: number): void {
    const { offsets, neighbors } = adjacency;
    const { dist, sigma, order } = this;
    dist[source] = 0;
    sigma[source] = 1;
    order[0] = source;
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const v = order[head++]!;
      const next = dist[v]! + 1;
      const paths = sigma[v]!;
      for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) {
        const w = neighbors[e]!;
        const d = dist[w]!;
        if (d === Infinity) {
          dist[w] = next;
          sigma[w] = paths;
          order[tail++] = w;
        } else if (d === next) {
          sigma[w]! += paths;
        }
      }
    }
    this.count = tail;
  }

  private runDijkstra(adjacency: Adjacency, lengths: Float64Array, source: number): void {
    const { offsets, neighbors } = adjacency;
    const { dist, sigma, order, heap } = this;
    let settled = 0;
    heap.clear();
    dist[source] = 0;
    sigma[source] = 1;
    heap.push(0, source);
    while (heap.size > 0) {
      const key = heap.peekKey();
      const v = heap.pop();
      if (key > dist[v]!) continue; // stale entry: v was reached more cheaply since
      order[settled++] = v;
      const base = dist[v]!;
      const paths = sigma[v]!;
      for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) {
        const length = lengths[e]!;
        if (length === Infinity) continue;
        const w = neighbors[e]!;
        const candidate = base + length;
        const d = dist[w]!;
        if (candidate < d) {
          dist[w] = candidate;
          sigma[w] = paths;
          heap.push(candidate, w);
        } else if (candidate === d) {
          sigma[w]! += paths;
        }
      }
    }
    // Lengths are positive, so every node given a distance is settled: `order` covers the reset.
    this.count = settled;
  }
}
