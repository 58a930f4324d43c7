/**
 * Influence use cases: who the word-of-mouth hubs are, how far an account's influence
 * reaches, the chains of introductions between accounts, the computed communities and
 * their brokers, and the accounts closest to a set of champions. Reads go through the
 * InfluenceEngine's snapshot of one graph version (per request: InfluenceSession) and
 * say which version and how old it is. Arguments are validated here; GraphQL only
 * shapes them.
 */
import { CursorStaleError, MetricNotComputableError, NotFoundError, ValidationError } from "../domain/errors.js";
import { competitionRanks } from "../domain/competition-ranks.js";
import { requirePositiveInt } from "../domain/guards.js";
import type { Cents, Link } from "../domain/model.js";
import { reaches, type CoreSnapshot, type InfluenceEngine, type PathMode, type SnapshotPhase, type SnapshotView } from "../analytics/engine/index.js";
import { MAX_HOPS, METRIC_NAMES, type MetricName } from "../analytics/index.js";
import type { KeysetPosition } from "../ports/account-graph-store.js";
import type { ReadModel } from "./read-model/read-model.js";
import { summariseCommunities, topBrokers, topMembers, type CommunityBroker } from "./community-insights.js";
import { compileHubFilter, influenceCommunityId, parseInfluenceCommunityId, phaseForHubs, type InfluenceHubFilter } from "./influence-filter.js";
import { pageByMetric, standingOf, type MetricStanding } from "./influence-ranking.js";
import { InfluenceSession } from "./influence-session.js";
import type {
  AccountInfluence,
  CommunityReport,
  HubPage,
  InfluenceGraph,
  RankedAccount,
  ReferralPathResult,
  SnapshotInfo,
} from "./influence-types.js";

export { InfluenceSession } from "./influence-session.js";
export type { InfluenceHubFilter } from "./influence-filter.js";
export type { CommunityInsight, CommunityBroker } from "./community-insights.js";
export type { MetricStanding } from "./influence-ranking.js";
export type * from "./influence-types.js";
export type { PathMode } from "../analytics/engine/index.js";
export { TIE_TYPES, type TieType } from "../analytics/projection.js";

export const INFLUENCE_METRICS: readonly MetricName[] = METRIC_NAMES;
export type InfluenceMetric = MetricName;
export const PATH_MODES: readonly PathMode[] = ["STRONGEST", "SHORTEST"];

export const INFLUENCE_LIMITS = Object.freeze({
  maxDepth: 4,
  maxGraphNodes: 500,
  maxAround: 100,
  maxSeeds: 100,
  maxRankFirst: 100,
  maxHubPage: 100,
  maxCommunities: 500,
  maxMembers: 100,
  maxHops: MAX_HOPS,
});

export class InfluenceService {
  constructor(
    private readonly model: ReadModel,
    private readonly engine: InfluenceEngine,
  ) {}

  /**
   * One per request: every influence field of the request reads the same snapshot, at least
   * as new as the graph of the request's read view (`graphVersion`: ReadView.graphSeq).
   */
  session(graphVersion?: number): InfluenceSession {
    return new InfluenceSession(this.engine, graphVersion);
  }

  /** Every metric with rank and percentile; null when the snapshot does not hold the account yet. */
  async influenceOf(accountId: string, session: InfluenceSession): Promise<AccountInfluence | null> {
    const view = await session.view();
    const { snapshot } = view;
    const node = indexOf(view, accountId);
    if (node === undefined) return null;
    const standings: AccountInfluence["standings"] = {};
    for (const metric of INFLUENCE_METRICS) if (snapshot.metrics[metric]) standings[metric] = standingOf(snapshot, metric, node);
    const unavailable: AccountInfluence["unavailable"] = {};
    for (const [metric, reason] of Object.entries(snapshot.unavailable)) unavailable[metric as MetricName] = reason.message;
    const community = snapshot.louvain.community[node]!;
    return {
      accountId,
      standings,
      unavailable,
      community: { id: influenceCommunityId(snapshot, community), size: snapshot.louvain.sizes[community]! },
      keystone: snapshot.keystone[node] === 1,
      snapshot: snapshotInfo(view),
    };
  }

  /** Accounts and revenue within `hops` ties downstream; null when the projection lacks the account. */
  async reach(accountId: string, hops: number, session: InfluenceSession): Promise<{ accounts: number; revenue: Cents } | null> {
    requirePositiveInt(hops, "hops", INFLUENCE_LIMITS.maxHops);
    await session.viewAt("lead"); // brings the projection up to date
    const result = await session.reach(accountId, hops);
    return result && { accounts: result.accounts, revenue: result.revenue };
  }

  /** Accounts ordered by a metric (score desc, id asc), keyset-paginated like `accounts`. */
  /**
   * Accounts ordered by a metric (score desc, id asc), keyset-paginated like `accounts`. A
   * cursor's page continues on the snapshot the cursor was issued on (`afterVersion`) while
   * the engine keeps it (flagged stale when newer ones exist), never on a moved ordering:
   * a snapshot no longer kept answers CURSOR_STALE with the current version.
   */
  async hubs(
    query: { metric: MetricName; first: number; after?: KeysetPosition; afterVersion?: number | null; filter?: InfluenceHubFilter },
    session: InfluenceSession,
  ): Promise<HubPage> {
    // A PageRank order is ready first after a write, HITS and eigenvector next, betweenness and communities last.
    const phase = phaseForHubs(query.metric, query.filter);
    const newest = await session.viewAt(phase);
    const view =
      query.after && query.afterVersion !== undefined && query.afterVersion !== null ? this.pinned(newest, query.afterVersion, phase) : newest;
    const { snapshot } = view;
    const page = pageByMetric(snapshot, query.metric, {
      first: query.first,
      ...(query.after ? { after: query.after } : {}),
      keep: compileHubFilter(snapshot, query.filter),
    });
    const items = page.nodes.map((node) => ({ accountId: snapshot.ids[node]!, ...standingOf(snapshot, query.metric, node) }));
    return { items, positions: page.positions, hasNextPage: page.hasNextPage, totalCount: page.totalCount, snapshot: snapshotInfo(view) };
  }

  /** The view of the kept snapshot `version` (the newest when it is that one), or CURSOR_STALE. */
  private pinned<S extends CoreSnapshot>(newest: SnapshotView<S>, version: number, phase: SnapshotPhase): SnapshotView<CoreSnapshot> {
    if (newest.snapshot.version === version) return newest;
    const kept = this.engine.recentSnapshots().find((s) => s.version === version && reaches(s.phase, phase));
    if (!kept) {
      throw new CursorStaleError(
        `after was issued on influence snapshot ${version}, which is no longer kept (now ${newest.snapshot.version}); start again from the first page`,
        "after",
        newest.snapshot.version,
      );
    }
    return { snapshot: kept, stale: true, latestVersion: newest.latestVersion, ageMs: Math.max(0, Date.now() - kept.computedAt) };
  }

  async influenceGraph(
    query: { around: string[]; depth: number; minStrength: number; limit: number },
    session: InfluenceSession,
  ): Promise<InfluenceGraph> {
    if (query.around.length === 0 || query.around.length > INFLUENCE_LIMITS.maxAround) {
      throw new ValidationError(`around must name between 1 and ${INFLUENCE_LIMITS.maxAround} accounts`, "around");
    }
    requirePositiveInt(query.depth, "depth", INFLUENCE_LIMITS.maxDepth);
    requirePositiveInt(query.limit, "limit", INFLUENCE_LIMITS.maxGraphNodes);
    if (!(query.minStrength >= 0 && query.minStrength <= 1)) throw new ValidationError("minStrength must be between 0 and 1", "minStrength");
    const view = await session.view();
    const { snapshot } = view;
    const found = await this.engine.neighbourhood(query);
    const pagerank = snapshot.metrics.PAGERANK?.values;
    const nodes = found.nodeIds.map((accountId, i) => {
      const node = indexOf(view, accountId);
      const community = node === undefined ? undefined : snapshot.louvain.community[node]!;
      return {
        accountId,
        depth: found.depths[i]!,
        pagerank: node === undefined || !pagerank ? null : pagerank[node]!,
        community: community === undefined ? null : { id: influenceCommunityId(snapshot, community), size: snapshot.louvain.sizes[community]! },
      };
    });
    return { nodes, edges: found.edges, truncated: found.truncated, snapshot: snapshotInfo(view) };
  }

  /** The strongest (or shortest) chain of introductions from one account to another, or null. */
  async referralPath(fromId: string, toId: string, mode: PathMode, session: InfluenceSession): Promise<ReferralPathResult | null> {
    await session.viewAt("lead"); // brings the projection up to date
    const path = await renameField(this.engine.referralPath(fromId, toId, mode), { from: "fromId", to: "toId" });
    if (!path) return null;
    const view = await this.model.ready();
    const links = path.steps.map((step) => view.links.get(step.linkId));
    return {
      accountIds: path.accountIds,
      links: links.filter((link): link is Link => link !== undefined),
      strength: path.strength,
      hops: path.hops,
    };
  }

  /** The computed (Louvain) communities, largest first, with revenue and customer share. */
  async communityInsights(first: number, session: InfluenceSession): Promise<CommunityReport> {
    requirePositiveInt(first, "first", INFLUENCE_LIMITS.maxCommunities);
    const view = await session.view();
    const { louvain } = view.snapshot;
    return {
      modularity: louvain.modularity,
      count: louvain.sizes.length,
      communities: summariseCommunities(view.snapshot, first),
      snapshot: snapshotInfo(view),
    };
  }

  /** Most influential members (PageRank) of a computed community. */
  async communityMembers(communityId: string, first: number, session: InfluenceSession): Promise<string[]> {
    requirePositiveInt(first, "first", INFLUENCE_LIMITS.maxMembers);
    const { snapshot } = await session.view();
    return topMembers(snapshot, parseInfluenceCommunityId(snapshot, communityId, "id"), first);
  }

  /** Members tied into other communities, highest betweenness first. */
  async communityBrokers(communityId: string, first: number, session: InfluenceSession): Promise<CommunityBroker[]> {
    requirePositiveInt(first, "first", INFLUENCE_LIMITS.maxMembers);
    const { snapshot } = await session.view();
    return topBrokers(snapshot, parseInfluenceCommunityId(snapshot, communityId, "id"), first);
  }

  /** Personalized PageRank from the seeds: the accounts their word of mouth reaches most. Seeds excluded. */
  async personalizedRank(seedIds: string[], first: number, session: InfluenceSession): Promise<RankedAccount[]> {
    const seeds = [...new Set(seedIds)];
    if (seeds.length === 0 || seeds.length > INFLUENCE_LIMITS.maxSeeds) {
      throw new ValidationError(`seedIds must name between 1 and ${INFLUENCE_LIMITS.maxSeeds} accounts`, "seedIds");
    }
    requirePositiveInt(first, "first", INFLUENCE_LIMITS.maxRankFirst);
    await session.viewAt("lead"); // brings the projection up to date
    const ranked = await renameField(this.engine.personalizedRank({ seeds, first, excludeSeeds: true }), {
      "options.personalization": "seedIds",
    });
    // Competition ranks, as every ranking of the API: equal scores share the best rank.
    const ranks = competitionRanks(ranked.scores);
    return ranked.ids.map((accountId, i) => ({ accountId, score: ranked.scores[i]!, rank: ranks[i]! }));
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** An account's standing on a metric; METRIC_NOT_COMPUTABLE with the reason when the metric has none. */
export function requireStanding(influence: AccountInfluence, metric: MetricName): MetricStanding {
  const standing = influence.standings[metric];
  if (standing) return standing;
  throw new MetricNotComputableError(`${metric} is not available on this graph: ${influence.unavailable[metric] ?? "it was not computed"}`);
}

function snapshotInfo(view: SnapshotView<CoreSnapshot>): SnapshotInfo {
  return {
    version: view.snapshot.version,
    computedAt: new Date(view.snapshot.computedAt).toISOString(),
    ageMs: view.ageMs,
    stale: view.stale,
  };
}

const indexes = new WeakMap<object, Map<string, number>>();

function indexOf(view: SnapshotView<CoreSnapshot>, accountId: string): number | undefined {
  let index = indexes.get(view.snapshot);
  if (!index) {
    index = new Map(view.snapshot.ids.map((id, i) => [id, i]));
    indexes.set(view.snapshot, index);
  }
  return index.get(accountId);
}

/** Reports a NotFoundError under the API's argument name instead of the analytics option name. */
async function renameField<T>(work: Promise<T>, names: Record<string, string>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof NotFoundError && error.field !== undefined && names[error.field]) {
      throw new NotFoundError(error.entity, error.id, names[error.field]);
    }
    throw error;
  }
}
