/**
 * Derivative-free minimisation of a smooth function of a few variables: the
 * Nelder–Mead simplex method (Nelder & Mead 1965, "A simplex method for function
 * minimization", The Computer Journal 7(4)), with the standard coefficients (reflection
 * 1, expansion 2, contraction 1/2, shrink 1/2) as in Lagarias, Reeds, Wright & Wright
 * (1998), "Convergence properties of the Nelder–Mead simplex method in low dimensions",
 * SIAM J. Optimization 9(1) — the method behind scipy's `minimize(method="Nelder-Mead")`.
 * Used for the one or two shape parameters of a response curve, where the objective
 * (a profiled likelihood) has no convenient gradient.
 * Cost: O(iterations x (d + 1)) evaluations, d = dimensions.
 */

export const NELDER_MEAD_DEFAULTS = {
  /** Stop when the simplex's values differ by less than this... */
  valueTolerance: 1e-7,
  /** ...and its points by less than this in every coordinate. */
  pointTolerance: 1e-5,
  maxIterations: 400,
  /** Size of the first simplex's steps from the start point. */
  initialStep: 0.3,
};

export interface Minimum {
  point: number[];
  value: number;
  iterations: number;
}

export function minimizeNelderMead(
  f: (point: readonly number[]) => number,
  start: readonly number[],
  options: Partial<typeof NELDER_MEAD_DEFAULTS> = {},
): Minimum {
  const o = { ...NELDER_MEAD_DEFAULTS, ...options };
  const d = start.length;
  if (d === 0) return { point: [], value: f([]), iterations: 0 };
  const simplex: { point: number[]; value: number }[] = [{ point: [...start], value: f(start) }];
  for (let i = 0; i < d; i++) {
    const point = [...start];
    point[i]! += o.initialStep;
    simplex.push({ point, value: f(point) });
  }
  const along = (from: readonly number[], to: readonly number[], t: number) => from.map((x, i) => x + t * (to[i]! - x));

  let iterations = 0;
  for (; iterations < o.maxIterations; iterations++) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0]!;
    const worst = simplex[d]!;
    const spread = Math.max(...simplex.map((s) => Math.max(...s.point.map((x, i) => Math.abs(x - best.point[i]!)))));
    if (worst.value - best.value <= o.valueTolerance && spread <= o.pointTolerance) break;

    const centroid = new Array<number>(d).fill(0);
    for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) centroid[i]! += simplex[k]!.point[i]! / d;
    const reflected = along(centroid, worst.point, -1);
    const reflectedValue = f(reflected);
    if (reflectedValue < best.value) {
      const expanded = along(centroid, worst.point, -2);
      const expandedValue = f(expanded);
      simplex[d] = expandedValue < reflectedValue ? { point: expanded, value: expandedValue } : { point: reflected, value: reflectedValue };
      continue;
    }
    if (reflectedValue < simplex[d - 1]!.value) {
      simplex[d] = { point: reflected, value: reflectedValue };
      continue;
    }
    // Contract towards the better of the worst point and its reflection.
    const outside = reflectedValue < worst.value;
    const contracted = along(centroid, outside ? reflected : worst.point, 0.5);
    const contractedValue = f(contracted);
    if (contractedValue < (outside ? reflectedValue : worst.value)) {
      simplex[d] = { point: contracted, value: contractedValue };
      continue;
    }
    for (let k = 1; k <= d; k++) {
      const point = along(best.point, simplex[k]!.point, 0.5);
      simplex[k] = { point, value: f(point) };
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return { point: simplex[0]!.point, value: simplex[0]!.value, iterations };
}
