import { describe, expect, it } from "vitest";
import { computeHarmonicCloseness } from "../../src/analytics/metrics/harmonic-closeness.js";
import { link, projectionFrom, ranking, scoreOf } from "./graph-fixtures.js";
import { generateInfluenceLinks } from "./random-graph.js";

describe("harmonic closeness", () => {
  it("sums 1/distance to the accounts an account reaches (out-distances by default)", async () => {
    const projection = await projectionFrom([link("a", "b"), link("b", "c")]);
    const hops = computeHarmonicCloseness(projection, { weighted: false });
    expect(scoreOf(hops, "a")).toBeCloseTo(1 + 1 / 2, 12);
    expect(scoreOf(hops, "c")).toBe(0);
    const incoming = computeHarmonicCloseness(projection, { weighted: false, direction: "IN" });
    expect(scoreOf(incoming, "c")).toBeCloseTo(1 + 1 / 2, 12);
  });

  it("uses 1/strength as length when weighted", async () => {
    const projection = await projectionFrom([link("a", "b", 0.5)]);
    expect(scoreOf(computeHarmonicCloseness(projection), "a")).toBeCloseTo(0.5, 12);
  });

  // Sampled (256 targets, seed 42) against exact on a 2,000-account graph: measured worst
  // relative error 8.2% over the 100 highest exact scores; bounds leave headroom.
  it("estimates from sampled targets close to exact for the accounts that matter", async () => {
    const projection = await projectionFrom(generateInfluenceLinks(2000, 3, 11));
    const exact = computeHarmonicCloseness(projection);
    const sampled = computeHarmonicCloseness(projection, { exactMaxNodes: 1000 });
    expect(sampled).toMatchObject({ sampled: true, sources: 256 });
    const order = ranking(exact);
    const top = order.slice(0, 100);
    let worst = 0;
    for (const id of top) worst = Math.max(worst, Math.abs(scoreOf(sampled, id) / scoreOf(exact, id) - 1));
    expect(worst).toBeLessThan(0.15);
    const sampledTop = new Set(ranking(sampled).slice(0, 30));
    expect(order.slice(0, 10).every((id) => sampledTop.has(id))).toBe(true);
  });
});
