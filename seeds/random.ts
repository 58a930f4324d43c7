/**
 * Seeded draws for the seed datasets, on the project's one PRNG (src/domain/prng.ts,
 * Mulberry32 started at the seed): unlike Math.random, reproducible from a seed, so the
 * same arguments give byte-identical datasets on every machine.
 */
import { mulberry32 } from "../src/domain/prng.js";

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Index drawn in proportion to `weights` (non-negative, not all zero). */
  weighted(weights: readonly number[]): number;
  /** Standard normal draw (Box–Muller; the second value is discarded for simplicity). */
  normal(): number;
  /** Log-normal draw with the given median and log-space standard deviation. */
  logNormal(median: number, sigma: number): number;
  /** Uniform in [min, max), rounded to `decimals` places. */
  fraction(min: number, max: number, decimals?: number): number;
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const normal = (): number => {
    // 1 - next() is in (0, 1], so the log never sees 0.
    return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError("seeds/random: cannot pick from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
    weighted: (weights) => {
      let total = 0;
      for (const w of weights) total += w;
      let r = next() * total;
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i]!;
        if (r < 0) return i;
      }
      return weights.length - 1;
    },
    normal,
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    fraction: (min, max, decimals = 2) => {
      const scale = 10 ** decimals;
      return Math.round((min + next() * (max - min)) * scale) / scale;
    },
  };
}
