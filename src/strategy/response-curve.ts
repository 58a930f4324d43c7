/**
 * Response curves: the revenue an account brings as a function of the minutes per week
 * spent on it. The curves are fitted from history by response-fit.ts; this file only
 * defines the two families and evaluates them.
 *
 *   r(x) = min + (max - min) g(x),   g(0) = 0, g increasing to 1, x = minutes per week
 *
 * min is the revenue retained with no attention at all (0 when everything depends on
 * the relationship), max the ceiling at saturation. The shape g is one of:
 *
 *   ADBUDG       g(x) = x^c / (h^c + x^c)   Little (1970), "Models and managers: the
 *                concept of a decision calculus", Management Science 16(8); the curve of
 *                Lodish's CALLPLAN (1971, Management Science 18(4)). c <= 1 is concave
 *                (every extra minute earns less); c > 1 is S-shaped (a few minutes do
 *                little, then the relationship "takes", then it saturates).
 *   EXPONENTIAL  g(x) = 1 - 2^(-x / h)      the modified exponential of sales-response
 *                studies (e.g. Lodish et al. 1988, "A decision calculus model for
 *                allocating Syntex's sales force", Interfaces 18(1)); always concave.
 *
 * In both families h is the half-saturation: the minutes per week that win half of the
 * possible lift, so h means the same thing whichever family the history picked.
 * Cost: O(1) per evaluation.
 */

export const RESPONSE_FAMILIES = ["ADBUDG", "EXPONENTIAL"] as const;
export type ResponseFamily = (typeof RESPONSE_FAMILIES)[number];

export interface ResponseShape {
  family: ResponseFamily;
  /** Minutes per week that win half the possible lift. */
  halfSaturation: number;
  /** ADBUDG exponent c (> 1: S-shaped); 1 for EXPONENTIAL. */
  steepness: number;
}

export interface ResponseCurve {
  /** Revenue with no attention (the retained baseline). */
  min: number;
  /** Revenue at saturation. */
  max: number;
  shape: ResponseShape;
}

/** Where the curve's ceiling and responsive share came from (response-fit.ts). */
export const CURVE_SOURCES = ["HISTORY", "POOLED", "PRIOR"] as const;
export type CurveSource = (typeof CURVE_SOURCES)[number];

/** g(x): the share of the possible lift won at `minutes` per week, 0..1. */
export function responseShare(shape: ResponseShape, minutes: number): number {
  if (!(minutes > 0)) return 0;
  const u = minutes / shape.halfSaturation;
  if (shape.family === "EXPONENTIAL") return 1 - 2 ** -u;
  const uc = u ** shape.steepness;
  return uc / (1 + uc);
}

/** Expected revenue at `minutes` per week (in the curve's own unit: per week or per horizon). */
export function evaluateCurve(curve: ResponseCurve, minutes: number): number {
  return curve.min + (curve.max - curve.min) * responseShare(curve.shape, minutes);
}

/** True when every extra minute earns no more than the one before (greedy allocation is then exact). */
export function isConcave(shape: ResponseShape): boolean {
  return shape.family === "EXPONENTIAL" || shape.steepness <= 1;
}
