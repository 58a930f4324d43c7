import { describe, expect, it } from "vitest";
import { computeModularity, detectCommunities } from "../../src/analytics/metrics/louvain.js";
import { account, link, projectionFrom } from "./graph-fixtures.js";
import { generateInfluenceLinks } from "./random-graph.js";

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
