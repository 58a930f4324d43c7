import { describe, expect, it } from "vitest";
import { computeEigenvector } from "../../src/analytics/metrics/eigenvector.js";
import { computeHits } from "../../src/analytics/metrics/hits.js";
import { account, link, projectionFrom, ranking, scoreOf } from "./graph-fixtures.js";

describe("HITS", () => {
  it("makes the account that refers many the hub and the referred ones the authorities", async () => {
    const projection = await projectionFrom(["x", "y", "z"].map((leaf) => link("referrer", leaf, 1, "REFERRED")));
    const { hubs, authorities } = computeHits(projection);
    expect(scoreOf(hubs, "referrer")).toBeCloseTo(1, 12);
    for (const leaf of ["x", "y", "z"]) expect(scoreOf(authorities, leaf)).toBeCloseTo(1 / 3, 12);
    expect(scoreOf(authorities, "referrer")).toBe(0);
  });

  it("gives all zeros on a graph without ties", async () => {
    const { hubs } = computeHits(await projectionFrom([], { nodes: [account("a"), account("b")] }));
    expect([...hubs.values]).toEqual([0, 0]);
  });
});

describe("eigenvector centrality", () => {
  it("converges on a cyclic influence graph to a unit-length vector led by the best-followed", async () => {
    // A circle of influence where c also influences two more members of it.
    const projection = await projectionFrom([link("a", "b"), link("b", "c"), link("c", "a"), link("c", "d"), link("d", "a"), link("c", "b")]);
    const result = computeEigenvector(projection);
    const norm = Math.sqrt(result.values.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 12);
    expect(ranking(result)[0]).toBe("c");
  });

  it("raises METRIC_NOT_COMPUTABLE on an acyclic referral chain, where it never settles", async () => {
    const projection = await projectionFrom([link("a", "b"), link("b", "c"), link("c", "d"), link("a", "e")]);
    expect(() => computeEigenvector(projection)).toThrow(expect.objectContaining({ code: "METRIC_NOT_COMPUTABLE" }));
  });

  it("raises METRIC_NOT_COMPUTABLE on an empty projection", async () => {
    const empty = await projectionFrom([]);
    expect(() => computeEigenvector(empty)).toThrow(expect.objectContaining({ code: "METRIC_NOT_COMPUTABLE" }));
  });
});
