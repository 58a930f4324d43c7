/**
 * The slices of accounts and links the influence projection holds (domain/graph.ts), and the
 * whole graph of a read view as the columns the analytics engine loads a projection from.
 */
import { GraphColumnsBuilder, type GraphColumns } from "../../analytics/index.js";
import type { GraphEdge, GraphNode } from "../../domain/graph.js";
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

export const GRAPH_COLUMNS_DEFAULTS = Object.freeze({
  /** Rows between pauses while a reload reads the view (~10 ms of work each). */
  rowsPerSlice: 20_000,
});

/**
 * The view's graph as the typed columns the projection loads (analytics/graph-columns.ts),
 * read straight from its records: accounts and links are GraphNodes and GraphEdges as they
 * are, so no row is copied on the way. `pause` is awaited every `rowsPerSlice` rows, so a
 * reload of 200,000 accounts never holds the event loop for more than a few milliseconds.
 */
export async function graphColumnsOf(
  view: ReadView,
  pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
  rowsPerSlice: number = GRAPH_COLUMNS_DEFAULTS.rowsPerSlice,
): Promise<GraphColumns> {
  let memberships = 0;
  for (const list of view.membershipsByAccount.values()) memberships += list.length;
  const builder = new GraphColumnsBuilder({ accounts: view.accounts.size, links: view.links.size, memberships });
  let rows = 0;
  for (const account of view.accounts.values()) {
    builder.addNode(account);
    if (++rows === rowsPerSlice) {
      rows = 0;
      await pause();
    }
  }
  for (const list of view.membershipsByAccount.values()) {
    for (const membership of list) builder.addMembership(membership);
    if ((rows += list.length) >= rowsPerSlice) {
      rows = 0;
      await pause();
    }
  }
  for (const link of view.links.values()) {
    builder.addEdge(link);
    if (++rows === rowsPerSlice) {
      rows = 0;
      await pause();
    }
  }
  return builder.finish();
}
