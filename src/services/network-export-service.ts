/**
 * The whole network at once, for the influence map (web/map) and for the export files:
 * every account with its influence metrics (the analytics snapshot) and its strategic
 * score and tier (the strategy ranking under the default weights), plus the links.
 *
 * Reads only what the other use cases already maintain: the request's influence snapshot,
 * the strategy population, and for the files the read model's accounts and links (exact
 * links with their types): no store read. Bounded: the map takes at most MAP_LIMITS.maxAccounts accounts
 * (the most influential by PageRank when there are more) and the links among them.
 * Cost: O(V + E) per call plus the ranking pages (in memory).
 */
import { ValidationError } from "../domain/errors.js";
import { requirePositiveInt } from "../domain/guards.js";
import type { AccountStatus, Segment } from "../domain/model.js";
import { centsToUnits } from "../domain/money.js";
import { SEGMENT_CODES, STATUS_CODES, type InfluenceSnapshot } from "../analytics/engine/index.js";
import { writeGraphFile, type ExportGraph, type ExportValue, type GraphFileFormat } from "../analytics/export/graph-files.js";
import { METRIC_NAMES } from "../analytics/index.js";
import { toGraphEdge, toGraphNode } from "./read-model/graph-slices.js";
import type { ReadModel } from "./read-model/read-model.js";
import { formatRankingCsv } from "./ranking-csv.js";
import type { AccountStrategy, StrategyService, StrategySession, Tier } from "./strategy-service.js";
import type { SnapshotInfo } from "./influence-types.js";

export const MAP_LIMITS = Object.freeze({
  maxAccounts: 50_000,
  /** About ten links per account at the largest map; more are dropped weakest first. */
  maxLinks: 500_000,
});

export interface InfluenceMapData {
  snapshot: SnapshotInfo;
  /** Accounts in the snapshot; more than `ids.length` when `limit` cut the map. */
  totalAccounts: number;
  truncated: boolean;
  ids: string[];
  names: string[];
  statuses: AccountStatus[];
  segments: Segment[];
  /** Index into ownerIds, −1 for none. */
  owners: number[];
  ownerIds: string[];
  /** Annual revenue, currency units. */
  revenue: number[];
  pagerank: number[];
  betweenness: number[];
  /** Strategic score 0..1 under the default weights; 0 for an account not ranked yet. */
  strategicScore: number[];
  /** Null for an account not ranked yet. */
  tiers: (Tier | null)[];
  /** Louvain community number (valid within this snapshot). */
  communities: number[];
  /** Links as parallel arrays of indices into `ids`: source influences / referred target. */
  linkSources: number[];
  linkTargets: number[];
  linkStrengths: number[];
}

export class NetworkExportService {
  constructor(
    private readonly model: ReadModel,
    private readonly strategy: StrategyService,
  ) {}

  /** Every account of the ranking (default weights), highest strategic score first. */
  async rankingRows(session: StrategySession): Promise<AccountStrategy[]> {
    const rows: AccountStrategy[] = [];
    let after: { value: number; id: string } | undefined;
    for (;;) {
      const page = await this.strategy.rank({ first: 100, ...(after ? { after } : {}) }, session);
      rows.push(...page.items);
      const last = page.positions.at(-1);
      if (!page.hasNextPage || !last) return rows;
      after = { value: last.value as number, id: last.id };
    }
  }

  async influenceMap(query: { limit: number }, session: StrategySession): Promise<InfluenceMapData> {
    const limit = requirePositiveInt(query.limit, "limit", MAP_LIMITS.maxAccounts);
    const view = await session.influence.view();
    const { snapshot } = view;
    const ranking = byAccountId(await this.rankingRows(session));
    const pagerank = snapshot.metrics.PAGERANK;
    const order = pagerank ? Array.from(pagerank.order) : snapshot.ids.map((_, i) => i);
    const kept = order.slice(0, limit);
    const position = new Int32Array(snapshot.ids.length).fill(-1);
    kept.forEach((node, i) => (position[node] = i));

    const ownerIds = [...snapshot.attributes.owners];
    const map: InfluenceMapData = {
      snapshot: { version: snapshot.version, computedAt: new Date(snapshot.computedAt).toISOString(), ageMs: view.ageMs, stale: view.stale },
      totalAccounts: snapshot.ids.length,
      truncated: kept.length < snapshot.ids.length,
      ids: [],
      names: [],
      statuses: [],
      segments: [],
      owners: [],
      ownerIds,
      revenue: [],
      pagerank: [],
      betweenness: [],
      strategicScore: [],
      tiers: [],
      communities: [],
      linkSources: [],
      linkTargets: [],
      linkStrengths: [],
    };
    for (const node of kept) {
      const id = snapshot.ids[node]!;
      const strategy = ranking.get(id);
      map.ids.push(id);
      map.names.push(strategy?.facts.account.name ?? id);
      map.statuses.push(STATUS_CODES[snapshot.attributes.status[node]!]!);
      map.segments.push(SEGMENT_CODES[snapshot.attributes.segment[node]!]!);
      map.owners.push(snapshot.attributes.owner[node]!);
      map.revenue.push(centsToUnits(snapshot.attributes.revenue[node]!));
      map.pagerank.push(metricValue(snapshot, "PAGERANK", node));
      map.betweenness.push(metricValue(snapshot, "BETWEENNESS", node));
      map.strategicScore.push(strategy?.score.value ?? 0);
      map.tiers.push(strategy?.score.tier.tier ?? null);
      map.communities.push(snapshot.louvain.community[node]!);
    }
    const { offsets, targets, strengths } = snapshot.links;
    const links: [number, number, number][] = [];
    for (const node of kept) {
      for (let k = offsets[node]!; k < offsets[node + 1]!; k++) {
        const target = position[targets[k]!]!;
        if (target >= 0) links.push([position[node]!, target, strengths[k]!]);
      }
    }
    if (links.length > MAP_LIMITS.maxLinks) {
      links.sort((a, b) => b[2] - a[2]);
      links.length = MAP_LIMITS.maxLinks;
      map.truncated = true;
    }
    for (const [source, target, strength] of links) {
      map.linkSources.push(source);
      map.linkTargets.push(target);
      map.linkStrengths.push(strength);
    }
    return map;
  }

  /**
   * The influence graph as GEXF or GraphML: every account with its name, status, segment,
   * owner, revenue, every metric of the snapshot, Louvain community, keystone flag,
   * strategic score, rank and tier; every stored link with its type, strength and revenue.
   */
  async graphFile(format: GraphFileFormat, session: StrategySession): Promise<string> {
    const { snapshot } = await session.influence.view();
    const ranking = byAccountId(await this.rankingRows(session));
    const index = new Map(snapshot.ids.map((id, i) => [id, i]));
    const graph: ExportGraph = { nodes: [], edges: [] };
    const view = await this.model.ready();
    const chunk = { nodes: [...view.accounts.values()].map(toGraphNode), edges: [...view.links.values()].map(toGraphEdge) };
    {
      for (const node of chunk.nodes) {
        const attributes: Record<string, ExportValue> = {
          label: node.name,
          status: node.status,
          segment: node.segment,
          annualRevenue: centsToUnits(node.annualRevenue),
        };
        // Absent rather than "": GEXF readers (graphology's included) drop empty values.
        if (node.ownerId !== null) attributes.ownerId = node.ownerId;
        const i = index.get(node.id);
        if (i !== undefined) {
          for (const metric of METRIC_NAMES) {
            const values = snapshot.metrics[metric]?.values;
            if (values) attributes[metric.toLowerCase()] = values[i]!;
          }
          attributes.community = snapshot.louvain.community[i]!;
          attributes.keystone = snapshot.keystone[i] === 1;
        }
        const strategy = ranking.get(node.id);
        if (strategy) {
          attributes.strategicScore = strategy.score.value;
          attributes.strategicRank = strategy.score.rank;
          attributes.tier = strategy.score.tier.tier;
        }
        graph.nodes.push({ id: node.id, attributes });
      }
      for (const edge of chunk.edges) {
        const attributes: Record<string, ExportValue> = { type: edge.type, strength: edge.strength };
        if (edge.revenue !== null) attributes.revenue = centsToUnits(edge.revenue);
        graph.edges.push({ id: edge.id, source: edge.fromId, target: edge.toId, attributes });
      }
    }
    return writeGraphFile(graph, format);
  }

  /** The strategic ranking (default weights) of every account as CSV, best first. */
  async rankingCsv(session: StrategySession): Promise<string> {
    return formatRankingCsv(await this.rankingRows(session));
  }
}

function metricValue(snapshot: InfluenceSnapshot, metric: "PAGERANK" | "BETWEENNESS", node: number): number {
  return snapshot.metrics[metric]?.values[node] ?? 0;
}

function byAccountId(rows: AccountStrategy[]): Map<string, AccountStrategy> {
  return new Map(rows.map((row) => [row.facts.account.id, row]));
}

/** Reads the format named in a URL or a command line: gexf or graphml. */
export function parseGraphFileFormat(value: string, field: string): GraphFileFormat {
  if (value === "gexf" || value === "graphml") return value;
  throw new ValidationError(`${field} must be gexf or graphml`, field);
}

export type { GraphFileFormat } from "../analytics/export/graph-files.js";
