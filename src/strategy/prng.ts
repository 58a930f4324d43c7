/**
 * Seeded randomness for the strategy layer's simulations, so every one is reproducible
 * from its seed (same seed, same advocates, same error bars). The generator itself is the
 * project's one PRNG (domain/prng.ts); this file adds the cascades' stateless coins.
 *
 * `hashUnit` decides whether edge `e` is live in sampled world `w` from a hash instead of
 * a stream, so every evaluation of every seed set sees the *same* worlds (common random
 * numbers): the sampled spread is then exactly monotone and submodular, which is what lets
 * CELF's lazy evaluation return the same answer as plain greedy.
 * Cost: O(1) per draw.
 */
import { mix32 } from "../domain/prng.js";

export { createPrng, mix32 } from "../domain/prng.js";

const TWO_POW_32 = 4294967296;

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
