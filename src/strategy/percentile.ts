/**
 * Percentile ranks, the shared normaliser that makes scores in different units
 * (currency, currency per minute, 0..1 indices) comparable and blendable.
 *
 * Method: the mid-rank percentile (Hazen's plotting position), p = (below + equal / 2) / n.
 * Ties share one percentile, the best account of n gets 1 - 1/(2n), a lone account gets
 * 0.5, and the result never depends on input order. Non-finite values rank lowest.
 * Cost: O(n log n): one native sort and two binary searches per value.
 */

/** Mid-rank percentile of each value among all values, aligned with the input. */
export function percentileRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const result = new Float64Array(n);
  if (n === 0) return result;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    keys[i] = Number.isFinite(v) ? v : -Infinity;
  }
  // Native numeric sort of a copy, then two binary searches per value give the number
  // below and the number equal: far faster than sorting indices with a comparator.
  const sorted = keys.slice().sort();
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    const below = lowerBound(sorted, key);
    const equal = lowerBound(sorted, key, true) - below;
    result[i] = (below + equal / 2) / n;
  }
  return result;
}

/** First index whose value is >= key (or > key when `strict`). */
function lowerBound(sorted: Float64Array, key: number, strict = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v < key || (strict && v === key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Indices of the `k` largest values, largest first; ties broken by `tieKey` ascending
 * (an account id) so the order is stable across runs and stores.
 */
export function topIndices(values: ArrayLike<number>, k: number, tieKey: (index: number) => string): number[] {
  const indices = Array.from({ length: values.length }, (_, i) => i);
  indices.sort((a, b) => values[b]! - values[a]! || compareText(tieKey(a), tieKey(b)));
  return indices.slice(0, Math.max(0, k));
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
