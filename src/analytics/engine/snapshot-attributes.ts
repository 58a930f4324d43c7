/**
 * Per-node data a snapshot carries besides metrics: the attributes the services filter
 * and aggregate on (revenue, status, segment, owner, stored community memberships) as
 * typed arrays with string dictionaries, and each node's ties into other computed
 * communities (for brokers). Cost: O(V + E).
 */
import { csrOf } from "../csr.js";
import type { Projection } from "../projection.js";
import { SEGMENT_CODES, STATUS_CODES, type SnapshotAttributes } from "./snapshot.js";

/** Distinct neighbours (either direction) in another community, per node. O(V + E). */
export function countExternalTies(projection: Projection, community: Int32Array): Int32Array {
  const { order, outOffsets, outTargets, inOffsets, inSources } = csrOf(projection);
  const ties = new Int32Array(order);
  for (let v = 0; v < order; v++) {
    const own = community[v];
    let count = 0;
    for (let e = outOffsets[v]!; e < outOffsets[v + 1]!; e++) if (community[outTargets[e]!] !== own) count++;
    for (let e = inOffsets[v]!; e < inOffsets[v + 1]!; e++) if (community[inSources[e]!] !== own) count++;
    ties[v] = count;
  }
  return ties;
}

export function collectAttributes(projection: Projection): SnapshotAttributes {
  const { ids, order } = csrOf(projection);
  const revenue = new Float64Array(order);
  const status = new Uint8Array(order);
  const segment = new Uint8Array(order);
  const owner = new Int32Array(order);
  const groupOffsets = new Int32Array(order + 1);
  const memberships: number[] = [];
  const owners = new Dictionary();
  const groups = new Dictionary();
  for (let i = 0; i < order; i++) {
    const node = projection.graph.getNodeAttributes(ids[i]!);
    revenue[i] = node.annualRevenue;
    status[i] = STATUS_CODES.indexOf(node.status);
    segment[i] = SEGMENT_CODES.indexOf(node.segment);
    owner[i] = node.ownerId === null ? -1 : owners.indexOf(node.ownerId);
    groupOffsets[i] = memberships.length;
    for (const communityId of node.communities) memberships.push(groups.indexOf(communityId));
  }
  groupOffsets[order] = memberships.length;
  return {
    revenue,
    status,
    segment,
    owner,
    owners: owners.values,
    groupOffsets,
    groupIndex: Int32Array.from(memberships),
    groups: groups.values,
  };
}

/** String interning: value -> dense index. */
class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  indexOf(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) this.index.set(value, (i = this.values.push(value) - 1));
    return i;
  }
}
