/**
 * Competition ranks ("1224" ranking), the ranks every ranking of this API reports: equal
 * values share the rank of the first of them, and the next distinct value takes its own
 * position + 1, so a rank always says how many are strictly better. The id order of a tie
 * decides only who is listed first. Values are compared with === (callers round scores to
 * significant digits first: significant-digits.ts), so NaN ties with nothing. O(n).
 */

/**
 * Ranks by position of a list sorted best first: `values[order[p]]` is the value at
 * position p when `order` is given (a value per node or account and the order of their
 * indices, as snapshots and strategic rankings keep them), `values[p]` otherwise.
 */
export function competitionRanks(values: ArrayLike<number>, order?: ArrayLike<number>): Int32Array {
  const size = order ? order.length : values.length;
  const ranks = new Int32Array(size);
  let previous = Number.NaN;
  for (let p = 0; p < size; p++) {
    const value = order ? values[order[p]!]! : values[p]!;
    ranks[p] = p > 0 && value === previous ? ranks[p - 1]! : p + 1;
    previous = value;
  }
  return ranks;
}
