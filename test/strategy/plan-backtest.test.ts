import { describe, expect, it } from "vitest";
import { backtestPlan } from "../../src/strategy/plan-backtest.js";
import { ValidationError } from "../../src/domain/errors.js";
import { bookFacts, syntheticBook } from "../support/synthetic-book.js";

describe("plan backtest", () => {
  it("predicts held-out quarters from the minutes spent better than next = last, with honest intervals", () => {
    const book = syntheticBook({ seed: 4, family: "EXPONENTIAL", baseline: true, quarters: 8, revenueNoise: 0.15 });
    const { accounts, history } = bookFacts(book);
    const backtest = backtestPlan({ managerId: book.options.managerId, asOf: book.options.asOf, accounts, history, holdoutPeriods: 2 });
    expect(backtest.training).toHaveLength(6);
    expect(backtest.heldOut).toHaveLength(2);
    expect(backtest.accounts).toBe(120);
    expect(backtest.points).toBe(240);
    expect(backtest.model.wape!).toBeLessThan(backtest.naive.wape!);
    expect(backtest.model.mape!).toBeLessThan(backtest.naive.mape!);
    expect(Math.abs(backtest.model.calibration! - 1)).toBeLessThan(0.05);
    expect(backtest.model.coverage!).toBeGreaterThan(0.7);
    expect(backtest.model.coverage!).toBeLessThan(0.9);
    const rows = backtest.rows;
    expect(Math.abs(rows[0]!.predicted - rows[0]!.actual)).toBeGreaterThanOrEqual(Math.abs(rows.at(-1)!.predicted - rows.at(-1)!.actual));
  });

  it("needs at least two quarters to fit on", () => {
    const book = syntheticBook({ seed: 1, family: "ADBUDG", baseline: true, quarters: 3 });
    const { accounts, history } = bookFacts(book);
    const run = () => backtestPlan({ managerId: book.options.managerId, asOf: book.options.asOf, accounts, history, holdoutPeriods: 2 });
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(expect.objectContaining({ field: "holdoutPeriods" }));
  });
});
