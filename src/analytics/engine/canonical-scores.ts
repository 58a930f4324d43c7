/**
 * Scores as the snapshot ranks and reports them. Two float artefacts must not decide a
 * rank, so both are removed before the ordering (snapshot-compute.ts `rankAll`):
 *
 * - **Convergence noise.** An iterative metric stops within its a-posteriori error bound
 *   (`NodeScores.precision`, metrics/iteration-options.ts), so a value below that bound is
 *   indistinguishable from 0 and is reported as 0. On the sample dataset 97 of 100
 *   eigenvector scores tend to 0 but stopped anywhere between 1e-272 and 4e-10, which
 *   ranked them 4th to 67th by noise; as 0 they share rank 4.
 * - **Summation order.** The same total added in another order differs in the last bits,
 *   which split ties of weighted degrees: every score keeps 12 significant digits
 *   (domain/significant-digits.ts says why that many).
 *
 * Cost: O(V) per metric, in place.
 */
import { roundToSignificant } from "../../domain/significant-digits.js";

/** Rounds `values` in place: |v| ≤ precision becomes 0, every other value keeps 12 significant digits. */
export function canonicaliseScores(values: Float64Array, precision = 0): Float64Array {
  for (let i = 0; i < values.length; i++) values[i] = canonicalScore(values[i]!, precision);
  return values;
}

export function canonicalScore(value: number, precision = 0): number {
  return Math.abs(value) <= precision ? 0 : roundToSignificant(value);
}
