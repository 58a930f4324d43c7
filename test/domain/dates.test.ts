import { describe, expect, it } from "vitest";
import { addDays, dateOfDayNumber, dayNumber, daysBetween } from "../../src/domain/dates.js";

const MS_PER_DAY = 86_400_000;

describe("domain/dates", () => {
  it("numbers every day 1900-2199 as the UTC calendar does, and back", () => {
    const first = Date.UTC(1900, 0, 1) / MS_PER_DAY;
    const last = Date.UTC(2199, 11, 31) / MS_PER_DAY;
    let checked = 0;
    for (let day = first; day <= last; day++) {
      const iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
      if (dayNumber(iso) !== day || dateOfDayNumber(day) !== iso) throw new Error(`mismatch on ${iso} (${day})`);
      checked++;
    }
    // 300 years of 365 days, plus 73 leap days (every 4th year from 1904, but not 2100).
    expect(checked).toBe(300 * 365 + 73);
    expect(dayNumber("1970-01-01")).toBe(0);
  });

  it("adds and counts days across month ends and leap days", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2100-02-28", 1)).toBe("2100-03-01");
    expect(addDays("2000-02-28", 1)).toBe("2000-02-29");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2024-03-01", "2024-02-28")).toBe(-2);
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
  });
});
