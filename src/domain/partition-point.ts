/**
 * Binary search for the end of a prefix: the first index in [from, to) where `before` is
 * false, given that it holds for a prefix of that range and no further (the range is sorted
 * by whatever `before` tests). O(log n) calls of `before`. Every sorted sequence the API
 * pages through or patches (keyset cursors, sort indexes, rank ties) is searched with it.
 */
export function partitionPoint(from: number, to: number, before: (i: number) => boolean): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
