/**
 * Calendar dates for the seeds. The arithmetic is domain/dates.ts (UTC epoch days,
 * integer maths); what the seeds add is validation at their edge, because they read
 * dates from JSON files and command-line options: a malformed date fails with a
 * ValidationError naming the field instead of becoming a meaningless day number.
 */
import { addDays as addDaysTrusted, dayNumber, daysBetween as daysBetweenTrusted } from "../src/domain/dates.js";
import { requireDate } from "../src/domain/guards.js";
import type { IsoDate } from "../src/domain/model.js";

/** Days since 1970-01-01 of a valid ISO date (ValidationError otherwise). */
export function toEpochDay(date: IsoDate, field = "date"): number {
  return dayNumber(requireDate(date, field));
}

/** The date of an epoch day (inverse of toEpochDay). */
export { dateOfDayNumber as fromEpochDay } from "../src/domain/dates.js";

/** The date `days` after a valid `date` (before, when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return addDaysTrusted(requireDate(date, "date"), days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier); both must be valid dates. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return daysBetweenTrusted(requireDate(from, "date"), requireDate(to, "date"));
}

/** Today's UTC calendar date of an instant. */
export function isoDateOf(instant: Date): IsoDate {
  return instant.toISOString().slice(0, 10);
}
