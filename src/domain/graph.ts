/**
 * The slice of the account graph that analytics read. Stores stream it in chunks
 * (services/read-model/graph-slices.ts, from the read view); analytics build their projection from it.
 */
import type { AccountStatus, Cents, Membership, LinkType, Segment } from "./model.js";

/** The slice of an account analytics need; kept small so 200k accounts stay cheap. */
export interface GraphNode {
  id: string;
  name: string;
  status: AccountStatus;
  segment: Segment;
  annualRevenue: Cents;
  ownerId: string | null;
  licencesHeld: number;
  licencesPlanned: number;
  licencePrice: Cents;
}

export interface GraphEdge {
  id: string;
  type: LinkType;
  fromId: string;
  toId: string;
  strength: number;
  revenue: Cents | null;
}

/** One page of the whole-graph read; nodes come first, then memberships, then edges. */
export interface GraphChunk {
  nodes: GraphNode[];
  edges: GraphEdge[];
  memberships: Membership[];
}
