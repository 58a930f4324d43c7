/**
 * Exact-or-sampled choice shared by the all-pairs shortest-path metrics (betweenness,
 * harmonic closeness): exact up to `exactMaxNodes` accounts, otherwise `pivots` sources
 * drawn uniformly without replacement with a seeded generator, so a result depends only
 * on the graph and the options.
 */
import { ValidationError } from "../../domain/errors.js";
import { requirePositiveInt } from "../../domain/guards.js";
import { samplePivots } from "../kernels/random.js";

export interface SamplingOptions {
  /** Exact up to this many accounts; sampled above. */
  exactMaxNodes: number;
  /** Number of sampled sources on graphs above exactMaxNodes. */
  pivots: number;
  seed: number;
}

/** The sampled sources, or null when every node is a source (exact). */
export function chooseSources(n: number, options: SamplingOptions): Int32Array | null {
  requirePositiveInt(options.pivots, "options.pivots");
  if (!Number.isInteger(options.exactMaxNodes) || options.exactMaxNodes < 0) {
    throw new ValidationError("options.exactMaxNodes must be a whole number", "options.exactMaxNodes");
  }
  if (!Number.isFinite(options.seed)) throw new ValidationError("options.seed must be a number", "options.seed");
  const sampled = n > options.exactMaxNodes && options.pivots < n;
  return sampled ? samplePivots(n, options.pivots, options.seed) : null;
}

/** Marks the sampled sources, for the per-node rescaling both metrics apply. */
export function markSources(n: number, sources: Int32Array): Uint8Array {
  const marks = new Uint8Array(n);
  for (let i = 0; i < sources.length; i++) marks[sources[i]!] = 1;
  return marks;
}

/**
 * About this many node and arc visits between two pauses of a per-source metric (tens of
 * milliseconds): one source per step on 200,000 accounts and 1M ties, a dozen on 20,000.
 */
const VISITS_PER_STEP = 2_000_000;

/** Sources per step of a per-source metric on a graph of `nodes` and `arcs` (at least one). */
export function sourcesPerStep(nodes: number, arcs: number): number {
  return Math.max(1, Math.floor(VISITS_PER_STEP / Math.max(1, nodes + arcs)));
}
