/**
 * Filters for influence hub lists, evaluated on the snapshot's own node attributes (no
 * store round trip per account), and the ids of computed (Louvain) communities.
 *
 * A Louvain community exists only within one snapshot (a new version renumbers them),
 * so its id carries the version — `lvn_<version>_<number>` — and an id from another
 * snapshot is refused rather than silently matching a different group.
 */
import { ValidationError } from "../domain/errors.js";
import { requireOneOf } from "../domain/guards.js";
import { ACCOUNT_STATUSES, SEGMENTS, type AccountStatus, type Cents, type Segment } from "../domain/model.js";
import {
  hasKeystones,
  isComplete,
  phaseOf,
  reaches,
  SEGMENT_CODES,
  STATUS_CODES,
  type CoreSnapshot,
  type InfluenceSnapshot,
  type SnapshotPhase,
} from "../analytics/engine/index.js";
import type { MetricName } from "../analytics/index.js";

export interface InfluenceHubFilter {
  statuses?: AccountStatus[];
  segments?: Segment[];
  ownerIds?: string[];
  /** A stored community (church, association, …) the account is a member of. */
  communityId?: string;
  /** A computed Louvain community (influenceCommunities ids). */
  influenceCommunityId?: string;
  keystoneOnly?: boolean;
  minRevenue?: Cents;
}

export function influenceCommunityId(snapshot: CoreSnapshot, community: number): string {
  return `lvn_${snapshot.version}_${community}`;
}

const COMMUNITY_ID = /^lvn_(\d+)_(\d+)$/;

/** The Louvain community number an id names in this snapshot; BAD_USER_INPUT naming `field` otherwise. */
export function parseInfluenceCommunityId(snapshot: InfluenceSnapshot, id: string, field: string): number {
  const match = COMMUNITY_ID.exec(id);
  const number = match ? Number(match[2]) : -1;
  if (!match || number >= snapshot.louvain.sizes.length) {
    throw new ValidationError(`${field} does not name a computed community`, field);
  }
  if (Number(match[1]) !== snapshot.version) {
    throw new ValidationError(
      `${field} comes from the analysis of graph version ${match[1]}; communities are now from version ${snapshot.version}`,
      field,
    );
  }
  return number;
}

/**
 * The snapshot phase a hub list needs: its metric's, or a later one for the filter (keystones
 * come with the core phase, computed communities with the complete snapshot).
 */
export function phaseForHubs(metric: MetricName, filter: InfluenceHubFilter | undefined): SnapshotPhase {
  if (filter?.influenceCommunityId !== undefined) return "full";
  return filter?.keystoneOnly && !reaches(phaseOf(metric), "core") ? "core" : phaseOf(metric);
}

/** A predicate over node indices, or null when the filter keeps everyone. */
export function compileHubFilter(snapshot: CoreSnapshot, filter: InfluenceHubFilter | undefined): ((node: number) => boolean) | null {
  if (!filter) return null;
  const tests: ((node: number) => boolean)[] = [];
  const { attributes } = snapshot;
  if (filter.statuses) {
    const codes = new Set(filter.statuses.map((s) => STATUS_CODES.indexOf(requireOneOf(s, ACCOUNT_STATUSES, "filter.statuses"))));
    tests.push((node) => codes.has(attributes.status[node]!));
  }
  if (filter.segments) {
    const codes = new Set(filter.segments.map((s) => SEGMENT_CODES.indexOf(requireOneOf(s, SEGMENTS, "filter.segments"))));
    tests.push((node) => codes.has(attributes.segment[node]!));
  }
  if (filter.ownerIds) {
    const owners = new Set(filter.ownerIds.map((id) => attributes.owners.indexOf(id)).filter((i) => i >= 0));
    tests.push((node) => owners.has(attributes.owner[node]!));
  }
  if (filter.communityId !== undefined) {
    const group = attributes.groups.indexOf(filter.communityId);
    tests.push((node) => {
      for (let k = attributes.groupOffsets[node]!; k < attributes.groupOffsets[node + 1]!; k++) {
        if (attributes.groupIndex[k] === group) return true;
      }
      return false;
    });
  }
  if (filter.influenceCommunityId !== undefined) {
    if (!isComplete(snapshot)) throw new Error("services/influence-filter: influenceCommunityId needs the complete snapshot");
    const community = parseInfluenceCommunityId(snapshot, filter.influenceCommunityId, "filter.influenceCommunityId");
    tests.push((node) => snapshot.louvain.community[node] === community);
  }
  if (filter.keystoneOnly) {
    if (!hasKeystones(snapshot)) throw new Error("services/influence-filter: keystoneOnly needs the core snapshot");
    const { keystone } = snapshot;
    tests.push((node) => keystone[node] === 1);
  }
  if (filter.minRevenue !== undefined) {
    const min = filter.minRevenue;
    tests.push((node) => attributes.revenue[node]! >= min);
  }
  if (tests.length === 0) return null;
  return (node) => tests.every((test) => test(node));
}
