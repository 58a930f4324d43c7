import { describe, expect, it } from "vitest";
import { minimizeOnInterval } from "../../src/strategy/line-search.js";

describe("line search on an interval", () => {
  it("finds the lower of two valleys from a coarse grid", () => {
    // Valleys at -3 (value 1) and 4 (value 0).
    const f = (x: number) => Math.min((x + 3) ** 2 + 1, (x - 4) ** 2);
    const found = minimizeOnInterval(f, -8, 8, 1);
    expect(found.x).toBeCloseTo(4, 3);
    expect(found.value).toBeCloseTo(0, 6);
  });

  it("starts from a good hint without the grid, and falls back to it when the hint was wrong", () => {
    let calls = 0;
    const f = (x: number) => {
      calls++;
      return (x - 1.2) ** 2;
    };
    expect(minimizeOnInterval(f, -8, 8, 1, 1).x).toBeCloseTo(1.2, 3);
    expect(calls).toBeLessThan(25);
    // A hint far away: the minimum lands on the hint cell's edge, so the grid runs.
    expect(minimizeOnInterval(f, -8, 8, 1, -5).x).toBeCloseTo(1.2, 3);
  });

  it("stays inside the interval when the minimum is at its end", () => {
    const found = minimizeOnInterval((x) => x, -2, 2, 0.5);
    expect(found.x).toBeGreaterThanOrEqual(-2);
    expect(found.x).toBeLessThan(-1.99);
  });
});
