/**
 * Seeded pivot sampling for the sampled metrics (betweenness, harmonic closeness), drawn
 * from the project's one PRNG (domain/prng.ts, Mulberry32 started at the seed), so a
 * result depends only on the graph and the options, never on the run.
 */
import { mulberry32 } from "../../domain/prng.js";

/**
 * `k` distinct node indices out of `n`, uniformly (partial Fisher–Yates), in draw order.
 * Cost: O(n) memory for the permutation, O(k) swaps.
 */
export function samplePivots(n: number, k: number, seed: number): Int32Array {
  const count = Math.min(n, Math.max(0, Math.floor(k)));
  const permutation = new Int32Array(n);
  for (let i = 0; i < n; i++) permutation[i] = i;
  const rng = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const swap = permutation[i]!;
    permutation[i] = permutation[j]!;
    permutation[j] = swap;
  }
  return permutation.slice(0, count);
}
