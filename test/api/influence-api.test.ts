/**
 * Influence analytics through the public API on the five-account graph of
 * test/support/tiny-dataset.ts, on both stores. Every expected value is worked out by
 * hand from that graph:
 *   ada -INFLUENCES 0.8-> bob -INFLUENCES 0.5-> cyd ; ada -REFERRED-> dan ; eve alone;
 *   ada leads the chamber bob belongs to (implicit MEMBERSHIP tie ada -> bob, 0.3).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "../support/api-client.js";
import { startInfluenceApi, type InfluenceTestApi } from "../support/influence-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const INFLUENCE = `query($id: ID!, $hops: Int) { account(id: $id) { influence {
  pagerank hubScore authorityScore betweenness harmonicCloseness inDegree outDegree weightedInDegree weightedOutDegree
  ranks { metric available rank percentile score }
  community { id size } keystone reach(hops: $hops) { accounts revenue }
  snapshot { version computedAt ageMs stale } } } }`;

describe.each(STORE_FACTORIES)("influence API on $name", (factory) => {
  let opened: OpenedStore;
  let api: InfluenceTestApi;

  beforeAll(async () => {
    opened = await factory.make();
    await opened.store.importDataset(tinyDataset());
    api = await startInfluenceApi(opened.store, { maxWaitMs: 30_000 });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("ranks the account that influences the others first and reports its reach in accounts and revenue", async () => {
    const res = await api.gql(INFLUENCE, { id: "acc_ada", hops: 2 });
    expect(res.errors).toBeUndefined();
    const influence = res.data.account.influence;
    const rank = (metric: string) => influence.ranks.find((r: any) => r.metric === metric);
    expect(rank("PAGERANK")).toMatchObject({ available: true, rank: 1 });
    // Best of 5 with a unique score: mid-rank percentile (4 + 1/2)/5.
    expect(rank("PAGERANK").percentile).toBeCloseTo(0.9, 10);
    expect(influence).toMatchObject({ inDegree: 0, outDegree: 2, weightedInDegree: 0, keystone: true });
    expect(influence.weightedOutDegree).toBeCloseTo(0.8 + 0.3 + 1, 12);
    // bob and dan at one hop, cyd at two: 20000 + 90,000,000 + 0 cents.
    expect(influence.reach).toEqual({ accounts: 3, revenue: "900200.00" });
    expect(influence.snapshot).toMatchObject({ version: expect.any(Number), stale: false });
    expect(Date.parse(influence.snapshot.computedAt)).not.toBeNaN();

    const oneHop = await api.gql(`{ account(id: "acc_ada") { influence { reach(hops: 1) { accounts } } } }`);
    expect(oneHop.data.account.influence.reach.accounts).toBe(2);
    const eve = await api.gql(INFLUENCE, { id: "acc_eve" });
    expect(eve.data.account.influence).toMatchObject({ inDegree: 0, outDegree: 0, keystone: false, reach: { accounts: 0, revenue: "0.00" } });
    // Only bob and ada hold the undirected graph together.
    const keystones = await api.gql(`{ influenceHubs(metric: PAGERANK, first: 10, filter: { keystoneOnly: true }) { edges { accountId } } }`);
    expect(keystones.data.influenceHubs.edges.map((e: any) => e.accountId).sort()).toEqual(["acc_ada", "acc_bob"]);
  });

  it("fails only the eigenvector field on an acyclic graph, which has no dominant eigenvector", async () => {
    const res = await api.gql(`{ account(id: "acc_bob") { name influence { pagerank eigenvector inDegree } } }`);
    expect(res.data.account.name).toBe("Bob's Bakery");
    expect(res.data.account.influence.eigenvector).toBeNull();
    expect(res.data.account.influence.pagerank).toBeGreaterThan(0);
    expect(res.data.account.influence.inDegree).toBe(1);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.path).toEqual(["account", "influence", "eigenvector"]);
    expect(errorCode(res)).toBe("METRIC_NOT_COMPUTABLE");
    const ranks = await api.gql(`{ account(id: "acc_bob") { influence { ranks { metric available reason } } } }`);
    const eigen = ranks.data.account.influence.ranks.find((r: any) => r.metric === "EIGENVECTOR");
    expect(eigen).toMatchObject({ available: false, reason: expect.stringContaining("no cycle") });
  });

  it("pages influenceHubs with cursors: every account once, by score then id", async () => {
    const page = `query($after: String) { influenceHubs(metric: IN_DEGREE, first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { accountId score rank node { id } } } }`;
    const seen: any[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res: any = await api.gql(page, { after });
      expect(res.errors).toBeUndefined();
      expect(res.data.influenceHubs.totalCount).toBe(5);
      seen.push(...res.data.influenceHubs.edges);
      if (!res.data.influenceHubs.pageInfo.hasNextPage) break;
      after = res.data.influenceHubs.pageInfo.endCursor;
    }
    // In-degrees: bob 1 (ada), cyd 1 (bob), dan 1 (ada), ada 0, eve 0; ties by id, shared ranks.
    expect(seen.map((e) => [e.accountId, e.score, e.rank])).toEqual([
      ["acc_bob", 1, 1],
      ["acc_cyd", 1, 1],
      ["acc_dan", 1, 1],
      ["acc_ada", 0, 4],
      ["acc_eve", 0, 4],
    ]);
    expect(seen.every((e) => e.node.id === e.accountId)).toBe(true);
    const wrongOrdering = await api.gql(`query($a: String) { influenceHubs(metric: PAGERANK, after: $a) { totalCount } }`, { a: after });
    expect(wrongOrdering.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("finds the strongest and the shortest chain of introductions, or null", async () => {
    const path = `query($from: ID!, $to: ID!, $mode: PathMode) { referralPath(fromId: $from, toId: $to, mode: $mode) {
      strength hops accounts { id } links { id type } } }`;
    const strongest = await api.gql(path, { from: "acc_ada", to: "acc_cyd" });
    expect(strongest.errors).toBeUndefined();
    expect(strongest.data.referralPath.accounts.map((a: any) => a.id)).toEqual(["acc_ada", "acc_bob", "acc_cyd"]);
    expect(strongest.data.referralPath.links.map((l: any) => l.id)).toEqual(["lnk_ada_bob", "lnk_bob_cyd"]);
    expect(strongest.data.referralPath.strength).toBeCloseTo(0.8 * 0.5, 12);
    expect(strongest.data.referralPath.hops).toBe(2);
    const shortest = await api.gql(path, { from: "acc_ada", to: "acc_dan", mode: "SHORTEST" });
    expect(shortest.data.referralPath).toMatchObject({ hops: 1, strength: 1, links: [{ id: "lnk_ada_dan", type: "REFERRED" }] });
    const none = await api.gql(path, { from: "acc_cyd", to: "acc_ada" });
    expect(none.errors).toBeUndefined();
    expect(none.data.referralPath).toBeNull();
  });

  it("explores a bounded neighbourhood with its ties, flagging truncation", async () => {
    const graph = `query($limit: Int, $min: Float) { influenceGraph(around: ["acc_bob"], depth: 1, limit: $limit, minStrength: $min) {
      truncated nodes { accountId depth pagerank community { id } account { name } } edges { id type strength fromId toId } } }`;
    const full = await api.gql(graph, { limit: 10 });
    expect(full.errors).toBeUndefined();
    expect(full.data.influenceGraph.truncated).toBe(false);
    expect(full.data.influenceGraph.nodes.map((n: any) => [n.accountId, n.depth])).toEqual([
      ["acc_bob", 0],
      ["acc_ada", 1],
      ["acc_cyd", 1],
    ]);
    expect(full.data.influenceGraph.nodes[1].account.name).toBe("Ada Anchors");
    expect(full.data.influenceGraph.edges.map((e: any) => [e.type, e.fromId, e.toId, e.strength])).toEqual([
      ["INFLUENCES", "acc_ada", "acc_bob", 0.8],
      ["INFLUENCES", "acc_bob", "acc_cyd", 0.5],
      ["MEMBERSHIP", "acc_ada", "acc_bob", 0.3],
    ]);
    const truncated = await api.gql(graph, { limit: 2 });
    expect(truncated.data.influenceGraph.truncated).toBe(true);
    expect(truncated.data.influenceGraph.nodes.map((n: any) => n.accountId)).toEqual(["acc_bob", "acc_ada"]);
    const strong = await api.gql(graph, { limit: 10, min: 0.6 });
    expect(strong.data.influenceGraph.edges.map((e: any) => e.id)).toEqual(["lnk_ada_bob"]);
  });

  it("ranks the accounts closest to the champions by personalized PageRank, seeds excluded", async () => {
    const res = await api.gql(`{ closestToChampions(seedIds: ["acc_ada"], first: 4) { accountId rank score account { id } } }`);
    expect(res.errors).toBeUndefined();
    // Rank flows from ada along her ties: bob (1.1 of 2.1), dan (1.0 of 2.1), then cyd through bob; eve gets none.
    expect(res.data.closestToChampions.map((r: any) => r.accountId)).toEqual(["acc_bob", "acc_dan", "acc_cyd", "acc_eve"]);
    expect(res.data.closestToChampions[3].score).toBe(0);
  });

  it("rejects invalid arguments with BAD_USER_INPUT / NOT_FOUND naming the argument", async () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      [`query($v: Int) { influenceGraph(around: ["acc_ada"], depth: $v) { truncated } }`, { v: 5 }, "BAD_USER_INPUT", "depth"],
      [`query($v: Int) { influenceGraph(around: ["acc_ada"], limit: $v) { truncated } }`, { v: 501 }, "BAD_USER_INPUT", "limit"],
      [`query($v: Float) { influenceGraph(around: ["acc_ada"], minStrength: $v) { truncated } }`, { v: 1.5 }, "BAD_USER_INPUT", "minStrength"],
      [`{ influenceGraph(around: []) { truncated } }`, {}, "BAD_USER_INPUT", "around"],
      [`{ influenceGraph(around: ["acc_nobody"]) { truncated } }`, {}, "NOT_FOUND", "around"],
      [`{ referralPath(fromId: "acc_nobody", toId: "acc_ada") { hops } }`, {}, "NOT_FOUND", "fromId"],
      [`{ referralPath(fromId: "acc_ada", toId: "acc_nobody") { hops } }`, {}, "NOT_FOUND", "toId"],
      [`{ closestToChampions(seedIds: ["acc_nobody"]) { rank } }`, {}, "NOT_FOUND", "seedIds"],
      [`{ influenceHubs(metric: PAGERANK, first: 1000) { totalCount } }`, {}, "BAD_USER_INPUT", "first"],
      [
        `{ influenceHubs(metric: PAGERANK, filter: { influenceCommunityId: "lvn_999999_0" }) { totalCount } }`,
        {},
        "BAD_USER_INPUT",
        "filter.influenceCommunityId",
      ],
      [`{ influenceHubs(metric: PAGERANK, filter: { minRevenue: "-5" }) { totalCount } }`, {}, "BAD_USER_INPUT", "filter.minRevenue"],
      [`{ account(id: "acc_ada") { influence { reach(hops: 7) { accounts } } } }`, {}, "BAD_USER_INPUT", "hops"],
    ];
    for (const [query, variables, code, field] of cases) {
      const res = await api.gql(query, variables);
      expect({ query, extensions: res.errors?.[0]?.extensions }).toMatchObject({ query, extensions: { code, field } });
    }
    const unknownMetric = await api.gql(`query($m: InfluenceMetric!) { influenceHubs(metric: $m) { totalCount } }`, { m: "FAME" });
    expect(errorCode(unknownMetric)).toBe("BAD_USER_INPUT");
  });

  it("reflects a link written through the API in the next query, by patching the projection", async () => {
    const eve = `{ account(id: "acc_eve") { influence { outDegree ranks { metric rank } snapshot { version stale } } } }`;
    const before = await api.gql(eve);
    expect(before.data.account.influence.outDegree).toBe(0);
    const linked = await api.gql(`mutation { linkInfluence(input: { fromId: "acc_eve", toId: "acc_ada", kind: ADVISOR, strength: 1 }) { id } }`);
    expect(linked.errors).toBeUndefined();
    const after = await api.gql(eve);
    expect(after.errors).toBeUndefined();
    expect(after.data.account.influence.outDegree).toBe(1);
    expect(after.data.account.influence.snapshot).toEqual({ version: before.data.account.influence.snapshot.version + 1, stale: false });
    // eve now advises the top account: rank flows back to her and she leads PageRank.
    expect(after.data.account.influence.ranks.find((r: any) => r.metric === "PAGERANK").rank).toBe(1);
    expect(api.events.filter((e) => e.type === "lead-ready").at(-1)).toMatchObject({ kind: "patch" });
    // Each list waits for the phase holding what it reads (keystones come with HITS and
    // eigenvector, after PageRank): all answer fresh for the new version.
    const lists = await api.gql(`{
      pagerank: influenceHubs(metric: PAGERANK, first: 2) { snapshot { version stale } edges { accountId rank } }
      keystones: influenceHubs(metric: PAGERANK, first: 10, filter: { keystoneOnly: true }) { snapshot { version stale } edges { accountId } }
      hubs: influenceHubs(metric: HUB, first: 1) { snapshot { version stale } edges { accountId } }
    }`);
    expect(lists.errors).toBeUndefined();
    for (const list of Object.values(lists.data) as any[]) expect(list.snapshot).toEqual(after.data.account.influence.snapshot);
    expect(lists.data.pagerank.edges).toContainEqual({ accountId: "acc_eve", rank: 1 });
    // eve hangs off ada: ada and bob still hold the undirected graph together.
    expect(lists.data.keystones.edges.map((e: any) => e.accountId).sort()).toEqual(["acc_ada", "acc_bob"]);

    await api.gql(`mutation($id: ID!) { unlink(id: $id) { id } }`, { id: linked.data.linkInfluence.id });
    const restored = await api.gql(eve);
    expect(restored.data.account.influence.outDegree).toBe(0);
    expect(api.events.filter((e) => e.type === "lead-ready").at(-1)).toMatchObject({ kind: "patch" });
  });
});
