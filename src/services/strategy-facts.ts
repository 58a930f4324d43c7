/**
 * Assembles what the strategy layer scores (strategy/inputs.ts) from the store and one
 * influence snapshot: every account with its engagements and purchases of the last two
 * years, the referral links, how many communities each account leads, PageRank and
 * betweenness percentiles, and the influence network (CSR) the cascades run on. The
 * network's links come from the snapshot; revenue, potential and status from the store
 * (fresher); an account deleted since the snapshot stays a node, counted as CHURNED.
 *
 * Why the whole population even for one manager: percentiles are relative to all
 * accounts, and a manager's plan takes its tiers from the ranking of everyone.
 * Why batched: the store reads are the cost, so accounts come in keyset pages of
 * `pageSize` and everything else in id chunks of `pageSize` — about two dozen queries
 * for 20,000 accounts instead of several per account (~1 s of CPU on SQLite, most of it
 * mapping rows; bench/strategy-bench.ts).
 * Two-hop reach is not part of the snapshot (the engine computes it on demand), so the
 * influence index uses PageRank, betweenness and community leadership; the strategy
 * layer re-weights the metrics present (docs/scoring.md, section 5).
 * Cost: O(accounts + engagements + purchases + links + memberships) rows read once per
 * cache key (strategy-population.ts), plus O(n log n) for the percentiles.
 */
import type { InfluenceSnapshot } from "../analytics/engine/index.js";
import type { MetricName } from "../analytics/index.js";
import { centsToUnits } from "../domain/money.js";
import type { Account, Engagement, IsoDate, Link, Membership, Purchase } from "../domain/model.js";
import type { AccountFilter, AccountGraphStore, KeysetPosition } from "../ports/account-graph-store.js";
import { addDays } from "../strategy/dates.js";
import { revenuePotential } from "../strategy/expansion-score.js";
import { buildInfluenceNetwork, indexNodes } from "../strategy/influence-network.js";
import type { AccountFacts, CommunityIndex, InfluenceNetwork, ReferralLink, StrategyPopulation } from "../strategy/inputs.js";
import { percentileRanks } from "../strategy/percentile.js";

export const STRATEGY_FACTS_DEFAULTS = {
  /** Rows per store page / ids per batched query. */
  pageSize: 5_000,
  /** Engagements and purchases older than this do not change any score (strategy/inputs.ts). */
  historyDays: 731,
  /** Percentile given to a metric the snapshot could not compute, so it favours no one. */
  neutralPercentile: 0.5,
};

/** The assembled population plus the indexes the use cases look things up with. */
export interface StrategyPopulationData {
  asOf: IsoDate;
  /** Graph version of the influence snapshot used. */
  snapshotVersion: number;
  population: StrategyPopulation;
  factsById: ReadonlyMap<string, AccountFacts>;
  /** REFERRED links with their dates (ask counts per quarter). */
  referralLinks: readonly Link[];
  network: InfluenceNetwork;
  networkIndex: ReadonlyMap<string, number>;
}

export async function assembleStrategyPopulation(
  store: AccountGraphStore,
  snapshot: InfluenceSnapshot,
  asOf: IsoDate,
  options: Partial<typeof STRATEGY_FACTS_DEFAULTS> = {},
): Promise<StrategyPopulationData> {
  const settings = { ...STRATEGY_FACTS_DEFAULTS, ...options };
  const accounts = await readAllAccounts(store, undefined, settings.pageSize);
  const ids = accounts.map((a) => a.id);
  const window = { from: addDays(asOf, -settings.historyDays), to: asOf };
  const chunks = chunk(ids, settings.pageSize);
  const engagements: Engagement[] = [];
  const purchases: Purchase[] = [];
  const referralLinks: Link[] = [];
  const memberships: Membership[] = [];
  // The four reads of a chunk overlap (Neo4j round trips); chunks follow one another so
  // at most one chunk of rows is in flight.
  for (const part of chunks) {
    const [e, p, l, m] = await Promise.all([
      store.engagementsOfAccounts(part, window),
      store.purchasesOfAccounts(part, window),
      store.linksOfAccounts({ accountIds: part, direction: "OUT", types: ["REFERRED"] }),
      store.membershipsOfAccounts(part),
    ]);
    append(engagements, e);
    append(purchases, p);
    append(referralLinks, l);
    append(memberships, m);
  }

  const engagementsOf = groupBy(engagements, (e) => e.accountId);
  const purchasesOf = groupBy(purchases, (p) => p.accountId);
  const led = new Map<string, number>();
  for (const m of memberships) if (m.role === "LEADER") led.set(m.accountId, (led.get(m.accountId) ?? 0) + 1);

  const snapshotIndex = new Map(snapshot.ids.map((id, i) => [id, i]));
  const pagerank = metricPercentiles(snapshot, "PAGERANK");
  const betweenness = metricPercentiles(snapshot, "BETWEENNESS");
  const facts: AccountFacts[] = accounts.map((account) => {
    const node = snapshotIndex.get(account.id);
    // An account newer than the snapshot has no known influence yet: lowest percentile.
    const percentileOf = (values: Float64Array | null) =>
      node === undefined ? 0 : values ? values[node]! : settings.neutralPercentile;
    return {
      account,
      engagements: engagementsOf.get(account.id) ?? [],
      purchases: purchasesOf.get(account.id) ?? [],
      influence: {
        pagerankPercentile: percentileOf(pagerank),
        betweennessPercentile: percentileOf(betweenness),
        communitiesLed: led.get(account.id) ?? 0,
      },
    };
  });
  const factsById = new Map(facts.map((f) => [f.account.id, f]));
  const referrals: ReferralLink[] = referralLinks.map((l) => ({ fromId: l.fromId, toId: l.toId, revenue: l.revenue }));
  const network = buildNetwork(snapshot, factsById, memberships, asOf);
  return {
    asOf,
    snapshotVersion: snapshot.version,
    population: { facts, referrals },
    factsById,
    referralLinks,
    network,
    networkIndex: indexNodes(network),
  };
}

/** Engagements and purchases this process recorded after a population was read. */
export interface RecordedActivity {
  engagements: readonly Engagement[];
  purchases: readonly Purchase[];
}

/**
 * `data` plus activity recorded since it was read, without reading the store again
 * (strategy-population.ts decides when that is exact). Each engagement or purchase joins
 * its account's facts; one the read already saw (same id) is skipped, so nothing counts
 * twice; activity outside the history window or on an account the population does not
 * hold is left out, as a fresh read would leave it. The accounts touched get their
 * revenue potential recomputed in the cascade network; nothing else depends on activity.
 * Cost: O(accounts) to copy the fact list, plus the activity itself — against re-reading
 * every account's two years of activity (on Neo4j with 20,000 accounts, ~5 s of
 * database and API work).
 */
export function withRecordedActivity(
  data: StrategyPopulationData,
  activity: RecordedActivity,
  options: Partial<typeof STRATEGY_FACTS_DEFAULTS> = {},
): StrategyPopulationData {
  const settings = { ...STRATEGY_FACTS_DEFAULTS, ...options };
  const from = addDays(data.asOf, -settings.historyDays);
  const inWindow = (date: IsoDate) => date >= from && date <= data.asOf;
  const touched = new Map<string, AccountFacts>();
  const factsOf = (accountId: string): AccountFacts | undefined => touched.get(accountId) ?? data.factsById.get(accountId);
  for (const engagement of activity.engagements) {
    const facts = factsOf(engagement.accountId);
    if (!facts || !inWindow(engagement.date) || facts.engagements.some((e) => e.id === engagement.id)) continue;
    touched.set(engagement.accountId, { ...facts, engagements: [...facts.engagements, engagement] });
  }
  for (const purchase of activity.purchases) {
    const facts = factsOf(purchase.accountId);
    if (!facts || !inWindow(purchase.date) || facts.purchases.some((p) => p.id === purchase.id)) continue;
    touched.set(purchase.accountId, { ...facts, purchases: [...facts.purchases, purchase] });
  }
  if (touched.size === 0) return data;
  const facts = data.population.facts.map((f) => touched.get(f.account.id) ?? f);
  const potential = Float64Array.from(data.network.potential);
  // A copy with the touched entries replaced: cheaper than indexing 20,000 facts again.
  const factsById = new Map(data.factsById);
  for (const [id, changed] of touched) {
    factsById.set(id, changed);
    const node = data.networkIndex.get(id);
    if (node !== undefined) potential[node] = revenuePotential(changed, data.asOf);
  }
  return {
    ...data,
    population: { ...data.population, facts },
    factsById,
    network: { ...data.network, potential },
  };
}

/** Every account matching `filter` (all when undefined), in keyset pages. */
export async function readAllAccounts(
  store: AccountGraphStore,
  filter: AccountFilter | undefined,
  pageSize = STRATEGY_FACTS_DEFAULTS.pageSize,
): Promise<Account[]> {
  const accounts: Account[] = [];
  let after: KeysetPosition | undefined;
  for (;;) {
    const page = await store.listAccounts({
      ...(filter ? { filter } : {}),
      sort: { key: "CREATED_AT", direction: "ASC" },
      first: pageSize,
      ...(after ? { after } : {}),
    });
    accounts.push(...page.items);
    if (!page.hasNextPage || page.items.length === 0) return accounts;
    after = page.positions.at(-1)!;
  }
}

/** Mid-rank percentiles (0..1) of a snapshot metric over all its accounts; null if not computed. */
function metricPercentiles(snapshot: InfluenceSnapshot, metric: MetricName): Float64Array | null {
  const ranked = snapshot.metrics[metric];
  return ranked ? percentileRanks(ranked.values) : null;
}

/** The snapshot's stored links as an Independent Cascade network over the store's accounts. */
function buildNetwork(
  snapshot: InfluenceSnapshot,
  factsById: ReadonlyMap<string, AccountFacts>,
  memberships: readonly Membership[],
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
    communities: indexCommunities(snapshot.ids, memberships),
  });
}

/** Stored communities as CSR community -> member node indices (members outside the snapshot left out). */
function indexCommunities(ids: readonly string[], memberships: readonly Membership[]): CommunityIndex {
  const node = new Map(ids.map((id, i) => [id, i]));
  const byCommunity = groupBy(
    memberships.filter((m) => node.has(m.accountId)),
    (m) => m.communityId,
  );
  const communityIds = [...byCommunity.keys()].sort();
  const offsets = new Int32Array(communityIds.length + 1);
  const members: number[] = [];
  communityIds.forEach((id, c) => {
    for (const m of byCommunity.get(id)!) members.push(node.get(m.accountId)!);
    offsets[c + 1] = members.length;
  });
  return { ids: communityIds, offsets, members: Int32Array.from(members) };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** push(...rows) overflows the argument stack past ~100k rows; a loop does not. */
function append<T>(target: T[], rows: readonly T[]): void {
  for (const row of rows) target.push(row);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}
