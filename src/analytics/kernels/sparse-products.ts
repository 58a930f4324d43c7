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
 * One Gauss–Seidel sweep of PageRank in pull form, in place, on the eigen-form
 * x = α·P x + (α·(d·x) + (1 − α)·(1·x))·t: each x[v] is recomputed from the values
 * already updated in this sweep, and both the dangling mass d·x and the total 1·x follow
 * every update (so the teleport share corrects itself within the sweep; on the benchmark
 * graphs this converges in about two thirds of the sweeps of the linear-system form).
 * The caller scales the result to sum 1. Returns Σ|Δx|.
 * `coefficients[e]` = weight / sender's total; `dangling[u]` = 1 where u sends nothing.
 */
export function pageRankSweep(
  offsets: Int32Array,
  neighbors: Int32Array,
  coefficients: Float64Array,
  x: Float64Array,
  teleport: Float64Array,
  dangling: Uint8Array,
  danglingIndices: Int32Array,
  alpha: number,
): number {
  const n = offsets.length - 1;
  let danglingMass = sumAt(x, danglingIndices);
  let total = sum(x);
  let change = 0;
  for (let v = 0; v < n; v++) {
    let pulled = 0;
    for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) pulled += x[neighbors[e]!]! * coefficients[e]!;
    const value = alpha * pulled + (alpha * danglingMass + (1 - alpha) * total) * teleport[v]!;
    const delta = value - x[v]!;
    change += delta < 0 ? -delta : delta;
    if (dangling[v] === 1) danglingMass += delta;
    total += delta;
    x[v] = value;
  }
  return change;
}

/** One Jacobi (power) step of the same system from x into next. Returns Σ|next − x|. */
export function pageRankStep(
  offsets: Int32Array,
  neighbors: Int32Array,
  coefficients: Float64Array,
  x: Float64Array,
  next: Float64Array,
  teleport: Float64Array,
  danglingIndices: Int32Array,
  alpha: number,
): number {
  const n = offsets.length - 1;
  const spread = alpha * sumAt(x, danglingIndices) + (1 - alpha);
  let change = 0;
  for (let v = 0; v < n; v++) {
    let pulled = 0;
    for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) pulled += x[neighbors[e]!]! * coefficients[e]!;
    const value = alpha * pulled + spread * teleport[v]!;
    const delta = value - x[v]!;
    change += delta < 0 ? -delta : delta;
    next[v] = value;
  }
  return change;
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
