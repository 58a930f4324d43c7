/**
 * Validation shared by the power-iteration metrics (PageRank, HITS, eigenvector), so a
 * bad option fails as BAD_USER_INPUT naming the option instead of looping or returning NaN.
 */
import { ValidationError } from "../../domain/errors.js";
import { requirePositiveInt, requirePositiveNumber } from "../../domain/guards.js";

export interface IterationOptions {
  /** Stop when the summed absolute change of the scores (L1) falls below this. */
  tolerance: number;
  /** Give up (MetricNotComputableError) after this many iterations. */
  maxIterations: number;
}

/**
 * A-posteriori error bound of a power iteration that stopped with L1 change `change` after
 * a step of `previousChange`: with contraction rate r = change / previousChange < 1, the
 * distance to the fixed point is at most change · r / (1 − r) (the standard bound for a
 * linearly converging iteration; Golub & Van Loan, Matrix Computations, §7.3). A slow
 * iteration stops with its slowest components still far from their limit: eigenvector
 * scores that tend to 0 stop around 1e-10 under tolerance 1e-10 when r is 0.97. Without
 * a contracting last step (r ≥ 1, or a first-step stop) the bound falls back to `change`.
 */
export function errorBound(change: number, previousChange: number): number {
  const rate = change / previousChange;
  return rate > 0 && rate < 1 ? (change * rate) / (1 - rate) : change;
}

/** The most iterations any option or default may ask for. */
export const MAX_ITERATIONS = 1_000_000;

export function requireIterationOptions(options: IterationOptions): void {
  requirePositiveNumber(options.tolerance, "options.tolerance", 1);
  requirePositiveInt(options.maxIterations, "options.maxIterations", MAX_ITERATIONS);
}

export interface WarmStartOptions {
  /**
   * Start from the previous revision's vector on graphs with at least this many accounts
   * (warm-start.ts); 0 always, Infinity never.
   */
  warmStartMinNodes: number;
}

export function requireWarmStartOptions(options: WarmStartOptions): void {
  if (!(options.warmStartMinNodes >= 0)) {
    throw new ValidationError("options.warmStartMinNodes must be a number ≥ 0", "options.warmStartMinNodes");
  }
}
