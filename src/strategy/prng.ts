/**
 * Seeded pseudo-random numbers for the strategy layer, so every simulation is
 * reproducible from its seed (same seed, same advocates, same error bars).
 *
 * - `createPrng`: Mulberry32 (Tommy Ettinger, public domain), a 32-bit generator with a
 *   full 2^32 period; fast and plenty for Monte Carlo estimates, not for cryptography.
 * - `hashUnit`: a stateless coin, the "lowbias32" integer hash (Chris Wellons, 2018).
 *   Cascades use it to decide whether edge `e` is live in sampled world `w`, so every
 *   evaluation of every seed set sees the *same* worlds (common random numbers): the
 *   sampled spread is then exactly monotone and submodular, which is what lets CELF's
 *   lazy evaluation return the same answer as plain greedy.
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

/** Uniform number in [0, 1) from a seeded Mulberry32 stream. */
export function createPrng(seed: number): () => number {
  let state = mix32(seed) | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
}

/** Key of sampled world `world` under `seed`; combine with `hashUnit` per edge. */
export function worldKey(seed: number, world: number): number {
  return mix32(mix32(seed) ^ Math.imul(world + 1, 0x9e3779b1));
}

/** Stateless uniform number in [0, 1) for item `item` in the world with key `key`. */
export function hashUnit(key: number, item: number): number {
  return mix32(key + Math.imul(item, 0x85ebca6b)) / TWO_POW_32;
}

/** Standard normal draw from a uniform stream (Box–Muller; the second value is discarded). */
export function standardNormal(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}
