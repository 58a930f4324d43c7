/**
 * The influence projection: an in-memory graphology graph of accounts and their ties,
 * built from the store's whole-graph read (AccountGraphStore.readGraph) the way Neo4j
 * Graph Data Science projects a graph before running algorithms, then patched in place
 * after single writes (applyGraphPatch) instead of being rebuilt.
 *
 * Model decisions (each tested in test/analytics/projection.test.ts):
 * - Nodes are accounts only, keyed by account id; attributes come from GraphNode.
 * - Direction: an edge A -> B means "A influences / referred B": influence flows from A to B.
 *   Metrics that rank "influential" accounts follow that convention (see metrics/pagerank.ts).
 * - One graphology edge per stored link, keyed by the link id, in a MultiDirectedGraph: a
 *   REFERRED and an INFLUENCES link between the same pair are both kept, and either can be
 *   removed by id when one link is unlinked. Kernels see one arc per ordered pair: the CSR
 *   view (csr.ts) merges parallel edges (summed strength for flow metrics, the strongest
 *   one for path strength), so no metric double-counts or misses a parallel link.
 * - Communities are not nodes. A community node would put every member two hops from every
 *   other and make each big church or association the top "influencer" of the network.
 *   Membership lives on node attributes (`communities`, `leaderOf`) and, when
 *   `membershipTies` is on, each community LEADER gets a weak implicit tie (type
 *   MEMBERSHIP, strength `membershipTieStrength`) to every other member of that community,
 *   so a leader counts as a centre of influence without outweighing real referrals.
 *
 * Cost: O(V + E + Σ_c leaders(c)·members(c)) time and memory; a patch costs O(1) per
 * edge it touches (a leader's membership patch touches one tie per fellow member).
 */
import { MultiDirectedGraph } from "graphology";
import { ConflictError, NotFoundError } from "../domain/errors.js";
import type { GraphChunk, GraphEdge, GraphNode } from "../domain/graph.js";
import type { Membership } from "../domain/model.js";
import { requireFraction } from "../domain/guards.js";
import {
  requireMembershipRole,
  toEdgeAttributes,
  toNodeAttributes,
  type AccountNodeAttributes,
  type InfluenceEdgeAttributes,
} from "./projection-records.js";

export type { AccountNodeAttributes, InfluenceEdgeAttributes, TieType } from "./projection-records.js";
export { TIE_TYPES } from "./projection-records.js";

export type InfluenceGraph = MultiDirectedGraph<AccountNodeAttributes, InfluenceEdgeAttributes>;

export interface ProjectionOptions {
  /** Give each community leader an implicit MEMBERSHIP tie to every other member. */
  membershipTies: boolean;
  /** Strength of that tie: weaker than a typical INFLUENCES link, on purpose. */
  membershipTieStrength: number;
}

export const DEFAULTS: Readonly<ProjectionOptions> = Object.freeze({
  membershipTies: true,
  membershipTieStrength: 0.3,
});

/** Who is in a community; the source of truth for membership ties. */
export interface CommunityRoster {
  /** Every member, leaders included. */
  readonly members: Set<string>;
  readonly leaders: Set<string>;
}

export interface Projection {
  readonly graph: InfluenceGraph;
  readonly options: Readonly<ProjectionOptions>;
  readonly rosters: Map<string, CommunityRoster>;
  /** Bumped by every applied patch; derived views (csr.ts) are cached against it. */
  revision: number;
}

/** One incremental change, mirroring one store write. */
export type GraphPatch =
  | { op: "UPSERT_NODE"; node: GraphNode }
  | { op: "REMOVE_NODE"; id: string }
  | { op: "ADD_EDGE"; edge: GraphEdge }
  | { op: "REMOVE_EDGE"; id: string }
  | { op: "ADD_MEMBERSHIP"; membership: Membership }
  | { op: "REMOVE_MEMBERSHIP"; accountId: string; communityId: string };

export function createEmptyProjection(options: Partial<ProjectionOptions> = {}): Projection {
  const resolved = { ...DEFAULTS, ...options };
  requireFraction(resolved.membershipTieStrength, "options.membershipTieStrength");
  return {
    graph: new MultiDirectedGraph<AccountNodeAttributes, InfluenceEdgeAttributes>({ allowSelfLoops: false }),
    options: Object.freeze(resolved),
    rosters: new Map(),
    revision: 0,
  };
}

/**
 * Builds the projection from the store's chunked read. Chunks list nodes before the
 * memberships and edges that use them, but a membership or edge whose account arrives in
 * a later chunk is held back and applied at the end; one naming an account that never
 * arrives fails with NotFoundError.
 */
export async function buildProjection(
  chunks: AsyncIterable<GraphChunk> | Iterable<GraphChunk>,
  options: Partial<ProjectionOptions> = {},
): Promise<Projection> {
  const projection = createEmptyProjection(options);
  const { graph } = projection;
  const heldMemberships: Membership[] = [];
  const heldEdges: GraphEdge[] = [];
  for await (const chunk of chunks) {
    for (const node of chunk.nodes) upsertNode(projection, node);
    for (const membership of chunk.memberships) {
      if (graph.hasNode(membership.accountId)) addMembership(projection, membership);
      else heldMemberships.push(membership);
    }
    for (const edge of chunk.edges) {
      if (graph.hasNode(edge.fromId) && graph.hasNode(edge.toId)) addLink(projection, edge);
      else heldEdges.push(edge);
    }
  }
  for (const membership of heldMemberships) addMembership(projection, membership);
  for (const edge of heldEdges) addLink(projection, edge);
  projection.revision = 0;
  return projection;
}

/**
 * Applies one write (or several, in order) to the projection in place, bumping its
 * revision once per patch. A patch that fails (NOT_FOUND, CONFLICT, BAD_USER_INPUT)
 * leaves the patches before it applied: the caller should rebuild from the store then.
 * ADD_EDGE of an existing link id and ADD_MEMBERSHIP of an existing member update them.
 */
export function applyGraphPatch(projection: Projection, patch: GraphPatch | readonly GraphPatch[]): Projection {
  const patches: readonly GraphPatch[] = Array.isArray(patch) ? patch : [patch as GraphPatch];
  for (const one of patches) {
    switch (one.op) {
      case "UPSERT_NODE":
        upsertNode(projection, one.node);
        break;
      case "REMOVE_NODE":
        removeNode(projection, one.id);
        break;
      case "ADD_EDGE":
        addLink(projection, one.edge);
        break;
      case "REMOVE_EDGE":
        if (!projection.graph.hasEdge(one.id)) throw new NotFoundError("Link", one.id);
        projection.graph.dropEdge(one.id);
        break;
      case "ADD_MEMBERSHIP":
        addMembership(projection, one.membership);
        break;
      case "REMOVE_MEMBERSHIP":
        removeMembership(projection, one.accountId, one.communityId);
        break;
    }
    projection.revision++;
  }
  return projection;
}

function upsertNode(projection: Projection, node: GraphNode): void {
  const attributes = toNodeAttributes(node);
  const { graph } = projection;
  if (graph.hasNode(node.id)) {
    // Community roles come from memberships, not from the account row: keep them.
    const previous = graph.getNodeAttributes(node.id);
    attributes.communities = previous.communities;
    attributes.leaderOf = previous.leaderOf;
    graph.replaceNodeAttributes(node.id, attributes);
  } else {
    graph.addNode(node.id, attributes);
  }
}

function removeNode(projection: Projection, id: string): void {
  const { graph } = projection;
  if (!graph.hasNode(id)) throw new NotFoundError("Account", id);
  for (const communityId of [...graph.getNodeAttribute(id, "communities")]) {
    removeMembership(projection, id, communityId);
  }
  graph.dropNode(id);
}

/** Adds a stored link; re-adding the same link id between the same accounts updates it. */
function addLink(projection: Projection, edge: GraphEdge): void {
  const { graph } = projection;
  const attributes = toEdgeAttributes(edge);
  if (!graph.hasNode(edge.fromId)) throw new NotFoundError("Account", edge.fromId, `edges[${edge.id}].fromId`);
  if (!graph.hasNode(edge.toId)) throw new NotFoundError("Account", edge.toId, `edges[${edge.id}].toId`);
  if (graph.hasEdge(edge.id)) {
    if (graph.source(edge.id) !== edge.fromId || graph.target(edge.id) !== edge.toId) {
      throw new ConflictError(`link ${edge.id} already joins other accounts`, `edges[${edge.id}].id`);
    }
    graph.replaceEdgeAttributes(edge.id, attributes);
    return;
  }
  graph.addDirectedEdgeWithKey(edge.id, edge.fromId, edge.toId, attributes);
}

function addMembership(projection: Projection, membership: Membership): void {
  const { graph, rosters } = projection;
  const { accountId, communityId } = membership;
  const role = requireMembershipRole(membership);
  if (!graph.hasNode(accountId)) throw new NotFoundError("Account", accountId, "membership.accountId");
  const attributes = graph.getNodeAttributes(accountId);
  if (attributes.communities.includes(communityId)) removeMembership(projection, accountId, communityId);

  let roster = rosters.get(communityId);
  if (!roster) rosters.set(communityId, (roster = { members: new Set(), leaders: new Set() }));
  roster.members.add(accountId);
  attributes.communities.push(communityId);
  if (role === "LEADER") {
    roster.leaders.add(accountId);
    attributes.leaderOf.push(communityId);
  }
  if (!projection.options.membershipTies) return;
  for (const leader of roster.leaders) addTie(projection, communityId, leader, accountId);
  if (role === "LEADER") for (const member of roster.members) addTie(projection, communityId, accountId, member);
}

function removeMembership(projection: Projection, accountId: string, communityId: string): void {
  const { graph, rosters } = projection;
  const roster = rosters.get(communityId);
  if (!roster || !roster.members.has(accountId) || !graph.hasNode(accountId)) {
    throw new NotFoundError("Membership", `${accountId}:${communityId}`);
  }
  // Ties are keyed by (community, leader, member), so dropping them needs no edge scan.
  for (const leader of roster.leaders) dropTie(projection, communityId, leader, accountId);
  if (roster.leaders.has(accountId)) for (const member of roster.members) dropTie(projection, communityId, accountId, member);
  roster.members.delete(accountId);
  roster.leaders.delete(accountId);
  if (roster.members.size === 0) rosters.delete(communityId);
  const attributes = graph.getNodeAttributes(accountId);
  attributes.communities = attributes.communities.filter((id) => id !== communityId);
  attributes.leaderOf = attributes.leaderOf.filter((id) => id !== communityId);
}

/** Edge key of the implicit tie a leader has to a member through one community. */
export function membershipTieKey(communityId: string, leaderId: string, memberId: string): string {
  return `membership:${communityId}:${leaderId}:${memberId}`;
}

function addTie(projection: Projection, communityId: string, leaderId: string, memberId: string): void {
  if (leaderId === memberId) return;
  const key = membershipTieKey(communityId, leaderId, memberId);
  if (projection.graph.hasEdge(key)) return;
  projection.graph.addDirectedEdgeWithKey(key, leaderId, memberId, {
    type: "MEMBERSHIP",
    strength: projection.options.membershipTieStrength,
    revenue: null,
  });
}

function dropTie(projection: Projection, communityId: string, leaderId: string, memberId: string): void {
  const key = membershipTieKey(communityId, leaderId, memberId);
  if (projection.graph.hasEdge(key)) projection.graph.dropEdge(key);
}
