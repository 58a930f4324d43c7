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
    expect(() => computeEigenvector(projection)).toThrow(
      expect.objectContaining({ code: "METRIC_NOT_COMPUTABLE", message: expect.stringContaining("no cycle") }),
    );
  });

  it("converges where it is slow, past 1,000 iterations, to the exact eigenvector of a weighted ring", async () => {
    // A ring of k accounts, i -> i+1 with strength w_i: the +I shifted iteration contracts at
    // cos(π/k) per step (≈ 0.9986 for k = 60), ~16,000 iterations to 1e-10. Its eigenvector is
    // known exactly: λ x_i = w_i x_{i+1} with λ = (Π w)^(1/k), then unit length.
    const k = 60;
    const name = (i: number) => `r${String(i % k).padStart(2, "0")}`;
    const strengths = Array.from({ length: k }, (_, i) => 0.3 + 0.7 * (((i * 37) % k) / k));
    const projection = await projectionFrom(strengths.map((w, i) => link(name(i), name(i + 1), w)));
    const lambda = Math.exp(strengths.reduce((s, w) => s + Math.log(w), 0) / k);
    const exact = [1];
    for (let i = 0; i + 1 < k; i++) exact.push((lambda * exact[i]!) / strengths[i]!);
    const norm = Math.sqrt(exact.reduce((s, v) => s + v * v, 0));

    const result = computeEigenvector(projection);
    expect(result.iterations).toBeGreaterThan(1000);
    for (let i = 0; i < k; i++) expect(scoreOf(result, name(i))).toBeCloseTo(exact[i]! / norm, 8);

    // An explicit cap is taken as given, and the refusal says how far off it was.
    expect(() => computeEigenvector(projection, { maxIterations: 1000 })).toThrow(
      expect.objectContaining({ code: "METRIC_NOT_COMPUTABLE", message: expect.stringMatching(/converging slowly: about \d+ more needed/) }),
    );
  });

  it("raises METRIC_NOT_COMPUTABLE on an empty projection", async () => {
    const empty = await projectionFrom([]);
    expect(() => computeEigenvector(empty)).toThrow(expect.objectContaining({ code: "METRIC_NOT_COMPUTABLE" }));
  });
});
