/**
 * The slices of accounts and links the influence projection holds (domain/graph.ts), and the
 * whole graph of a read view as the chunks the analytics engine loads a projection from.
 */
import type { GraphChunk, GraphEdge, GraphNode } from "../../domain/graph.js";
import type { Account, Link } from "../../domain/model.js";
import type { ReadView } from "./read-view.js";

export function toGraphNode(account: Account): GraphNode {
  return {
    id: account.id,
    name: account.name,
    status: account.status,
    segment: account.segment,
    annualRevenue: account.annualRevenue,
    ownerId: account.ownerId,
    licencesHeld: account.licencesHeld,
    licencesPlanned: account.licencesPlanned,
    licencePrice: account.licencePrice,
  };
}

export function toGraphEdge(link: Link): GraphEdge {
  return { id: link.id, type: link.type, fromId: link.fromId, toId: link.toId, strength: link.strength, revenue: link.revenue };
}

/** The view's graph in chunks of about `size` rows: nodes first, then memberships, then edges. */
export function* graphChunksOf(view: ReadView, size = 5_000): Generator<GraphChunk> {
  let nodes: GraphNode[] = [];
  for (const account of view.accounts.values()) {
    nodes.push(toGraphNode(account));
    if (nodes.length === size) {
      yield { nodes, edges: [], memberships: [] };
      nodes = [];
    }
  }
  if (nodes.length > 0) yield { nodes, edges: [], memberships: [] };
  let memberships: GraphChunk["memberships"] = [];
  for (const list of view.membershipsByAccount.values()) {
    memberships.push(...list);
    if (memberships.length >= size) {
      yield { nodes: [], edges: [], memberships };
      memberships = [];
    }
  }
  if (memberships.length > 0) yield { nodes: [], edges: [], memberships };
  let edges: GraphEdge[] = [];
  for (const link of view.links.values()) {
    edges.push(toGraphEdge(link));
    if (edges.length === size) {
      yield { nodes: [], edges, memberships: [] };
      edges = [];
    }
  }
  if (edges.length > 0) yield { nodes: [], edges, memberships: [] };
}
