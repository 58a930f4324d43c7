/**
 * Per-node data a snapshot carries besides metrics: the attributes the services filter
 * and aggregate on (revenue, status, segment, owner, stored community memberships) as
 * typed arrays with string dictionaries, and each node's ties into other computed
 * communities (for brokers). Cost: O(V + E).
 */
import { csrOf } from "../csr.js";
import type { Projection } from "../projection.js";
import { Dictionary } from "../kernels/growable-arrays.js";
import type { SnapshotAttributes } from "./snapshot.js";

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
  const { order } = csrOf(projection);
  const { accounts, memberships } = projection;
  const groupOffsets = new Int32Array(order + 1);
  const groupIndex: number[] = [];
  const groups = new Dictionary();
  for (let i = 0; i < order; i++) {
    groupOffsets[i] = groupIndex.length;
    memberships.forEachCommunity(i, (communityId) => groupIndex.push(groups.indexOf(communityId)));
  }
  groupOffsets[order] = groupIndex.length;
  // Copies: the account columns keep changing with later patches, the snapshot must not.
  return {
    revenue: accounts.annualRevenue.slice(0, order),
    status: accounts.status.slice(0, order),
    segment: accounts.segment.slice(0, order),
    owner: accounts.owner.slice(0, order),
    owners: accounts.owners.values.slice(),
    groupOffsets,
    groupIndex: Int32Array.from(groupIndex),
    groups: groups.values,
  };
}
