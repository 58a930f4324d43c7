/**
 * Seeded pseudo-random numbers for the seed datasets. Mulberry32 (Tommy Ettinger, public
 * domain; https://gist.github.com/tommyettinger/46a874533244883189143505d203312c): a
 * 32-bit state, one multiply-xorshift per draw, period 2^32 — plenty for synthetic data
 * and, unlike Math.random, reproducible from a seed, so the same arguments give
 * byte-identical datasets on every machine. Not for anything secret.
 */

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
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
