import { describe, expect, it } from "vitest";
import { computeBetweenness } from "../../src/analytics/metrics/betweenness.js";
import { link, projectionFrom, ranking, scoreOf } from "./graph-fixtures.js";
import { generateInfluenceLinks } from "./random-graph.js";

describe("betweenness", () => {
  it("counts the ordered pairs a broker sits between (normalized by (n-1)(n-2))", async () => {
    const result = computeBetweenness(await projectionFrom([link("a", "b"), link("b", "c")]));
    expect(scoreOf(result, "b")).toBeCloseTo(1 / 2, 12);
    expect(scoreOf(result, "a")).toBe(0);
    expect(result.sampled).toBe(false);
  });

  it("treats strength as closeness: a strong detour beats a weak direct tie when weighted", async () => {
    const projection = await projectionFrom([link("a", "c", 0.2), link("a", "x", 1), link("x", "c", 1)]);
    expect(scoreOf(computeBetweenness(projection), "x")).toBeGreaterThan(0);
    expect(scoreOf(computeBetweenness(projection, { weighted: false }), "x")).toBe(0);
  });

  // Measured on this graph (2,000 accounts, ~6,000 ties) with the defaults (256 pivots,
  // seed 42): max absolute error 0.0107 against exact (largest exact value 0.172), mean
  // 7.1e-4, the exact top 10 all inside the sampled top 20. The bounds leave headroom.
  it("samples 256 pivots close to exact on a generated 2,000-account graph", async () => {
    const projection = await projectionFrom(generateInfluenceLinks(2000, 3, 11));
    const exact = computeBetweenness(projection);
    const sampled = computeBetweenness(projection, { exactMaxNodes: 1000 });
    expect(exact.sampled).toBe(false);
    expect(sampled).toMatchObject({ sampled: true, sources: 256 });
    let maxError = 0;
    let totalError = 0;
    exact.values.forEach((value, i) => {
      const error = Math.abs(value - sampled.values[i]!);
      maxError = Math.max(maxError, error);
      totalError += error;
    });
    expect(maxError).toBeLessThan(0.02);
    expect(totalError / exact.values.length).toBeLessThan(1e-3);
    const sampledTop = new Set(ranking(sampled).slice(0, 20));
    expect(
      ranking(exact)
        .slice(0, 10)
        .filter((id) => sampledTop.has(id)).length,
    ).toBeGreaterThanOrEqual(9);
  });

  it("is deterministic for a seed and changes with it", async () => {
    const projection = await projectionFrom(generateInfluenceLinks(300, 2, 4));
    const options = { exactMaxNodes: 10, pivots: 20 };
    const first = computeBetweenness(projection, { ...options, seed: 1 });
    expect(computeBetweenness(projection, { ...options, seed: 1 }).values).toEqual(first.values);
    expect(computeBetweenness(projection, { ...options, seed: 2 }).values).not.toEqual(first.values);
  });

  it("rejects a non-positive pivot count", async () => {
    const projection = await projectionFrom([link("a", "b")]);
    expect(() => computeBetweenness(projection, { pivots: 0 })).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
  });
});
