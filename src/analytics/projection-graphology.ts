/**
 * The graphology face of the projection: a MultiDirectedGraph with one node per account
 * (attributes as AccountNodeAttributes, community roles included), one edge per stored
 * link keyed by its id, and one MEMBERSHIP edge per implicit leader tie keyed by
 * membershipTieKey: the graph model for export and graphology-based tools (tests compare
 * the CSR views against it). Built from the projection's columns only when first asked
 * for — it costs ~3 s and ~365 MB of heap at 200k accounts / 1M links (graphology's
 * per-edge inserts), which metrics, Louvain and neighbourhoods on the tables and CSR
 * never need — and from then on kept in step with every patch, edge by edge.
 */
import { MultiDirectedGraph } from "graphology";
import { LINK_TYPES } from "../domain/model.js";
import type { AccountTable } from "./account-table.js";
import type { LinkTable } from "./link-table.js";
import type { MembershipTable, TiePair } from "./membership-table.js";
import type { AccountNodeAttributes, InfluenceEdgeAttributes } from "./projection-records.js";

export type InfluenceGraph = MultiDirectedGraph<AccountNodeAttributes, InfluenceEdgeAttributes>;

/** Edge key of the implicit tie a leader has to a member through one community. */
export function membershipTieKey(communityId: string, leaderId: string, memberId: string): string {
  return `membership:${communityId}:${leaderId}:${memberId}`;
}

export interface GraphTables {
  readonly accounts: AccountTable;
  readonly links: LinkTable;
  readonly memberships: MembershipTable;
  readonly membershipTies: boolean;
  readonly membershipTieStrength: number;
}

/** The graphology graph of the tables as they are now. O(V + E) graphology inserts. */
export function materializeGraph(tables: GraphTables): InfluenceGraph {
  const graph: InfluenceGraph = new MultiDirectedGraph({ allowSelfLoops: false });
  const { accounts, links, memberships } = tables;
  for (let i = 0; i < accounts.count; i++) {
    if (accounts.isRemoved(i)) continue;
    const id = accounts.idAt(i);
    graph.addNode(id, withRoles(accounts.attributesOf(i), memberships, i));
  }
  for (let slot = 0; slot < links.slots; slot++) {
    if (!links.isLive(slot)) continue;
    graph.addDirectedEdgeWithKey(links.ids[slot]!, accounts.idAt(links.from[slot]!), accounts.idAt(links.to[slot]!), linkAttributes(links, slot));
  }
  if (tables.membershipTies) {
    memberships.forEachTie((leader, member, community) => {
      const [leaderId, memberId] = [accounts.idAt(leader), accounts.idAt(member)];
      graph.addDirectedEdgeWithKey(tieKey(tables, community, leaderId, memberId), leaderId, memberId, tieAttributes(tables));
    });
  }
  return graph;
}

export function linkAttributes(links: LinkTable, slot: number): InfluenceEdgeAttributes {
  const revenue = links.revenue[slot]!;
  return { type: LINK_TYPES[links.type[slot]!]!, strength: links.strength[slot]!, revenue: Number.isNaN(revenue) ? null : revenue };
}

function tieKey(tables: GraphTables, community: number, leaderId: string, memberId: string): string {
  return membershipTieKey(tables.memberships.communities.values[community]!, leaderId, memberId);
}

function tieAttributes(tables: GraphTables): InfluenceEdgeAttributes {
  return { type: "MEMBERSHIP", strength: tables.membershipTieStrength, revenue: null };
}

/** Node attributes with the account's community roles, in joining order. */
function withRoles(attributes: AccountNodeAttributes, memberships: MembershipTable, index: number): AccountNodeAttributes {
  for (const { communityId, leader } of memberships.rolesOf(index)) {
    attributes.communities.push(communityId);
    if (leader) attributes.leaderOf.push(communityId);
  }
  return attributes;
}

/** Keeps a materialised graph in step with the tables, one write at a time (after the tables changed). */
export class GraphMirror {
  constructor(
    readonly graph: InfluenceGraph,
    private readonly tables: GraphTables,
  ) {}

  upsertAccount(index: number): void {
    const id = this.tables.accounts.idAt(index);
    const attributes = withRoles(this.tables.accounts.attributesOf(index), this.tables.memberships, index);
    if (this.graph.hasNode(id)) this.graph.replaceNodeAttributes(id, attributes);
    else this.graph.addNode(id, attributes);
  }

  /** Drops the account with its edges; call after its memberships were synced. */
  removeAccount(id: string): void {
    if (this.graph.hasNode(id)) this.graph.dropNode(id);
  }

  upsertLink(slot: number): void {
    const { links, accounts } = this.tables;
    const id = links.ids[slot]!;
    if (this.graph.hasEdge(id)) this.graph.replaceEdgeAttributes(id, linkAttributes(links, slot));
    else this.graph.addDirectedEdgeWithKey(id, accounts.idAt(links.from[slot]!), accounts.idAt(links.to[slot]!), linkAttributes(links, slot));
  }

  removeLink(id: string): void {
    if (this.graph.hasEdge(id)) this.graph.dropEdge(id);
  }

  /** After a membership write: the account's roles, and each tie the write may have changed. */
  syncMembership(account: number, pairs: readonly TiePair[]): void {
    const { memberships, accounts } = this.tables;
    const accountId = accounts.idAt(account);
    if (this.graph.hasNode(accountId)) {
      const attributes = this.graph.getNodeAttributes(accountId);
      attributes.communities = [];
      attributes.leaderOf = [];
      withRoles(attributes, memberships, account);
    }
    if (!this.tables.membershipTies) return;
    for (const [leader, member, community] of pairs) {
      const [leaderId, memberId] = [accounts.idAt(leader), accounts.idAt(member)];
      const key = tieKey(this.tables, community, leaderId, memberId);
      const wanted = memberships.hasTie(leader, member, community);
      if (wanted && !this.graph.hasEdge(key)) this.graph.addDirectedEdgeWithKey(key, leaderId, memberId, tieAttributes(this.tables));
      else if (!wanted && this.graph.hasEdge(key)) this.graph.dropEdge(key);
    }
  }
}
