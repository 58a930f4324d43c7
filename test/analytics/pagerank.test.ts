import { describe, expect, it } from "vitest";
import pagerankModule from "graphology-metrics/centrality/pagerank.js";
import { computePageRank } from "../../src/analytics/metrics/pagerank.js";
import { computePersonalizedPageRank } from "../../src/analytics/metrics/personalized-pagerank.js";
import { link, projectionFrom, ranking, scoreOf } from "./graph-fixtures.js";
import { generateInfluenceLinks } from "./random-graph.js";

type GraphologyPagerank = (graph: unknown, options: object) => Record<string, number>;
const graphologyPagerank = ((pagerankModule as unknown as { default?: GraphologyPagerank }).default ??
  pagerankModule) as unknown as GraphologyPagerank;

const leaves = ["l1", "l2", "l3", "l4", "l5"];
const star = () => projectionFrom(leaves.map((leaf) => link("centre", leaf, 0.8)));

function sum(values: Float64Array): number {
  return values.reduce((a, b) => a + b, 0);
}

describe("PageRank direction: A -> B means A influences B", () => {
  it("ranks the centre of a star that influences five accounts first", async () => {
    const pagerank = computePageRank(await star());
    expect(ranking(pagerank)[0]).toBe("centre");
    for (const leaf of leaves) expect(scoreOf(pagerank, "centre")).toBeGreaterThan(4 * scoreOf(pagerank, leaf));
    expect(sum(pagerank.values)).toBeCloseTo(1, 12);
  });

  it("ranks the influenced first with flow TO_INFLUENCED (the edge direction)", async () => {
    const pagerank = computePageRank(await star(), { flow: "TO_INFLUENCED" });
    for (const leaf of leaves) expect(scoreOf(pagerank, leaf)).toBeGreaterThan(scoreOf(pagerank, "centre"));
  });
});

describe("PageRank weights", () => {
  it("uses strengths: a strong tie outranks a weak one where unweighted they tie", async () => {
    // a strongly influences x; b weakly influences x; x's credit goes mostly to a.
    const projection = await projectionFrom([link("a", "x", 0.9), link("b", "x", 0.1)]);
    const weighted = computePageRank(projection);
    const unweighted = computePageRank(projection, { weighted: false });
    expect(scoreOf(weighted, "a")).toBeGreaterThan(scoreOf(weighted, "b") + 0.15);
    expect(scoreOf(unweighted, "a")).toBeCloseTo(scoreOf(unweighted, "b"), 12);
  });

  it("agrees with graphology-metrics at matched precision on a 2,000-account graph", async () => {
    const projection = await projectionFrom(generateInfluenceLinks(2000, 3, 5));
    const ours = computePageRank(projection, { flow: "TO_INFLUENCED" });
    // graphology stops at N·tolerance summed change; ask for the same absolute 1e-10.
    const theirs = graphologyPagerank(projection.graph, {
      getEdgeWeight: "strength",
      tolerance: 1e-10 / projection.graph.order,
      maxIterations: 10_000,
    });
    let worst = 0;
    ours.ids.forEach((id, i) => (worst = Math.max(worst, Math.abs(ours.values[i]! - theirs[id]!) / theirs[id]!)));
    expect(worst).toBeLessThan(1e-6);
  });
});

describe("PageRank convergence and options", () => {
  it("converges to an L1 change below the tolerance, and says so", async () => {
    const result = computePageRank(await projectionFrom(generateInfluenceLinks(500, 2, 9)));
    expect(result.residual).toBeLessThan(1e-10);
    expect(result.iterations).toBeGreaterThan(1);
  });

  it("keeps scores finite when a tie's strength is subnormal (1 / its sender's total is infinite)", async () => {
    const projection = await projectionFrom([link("a", "b", 6e-323), link("b", "c", 1), link("c", "a", 0.5)]);
    for (const weighted of [true, false]) {
      const result = computePageRank(projection, { weighted });
      expect([...result.values].every(Number.isFinite)).toBe(true);
      expect(sum(result.values)).toBeCloseTo(1, 12);
    }
  });

  it("spreads dangling rank so scores still sum to 1", async () => {
    // Under TO_INFLUENCER the centre receives no ties back: it is dangling.
    const result = computePageRank(await star());
    expect(sum(result.values)).toBeCloseTo(1, 12);
  });

  it("raises METRIC_NOT_COMPUTABLE when it cannot converge in maxIterations", async () => {
    const projection = await projectionFrom(generateInfluenceLinks(200, 2, 3));
    expect(() => computePageRank(projection, { maxIterations: 2 })).toThrow(expect.objectContaining({ code: "METRIC_NOT_COMPUTABLE" }));
  });

  it("rejects nonsensical options as BAD_USER_INPUT", async () => {
    const projection = await star();
    for (const options of [{ alpha: 1 }, { alpha: 0 }, { tolerance: 0 }, { maxIterations: 0 }, { maxIterations: 1.5 }]) {
      expect(() => computePageRank(projection, options)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
    }
  });

  it("returns nothing for an empty projection", async () => {
    expect(computePageRank(await projectionFrom([])).values).toHaveLength(0);
  });
});

describe("personalized PageRank", () => {
  it("concentrates rank around the seeds", async () => {
    // Two separate circles; seeding one of them moves all rank there.
    const projection = await projectionFrom([link("a", "b"), link("b", "a"), link("c", "d"), link("d", "c")]);
    const result = computePersonalizedPageRank(projection, { seeds: ["a"] });
    expect(scoreOf(result, "a") + scoreOf(result, "b")).toBeCloseTo(1, 9);
    expect(scoreOf(result, "c")).toBeLessThan(1e-9); // only the uniform start, decayed
    expect(scoreOf(result, "a")).toBeGreaterThan(scoreOf(result, "b"));
  });

  it("accepts weighted seeds and rejects unknown or empty seed sets", async () => {
    const projection = await star();
    const weighted = computePersonalizedPageRank(projection, {
      seeds: new Map([
        ["l1", 3],
        ["l2", 1],
      ]),
    });
    expect(scoreOf(weighted, "l1")).toBeGreaterThan(scoreOf(weighted, "l2"));
    expect(() => computePersonalizedPageRank(projection, { seeds: ["ghost"] })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => computePersonalizedPageRank(projection, { seeds: [] })).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
  });
});
