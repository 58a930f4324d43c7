import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/ports/account-graph-store.js";
import { generateDataset } from "../../seeds/generate-dataset.js";
import { loadSampleDataset, readSampleDataset, SAMPLE_AS_OF, shiftDatasetDates } from "../../seeds/index.js";
import { addDays, daysBetween } from "../../seeds/iso-dates.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Walks both datasets in step. Any string shaped like a date must have moved by exactly
 * `days`; everything else must be untouched. Returns how many dates were compared, so a
 * walk that silently compared nothing fails too.
 */
function expectShiftedBy(before: unknown, after: unknown, days: number, path = "dataset"): number {
  if (typeof before === "string" && ISO_DATE.test(before)) {
    expect(typeof after, path).toBe("string");
    expect(daysBetween(before, after as string), path).toBe(days);
    return 1;
  }
  if (before === null || typeof before !== "object") {
    expect(after, path).toStrictEqual(before);
    return 0;
  }
  expect(after !== null && typeof after === "object", path).toBe(true);
  const keys = Object.keys(before);
  expect(Object.keys(after as object).sort(), path).toEqual([...keys].sort());
  let dates = 0;
  for (const key of keys) {
    dates += expectShiftedBy((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], days, `${path}.${key}`);
  }
  return dates;
}

function countDates(dataset: Dataset): number {
  return JSON.stringify(dataset).match(/"\d{4}-\d{2}-\d{2}"/g)?.length ?? 0;
}

describe("shiftDatasetDates", () => {
  const sample = readSampleDataset();

  it.each([0, 1, 26, -400, 3653])("moves every date of the sample by exactly %i days and nothing else", (days) => {
    const compared = expectShiftedBy(sample, shiftDatasetDates(sample, days), days);
    expect(compared).toBe(countDates(sample));
    expect(compared).toBeGreaterThan(1000);
  });

  it("moves dates across month, year and leap-day boundaries", () => {
    const dataset = generateDataset({ accounts: 300, seed: 5, today: "2028-02-28" });
    const shifted = shiftDatasetDates(dataset, 1);
    expect(expectShiftedBy(dataset, shifted, 1)).toBe(countDates(dataset));
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("does not modify its input", () => {
    const before = JSON.stringify(sample);
    shiftDatasetDates(sample, 99);
    expect(JSON.stringify(sample)).toBe(before);
  });

  it("refuses a fractional number of days", () => {
    expect(() => shiftDatasetDates(sample, 1.5)).toThrow(RangeError);
  });
});

describe("loadSampleDataset", () => {
  it("keeps the story's relative dates true on any day it is loaded", () => {
    for (const today of ["2026-11-27T15:30:00Z", "2025-01-01T00:00:00Z", "2031-06-15T23:59:59Z"]) {
      const day = today.slice(0, 10);
      const dataset = loadSampleDataset(new Date(today));
      const globex = dataset.accounts.find((a) => a.id === "acc_globex_multinational")!;
      expect(globex.lastContact, today).toBe(addDays(day, -10));
      expect(globex.renewalDate, today).toBe(addDays(day, 30));
      expect(expectShiftedBy(readSampleDataset(), dataset, daysBetween(SAMPLE_AS_OF, day))).toBeGreaterThan(0);
    }
  });

  it("returns the committed dates unchanged on SAMPLE_AS_OF", () => {
    expect(loadSampleDataset(new Date(`${SAMPLE_AS_OF}T12:00:00Z`))).toEqual(readSampleDataset());
  });
});
