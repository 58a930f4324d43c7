/**
 * Influence analytics on the sample dataset (seeds/sample-dataset.json), on both stores:
 * the article's centres of influence come out on top, hub pages cover every account
 * exactly once in score order, and computed communities add up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleDataset } from "../../seeds/index.js";
import type { Dataset } from "../../src/ports/account-graph-store.js";
import { startInfluenceApi, type InfluenceTestApi } from "../support/influence-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";

/** Leader of the largest community of `kind` in the dataset. */
function leaderOfLargest(dataset: Dataset, kind: string): string {
  const sizes = new Map<string, number>();
  for (const m of dataset.memberships) sizes.set(m.communityId, (sizes.get(m.communityId) ?? 0) + 1);
  const largest = dataset.communities.filter((c) => c.kind === kind).sort((a, b) => (sizes.get(b.id) ?? 0) - (sizes.get(a.id) ?? 0))[0]!;
  return dataset.memberships.find((m) => m.communityId === largest.id && m.role === "LEADER")!.accountId;
}

describe.each(STORE_FACTORIES)("influence on the sample dataset on $name", (factory) => {
  const dataset = loadSampleDataset();
  let opened: OpenedStore;
  let api: InfluenceTestApi;

  beforeAll(async () => {
    opened = await factory.make();
    await opened.store.importDataset(dataset);
    api = await startInfluenceApi(opened.store, { maxWaitMs: 30_000 });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("puts the church and industry association leaders among the top PageRank hubs", async () => {
    const res = await api.gql(`{ influenceHubs(metric: PAGERANK, first: 5) { edges { accountId rank node { name } } } }`);
    expect(res.errors).toBeUndefined();
    const top = res.data.influenceHubs.edges.map((e: any) => e.accountId);
    expect(top).toContain(leaderOfLargest(dataset, "CHURCH"));
    expect(top).toContain(leaderOfLargest(dataset, "INDUSTRY_ASSOCIATION"));
  });

  it("pages every account exactly once, in score order with ties by id", async () => {
    const page = `query($after: String) { influenceHubs(metric: PAGERANK, first: 7, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { accountId score } } }`;
    const seen: { accountId: string; score: number }[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await api.gql(page, { after });
      expect(res.errors).toBeUndefined();
      expect(res.data.influenceHubs.totalCount).toBe(dataset.accounts.length);
      seen.push(...res.data.influenceHubs.edges);
      if (!res.data.influenceHubs.pageInfo.hasNextPage) break;
      after = res.data.influenceHubs.pageInfo.endCursor;
    }
    expect(seen.map((e) => e.accountId).sort()).toEqual(dataset.accounts.map((a) => a.id).sort());
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      expect(a.score > b.score || (a.score === b.score && a.accountId < b.accountId)).toBe(true);
    }
    const total = seen.reduce((sum, e) => sum + e.score, 0);
    expect(total).toBeCloseTo(1, 9); // PageRank is a distribution
  });

  it("filters hubs by stored community membership", async () => {
    const church = dataset.communities.find((c) => c.kind === "CHURCH")!;
    const members = dataset.memberships
      .filter((m) => m.communityId === church.id)
      .map((m) => m.accountId)
      .sort();
    const res = await api.gql(
      `query($c: ID!) { influenceHubs(metric: BETWEENNESS, first: 100, filter: { communityId: $c }) {
      totalCount edges { accountId } } }`,
      { c: church.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.influenceHubs.totalCount).toBe(members.length);
    expect(res.data.influenceHubs.edges.map((e: any) => e.accountId).sort()).toEqual(members);
  });

  it("summarises computed communities: sizes, revenue captured, customer share and brokers", async () => {
    const res = await api.gql(`{ influenceCommunities(first: 500) { modularity count snapshot { version stale }
      communities { id size revenueCaptured customerShare
        members(first: 100) { id status annualRevenue }
        brokers(first: 3) { accountId betweenness externalTies account { id } } } } }`);
    expect(res.errors).toBeUndefined();
    const report = res.data.influenceCommunities;
    expect(report.modularity).toBeGreaterThan(0.3);
    expect(report.communities).toHaveLength(report.count);
    expect(report.communities.reduce((sum: number, c: any) => sum + c.size, 0)).toBe(dataset.accounts.length);
    for (const community of report.communities) {
      expect(community.members).toHaveLength(community.size);
      const customers = community.members.filter((m: any) => m.status === "CUSTOMER");
      const cents = customers.reduce((sum: number, m: any) => sum + Math.round(Number(m.annualRevenue) * 100), 0);
      expect(Math.round(Number(community.revenueCaptured) * 100)).toBe(cents);
      expect(community.customerShare).toBeCloseTo(customers.length / community.size, 12);
      const brokers = community.brokers;
      expect(brokers.every((b: any) => b.externalTies > 0 && b.account.id === b.accountId)).toBe(true);
      for (let i = 1; i < brokers.length; i++) expect(brokers[i - 1].betweenness).toBeGreaterThanOrEqual(brokers[i].betweenness);
    }
    const sizes = report.communities.map((c: any) => c.size);
    expect([...sizes].sort((a: number, b: number) => b - a)).toEqual(sizes);
    const largest = report.communities[0];
    const inIt = await api.gql(`query($c: ID) { influenceHubs(metric: PAGERANK, first: 100, filter: { influenceCommunityId: $c }) { totalCount } }`, {
      c: largest.id,
    });
    expect(inIt.data.influenceHubs.totalCount).toBe(largest.size);
  });

  const allHubs = async (metric: string) => {
    const res = await api.gql(`{ influenceHubs(metric: ${metric}, first: 100) { totalCount edges { accountId rank score percentile } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.influenceHubs.totalCount).toBe(dataset.accounts.length);
    return res.data.influenceHubs.edges as { accountId: string; rank: number; score: number; percentile: number }[];
  };

  it("reports eigenvector scores that only tend to 0 as 0, sharing one rank and one percentile", async () => {
    const edges = await allHubs("EIGENVECTOR");
    const positive = edges.filter((e) => e.score > 0);
    // The dominant influence cycle holds the whole eigenvector; the other 97 accounts are 0.
    expect(positive.map((e) => e.rank)).toEqual([1, 2, 3]);
    expect(Math.min(...positive.map((e) => e.score))).toBeGreaterThan(0.1);
    const zeros = edges.filter((e) => e.score === 0);
    expect(zeros).toHaveLength(97);
    expect(new Set(zeros.map((e) => e.rank))).toEqual(new Set([4]));
    expect(new Set(zeros.map((e) => e.percentile))).toEqual(new Set([97 / 2 / 100]));
    expect(positive[0]!.percentile).toBeCloseTo(1 - 1 / 200, 12);
  });

  it.each(["HUB", "AUTHORITY"])("leaves no %s score in the convergence noise between 0 and the solver's bound", async (metric) => {
    const edges = await allHubs(metric);
    expect(edges.filter((e) => e.score > 0 && e.score < 1e-12)).toEqual([]);
    const zeros = edges.filter((e) => e.score === 0);
    expect(zeros.length).toBeGreaterThan(0);
    expect(new Set(zeros.map((e) => e.rank)).size).toBe(1);
  });

  it.each(["WEIGHTED_IN_DEGREE", "WEIGHTED_OUT_DEGREE"])("sums %s exactly: equal totals of strengths tie", async (metric) => {
    const edges = await allHubs(metric);
    // Strengths in the sample have at most two decimals, and so must every total.
    for (const edge of edges) expect(edge.score).toBe(Number(edge.score.toFixed(2)));
    for (let i = 1; i < edges.length; i++) {
      const [before, after] = [edges[i - 1]!, edges[i]!];
      if (before.score === after.score) expect(after.rank).toBe(before.rank);
      else expect(after.rank).toBe(i + 1);
    }
  });
  it("keeps eigenvector centrality computable when one ordinary link makes it converge slowly", async () => {
    // Closes a second influence cycle beside the dominant one: ~3,900 iterations to converge.
    const linked = await api.gql(
      `mutation { linkInfluence(input: { fromId: "acc_globex_multinational", toId: "acc_grace_bookkeeping", kind: PEER, strength: 0.5 }) { id } }`,
    );
    expect(linked.errors).toBeUndefined();
    try {
      const res = await api.gql(`{ influenceHubs(metric: EIGENVECTOR, first: 100) { totalCount edges { score } } }`);
      expect(res.errors).toBeUndefined();
      const scores = res.data.influenceHubs.edges.map((e: any) => e.score as number);
      expect(scores.length).toBe(100);
      // The 100 best of 102 hold the whole unit-length vector (the rest are 0 or nearly).
      expect(Math.sqrt(scores.reduce((sum: number, v: number) => sum + v * v, 0))).toBeCloseTo(1, 6);
    } finally {
      // The other cases read the sample as shipped, in whatever order they run.
      const removed = await api.gql(`mutation($id: ID!) { unlink(id: $id) { id } }`, { id: linked.data.linkInfluence.id });
      expect(removed.errors).toBeUndefined();
    }
  });
});
