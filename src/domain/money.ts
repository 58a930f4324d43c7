/**
 * Money as integer cents. Decimal strings in, decimal strings out, so sums never
 * drift the way binary floats do (0.1 + 0.2). The largest amount is bounded well
 * inside Number.MAX_SAFE_INTEGER cents (~90 trillion).
 */
import type { Cents } from "./model.js";
import { ValidationError } from "./errors.js";

/** One trillion currency units: far above any real account, far below float precision loss. */
export const MAX_CENTS: Cents = 100_000_000_000_000;

const DECIMAL = /^(\d{1,15})(?:\.(\d{1,2}))?$/;

/** Parses "1234.5" / "1234.50" / 1234.5 into cents; rejects negatives, NaN, >2 decimals. */
export function parseMoney(value: string | number, field: string): Cents {
  const text = typeof value === "number" ? numberToDecimal(value, field) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new ValidationError(`${field} must be a non-negative amount with at most 2 decimals`, field);
  const cents = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (cents > MAX_CENTS) throw new ValidationError(`${field} is larger than the maximum amount`, field);
  return cents;
}

function numberToDecimal(value: number, field: string): string {
  if (!Number.isFinite(value) || value < 0) {
    throw new ValidationError(`${field} must be a finite, non-negative amount`, field);
  }
  // Round-trip through the shortest representation: 0.1 stays "0.1", not 0.1000000000000000055.
  return String(value);
}

/** Cents to a decimal string with exactly two decimals. */
export function formatMoney(cents: Cents): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Cents to currency units as a number, for scoring maths only (never for storage). */
export function centsToUnits(cents: Cents): number {
  return cents / 100;
}

/** Currency units (scoring maths) back to integer cents, for results shown as Money. */
export function unitsToCents(units: number): Cents {
  return Math.round(units * 100);
}
