/**
 * Every metric against networkx on the Zachary karate club, the Florentine families, a
 * hand-made directed weighted network and a star (fixtures from
 * scripts/reference/networkx_reference.py). Same algorithms compare to 1e-6.
 * Intentional differences, documented here:
 * - Louvain partitions depend on each library's RNG, so we check that our modularity
 *   formula equals networkx's on fixed partitions (1e-9) and that our Louvain partition
 *   is as good as networkx's (modularity within 0.02) and reports its own modularity.
 * - Referral paths: when several paths tie, only strength and hops are compared.
 * - Betweenness unnormalized values are not compared: ours count ordered pairs of the
 *   directed projection, networkx halves them on undirected graphs.
 */
import { describe, expect, it } from "vitest";
import { computeBetweenness } from "../../src/analytics/metrics/betweenness.js";
import { computeInDegree, computeOutDegree, computeWeightedInDegree, computeWeightedOutDegree } from "../../src/analytics/metrics/degree.js";
import { computeEigenvector } from "../../src/analytics/metrics/eigenvector.js";
import { computeHarmonicCloseness } from "../../src/analytics/metrics/harmonic-closeness.js";
import { computeHits } from "../../src/analytics/metrics/hits.js";
import { findKeystones } from "../../src/analytics/metrics/keystones.js";
import { computeModularity, detectCommunities } from "../../src/analytics/metrics/louvain.js";
import { computePageRank } from "../../src/analytics/metrics/pagerank.js";
import { computePersonalizedPageRank } from "../../src/analytics/metrics/personalized-pagerank.js";
import { computeReach } from "../../src/analytics/metrics/reach.js";
import { findShortestReferralPath, findStrongestReferralPath } from "../../src/analytics/metrics/referral-paths.js";
import { csrOf } from "../../src/analytics/csr.js";
import { expectScoresClose, FIXTURE_NAMES, loadFixture, projectionOfFixture } from "./graph-fixtures.js";

describe.each(FIXTURE_NAMES)("networkx reference: %s", async (name) => {
  const fixture = loadFixture(name);
  const reference = fixture.reference;
  const projection = await projectionOfFixture(fixture);

  it("projects every account and link", () => {
    expect(projection.graph.order).toBe(reference.order);
    expect(projection.graph.size).toBe(fixture.links.length);
  });

  it("degree and weighted degree", () => {
    expectScoresClose(computeInDegree(projection), reference.inDegree, 0);
    expectScoresClose(computeOutDegree(projection), reference.outDegree, 0);
    expectScoresClose(computeWeightedInDegree(projection), reference.weightedInDegree, 1e-12);
    expectScoresClose(computeWeightedOutDegree(projection), reference.weightedOutDegree, 1e-12);
  });

  it("PageRank, weighted and unweighted, rank flowing to the influencer", () => {
    expectScoresClose(computePageRank(projection), reference.pagerank);
    expectScoresClose(computePageRank(projection, { weighted: false }), reference.pagerankUnweighted);
  });

  it("personalized PageRank from the seeds", () => {
    const { seeds, values } = reference.personalizedPagerank;
    expectScoresClose(computePersonalizedPageRank(projection, { seeds }), values);
  });

  it("HITS hubs and authorities", () => {
    const { hubs, authorities } = computeHits(projection);
    expectScoresClose(hubs, reference.hits.hubs);
    expectScoresClose(authorities, reference.hits.authorities);
  });

  it("betweenness, normalized, weighted (1/strength) and by hops", () => {
    expectScoresClose(computeBetweenness(projection), reference.betweenness.weighted);
    expectScoresClose(computeBetweenness(projection, { weighted: false }), reference.betweenness.unweighted);
  });

  it("harmonic closeness of out-distances, weighted and by hops", () => {
    expectScoresClose(computeHarmonicCloseness(projection), reference.harmonicCloseness.weighted);
    expectScoresClose(computeHarmonicCloseness(projection, { weighted: false }), reference.harmonicCloseness.unweighted);
  });

  it("eigenvector centrality, or METRIC_NOT_COMPUTABLE where networkx fails too", () => {
    if (reference.eigenvector.converges) {
      expectScoresClose(computeEigenvector(projection), reference.eigenvector.values!);
    } else {
      expect(() => computeEigenvector(projection)).toThrow(expect.objectContaining({ code: "METRIC_NOT_COMPUTABLE" }));
    }
  });

  it("articulation points and bridges", () => {
    const keystones = findKeystones(projection);
    expect([...keystones.articulationPoints].sort()).toEqual(reference.articulationPoints);
    const bridges = keystones.bridges.map((pair) => [...pair].sort()).sort();
    expect(bridges).toEqual(reference.bridges);
  });

  it("modularity formula equals networkx's on fixed partitions", () => {
    const { ids } = csrOf(projection);
    for (const partition of [...reference.partitions, { name: "networkx louvain", ...reference.louvain }]) {
      const communityOf = new Map(partition.communities.flatMap((members, c) => members.map((id) => [id, c] as const)));
      const community = Int32Array.from(ids, (id) => communityOf.get(id)!);
      expect(computeModularity(projection, community), partition.name).toBeCloseTo(partition.modularity, 9);
    }
  });

  it("Louvain finds a partition as good as networkx's and reports its modularity", () => {
    const result = detectCommunities(projection);
    expect(result.modularity).toBeCloseTo(computeModularity(projection, result.community), 9);
    expect(result.modularity).toBeGreaterThanOrEqual(reference.louvain.modularity - 0.02);
    expect(new Set(result.community).size).toBe(result.count);
  });

  it("k-hop reach in accounts and revenue", () => {
    for (const expected of reference.reach) {
      const reach = computeReach(projection, expected.from, { hops: expected.hops });
      expect({ accounts: reach.accounts, revenue: reach.revenue }, `${expected.from} in ${expected.hops}`).toEqual({
        accounts: expected.accounts,
        revenue: expected.revenue,
      });
    }
  });

  it("strongest and shortest referral paths", () => {
    for (const expected of reference.referralPaths) {
      const pairs = [
        [findStrongestReferralPath(projection, expected.from, expected.to), expected.strongest],
        [findShortestReferralPath(projection, expected.from, expected.to), expected.shortest],
      ] as const;
      for (const [path, want] of pairs) {
        if (want === null) {
          expect(path).toBeNull();
          continue;
        }
        expect(path).not.toBeNull();
        expect(path!.strength).toBeCloseTo(want.strength, 12);
        expect(path!.hops).toBe(want.accountIds.length - 1);
        expect(path!.accountIds[0]).toBe(expected.from);
        expect(path!.accountIds.at(-1)).toBe(expected.to);
        if (want.unique) expect(path!.accountIds).toEqual(want.accountIds);
      }
    }
  });
});
