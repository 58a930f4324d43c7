/**
 * Validation shared by the power-iteration metrics (PageRank, HITS, eigenvector), so a
 * bad option fails as BAD_USER_INPUT naming the option instead of looping or returning NaN.
 */
import { requirePositiveInt, requirePositiveNumber } from "../../domain/guards.js";

export interface IterationOptions {
  /** Stop when the summed absolute change of the scores (L1) falls below this. */
  tolerance: number;
  /** Give up (MetricNotComputableError) after this many iterations. */
  maxIterations: number;
}

export function requireIterationOptions(options: IterationOptions): void {
  requirePositiveNumber(options.tolerance, "options.tolerance", 1);
  requirePositiveInt(options.maxIterations, "options.maxIterations", 1_000_000);
}
