import { describe, expect, it } from "vitest";
import { buildProjection } from "../../src/analytics/projection.js";
import { findKeystones } from "../../src/analytics/metrics/keystones.js";
import type { GraphEdge } from "../../src/domain/graph.js";
import { account, link, projectionFrom } from "./graph-fixtures.js";

/** Two 4-account cliques (ties both ways) joined by a chain c1 -> p1 -> p2 -> d1. */
function barbell(): GraphEdge[] {
  const clique = (names: string[]) => names.flatMap((a) => names.filter((b) => b !== a).map((b) => link(a, b, 0.7)));
  return [...clique(["c1", "c2", "c3", "c4"]), ...clique(["d1", "d2", "d3", "d4"]), link("c1", "p1"), link("p1", "p2"), link("p2", "d1")];
}

describe("keystones", () => {
  it("finds the articulation points and bridges of a barbell, whatever the tie direction", async () => {
    const keystones = findKeystones(await projectionFrom(barbell()));
    expect([...keystones.articulationPoints].sort()).toEqual(["c1", "d1", "p1", "p2"]);
    expect(keystones.bridges.map((pair) => [...pair].sort().join("-")).sort()).toEqual(["c1-p1", "d1-p2", "p1-p2"]);
    const splits = (id: string) => keystones.splits[keystones.ids.indexOf(id)];
    expect(splits("p1")).toBe(1);
    expect(splits("c2")).toBe(0);
    expect(keystones.isKeystone[keystones.ids.indexOf("c1")]).toBe(1);
  });

  it("counts how many pieces a hub's loss leaves", async () => {
    const keystones = findKeystones(await projectionFrom([link("hub", "a"), link("hub", "b"), link("c", "hub")]));
    expect(keystones.articulationPoints).toEqual(["hub"]);
    expect(keystones.splits[keystones.ids.indexOf("hub")]).toBe(2);
  });

  it("treats a pair tied both ways as one relationship (its tie is still a bridge)", async () => {
    const keystones = findKeystones(await projectionFrom([link("a", "b"), link("b", "a"), link("b", "c")]));
    expect(keystones.articulationPoints).toEqual(["b"]);
    expect(keystones.bridges).toHaveLength(2);
  });

  it("walks a 200,000-account chain without overflowing the stack", async () => {
    const n = 200_000;
    const nodes = Array.from({ length: n }, (_, i) => account(`a${i}`));
    const edges = Array.from({ length: n - 1 }, (_, i) => link(`a${i}`, `a${i + 1}`, 1, "INFLUENCES", `l${i}`));
    const projection = await buildProjection([{ nodes, memberships: [], edges }]);
    const keystones = findKeystones(projection);
    expect(keystones.articulationPoints).toHaveLength(n - 2);
    expect(keystones.bridges).toHaveLength(n - 1);
  }, 120_000);
});
