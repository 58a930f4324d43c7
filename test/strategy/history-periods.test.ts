import { describe, expect, it } from "vitest";
import { buildActivityHistory, lastCompleteQuarter, latestHabits, periodPoints, quarterKey } from "../../src/strategy/history-periods.js";
import type { Engagement, Purchase } from "../../src/domain/model.js";

const eng = (accountId: string, date: string, minutes: number, managerId = "m1"): Engagement => ({
  id: `e-${accountId}-${date}-${minutes}`,
  accountId,
  managerId,
  minutes,
  date,
  kind: "CALL",
  note: null,
});
const buy = (accountId: string, date: string, units: number): Purchase => ({
  id: `p-${accountId}-${date}`,
  accountId,
  amount: units * 100,
  licences: 0,
  discount: 0,
  date,
});

describe("quarterly activity history", () => {
  it("keys calendar quarters consecutively and knows the last complete one", () => {
    expect(quarterKey("2026-03-31") + 1).toBe(quarterKey("2026-04-01"));
    expect(quarterKey("2025-12-31") + 1).toBe(quarterKey("2026-01-01"));
    expect(lastCompleteQuarter("2026-06-30")).toBe(quarterKey("2026-06-30")); // asOf is the quarter's last day
    expect(lastCompleteQuarter("2026-06-29")).toBe(quarterKey("2026-03-31"));
  });

  it("sums minutes and bookings per complete quarter, leaves the current quarter out and rates them per week", () => {
    const history = buildActivityHistory({
      asOf: "2026-05-10",
      managerId: "m1",
      accounts: [{ id: "a", customerSince: null }],
      engagements: [eng("a", "2025-10-02", 60), eng("a", "2025-12-30", 70, "m2"), eng("a", "2026-02-01", 130), eng("a", "2026-05-01", 999)],
      purchases: [buy("a", "2025-11-11", 910), buy("a", "2026-03-31", 900), buy("a", "2026-04-02", 5000)],
    });
    expect(history.periods.map((p) => [p.start, p.end])).toEqual([
      ["2025-10-01", "2025-12-31"],
      ["2026-01-01", "2026-03-31"],
    ]);
    expect(history.periods[0]!.weeks).toBeCloseTo(92 / 7);
    const a = history.accounts.get("a")!;
    expect(a.activity[0]).toEqual({ minutes: 130, managerMinutes: 60, revenue: 910 });
    expect(a.activity[1]).toEqual({ minutes: 130, managerMinutes: 130, revenue: 900 });
    const points = periodPoints(history, "a");
    expect(points[0]!.minutesPerWeek).toBeCloseTo(130 / (92 / 7));
    expect(points[1]!.revenuePerWeek).toBeCloseTo(900 / (90 / 7));
  });

  it("treats a quarter with no activity anywhere in the book as not recorded, and a quiet account's quarter as zeros", () => {
    const history = buildActivityHistory({
      asOf: "2026-12-31",
      managerId: "m1",
      accounts: [
        { id: "a", customerSince: null },
        { id: "b", customerSince: null },
      ],
      engagements: [eng("a", "2026-01-15", 60), eng("a", "2026-10-15", 60), eng("b", "2026-01-20", 10)],
      purchases: [buy("a", "2026-01-15", 100)],
    });
    expect(history.periods.map((p) => p.observed)).toEqual([true, false, false, true]);
    expect(periodPoints(history, "a")).toHaveLength(2);
    const b = periodPoints(history, "b");
    expect(b).toHaveLength(2); // its quiet Q4 counts: the book was recorded then
    expect(b[1]).toMatchObject({ minutesPerWeek: 0, revenuePerWeek: 0 });
  });

  it("starts an account's history at its first full quarter as a customer", () => {
    const history = buildActivityHistory({
      asOf: "2026-12-31",
      managerId: "m1",
      accounts: [
        { id: "new", customerSince: "2026-05-20" },
        { id: "old", customerSince: "2026-04-01" },
      ],
      engagements: ["2026-01-10", "2026-04-10", "2026-07-10", "2026-10-10"].flatMap((d) => [eng("new", d, 30), eng("old", d, 30)]),
      purchases: [],
    });
    expect(history.accounts.get("new")!.firstPeriod).toBe(2); // Q3: Q2 was only partly a customer quarter
    expect(history.accounts.get("old")!.firstPeriod).toBe(1); // customer from the first day of Q2
    expect(periodPoints(history, "new", 0, 3)).toHaveLength(1);
  });

  it("reads current habits from the latest quarter in which the manager logged time", () => {
    const history = buildActivityHistory({
      asOf: "2026-12-31",
      managerId: "m1",
      accounts: [
        { id: "a", customerSince: null },
        { id: "b", customerSince: null },
      ],
      engagements: [eng("a", "2026-07-10", 91), eng("b", "2026-08-10", 182), eng("a", "2026-11-01", 500, "m2")],
      purchases: [],
    });
    const habits = latestHabits(history);
    expect(habits.period!.start).toBe("2026-07-01");
    expect(habits.minutes.get("a")).toBeCloseTo(91 / (92 / 7));
    expect(habits.minutes.get("b")).toBeCloseTo(182 / (92 / 7));
  });
});
