import { describe, expect, it } from "vitest";
import { csrOf, isMetricName, METRIC_NAMES, METRICS, ON_DEMAND_METRICS } from "../../src/analytics/index.js";
import { loadFixture, projectionOfFixture, scoreOf } from "./graph-fixtures.js";

describe("metric registry", () => {
  it("names every cached metric and keeps personalized PageRank on demand", () => {
    expect([...METRIC_NAMES].sort()).toEqual(
      [
        "AUTHORITY",
        "BETWEENNESS",
        "EIGENVECTOR",
        "HARMONIC_CLOSENESS",
        "HUB",
        "IN_DEGREE",
        "OUT_DEGREE",
        "PAGERANK",
        "WEIGHTED_IN_DEGREE",
        "WEIGHTED_OUT_DEGREE",
      ].sort(),
    );
    expect(ON_DEMAND_METRICS).toEqual(["PERSONALIZED_PAGERANK"]);
    expect(isMetricName("PAGERANK")).toBe(true);
    expect(isMetricName("PERSONALIZED_PAGERANK")).toBe(false);
    expect(isMetricName("toString")).toBe(false);
  });

  it("computes each metric as finite scores aligned with the CSR ids", async () => {
    const fixture = loadFixture("karate");
    const projection = await projectionOfFixture(fixture);
    const { ids } = csrOf(projection);
    for (const name of METRIC_NAMES) {
      const scores = METRICS[name].compute(projection);
      expect(scores.ids, name).toBe(ids);
      expect(scores.values).toHaveLength(ids.length);
      expect(scores.values.every(Number.isFinite), name).toBe(true);
    }
    expect(scoreOf(METRICS.PAGERANK.compute(projection), "33")).toBeCloseTo(fixture.reference.pagerank["33"]!, 6);
    expect(scoreOf(METRICS.HUB.compute(projection), "0")).toBeCloseTo(fixture.reference.hits.hubs["0"]!, 6);
  });

  it("passes options through", async () => {
    const projection = await projectionOfFixture(loadFixture("directed-weighted"));
    expect(() => METRICS.PAGERANK.compute(projection, { maxIterations: 1 })).toThrow(expect.objectContaining({ code: "METRIC_NOT_COMPUTABLE" }));
  });
});
