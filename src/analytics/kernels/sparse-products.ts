/**
 * The inner loops of the iterative metrics, one small monomorphic function each: V8
 * optimises a small hot function after its first calls, where the same loop inlined in a
 * long metric function runs unoptimised (on-stack replacement) through the first solve.
 * Every loop is one pass over a CSR direction: `offsets` (V + 1), `neighbors` and
 * `weights` (E) read in order, the vector gathered from at random.
 */

/** y[v] = Σ_{e ∈ row v} x[neighbors[e]] · weights[e]; returns Σ y. */
export function gatherWeighted(offsets: Int32Array, neighbors: Int32Array, weights: Float64Array, x: Float64Array, y: Float64Array): number {
  const n = offsets.length - 1;
  let total = 0;
  for (let v = 0; v < n; v++) {
    let sum = 0;
    for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) sum += x[neighbors[e]!]! * weights[e]!;
    y[v] = sum;
    total += sum;
  }
  return total;
}

/** y[v] = Σ_{e ∈ row v} x[neighbors[e]]; returns Σ y. */
export function gatherUnweighted(offsets: Int32Array, neighbors: Int32Array, x: Float64Array, y: Float64Array): number {
  const n = offsets.length - 1;
  let total = 0;
  for (let v = 0; v < n; v++) {
    let sum = 0;
    for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) sum += x[neighbors[e]!]!;
    y[v] = sum;
    total += sum;
  }
  return total;
}

/** Σ x[i] over the listed indices. */
export function sumAt(x: Float64Array, indices: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < indices.length; i++) sum += x[indices[i]!]!;
  return sum;
}

/**
 * An arc's share of its sender's rank: weight / the sender's total, not weight · (1 / total):
 * a subnormal total (a strength of 6e-323) has an infinite reciprocal, while the quotient
 * is exactly its share. A sender whose ties all have strength 0 sends nothing (0, not 0 / 0).
 */
export function rankShare(weight: number, senderTotal: number): number {
  return senderTotal > 0 ? weight / senderTotal : 0;
}

/**
 * One power step of the full PageRank system in pull form, from x (summing to 1) into
 * next: α·(P x + (d·x)·t) + (1 − α)·t, each row summed in its own order, so rows with the
 * same ties give bit-identical values. An arc from u carries rankShare(weight, total[u])
 * (weight 1 when `weights` is null).
 */
export function pageRankStep(
  offsets: Int32Array,
  neighbors: Int32Array,
  weights: Float64Array | null,
  senderTotal: Float64Array,
  x: Float64Array,
  next: Float64Array,
  teleport: Float64Array,
  danglingIndices: Int32Array,
  alpha: number,
): void {
  const n = offsets.length - 1;
  const spread = alpha * sumAt(x, danglingIndices) + (1 - alpha);
  for (let v = 0; v < n; v++) {
    let pulled = 0;
    for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) {
      const u = neighbors[e]!;
      pulled += x[u]! * rankShare(weights === null ? 1 : weights[e]!, senderTotal[u]!);
    }
    next[v] = alpha * pulled + spread * teleport[v]!;
  }
}

/** Σ x. */
export function sum(x: Float64Array): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) total += x[i]!;
  return total;
}

/** x[i] *= factor for every i. */
export function scale(x: Float64Array, factor: number): void {
  for (let i = 0; i < x.length; i++) x[i]! *= factor;
}

/** x[i] *= factor for every i, returning Σ|x[i] − reference[i]| after scaling. */
export function scaleAndCompare(x: Float64Array, factor: number, reference: Float64Array): number {
  let change = 0;
  for (let i = 0; i < x.length; i++) {
    const value = x[i]! * factor;
    x[i] = value;
    const delta = value - reference[i]!;
    change += delta < 0 ? -delta : delta;
  }
  return change;
}
