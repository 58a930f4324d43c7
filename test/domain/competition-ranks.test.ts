import { describe, expect, it } from "vitest";
import { competitionRanks } from "../../src/domain/competition-ranks.js";

describe("competition ranks", () => {
  it("gives equal values the rank of the first of them, and the next value its own position + 1", () => {
    expect([...competitionRanks([9, 7, 7, 5, 3, 3, 3, 1])]).toEqual([1, 2, 2, 4, 5, 5, 5, 8]);
    expect([...competitionRanks([4, 4, 4])]).toEqual([1, 1, 1]);
    expect([...competitionRanks([2])]).toEqual([1]);
    expect([...competitionRanks([])]).toEqual([]);
  });

  it("reads values through an order of indices (a value per node, nodes best first)", () => {
    const values = Float64Array.of(0.1, 0.5, 0.3, 0.5, 0.1);
    const order = Int32Array.of(1, 3, 2, 0, 4);
    expect([...competitionRanks(values, order)]).toEqual([1, 1, 3, 4, 4]);
  });

  it("ties -0 with 0 and NaN with nothing (values are compared with ===)", () => {
    expect([...competitionRanks([1, 0, -0, NaN, NaN])]).toEqual([1, 2, 2, 4, 5]);
  });
});
