/**
 * The whole-graph read behind AccountGraphStore.readGraph: accounts, then memberships,
 * then links, each in pages of `pageSize` rows by keyset iteration on the primary key
 * (`WHERE key > last ORDER BY key LIMIT n`), which costs O(n log N) per page where
 * OFFSET would rescan every skipped row. The caller runs it inside one read
 * transaction so all chunks come from one snapshot.
 */
import type Database from "better-sqlite3";
import type { GraphChunk } from "../../domain/graph.js";
import {
  rowToGraphEdge,
  rowToGraphNode,
  rowToMembership,
  type GraphEdgeRow,
  type GraphNodeRow,
  type MembershipRow,
} from "./sqlite-mapping.js";
import { SQL } from "./sqlite-queries.js";

export function* readGraphChunks(db: Database.Database, pageSize: number): Generator<GraphChunk> {
  const nodesFirst = db.prepare<[number], GraphNodeRow>(SQL.graphNodesFirst);
  const nodesAfter = db.prepare<[string, number], GraphNodeRow>(SQL.graphNodesAfter);
  let nodes = nodesFirst.all(pageSize);
  while (nodes.length > 0) {
    yield { nodes: nodes.map(rowToGraphNode), edges: [], memberships: [] };
    if (nodes.length < pageSize) break;
    nodes = nodesAfter.all(nodes[nodes.length - 1]!.id, pageSize);
  }

  const membershipsFirst = db.prepare<[number], MembershipRow>(SQL.graphMembershipsFirst);
  const membershipsAfter = db.prepare<[string, string, number], MembershipRow>(SQL.graphMembershipsAfter);
  let memberships = membershipsFirst.all(pageSize);
  while (memberships.length > 0) {
    yield { nodes: [], edges: [], memberships: memberships.map(rowToMembership) };
    if (memberships.length < pageSize) break;
    const last = memberships[memberships.length - 1]!;
    memberships = membershipsAfter.all(last.account_id, last.community_id, pageSize);
  }

  const edgesFirst = db.prepare<[number], GraphEdgeRow>(SQL.graphEdgesFirst);
  const edgesAfter = db.prepare<[string, number], GraphEdgeRow>(SQL.graphEdgesAfter);
  let edges = edgesFirst.all(pageSize);
  while (edges.length > 0) {
    yield { nodes: [], edges: edges.map(rowToGraphEdge), memberships: [] };
    if (edges.length < pageSize) break;
    edges = edgesAfter.all(edges[edges.length - 1]!.id, pageSize);
  }
}
