/**
 * Expensive structure metrics stay bounded on big graphs (docs/threats.md row 7):
 * betweenness switches to sampling above its exact threshold, and harmonic closeness is
 * refused with METRIC_NOT_COMPUTABLE above its own limit while the other metrics of the
 * snapshot are still computed. The limits are lowered here so a small graph crosses them.
 */
import { describe, expect, it } from "vitest";
import { computeStructure } from "../../../src/analytics/engine/snapshot-compute.js";
import { computeBetweenness } from "../../../src/analytics/metrics/betweenness.js";
import { projectionFrom } from "../graph-fixtures.js";
import { generateInfluenceLinks } from "../random-graph.js";

describe("structure metrics on a graph over their limits", () => {
  it("refuses harmonic closeness with METRIC_NOT_COMPUTABLE and still computes betweenness and communities", async () => {
    const projection = await projectionFrom(generateInfluenceLinks(60, 2, 3));
    const structure = await computeStructure(projection, { harmonicClosenessMaxNodes: 50 });
    expect(structure.unavailable.HARMONIC_CLOSENESS).toMatchObject({ code: "METRIC_NOT_COMPUTABLE" });
    expect(structure.unavailable.HARMONIC_CLOSENESS!.message).toContain("only up to 50 accounts");
    expect(structure.metrics.HARMONIC_CLOSENESS).toBeUndefined();
    expect(structure.metrics.BETWEENNESS!.values).toHaveLength(60);
    expect(structure.louvain.sizes.reduce((a, b) => a + b, 0)).toBe(60);
  });

  it("samples betweenness from the configured number of sources above the exact threshold", async () => {
    const projection = await projectionFrom(generateInfluenceLinks(60, 2, 3));
    expect(computeBetweenness(projection, { exactMaxNodes: 59, pivots: 16 })).toMatchObject({ sampled: true, sources: 16 });
    expect(computeBetweenness(projection, { exactMaxNodes: 60, pivots: 16 })).toMatchObject({ sampled: false, sources: 60 });
  });
});
