/**
 * The shape every score and decision returns: a value plus the components that
 * produced it, so the API can show a sales leader *why* (see docs/scoring.md).
 */

export type ComponentUnit =
  "CURRENCY" | "CURRENCY_PER_MINUTE" | "FRACTION" | "INDEX" | "PERCENTILE" | "MINUTES" | "DAYS" | "YEARS" | "COUNT" | "RATIO";

export interface ScoreComponent {
  name: string;
  value: number;
  /**
   * Weight of this component in a weighted sum; `null` when the component is a factor or
   * context (e.g. gross margin multiplies revenue rather than being added with a weight).
   */
  weight: number | null;
  unit: ComponentUnit;
  explanation: string;
}

export interface Explained {
  value: number;
  components: ScoreComponent[];
}

export function component(name: string, value: number, unit: ComponentUnit, explanation: string, weight: number | null = null): ScoreComponent {
  return { name, value, weight, unit, explanation };
}

/**
 * Rounds for explanations only; values in components stay exact. Hand-rolled thousands
 * separators: Intl's toLocaleString costs ~2 µs a call, which alone took 0.6 s when
 * explaining 20,000 accounts.
 */
export function formatAmount(units: number): string {
  const rounded = Math.round(units);
  const digits = String(Math.abs(rounded));
  let grouped = "";
  for (let end = digits.length; end > 0; end -= 3) {
    grouped = digits.slice(Math.max(0, end - 3), end) + (grouped ? "," + grouped : "");
  }
  return rounded < 0 ? `-${grouped}` : grouped;
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

export function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
