/**
 * What the influence use cases return (services/influence-service.ts): plain data with
 * account ids, which the API resolves to accounts through its per-request loaders.
 */
import type { NeighbourhoodEdge } from "../analytics/engine/index.js";
import type { MetricName } from "../analytics/index.js";
import type { Link } from "../domain/model.js";
import type { KeysetPosition } from "../ports/account-graph-store.js";
import type { CommunityInsight } from "./community-insights.js";
import type { MetricStanding } from "./influence-ranking.js";

export interface SnapshotInfo {
  version: number;
  computedAt: string;
  ageMs: number;
  stale: boolean;
}

export interface AccountInfluence {
  accountId: string;
  standings: Partial<Record<MetricName, MetricStanding>>;
  /** Why a metric has no value here (METRIC_NOT_COMPUTABLE), by metric. */
  unavailable: Partial<Record<MetricName, string>>;
  community: { id: string; size: number };
  keystone: boolean;
  snapshot: SnapshotInfo;
}

export interface HubItem extends MetricStanding {
  accountId: string;
}

export interface HubPage {
  items: HubItem[];
  positions: KeysetPosition[];
  hasNextPage: boolean;
  totalCount: number;
  snapshot: SnapshotInfo;
}

export interface InfluenceGraphNode {
  accountId: string;
  depth: number;
  /** Null for an account newer than the snapshot (or when PageRank is unavailable). */
  pagerank: number | null;
  community: { id: string; size: number } | null;
}

export interface InfluenceGraph {
  nodes: InfluenceGraphNode[];
  edges: NeighbourhoodEdge[];
  truncated: boolean;
  snapshot: SnapshotInfo;
}

export interface ReferralPathResult {
  accountIds: string[];
  links: Link[];
  /** Product of the link strengths. */
  strength: number;
  hops: number;
}

export interface CommunityReport {
  modularity: number;
  count: number;
  communities: CommunityInsight[];
  snapshot: SnapshotInfo;
}

export interface RankedAccount {
  accountId: string;
  score: number;
  rank: number;
}
