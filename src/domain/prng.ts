/**
 * The project's one seeded pseudo-random generator. Simulations (strategy), sampled
 * metrics and Louvain (analytics), the seed datasets and the load mix all draw from it,
 * so a result depends only on its inputs and seed, never on the run or the machine.
 * It lives in the domain because every layer (and seeds/, bench/) may import the domain.
 *
 * - `mulberry32`: Mulberry32 (Tommy Ettinger, public domain;
 *   https://gist.github.com/tommyettinger/46a874533244883189143505d203312c), 32 bits of
 *   state, one multiply-xorshift per draw, period 2^32: plenty for Monte Carlo, pivot
 *   sampling and synthetic data; not for anything secret (use node:crypto).
 * - `mix32`: the "lowbias32" integer hash (Chris Wellons, 2018), for stateless coins and
 *   for spreading nearby seeds apart.
 * - `createPrng`: Mulberry32 started from mix32(seed), so seeds 1 and 2 give unrelated
 *   streams. `mulberry32` starts from the seed itself; the analytics, the datasets and the
 *   load mix keep it because their committed outputs (seeds/sample-dataset.json, pinned
 *   partitions and measured sampling errors) were made with it.
 * Cost: O(1) per draw.
 */

const TWO_POW_32 = 4294967296;

/** Mixes a 32-bit integer into a well-spread 32-bit unsigned integer (lowbias32). */
export function mix32(value: number): number {
  let x = value | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Uniform numbers in [0, 1) from a Mulberry32 stream whose 32-bit state starts at `seed`. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
}

/** Uniform numbers in [0, 1) from Mulberry32 seeded through mix32, for seeds chosen by people. */
export function createPrng(seed: number): () => number {
  return mulberry32(mix32(seed));
}
