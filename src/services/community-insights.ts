/**
 * What each computed (Louvain) community of the influence graph is worth: its size,
 * the revenue its customers bring, the share of its members who are customers, its most
 * influential members, and its brokers — the members with ties into other communities,
 * highest betweenness first (Burt's brokers across "structural holes": the accounts
 * through which word of mouth leaves the group).
 *
 * Members are bucketed by community once per snapshot (counting sort, O(V)) and cached;
 * a request then sorts only the members of the communities it shows.
 */
import type { Cents } from "../domain/model.js";
import { STATUS_CODES, type InfluenceSnapshot } from "../analytics/engine/index.js";
import { influenceCommunityId } from "./influence-filter.js";

export interface CommunityBroker {
  accountId: string;
  /** Normalized betweenness; null when betweenness is not available on this graph. */
  betweenness: number | null;
  /** Ties to accounts in other communities. */
  externalTies: number;
}

export interface CommunityInsight {
  id: string;
  /** Community number within its snapshot. */
  number: number;
  size: number;
  /** Σ annual revenue of the members that are customers, in cents. */
  revenueCaptured: Cents;
  /** Share of members that are customers, 0..1. */
  customerShare: number;
}

interface Buckets {
  offsets: Int32Array;
  members: Int32Array;
  revenue: Float64Array;
  customers: Int32Array;
  /** Community numbers by size desc, then number asc. */
  bySize: Int32Array;
}

const CUSTOMER = STATUS_CODES.indexOf("CUSTOMER");
const cache = new WeakMap<InfluenceSnapshot, Buckets>();

/** The `first` largest communities with their revenue and customer share. */
export function summariseCommunities(snapshot: InfluenceSnapshot, first: number): CommunityInsight[] {
  const buckets = bucketsOf(snapshot);
  return Array.from(buckets.bySize.subarray(0, first), (community) => {
    const size = snapshot.louvain.sizes[community]!;
    return {
      id: influenceCommunityId(snapshot, community),
      number: community,
      size,
      revenueCaptured: buckets.revenue[community]!,
      customerShare: size === 0 ? 0 : buckets.customers[community]! / size,
    };
  });
}

/** Members by PageRank, most influential first (by id when PageRank is unavailable). */
export function topMembers(snapshot: InfluenceSnapshot, community: number, first: number): string[] {
  const pagerank = snapshot.metrics.PAGERANK?.rank ?? null;
  const members = membersOf(snapshot, community).sort((a, b) => (pagerank ? pagerank[a]! - pagerank[b]! : 0) || compareIds(snapshot, a, b));
  return members.slice(0, first).map((node) => snapshot.ids[node]!);
}

/** Members with ties into other communities, highest betweenness first, then most such ties. */
export function topBrokers(snapshot: InfluenceSnapshot, community: number, first: number): CommunityBroker[] {
  const betweenness = snapshot.metrics.BETWEENNESS?.values ?? null;
  const { externalTies, ids } = snapshot;
  return membersOf(snapshot, community)
    .filter((node) => externalTies[node]! > 0)
    .sort((a, b) => (betweenness ? betweenness[b]! - betweenness[a]! : 0) || externalTies[b]! - externalTies[a]! || compareIds(snapshot, a, b))
    .slice(0, first)
    .map((node) => ({ accountId: ids[node]!, betweenness: betweenness ? betweenness[node]! : null, externalTies: externalTies[node]! }));
}

function membersOf(snapshot: InfluenceSnapshot, community: number): number[] {
  const { offsets, members } = bucketsOf(snapshot);
  return Array.from(members.subarray(offsets[community]!, offsets[community + 1]!));
}

function compareIds(snapshot: InfluenceSnapshot, a: number, b: number): number {
  const [x, y] = [snapshot.ids[a]!, snapshot.ids[b]!];
  return x < y ? -1 : x > y ? 1 : 0;
}

function bucketsOf(snapshot: InfluenceSnapshot): Buckets {
  let buckets = cache.get(snapshot);
  if (buckets) return buckets;
  const { community, sizes } = snapshot.louvain;
  const { revenue: accountRevenue, status } = snapshot.attributes;
  const count = sizes.length;
  const offsets = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) offsets[c + 1] = offsets[c]! + sizes[c]!;
  const cursor = offsets.slice(0, count);
  const members = new Int32Array(community.length);
  const revenue = new Float64Array(count);
  const customers = new Int32Array(count);
  for (let node = 0; node < community.length; node++) {
    const c = community[node]!;
    members[cursor[c]!++] = node;
    if (status[node] === CUSTOMER) {
      customers[c]!++;
      revenue[c]! += accountRevenue[node]!;
    }
  }
  const bySize = Int32Array.from(sizes.keys()).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  buckets = { offsets, members, revenue, customers, bySize };
  cache.set(snapshot, buckets);
  return buckets;
}
