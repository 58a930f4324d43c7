/**
 * Input guards shared by every write path. Each throws ValidationError naming the
 * offending field, so the API can answer BAD_USER_INPUT with its path. Every text
 * guard applies the text rules of text-guards.ts (NFC, no control or bidi-override
 * characters, not invisible only, no lone surrogates) before measuring length.
 */
import { ValidationError } from "./errors.js";
import { cleanText, type TextKind } from "./text-guards.js";

export const MAX_NAME_LENGTH = 200;
export const MAX_TEXT_LENGTH = 2000;

export function requireName(value: string, field: string): string {
  const trimmed = cleanText(value, field);
  if (trimmed.length === 0) throw new ValidationError(`${field} must not be empty`, field);
  if ([...trimmed].length > MAX_NAME_LENGTH) {
    throw new ValidationError(`${field} must be at most ${MAX_NAME_LENGTH} characters`, field);
  }
  return trimmed;
}

/** An optional one-line text (region, industry, external id); blank becomes null. */
export function optionalText(value: string | null | undefined, field: string, max = MAX_NAME_LENGTH): string | null {
  return optionalTextOf(value, field, max, "line");
}

/** An optional free text that may span lines (an engagement note); blank becomes null. */
export function optionalMultilineText(value: string | null | undefined, field: string, max = MAX_TEXT_LENGTH): string | null {
  return optionalTextOf(value, field, max, "multiline");
}

function optionalTextOf(value: string | null | undefined, field: string, max: number, kind: TextKind): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = cleanText(value, field, kind);
  if (trimmed.length === 0) return null;
  if ([...trimmed].length > max) throw new ValidationError(`${field} must be at most ${max} characters`, field);
  return trimmed;
}

export function requireFraction(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new ValidationError(`${field} must be between 0 and 1`, field);
  }
  return value;
}

export function requireNonNegativeInt(value: number, field: string, max = 1_000_000_000): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ValidationError(`${field} must be a whole number between 0 and ${max}`, field);
  }
  return value;
}

export function requirePositiveInt(value: number, field: string, max = 1_000_000_000): number {
  if (!Number.isInteger(value) || value <= 0 || value > max) {
    throw new ValidationError(`${field} must be a whole number between 1 and ${max}`, field);
  }
  return value;
}

export function requirePositiveNumber(value: number, field: string, max: number): number {
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new ValidationError(`${field} must be greater than 0 and at most ${max}`, field);
  }
  return value;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The dates accepted. Nothing this API records (customers, meetings, purchases) predates
 * 1900, so earlier years are typing mistakes; the end is the four-digit year's, kept
 * because CRMs write 9999-12-31 for "no end" (an open-ended renewal).
 */
export const DATE_RANGE = { first: "1900-01-01", last: "9999-12-31" } as const;

/**
 * A real calendar date `YYYY-MM-DD` within DATE_RANGE (rejects 2025-02-30). `notInFuture`
 * allows any date that is today somewhere on Earth: dates carry no time zone, and a
 * manager in Auckland or Kiribati (UTC+14) logs today's meeting while UTC is still on yesterday.
 */
export function requireDate(value: string, field: string, opts: { notInFuture?: boolean; today?: string } = {}): string {
  const match = ISO_DATE.exec(value);
  const date = match ? new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!)) : null;
  if (!match || !date || date.toISOString().slice(0, 10) !== value) {
    throw new ValidationError(`${field} must be a calendar date YYYY-MM-DD from ${DATE_RANGE.first} to ${DATE_RANGE.last}`, field);
  }
  if (value < DATE_RANGE.first) {
    throw new ValidationError(`${field} must be on or after ${DATE_RANGE.first}`, field);
  }
  if (opts.notInFuture) {
    const today = opts.today ?? latestTodayIso();
    if (value > today) throw new ValidationError(`${field} must not be in the future`, field);
  }
  return value;
}

export function optionalDate(value: string | null | undefined, field: string, opts: { notInFuture?: boolean } = {}): string | null {
  if (value === null || value === undefined) return null;
  return requireDate(value, field, opts);
}

export function requireOneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(`${field} must be one of ${allowed.join(", ")}`, field);
  }
  return value as T;
}

export function requireEmail(value: string, field: string): string {
  const trimmed = cleanText(value, field);
  if (trimmed.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) {
    throw new ValidationError(`${field} must be an email address`, field);
  }
  return trimmed;
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The easternmost time zone, UTC+14 (Line Islands, Kiribati), is the first to reach a date. */
const EASTERNMOST_OFFSET_MS = 14 * 60 * 60 * 1000;

/** Today's date in UTC+14: the latest date that is "today" anywhere. */
export function latestTodayIso(): string {
  return new Date(Date.now() + EASTERNMOST_OFFSET_MS).toISOString().slice(0, 10);
}
