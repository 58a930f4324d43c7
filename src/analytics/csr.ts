/**
 * Compressed sparse row (CSR) view of the projection for the hot kernels: node i is
 * `ids[i]`, its out-arcs are `outTargets[outOffsets[i] .. outOffsets[i+1])` with weights
 * `outWeights[..]`, and the in-direction is the exact transpose. graphology stays the
 * graph model and the API; this view exists because graphology-metrics rebuilds an index
 * on every call (~1.0 of 1.16 s of a PageRank at 200k nodes / 1M edges; docs/influence.md) and
 * iterates through closures, while a typed-array loop runs at memory speed.
 *
 * Parallel ties (a REFERRED and an INFLUENCES link, or a link plus a membership tie)
 * become one arc per ordered pair: `SUM` adds strengths (flow metrics: two ties carry more
 * influence than one), `MAX` keeps the strongest (path strength: a chain is as strong as
 * the best link at each step).
 *
 * Canonical form: every row is sorted by neighbour index and a sum of three or more ties
 * is taken in ascending order, so the view is a function of the graph and the node order
 * alone — a CSR patched after writes (csr-patch.ts) is identical, bit for bit, to one
 * built from scratch, and two processes holding the same graph compute the same scores.
 *
 * Build: two stable counting-sort passes over the raw ties (by target, then by source),
 * a merge of adjacent duplicates, one transpose. O(V + E) time, no comparison sort, no
 * per-edge object. Memory: 2·(V+1)·4 + E·(2·4 + 2·8) bytes (~29 MB at 200k / 1.2M),
 * plus the raw ties while building.
 */
import type { InfluenceGraph } from "./projection-graphology.js";
import type { TieType } from "./projection-records.js";
import { partitionPoint } from "../domain/partition-point.js";
import { runToEnd } from "../domain/steps.js";

export type CsrMerge = "SUM" | "MAX";

export interface Csr {
  readonly order: number;
  /** Number of arcs after merging parallel edges. */
  readonly size: number;
  readonly ids: readonly string[];
  /** Account id -> index. Shared with the projection: it may already know accounts added after this view. */
  readonly indexOf: ReadonlyMap<string, number>;
  readonly outOffsets: Int32Array;
  readonly outTargets: Int32Array;
  readonly outWeights: Float64Array;
  readonly inOffsets: Int32Array;
  readonly inSources: Int32Array;
  readonly inWeights: Float64Array;
  /** Σ of out-arc weights per node (weighted out-degree), summed in row order. */
  readonly outWeightSums: Float64Array;
  /** Σ of in-arc weights per node (weighted in-degree), summed in row order. */
  readonly inWeightSums: Float64Array;
}

export interface CsrOptions {
  /** Edge types to include. */
  types: readonly TieType[];
  merge: CsrMerge;
}

/** The views the metrics use, by name. */
export type CsrViewName = "INFLUENCE" | "LINKS";

export const CSR_VIEWS: Readonly<Record<CsrViewName, CsrOptions>> = Object.freeze({
  /** Every tie, merged by summed strength: what centrality metrics run on. */
  INFLUENCE: { types: ["REFERRED", "INFLUENCES", "MEMBERSHIP"], merge: "SUM" },
  /** Stored links only, strongest per pair: what referral paths walk. */
  LINKS: { types: ["REFERRED", "INFLUENCES"], merge: "MAX" },
});

/** What keeps CSR views: the projection (projection.ts), which builds each once and then patches it. */
export interface CsrSource {
  csr(view: CsrViewName): Csr;
}

/** The named CSR view of the projection at its current revision (built once, then patched). */
export function csrOf(projection: CsrSource, view: CsrViewName = "INFLUENCE"): Csr {
  return projection.csr(view);
}

/** Changed arcs, sorted by (from, to) without repeats; weight NaN removes the arc. */
export interface ArcChanges {
  readonly count: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly weight: Float64Array;
}

/** Raw ties before merging: parallel ties still separate, in any order. */
export interface RawTies {
  readonly count: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly weight: Float64Array;
}

/** Where a view finds id -> index: the projection's accounts (built on first use) or a plain map holder. */
export interface AccountLookup {
  readonly indexOf: ReadonlyMap<string, number>;
}

/** The Csr fields as a class, so `indexOf` is read from its source only when first asked. */
export class CsrArrays implements Csr {
  constructor(
    readonly lookup: AccountLookup,
    readonly ids: readonly string[],
    readonly outOffsets: Int32Array,
    readonly outTargets: Int32Array,
    readonly outWeights: Float64Array,
    readonly inOffsets: Int32Array,
    readonly inSources: Int32Array,
    readonly inWeights: Float64Array,
    readonly outWeightSums: Float64Array,
    readonly inWeightSums: Float64Array,
  ) {}

  get order(): number {
    return this.ids.length;
  }

  get size(): number {
    return this.outOffsets[this.ids.length]!;
  }

  get indexOf(): ReadonlyMap<string, number> {
    return this.lookup.indexOf;
  }
}

/** The CSR of `raw` over nodes `ids` (index i = ids[i]). */
export function csrFromTies(ids: readonly string[], lookup: AccountLookup, raw: RawTies, merge: CsrMerge): CsrArrays {
  return runToEnd(csrFromTiesInSteps(ids, lookup, raw, merge, Infinity));
}

/**
 * `csrFromTies` yielding after about `tiesPerStep` ties of each pass, for a stepwise caller
 * (Louvain's aggregation: a pass over 1M ties takes tens of milliseconds, the whole build
 * up to a few hundred). Each pass is a plain function over a range of ties or rows,
 * outside the generator, so the JIT optimises it as one loop; the arrays are the same
 * whatever the step size.
 */
export function* csrFromTiesInSteps(
  ids: readonly string[],
  lookup: AccountLookup,
  raw: RawTies,
  merge: CsrMerge,
  tiesPerStep: number,
): Generator<void, CsrArrays> {
  const n = ids.length;
  const { count } = raw;

  // Pass 1: bucket by target. Pass 2: stable bucket by source, so each row ends up sorted by target.
  const byTarget = countingOffsets(raw.to, count, n);
  const cursor = byTarget.slice(0, n);
  const sourcesByTarget = new Int32Array(count);
  const weightsByTarget = new Float64Array(count);
  for (let e = 0; e < count;) {
    const end = Math.min(count, e + tiesPerStep);
    bucketByTarget(raw, e, end, cursor, sourcesByTarget, weightsByTarget);
    e = end;
    yield;
  }
  const rowStarts = countingOffsets(raw.from, count, n);
  const rowCursor = rowStarts.slice(0, n);
  const targets = new Int32Array(count);
  const weights = new Float64Array(count);
  for (let t = 0; t < n;) {
    const end = rowsEnd(byTarget, t, tiesPerStep);
    bucketBySource(byTarget, t, end, sourcesByTarget, weightsByTarget, rowCursor, targets, weights);
    t = end;
    yield;
  }

  const outOffsets = new Int32Array(n + 1);
  let size = 0;
  for (let s = 0; s < n;) {
    const end = rowsEnd(rowStarts, s, tiesPerStep);
    size = mergeParallelTies(rowStarts, s, end, targets, weights, merge === "MAX", outOffsets, size);
    s = end;
    yield;
  }
  outOffsets[n] = size;
  return yield* transposeInSteps(ids, lookup, outOffsets, targets.slice(0, size), weights.slice(0, size), tiesPerStep);
}

/** The first row after `start` at which the rows from `start` hold `ties` ties or more (at least one row). */
function rowsEnd(offsets: Int32Array, start: number, ties: number): number {
  const n = offsets.length - 1;
  if (ties === Infinity) return n;
  const limit = offsets[start]! + ties;
  return Math.max(
    start + 1,
    partitionPoint(start, n, (row) => offsets[row]! < limit),
  );
}

function bucketByTarget(raw: RawTies, from: number, to: number, cursor: Int32Array, sources: Int32Array, weights: Float64Array): void {
  for (let e = from; e < to; e++) {
    const at = cursor[raw.to[e]!]!++;
    sources[at] = raw.from[e]!;
    weights[at] = raw.weight[e]!;
  }
}

/** Rows `from`..`to` of the by-target buckets into rows by source, each ordered by target. */
function bucketBySource(
  byTarget: Int32Array,
  from: number,
  to: number,
  sourcesByTarget: Int32Array,
  weightsByTarget: Float64Array,
  rowCursor: Int32Array,
  targets: Int32Array,
  weights: Float64Array,
): void {
  for (let t = from; t < to; t++) {
    for (let e = byTarget[t]!, end = byTarget[t + 1]!; e < end; e++) {
      const at = rowCursor[sourcesByTarget[e]!]!++;
      targets[at] = t;
      weights[at] = weightsByTarget[e]!;
    }
  }
}

/**
 * Merges runs of the same target in rows `from`..`to` in place (the write index never
 * passes the read index), writing their offsets; returns the arcs written so far.
 */
function mergeParallelTies(
  rowStarts: Int32Array,
  from: number,
  to: number,
  targets: Int32Array,
  weights: Float64Array,
  max: boolean,
  outOffsets: Int32Array,
  written: number,
): number {
  let size = written;
  for (let s = from; s < to; s++) {
    outOffsets[s] = size;
    const end = rowStarts[s + 1]!;
    for (let e = rowStarts[s]!; e < end;) {
      const t = targets[e]!;
      let run = e + 1;
      while (run < end && targets[run] === t) run++;
      targets[size] = t;
      weights[size] = run - e === 1 ? weights[e]! : combineTies(weights.subarray(e, run), max);
      size++;
      e = run;
    }
  }
  return size;
}

/**
 * One arc's weight from its parallel ties: the strongest (MAX) or their sum in ascending
 * order (SUM), so the result does not depend on the order the ties were listed in.
 * Sorts `ties` in place.
 */
export function combineTies(ties: Float64Array, max: boolean): number {
  if (max) {
    let best = ties[0]!;
    for (let i = 1; i < ties.length; i++) if (ties[i]! > best) best = ties[i]!;
    return best;
  }
  if (ties.length === 2) return ties[0]! + ties[1]!; // a + b === b + a exactly
  ties.sort();
  let sum = 0;
  for (let i = 0; i < ties.length; i++) sum += ties[i]!;
  return sum;
}

/** Completes an out-direction into a Csr: the transpose (in-rows ordered by source) and both weight sums. */
export function withTranspose(
  ids: readonly string[],
  lookup: AccountLookup,
  outOffsets: Int32Array,
  outTargets: Int32Array,
  outWeights: Float64Array,
): CsrArrays {
  return runToEnd(transposeInSteps(ids, lookup, outOffsets, outTargets, outWeights, Infinity));
}

function* transposeInSteps(
  ids: readonly string[],
  lookup: AccountLookup,
  outOffsets: Int32Array,
  outTargets: Int32Array,
  outWeights: Float64Array,
  tiesPerStep: number,
): Generator<void, CsrArrays> {
  const n = ids.length;
  const size = outOffsets[n]!;
  const inOffsets = countingOffsets(outTargets, size, n);
  const inCursor = inOffsets.slice(0, n);
  const inSources = new Int32Array(size);
  const inWeights = new Float64Array(size);
  const outWeightSums = new Float64Array(n);
  const inWeightSums = new Float64Array(n);
  for (let s = 0; s < n;) {
    const end = rowsEnd(outOffsets, s, tiesPerStep);
    transposeRows(outOffsets, outTargets, outWeights, s, end, inCursor, inSources, inWeights, outWeightSums, inWeightSums);
    s = end;
    if (s < n) yield;
  }
  return new CsrArrays(lookup, ids, outOffsets, outTargets, outWeights, inOffsets, inSources, inWeights, outWeightSums, inWeightSums);
}

/** Rows `from`..`to` into the in-direction and both weight sums; rows must come in order (sums in row order). */
function transposeRows(
  outOffsets: Int32Array,
  outTargets: Int32Array,
  outWeights: Float64Array,
  from: number,
  to: number,
  inCursor: Int32Array,
  inSources: Int32Array,
  inWeights: Float64Array,
  outWeightSums: Float64Array,
  inWeightSums: Float64Array,
): void {
  for (let s = from; s < to; s++) {
    let sum = 0;
    for (let e = outOffsets[s]!, end = outOffsets[s + 1]!; e < end; e++) {
      const t = outTargets[e]!;
      const w = outWeights[e]!;
      const at = inCursor[t]!++;
      inSources[at] = s;
      inWeights[at] = w;
      sum += w;
      inWeightSums[t]! += w; // in source order, i.e. in in-row order
    }
    outWeightSums[s] = sum;
  }
}

/** Row offsets (length n + 1) of `count` entries keyed by `keys[e]` in [0, n). */
export function countingOffsets(keys: Int32Array, count: number, n: number): Int32Array {
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < count; e++) offsets[keys[e]! + 1]!++;
  for (let i = 1; i <= n; i++) offsets[i]! += offsets[i - 1]!;
  return offsets;
}

/**
 * The CSR of a graphology influence graph, built independently of the projection's
 * columns: nodes in graphology's order, every edge of the view's types a raw tie. Tests
 * use it as an oracle for the projection's own (patched) views.
 */
export function buildCsr(graph: InfluenceGraph, options: CsrOptions): Csr {
  const ids = graph.nodes();
  const indexOf = new Map<string, number>();
  ids.forEach((id, i) => indexOf.set(id, i));
  const included = new Set<string>(options.types);
  const from = new Int32Array(graph.size);
  const to = new Int32Array(graph.size);
  const weight = new Float64Array(graph.size);
  let count = 0;
  graph.forEachEdge((_key, attributes, source, target) => {
    if (!included.has(attributes.type)) return;
    from[count] = indexOf.get(source)!;
    to[count] = indexOf.get(target)!;
    weight[count] = attributes.strength;
    count++;
  });
  return csrFromTies(ids, { indexOf }, { count, from, to, weight }, options.merge);
}
