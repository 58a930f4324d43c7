import { describe, expect, it } from "vitest";
import { computeReach } from "../../src/analytics/metrics/reach.js";
import { applyGraphPatch } from "../../src/analytics/projection.js";
import { account, link, membership, projectionFrom } from "./graph-fixtures.js";

describe("k-hop reach", () => {
  const revenue = { b: 100, c: 200, d: 400, e: 800, z: 1600 };
  const nodes = Object.entries(revenue).map(([id, annualRevenue]) => account(id, { annualRevenue }));
  const links = [link("a", "b"), link("b", "c"), link("c", "d"), link("a", "e"), link("e", "b"), link("z", "a")];

  it("counts accounts and their revenue within k hops along the influence direction", async () => {
    const projection = await projectionFrom(links, { nodes });
    expect(computeReach(projection, "a", { hops: 1 })).toMatchObject({ accounts: 2, revenue: 900, accountsAtHop: [2] });
    expect(computeReach(projection, "a", { hops: 2 })).toMatchObject({ accounts: 3, revenue: 1100, accountsAtHop: [2, 1] });
    expect(computeReach(projection, "a", { hops: 3 })).toMatchObject({ accounts: 4, revenue: 1500 });
    // z is upstream of a: a's influence never reaches it.
    expect(computeReach(projection, "a", { hops: 6 }).accounts).toBe(4);
    expect(computeReach(projection, "d").accounts).toBe(0);
  });

  it("sees a revenue change written after the first query", async () => {
    const projection = await projectionFrom(links, { nodes });
    expect(computeReach(projection, "a", { hops: 1 }).revenue).toBe(900);
    applyGraphPatch(projection, { op: "UPSERT_NODE", node: account("b", { annualRevenue: 5000 }) });
    expect(computeReach(projection, "a", { hops: 1 }).revenue).toBe(5800);
  });

  it("reaches a community's members through its leader", async () => {
    const projection = await projectionFrom(links, {
      nodes,
      memberships: [membership("d", "club", "LEADER"), membership("z", "club")],
    });
    expect(computeReach(projection, "d", { hops: 1 })).toMatchObject({ accounts: 1, revenue: 1600 });
  });

  it("rejects unknown accounts and out-of-range hops", async () => {
    const projection = await projectionFrom(links, { nodes });
    expect(() => computeReach(projection, "ghost")).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    for (const hops of [0, 7, 1.5]) {
      expect(() => computeReach(projection, "a", { hops })).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
    }
  });
});
