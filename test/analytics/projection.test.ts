import { describe, expect, it } from "vitest";
import { csrOf } from "../../src/analytics/csr.js";
import { computePageRank } from "../../src/analytics/metrics/pagerank.js";
import { computeWeightedOutDegree } from "../../src/analytics/metrics/degree.js";
import { applyGraphPatch, buildProjection, DEFAULTS, membershipTieKey } from "../../src/analytics/projection.js";
import type { GraphChunk, GraphEdge } from "../../src/domain/graph.js";
import { account, link, membership, projectionFrom, ranking, scoreOf } from "./graph-fixtures.js";

describe("buildProjection", () => {
  it("builds from an async stream of chunks, holding back edges whose accounts come later", async () => {
    async function* chunks(): AsyncIterable<GraphChunk> {
      yield { nodes: [account("a"), account("b")], memberships: [], edges: [link("a", "c", 0.5, "INFLUENCES", "l1")] };
      yield { nodes: [account("c", { annualRevenue: 1234 })], memberships: [], edges: [link("a", "b", 1, "REFERRED", "l2")] };
    }
    const projection = await buildProjection(chunks());
    expect(projection.graph.order).toBe(3);
    expect(projection.graph.edges().sort()).toEqual(["l1", "l2"]);
    expect(projection.graph.source("l1")).toBe("a");
    expect(projection.graph.target("l1")).toBe("c");
    expect(projection.graph.getEdgeAttributes("l1")).toEqual({ type: "INFLUENCES", strength: 0.5, revenue: null });
    expect(projection.graph.getNodeAttribute("c", "annualRevenue")).toBe(1234);
    expect(projection.revision).toBe(0);
  });

  it("converts strengths a driver returns as strings or Integer-like objects into numbers", async () => {
    const asString = { ...link("a", "b"), strength: "0.25" as unknown as number };
    const asInteger = { ...link("b", "c"), strength: { toNumber: () => 1 } as unknown as number };
    const projection = await projectionFrom([asString, asInteger]);
    const strengths = projection.graph.mapEdges((_e, attributes) => attributes.strength);
    expect(strengths).toEqual([0.25, 1]);
    strengths.forEach((s) => expect(typeof s).toBe("number"));
  });

  it("rejects a strength that is not a number in [0, 1] with BAD_USER_INPUT naming the link", async () => {
    for (const strength of ["strong", 1.5, -0.1, Number.NaN]) {
      const bad = { ...link("a", "b", 1, "INFLUENCES", "lnk_bad"), strength: strength as number };
      await expect(projectionFrom([bad])).rejects.toMatchObject({ code: "BAD_USER_INPUT", field: "edges[lnk_bad].strength" });
    }
  });

  it("fails with NOT_FOUND when a link names an account the read never delivered", async () => {
    const chunk: GraphChunk = { nodes: [account("a")], memberships: [], edges: [link("a", "ghost")] };
    await expect(buildProjection([chunk])).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps a REFERRED and an INFLUENCES link between one pair as two edges, merged in the CSR view", async () => {
    const projection = await projectionFrom([
      link("a", "b", 1, "REFERRED", "ref"),
      link("a", "b", 0.4, "INFLUENCES", "inf"),
      link("b", "c", 0.5, "INFLUENCES", "bc"),
    ]);
    expect(projection.graph.size).toBe(3);
    const influence = csrOf(projection, "INFLUENCE");
    const a = influence.indexOf.get("a")!;
    expect(influence.outOffsets[a + 1]! - influence.outOffsets[a]!).toBe(1);
    expect(influence.outWeights[influence.outOffsets[a]!]).toBeCloseTo(1.4, 12); // summed
    const links = csrOf(projection, "LINKS");
    expect(links.outWeights[links.outOffsets[links.indexOf.get("a")!]!]).toBe(1); // strongest
  });
});

describe("community membership", () => {
  const members = ["m1", "m2", "m3", "m4", "m5"];
  const community = [membership("leader", "church", "LEADER"), ...members.map((m) => membership(m, "church"))];
  // Without the community, "hub" (influencing three accounts) is the obvious influencer;
  // the leader, tied to five members, overtakes it once membership counts.
  const links = [link("hub", "x", 1), link("hub", "y", 1), link("hub", "z", 0.5)];
  const nodes = [account("leader"), ...members.map((m) => account(m))];

  it("records communities and roles on the accounts", async () => {
    const projection = await projectionFrom(links, { nodes, memberships: community });
    expect(projection.graph.getNodeAttributes("leader")).toMatchObject({ communities: ["church"], leaderOf: ["church"] });
    expect(projection.graph.getNodeAttributes("m3")).toMatchObject({ communities: ["church"], leaderOf: [] });
  });

  it("gives the leader a weak MEMBERSHIP tie to each member, so the leader counts as a centre of influence", async () => {
    const projection = await projectionFrom(links, { nodes, memberships: community });
    const tie = projection.graph.getEdgeAttributes(membershipTieKey("church", "leader", "m2"));
    expect(tie).toEqual({ type: "MEMBERSHIP", strength: DEFAULTS.membershipTieStrength, revenue: null });
    expect(projection.graph.outDegree("leader")).toBe(members.length);
    expect(ranking(computePageRank(projection))[0]).toBe("leader");
  });

  it("leaves membership out of the influence graph when membershipTies is off", async () => {
    const projection = await projectionFrom(links, { nodes, memberships: community, options: { membershipTies: false } });
    expect(projection.graph.outDegree("leader")).toBe(0);
    expect(ranking(computePageRank(projection))[0]).toBe("hub");
    expect(projection.graph.getNodeAttribute("leader", "leaderOf")).toEqual(["church"]);
  });
});

describe("applyGraphPatch", () => {
  it("adds and removes a link; the next PageRank sees the change", async () => {
    const projection = await projectionFrom([link("a", "b"), link("c", "b")]);
    const initial = computePageRank(projection);
    expect(scoreOf(initial, "a")).toBeCloseTo(scoreOf(initial, "c"), 12);
    expect(scoreOf(initial, "a")).toBeGreaterThan(scoreOf(initial, "b"));
    const before = csrOf(projection);

    // c now also referred d: it influences two accounts to a's one.
    const edge: GraphEdge = link("c", "d", 1, "REFERRED", "new");
    applyGraphPatch(projection, [
      { op: "UPSERT_NODE", node: account("d") },
      { op: "ADD_EDGE", edge },
    ]);
    expect(projection.revision).toBe(2);
    expect(csrOf(projection)).not.toBe(before); // the cached view was invalidated
    const after = computePageRank(projection);
    expect(ranking(after)[0]).toBe("c");
    expect(scoreOf(after, "c")).toBeGreaterThan(scoreOf(after, "a"));

    applyGraphPatch(projection, { op: "REMOVE_EDGE", id: "new" });
    expect(projection.graph.hasEdge("new")).toBe(false);
    expect(scoreOf(computePageRank(projection), "c")).toBeCloseTo(scoreOf(computePageRank(projection), "a"), 12);
  });

  it("updates an account's attributes without losing its community roles", async () => {
    const projection = await projectionFrom([link("a", "b")], { memberships: [membership("a", "club", "LEADER")] });
    applyGraphPatch(projection, { op: "UPSERT_NODE", node: account("a", { annualRevenue: 99 }) });
    expect(projection.graph.getNodeAttributes("a")).toMatchObject({ annualRevenue: 99, leaderOf: ["club"] });
  });

  it("re-adding the same link updates it; reusing its id for other accounts is a CONFLICT", async () => {
    const projection = await projectionFrom([link("a", "b", 0.5, "INFLUENCES", "l1"), link("b", "c")]);
    applyGraphPatch(projection, { op: "ADD_EDGE", edge: link("a", "b", 0.9, "INFLUENCES", "l1") });
    expect(projection.graph.getEdgeAttribute("l1", "strength")).toBe(0.9);
    expect(() => applyGraphPatch(projection, { op: "ADD_EDGE", edge: link("b", "c", 1, "INFLUENCES", "l1") })).toThrow(
      expect.objectContaining({ code: "CONFLICT" }),
    );
  });

  it("adds and removes memberships with their ties, and removing an account drops its ties", async () => {
    const projection = await projectionFrom([link("x", "y")], {
      nodes: ["boss", "p", "q"].map((id) => account(id)),
      memberships: [membership("p", "guild"), membership("q", "guild")],
    });
    applyGraphPatch(projection, { op: "ADD_MEMBERSHIP", membership: membership("boss", "guild", "LEADER") });
    expect(projection.graph.outNeighbors("boss").sort()).toEqual(["p", "q"]);

    applyGraphPatch(projection, { op: "ADD_MEMBERSHIP", membership: membership("x", "guild") });
    expect(projection.graph.hasEdge(membershipTieKey("guild", "boss", "x"))).toBe(true);

    applyGraphPatch(projection, { op: "REMOVE_MEMBERSHIP", accountId: "p", communityId: "guild" });
    expect(projection.graph.outNeighbors("boss").sort()).toEqual(["q", "x"]);
    expect(projection.graph.getNodeAttribute("p", "communities")).toEqual([]);

    applyGraphPatch(projection, { op: "REMOVE_NODE", id: "boss" });
    expect(projection.graph.hasNode("boss")).toBe(false);
    expect(projection.rosters.get("guild")!.leaders.size).toBe(0);
    expect(projection.graph.size).toBe(1);
    expect(computeWeightedOutDegree(projection).ids).not.toContain("boss");
  });

  it("answers NOT_FOUND for removing what is not there", async () => {
    const projection = await projectionFrom([link("a", "b")]);
    expect(() => applyGraphPatch(projection, { op: "REMOVE_EDGE", id: "nope" })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => applyGraphPatch(projection, { op: "REMOVE_NODE", id: "nope" })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => applyGraphPatch(projection, { op: "ADD_EDGE", edge: link("a", "nope") })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });
});
