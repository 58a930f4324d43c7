/**
 * What the strategy layer scores (strategy/inputs.ts), read from the read model's view and
 * one influence snapshot: an account with its recent engagements and purchases, how many
 * communities it leads, its PageRank and betweenness percentiles; the referral links; and
 * the influence network (CSR) the cascades run on. No store reads: the read model holds all
 * of it (services/read-model).
 *
 * The network's links come from the snapshot; revenue, potential and status from the view
 * (fresher); an account deleted since the snapshot stays a node, counted as CHURNED.
 * Two-hop reach is not part of the snapshot (the engine computes it on demand), so the
 * influence index uses PageRank, betweenness and community leadership; the strategy layer
 * re-weights the metrics present (docs/scoring.md, section 5).
 */
import type { InfluenceSnapshot } from "../analytics/engine/index.js";
import type { MetricName } from "../analytics/index.js";
import { centsToUnits } from "../domain/money.js";
import type { Account, IsoDate, Link } from "../domain/model.js";
import { revenuePotential } from "../strategy/expansion-score.js";
import { buildInfluenceNetwork } from "../strategy/influence-network.js";
import type { AccountFacts, CommunityIndex, InfluenceNetwork, ReferralLink } from "../strategy/inputs.js";
import { percentileRanks } from "../strategy/percentile.js";
import type { ReadView } from "./read-model/read-view.js";

export const STRATEGY_FACTS_DEFAULTS = {
  /** Percentile given to a metric the snapshot could not compute, so it favours no one. */
  neutralPercentile: 0.5,
};

/** PageRank and betweenness percentiles (0..1) of every account a snapshot holds. */
export interface InfluencePercentiles {
  snapshotVersion: number;
  index: ReadonlyMap<string, number>;
  pagerank: Float64Array | null;
  betweenness: Float64Array | null;
}

/**
 * The percentiles of `snapshot`, pausing (yield) between its parts (the id index and one
 * sort per metric, ~0.15 s each at 200,000 accounts) so a paced caller keeps serving.
 */
export function* influencePercentilesInSteps(snapshot: InfluenceSnapshot): Generator<void, InfluencePercentiles> {
  const index = new Map(snapshot.ids.map((id, i) => [id, i]));
  yield;
  const pagerank = metricPercentiles(snapshot, "PAGERANK");
  yield;
  const betweenness = metricPercentiles(snapshot, "BETWEENNESS");
  return { snapshotVersion: snapshot.version, index, pagerank, betweenness };
}

/** The facts of one account of `view`. */
export function factsOf(view: ReadView, account: Account, influence: InfluencePercentiles): AccountFacts {
  const node = influence.index.get(account.id);
  // An account newer than the snapshot has no known influence yet: lowest percentile.
  const percentileOf = (values: Float64Array | null) => (node === undefined ? 0 : values ? values[node]! : STRATEGY_FACTS_DEFAULTS.neutralPercentile);
  const activity = view.activityOf(account.id);
  let led = 0;
  for (const m of view.membershipsByAccount.get(account.id) ?? []) if (m.role === "LEADER") led++;
  return {
    account,
    engagements: activity.engagements,
    purchases: activity.purchases,
    influence: {
      pagerankPercentile: percentileOf(influence.pagerank),
      betweennessPercentile: percentileOf(influence.betweenness),
      communitiesLed: led,
    },
  };
}

/** True when the two percentile sets give `accountId` the same influence facts. */
export function sameInfluence(a: InfluencePercentiles, b: InfluencePercentiles, accountId: string): boolean {
  const at = (p: InfluencePercentiles, values: Float64Array | null) => {
    const node = p.index.get(accountId);
    return node === undefined ? -1 : values ? values[node]! : -2;
  };
  return at(a, a.pagerank) === at(b, b.pagerank) && at(a, a.betweenness) === at(b, b.betweenness);
}

/** REFERRED links of the view. */
export function referralLinksOf(view: ReadView): Link[] {
  const links: Link[] = [];
  for (const link of view.links.values()) if (link.type === "REFERRED") links.push(link);
  return links;
}

export function toReferrals(links: readonly Link[]): ReferralLink[] {
  return links.map((l) => ({ fromId: l.fromId, toId: l.toId, revenue: l.revenue }));
}

/** The snapshot's stored links as an Independent Cascade network over the view's accounts. */
export function buildNetwork(
  snapshot: InfluenceSnapshot,
  view: ReadView,
  factsById: ReadonlyMap<string, AccountFacts>,
  asOf: IsoDate,
): InfluenceNetwork {
  const n = snapshot.ids.length;
  const revenue = new Float64Array(n);
  const potential = new Float64Array(n);
  const status = new Array<Account["status"]>(n);
  for (let i = 0; i < n; i++) {
    const facts = factsById.get(snapshot.ids[i]!);
    // Deleted since the snapshot: gone, so never a candidate advocate nor revenue at risk.
    status[i] = facts?.account.status ?? "CHURNED";
    if (!facts) continue;
    revenue[i] = centsToUnits(facts.account.annualRevenue);
    potential[i] = revenuePotential(facts, asOf);
  }
  return buildInfluenceNetwork({
    ids: snapshot.ids,
    offsets: snapshot.links.offsets,
    targets: snapshot.links.targets,
    strengths: snapshot.links.strengths,
    status,
    revenue,
    potential,
    communities: indexCommunities(snapshot.ids, view),
  });
}

/** Stored communities as CSR community -> member node indices (members outside the snapshot left out). */
function indexCommunities(ids: readonly string[], view: ReadView): CommunityIndex {
  const node = new Map(ids.map((id, i) => [id, i]));
  const communityIds = [...view.membershipsByCommunity.keys()].sort();
  const offsets = new Int32Array(communityIds.length + 1);
  const members: number[] = [];
  communityIds.forEach((id, c) => {
    for (const m of view.membershipsByCommunity.get(id) ?? []) {
      const index = node.get(m.accountId);
      if (index !== undefined) members.push(index);
    }
    offsets[c + 1] = members.length;
  });
  return { ids: communityIds, offsets, members: Int32Array.from(members) };
}

/** Mid-rank percentiles (0..1) of a snapshot metric over all its accounts; null if not computed. */
function metricPercentiles(snapshot: InfluenceSnapshot, metric: MetricName): Float64Array | null {
  const ranked = snapshot.metrics[metric];
  return ranked ? percentileRanks(ranked.values) : null;
}
