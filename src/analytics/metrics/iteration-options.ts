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

export function requireIterationOptions(options: IterationOptions): void {
  requirePositiveNumber(options.tolerance, "options.tolerance", 1);
  requirePositiveInt(options.maxIterations, "options.maxIterations", 1_000_000);
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
