/**
 * Building and indexing the compact `InfluenceNetwork` (CSR) that cascades run on.
 *
 * Services hand over what analytics already hold: an `ids` array, a CSR of INFLUENCES
 * (and REFERRED) links with strengths 0..1, and per-node revenue / potential arrays.
 * Strengths become Independent Cascade probabilities p = min(1, strength x activationScale):
 * a strength-1 tie (a board seat) converts a neighbour in one cascade step with
 * probability `activationScale`. The default 0.1 follows the uniform p = 0.1 setting of
 * Kempe, Kleinberg & Tardos (2003) and keeps cascades subcritical at typical degrees
 * (mean out-degree x mean p < 1), so a campaign reaches dozens of accounts, not all.
 * Cost: O(V + E) to build and to reverse.
 */
import { ValidationError } from "../domain/errors.js";
import type { AccountStatus } from "../domain/model.js";
import { NODE_STATUS, type CommunityIndex, type InfluenceNetwork } from "./inputs.js";

export const NETWORK_DEFAULTS = { activationScale: 0.1 } as const;

export interface InfluenceNetworkParts {
  ids: readonly string[];
  offsets: Int32Array;
  targets: Int32Array;
  /** Link strengths 0..1, aligned with `targets`. */
  strengths: Float64Array;
  status: Uint8Array | readonly AccountStatus[];
  revenue: Float64Array;
  potential: Float64Array;
  communities?: CommunityIndex;
  activationScale?: number;
}

export function buildInfluenceNetwork(parts: InfluenceNetworkParts): InfluenceNetwork {
  const scale = parts.activationScale ?? NETWORK_DEFAULTS.activationScale;
  if (!Number.isFinite(scale) || scale < 0 || scale > 1) {
    throw new ValidationError("activationScale must be between 0 and 1", "network.activationScale");
  }
  const probabilities = new Float64Array(parts.strengths.length);
  for (let e = 0; e < probabilities.length; e++) probabilities[e] = Math.min(1, parts.strengths[e]! * scale);
  const status = parts.status instanceof Uint8Array ? parts.status : Uint8Array.from(parts.status, (s) => NODE_STATUS[s]);
  const network: InfluenceNetwork = {
    ids: parts.ids,
    offsets: parts.offsets,
    targets: parts.targets,
    probabilities,
    potential: parts.potential,
    revenue: parts.revenue,
    status,
    ...(parts.communities ? { communities: parts.communities } : {}),
  };
  validateInfluenceNetwork(network);
  return network;
}

/** Throws ValidationError (field `network.*`) if arrays disagree in length or range. */
export function validateInfluenceNetwork(network: InfluenceNetwork): void {
  const n = network.ids.length;
  const m = network.targets.length;
  const fail = (what: string, field: string): never => {
    throw new ValidationError(what, `network.${field}`);
  };
  if (network.offsets.length !== n + 1) fail("offsets must have one entry per node plus one", "offsets");
  if (network.offsets[0] !== 0 || network.offsets[n] !== m) fail("offsets must start at 0 and end at targets.length", "offsets");
  for (let i = 0; i < n; i++) if (network.offsets[i + 1]! < network.offsets[i]!) fail("offsets must not decrease", "offsets");
  if (network.probabilities.length !== m) fail("probabilities must align with targets", "probabilities");
  for (let e = 0; e < m; e++) {
    const t = network.targets[e]!;
    if (t < 0 || t >= n) fail("targets must be node indices", "targets");
    const p = network.probabilities[e]!;
    if (!(p >= 0 && p <= 1)) fail("probabilities must be between 0 and 1", "probabilities");
  }
  if (network.potential.length !== n) fail("potential must have one entry per node", "potential");
  if (network.revenue.length !== n) fail("revenue must have one entry per node", "revenue");
  if (network.status.length !== n) fail("status must have one entry per node", "status");
  const communities = network.communities;
  if (communities) {
    if (communities.offsets.length !== communities.ids.length + 1) fail("community offsets misaligned", "communities.offsets");
    for (const member of communities.members) if (member < 0 || member >= n) fail("community members must be node indices", "communities.members");
  }
}

/** Account id -> node index. */
export function indexNodes(network: InfluenceNetwork): Map<string, number> {
  const index = new Map<string, number>();
  network.ids.forEach((id, i) => index.set(id, i));
  return index;
}

/** In-link CSR of the network: for node v, sources[offsets[v]..offsets[v+1]) and edge ids. */
export interface ReverseCsr {
  offsets: Int32Array;
  sources: Int32Array;
  /** Index of the same link in the forward arrays (to read its probability). */
  edges: Int32Array;
}

export function reverseNetwork(network: InfluenceNetwork): ReverseCsr {
  const n = network.ids.length;
  const m = network.targets.length;
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) offsets[network.targets[e]! + 1]!++;
  for (let v = 0; v < n; v++) offsets[v + 1]! += offsets[v]!;
  const cursor = offsets.slice(0, n);
  const sources = new Int32Array(m);
  const edges = new Int32Array(m);
  for (let u = 0; u < n; u++) {
    for (let e = network.offsets[u]!; e < network.offsets[u + 1]!; e++) {
      const slot = cursor[network.targets[e]!]!++;
      sources[slot] = u;
      edges[slot] = e;
    }
  }
  return { offsets, sources, edges };
}
