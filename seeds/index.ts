/**
 * Seed datasets: the hand-made sample that tells the article's story, and the
 * synthetic generator for load tests. The sample was written as of SAMPLE_AS_OF;
 * loadSampleDataset shifts every date by the days since then, so "last contact 10 days
 * ago" and "renewal in 30 days" stay true whenever it is loaded.
 */
import { readFileSync } from "node:fs";
import type { Dataset } from "../src/ports/account-graph-store.js";
import { addDays, daysBetween, isoDateOf } from "./iso-dates.js";

export { generateDataset, type GenerateDatasetOptions } from "./generate-dataset.js";
export { readDatasetJson, writeDatasetJson, formatDatasetJson } from "./dataset-json.js";

/** The day the sample's story was written for. */
export const SAMPLE_AS_OF = "2026-11-01";

export const SAMPLE_DATASET_URL = new URL("./sample-dataset.json", import.meta.url);

/** Every calendar-date field of a Dataset, per collection (nullable ones included). */
export const DATASET_DATE_FIELDS = {
  managers: [],
  communities: [],
  accounts: ["customerSince", "renewalDate", "lastContact"],
  memberships: ["since"],
  influences: ["since"],
  referrals: ["date"],
  engagements: ["date"],
  purchases: ["date"],
} as const satisfies { [K in keyof Dataset]: readonly (keyof Dataset[K][number])[] };

/**
 * A copy of `dataset` with every date moved by `days` (negative moves back); null dates
 * stay null. Pure: the input is not modified.
 */
export function shiftDatasetDates(dataset: Dataset, days: number): Dataset {
  if (!Number.isInteger(days)) throw new RangeError(`seeds/index: days must be a whole number, got ${days}`);
  const shift = <T extends object>(rows: readonly T[], fields: readonly string[]): T[] =>
    rows.map((row) => {
      const copy = { ...row } as Record<string, unknown>;
      for (const field of fields) {
        const value = copy[field];
        if (typeof value === "string") copy[field] = addDays(value, days);
      }
      return copy as T;
    });
  return {
    managers: shift(dataset.managers, DATASET_DATE_FIELDS.managers),
    communities: shift(dataset.communities, DATASET_DATE_FIELDS.communities),
    accounts: shift(dataset.accounts, DATASET_DATE_FIELDS.accounts),
    memberships: shift(dataset.memberships, DATASET_DATE_FIELDS.memberships),
    influences: shift(dataset.influences, DATASET_DATE_FIELDS.influences),
    referrals: shift(dataset.referrals, DATASET_DATE_FIELDS.referrals),
    engagements: shift(dataset.engagements, DATASET_DATE_FIELDS.engagements),
    purchases: shift(dataset.purchases, DATASET_DATE_FIELDS.purchases),
  };
}

/** The sample exactly as committed, dated as of SAMPLE_AS_OF. */
export function readSampleDataset(): Dataset {
  return JSON.parse(readFileSync(SAMPLE_DATASET_URL, "utf8")) as Dataset;
}

/** The sample with its dates moved so that SAMPLE_AS_OF becomes `today` (UTC date). */
export function loadSampleDataset(today: Date = new Date()): Dataset {
  return shiftDatasetDates(readSampleDataset(), daysBetween(SAMPLE_AS_OF, isoDateOf(today)));
}
