/**
 * Calendar-date arithmetic on ISO `YYYY-MM-DD` strings, in UTC so a date never moves
 * with the machine's time zone or daylight saving. Epoch days (days since 1970-01-01)
 * are the working unit: integer maths, no Date objects in hot loops.
 */
import { requireDate } from "../src/domain/guards.js";
import type { IsoDate } from "../src/domain/model.js";

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a valid ISO date (ValidationError otherwise). */
export function toEpochDay(date: IsoDate, field = "date"): number {
  requireDate(date, field);
  return Math.round(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
}

export function fromEpochDay(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** Today's UTC calendar date of an instant. */
export function isoDateOf(instant: Date): IsoDate {
  return instant.toISOString().slice(0, 10);
}
