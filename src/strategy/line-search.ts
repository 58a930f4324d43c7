/**
 * Minimising a function of one variable on an interval: a coarse grid to find the valley
 * (the objective may have more than one), then golden-section search inside the grid
 * cell around the best point (Kiefer 1953, "Sequential minimax search for a maximum",
 * Proc. AMS 4(3)). With a `hint` (the minimum found for a nearby problem, as when a
 * shape search moves the shape a little) the grid is skipped and the search starts in the
 * cell around the hint; if the minimum then sits at that cell's edge, the full grid runs
 * after all.
 * Cost: (high - low) / step + iterations evaluations; iterations only with a good hint.
 */

export const LINE_SEARCH_DEFAULTS = {
  iterations: 18,
};

const GOLDEN = (Math.sqrt(5) - 1) / 2;

export function minimizeOnInterval(
  f: (x: number) => number,
  low: number,
  high: number,
  step: number,
  hint?: number,
  iterations = LINE_SEARCH_DEFAULTS.iterations,
): { x: number; value: number } {
  const golden = (from: number, to: number) => {
    let lo = from;
    let hi = to;
    let a = hi - GOLDEN * (hi - lo);
    let b = lo + GOLDEN * (hi - lo);
    let fa = f(a);
    let fb = f(b);
    for (let k = 0; k < iterations; k++) {
      if (fa < fb) {
        hi = b;
        b = a;
        fb = fa;
        a = hi - GOLDEN * (hi - lo);
        fa = f(a);
      } else {
        lo = a;
        a = b;
        fa = fb;
        b = lo + GOLDEN * (hi - lo);
        fb = f(b);
      }
    }
    return fa < fb ? { x: a, value: fa } : { x: b, value: fb };
  };
  if (hint !== undefined && Number.isFinite(hint)) {
    const from = Math.max(low, hint - step);
    const to = Math.min(high, hint + step);
    const found = golden(from, to);
    const atEdge = (found.x - from < step * 0.01 && from > low) || (to - found.x < step * 0.01 && to < high);
    if (!atEdge) return found;
  }
  let best = low;
  let bestValue = f(low);
  for (let x = low + step; x <= high + 1e-9; x += step) {
    const value = f(x);
    if (value < bestValue) {
      best = x;
      bestValue = value;
    }
  }
  return golden(Math.max(low, best - step), Math.min(high, best + step));
}
