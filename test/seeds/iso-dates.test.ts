import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/domain/errors.js";
import { addDays, daysBetween, fromEpochDay, toEpochDay } from "../../seeds/iso-dates.js";

describe("seeds/iso-dates", () => {
  it("does the same arithmetic as the calendar", () => {
    expect(toEpochDay("1970-01-02")).toBe(1);
    expect(fromEpochDay(toEpochDay("2028-02-29"))).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(daysBetween("2025-01-01", "2024-12-01")).toBe(-31);
  });

  it("rejects a malformed date from a file or option, naming the field", () => {
    expect(() => toEpochDay("2025-02-30", "today")).toThrowError(expect.objectContaining({ code: "BAD_USER_INPUT", field: "today" }));
    expect(() => addDays("2025-13-01", 1)).toThrow(ValidationError);
    expect(() => daysBetween("2025-01-01", "not a date")).toThrow(ValidationError);
  });
});
