/**
 * Loads the network with the `influenceMap` query (one bounded bulk read, same auth as any
 * query) and builds the graphology graph sigma draws. Accounts start placed by Louvain
 * community: each community a disc (sunflower pattern, no randomness) on a spiral, largest
 * first, so the first picture is already readable before ForceAtlas2 refines it.
 */
import Graph from "graphology";
import { graphql } from "../graphql-client.js";

export interface MapNodeAttributes {
  label: string;
  x: number;
  y: number;
  size: number;
  color: string;
  status: string;
  segment: string;
  owner: string;
  tier: string;
  community: number;
  revenue: number;
  pagerank: number;
  betweenness: number;
  strategicScore: number;
}

export interface MapEdgeAttributes {
  strength: number;
  size: number;
  color: string;
  /** Ties added by "show neighbourhood" that the map did not load (membership ties). */
  extra?: boolean;
}

export type MapGraph = Graph<MapNodeAttributes, MapEdgeAttributes>;

interface InfluenceMapAnswer {
  influenceMap: {
    totalAccounts: number;
    truncated: boolean;
    ids: string[];
    names: string[];
    statuses: string[];
    segments: string[];
    owners: number[];
    ownerIds: string[];
    revenue: number[];
    pagerank: number[];
    betweenness: number[];
    strategicScore: number[];
    tiers: (string | null)[];
    communities: number[];
    linkSources: number[];
    linkTargets: number[];
    linkStrengths: number[];
    snapshot: { version: number; stale: boolean };
  } | null;
  accountManagers: { id: string; name: string }[];
}

const MAP_QUERY = `query InfluenceMap($limit: Int) {
  influenceMap(limit: $limit) {
    totalAccounts truncated ids names statuses segments owners ownerIds revenue pagerank betweenness
    strategicScore tiers communities linkSources linkTargets linkStrengths snapshot { version stale }
  }
  accountManagers { id name }
}`;

export interface LoadedMap {
  graph: MapGraph;
  managers: Map<string, string>;
  totalAccounts: number;
  truncated: boolean;
  version: number;
}

export async function loadMap(limit = 50_000): Promise<LoadedMap> {
  const answer = await graphql<InfluenceMapAnswer>(MAP_QUERY, { limit });
  const map = answer.influenceMap;
  if (!map) throw new Error("the influence map is not available yet (analytics are still computing); reload in a moment");
  const graph: MapGraph = new Graph({ type: "directed", multi: false, allowSelfLoops: false });
  const placement = placeByCommunity(map.communities);
  map.ids.forEach((id, i) => {
    const owner = map.owners[i]!;
    graph.addNode(id, {
      label: map.names[i]!,
      x: placement[i]![0],
      y: placement[i]![1],
      size: 3,
      color: "#888",
      status: map.statuses[i]!,
      segment: map.segments[i]!,
      owner: owner >= 0 ? map.ownerIds[owner]! : "",
      tier: map.tiers[i] ?? "",
      community: map.communities[i]!,
      revenue: map.revenue[i]!,
      pagerank: map.pagerank[i]!,
      betweenness: map.betweenness[i]!,
      strategicScore: map.strategicScore[i]!,
    });
  });
  map.linkSources.forEach((source, i) => {
    const from = map.ids[source]!;
    const to = map.ids[map.linkTargets[i]!]!;
    const strength = map.linkStrengths[i]!;
    graph.mergeEdge(from, to, { strength, size: 0.5 + strength, color: "" });
  });
  return {
    graph,
    managers: new Map(answer.accountManagers.map((m) => [m.id, m.name])),
    totalAccounts: map.totalAccounts,
    truncated: map.truncated,
    version: map.snapshot.version,
  };
}

/**
 * Positions by community: communities on a sunflower spiral, largest at the centre, each
 * placed at the radius its predecessors' area reaches (so discs neither overlap much nor
 * leave holes), members in a sunflower disc of area proportional to their number.
 */
function placeByCommunity(communities: number[]): [number, number][] {
  const members = new Map<number, number[]>();
  communities.forEach((community, i) => {
    let list = members.get(community);
    if (!list) members.set(community, (list = []));
    list.push(i);
  });
  const ordered = [...members.values()].sort((a, b) => b.length - a.length);
  const golden = Math.PI * (3 - Math.sqrt(5));
  const positions: [number, number][] = new Array(communities.length);
  let placed = 0;
  ordered.forEach((list, c) => {
    // Area so far -> radius; the 1.6 leaves a gap between neighbouring communities.
    const distance = 1.6 * Math.sqrt(placed + list.length / 2);
    const cx = c === 0 ? 0 : Math.cos(c * golden) * distance;
    const cy = c === 0 ? 0 : Math.sin(c * golden) * distance;
    list.forEach((node, k) => {
      const r = Math.sqrt(k + 0.5);
      positions[node] = [cx + Math.cos(k * golden) * r, cy + Math.sin(k * golden) * r];
    });
    placed += list.length;
  });
  return positions;
}
