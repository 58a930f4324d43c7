/**
 * Seeded randomness for the sampled metrics and Louvain, so a result depends only on the
 * graph and the options, never on the run. mulberry32 (Tommy Ettinger, public domain):
 * a 32-bit state generator, plenty for choosing pivots and shuffling visit orders.
 */

/** A deterministic generator of floats in [0, 1). */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `k` distinct node indices out of `n`, uniformly (partial Fisher–Yates), in draw order.
 * Cost: O(n) memory for the permutation, O(k) swaps.
 */
export function samplePivots(n: number, k: number, seed: number): Int32Array {
  const count = Math.min(n, Math.max(0, Math.floor(k)));
  const permutation = new Int32Array(n);
  for (let i = 0; i < n; i++) permutation[i] = i;
  const rng = createRng(seed);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const swap = permutation[i]!;
    permutation[i] = permutation[j]!;
    permutation[j] = swap;
  }
  return permutation.slice(0, count);
}
