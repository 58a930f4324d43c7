/**
 * Date helpers for strategy. Strategy never reads the clock: every function takes
 * `asOf` from the caller, so results are reproducible. The calendar arithmetic itself
 * (integer day numbers, see domain/dates.ts) is shared with the seeds; only the
 * scoring window lives here.
 */
import { dayNumber } from "../domain/dates.js";
import type { IsoDate } from "../domain/model.js";

export { addDays, dayNumber, daysBetween } from "../domain/dates.js";

/**
 * True when `date` lies in the `windowDays` days ending at (and including) the day
 * `asOfDay` (a dayNumber): asOf - windowDays < date <= asOf.
 */
export function isInWindow(date: IsoDate, asOfDay: number, windowDays: number): boolean {
  const age = asOfDay - dayNumber(date);
  return age >= 0 && age < windowDays;
}
