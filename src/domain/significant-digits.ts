/**
 * Scores rounded to 12 significant digits before they are compared, so that float
 * artefacts of summation order never decide a rank or split a tie: the same total added in
 * another order differs in the last bits (0.7 + 0.2 + 0.1 = 0.9999999999999999, while
 * 0.5 + 0.5 = 1). Twelve digits are far below what any score of this API resolves (iterative
 * metrics stop near 1e-10 of the total, sampled ones within 1e-2, strategic blends are
 * averages of percentiles of n ≤ 10^6 accounts) and far above double rounding (1e-16 per
 * operation). A result is the double nearest to its 12-digit decimal, so equal decimals are
 * equal doubles. Used by the influence snapshot (analytics/engine/canonical-scores.ts) and
 * the strategic blend (strategy/ranking.ts).
 */

/** Digits kept: far below what any score here resolves, far above double rounding (header). */
export const SIGNIFICANT_DIGITS = 12;

/** 10^k for k in -340..340 (past ±308 they are 0 or Infinity, never used): exact where a double holds 10^k (|k| ≤ 22). */
const POWER_OFFSET = 340;
const POWERS = Float64Array.from({ length: 2 * POWER_OFFSET + 1 }, (_, i) => Number(`1e${i - POWER_OFFSET}`));

export function roundToSignificant(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude === 0 || !Number.isFinite(value)) return value;
  // floor(log10) may be one too low just under a power of ten; that keeps one more digit,
  // on a finer grid that still contains every 12-digit decimal, so ties are unaffected.
  const shift = SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(magnitude));
  if (shift > 308) return value; // below ~1e-297: 10^shift is past the largest double
  // Dividing by an exact power of ten (or multiplying by one, for big values) gives the
  // double nearest to the decimal; beyond 1e22 the power is itself rounded, but the same
  // scaled integer still always gives the same double.
  return shift >= 0
    ? Math.round(value * POWERS[shift + POWER_OFFSET]!) / POWERS[shift + POWER_OFFSET]!
    : Math.round(value / POWERS[-shift + POWER_OFFSET]!) * POWERS[-shift + POWER_OFFSET]!;
}
