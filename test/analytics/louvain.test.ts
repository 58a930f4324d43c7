import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeModularity, detectCommunities, louvainInSteps, type LouvainResult } from "../../src/analytics/metrics/louvain.js";
import { account, link, projectionFrom } from "./graph-fixtures.js";
import { generateInfluenceLinks } from "./random-graph.js";

/** Runs a stepwise Louvain to its end, counting its parts (steps between two pauses). */
function runCountingParts(steps: Generator<void, LouvainResult>): { result: LouvainResult; parts: number } {
  let parts = 1;
  for (;;) {
    const step = steps.next();
    if (step.done) return { result: step.value, parts };
    parts++;
  }
}

const clique = (names: string[], strength = 0.8) => names.flatMap((a) => names.filter((b) => b !== a).map((b) => link(a, b, strength)));

describe("Louvain communities", () => {
  it("separates two tight circles joined by one weak tie, with their modularity", async () => {
    const projection = await projectionFrom([...clique(["a1", "a2", "a3", "a4"]), ...clique(["b1", "b2", "b3", "b4"]), link("a1", "b1", 0.1)]);
    const result = detectCommunities(projection);
    expect(result.count).toBe(2);
    const of = (id: string) => result.community[result.ids.indexOf(id)];
    expect(new Set(["a1", "a2", "a3", "a4"].map(of)).size).toBe(1);
    expect(of("a1")).not.toBe(of("b1"));
    expect(result.modularity).toBeCloseTo(computeModularity(projection, result.community), 9);
    expect(result.modularity).toBeGreaterThan(0.45);
  });

  it("is deterministic for a seed", async () => {
    const projection = await projectionFrom(generateInfluenceLinks(1500, 3, 21));
    const first = detectCommunities(projection, { seed: 7 });
    expect(detectCommunities(projection, { seed: 7 }).community).toEqual(first.community);
    expect(first.count).toBeGreaterThan(1);
  });

  it("finds the same partition and modularity in steps of any size as straight through (seeded random graphs)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 400 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer(),
        fc.integer(),
        fc.constantFrom(0.5, 1, 2),
        fc.integer({ min: 1, max: 300 }),
        async (nodes, edgesPerNode, graphSeed, seed, resolution, visitsPerStep) => {
          const projection = await projectionFrom(generateInfluenceLinks(nodes, edgesPerNode, graphSeed));
          const straight = detectCommunities(projection, { seed, resolution });
          const { result, parts } = runCountingParts(louvainInSteps(projection, { seed, resolution, visitsPerStep }));
          expect(Array.from(result.community)).toEqual(Array.from(straight.community));
          expect(result.count).toBe(straight.count);
          expect(Object.is(result.modularity, straight.modularity)).toBe(true);
          if (projection.edgeCount > 0) expect(parts).toBeGreaterThan(1);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("cuts the local moves into parts of about visitsPerStep node and arc visits", async () => {
    const projection = await projectionFrom(generateInfluenceLinks(1500, 3, 21));
    const { result, parts } = runCountingParts(louvainInSteps(projection, { visitsPerStep: 1 }));
    // One node per part: the first level alone visits every account at least once.
    expect(parts).toBeGreaterThan(1500);
    expect(runCountingParts(louvainInSteps(projection)).parts).toBeLessThan(parts / 100);
    expect(result.community).toEqual(detectCommunities(projection).community);
    expect(() => louvainInSteps(projection, { visitsPerStep: 0.5 }).next()).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
  });

  it("leaves every account alone, modularity 0, when there are no ties", async () => {
    const projection = await projectionFrom([], { nodes: [account("x"), account("y")] });
    expect(detectCommunities(projection)).toMatchObject({ count: 2, modularity: 0 });
  });

  it("rejects a non-positive resolution and a partition of the wrong size", async () => {
    const projection = await projectionFrom([link("a", "b")]);
    expect(() => detectCommunities(projection, { resolution: 0 })).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
    expect(() => computeModularity(projection, new Int32Array(5))).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
  });
});
