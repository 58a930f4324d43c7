/**
 * Referral paths between two accounts over stored links only (REFERRED + INFLUENCES;
 * membership ties are not introductions), e.g. from a loyal customer to a prospect:
 *
 * - strongest: the chain whose product of strengths is largest (the most likely chain of
 *   introductions). Maximising Π s_i is minimising Σ −log s_i, so Dijkstra (E. Dijkstra,
 *   "A note on two problems in connexion with graphs", Numer. Math. 1, 1959) on lengths
 *   −log(strength). Each hop also costs 1e-9, so among chains of equal strength (a run of
 *   full-strength referrals has product 1 whatever its length) the shortest wins.
 * - shortest: fewest hops by BFS; among those, the strongest (products maximised layer by
 *   layer over the BFS DAG).
 *
 * Between two accounts with several links, a step uses the strongest one (REFERRED wins a
 * tie). Links of strength 0 are not usable. Both return null when `to` is unreachable.
 * Cost: O((V + E) log V) strongest, O(V + E) shortest, on the LINKS CSR view.
 */
import { NotFoundError } from "../../domain/errors.js";
import type { LinkType } from "../../domain/model.js";
import { csrOf, type Csr } from "../csr.js";
import { MinHeap } from "../kernels/min-heap.js";
import type { Projection } from "../projection.js";
import { linkAttributes } from "../projection-graphology.js";

export interface ReferralStep {
  fromId: string;
  toId: string;
  linkId: string;
  type: LinkType;
  strength: number;
}

export interface ReferralPath {
  /** from, …, to */
  accountIds: string[];
  steps: ReferralStep[];
  /** Product of the step strengths (1 for the empty path). */
  strength: number;
  hops: number;
}

/** Tie-break cost of one hop in the −log space: far below any real strength difference. */
export const HOP_COST = 1e-9;

export function findStrongestReferralPath(projection: Projection, fromId: string, toId: string): ReferralPath | null {
  const csr = csrOf(projection, "LINKS");
  const [source, target] = endpoints(csr, fromId, toId);
  const { outOffsets, outTargets, outWeights } = csr;
  const dist = new Float64Array(csr.order).fill(Infinity);
  const previous = new Int32Array(csr.order).fill(-1);
  const settled = new Uint8Array(csr.order);
  const heap = new MinHeap();
  dist[source] = 0;
  heap.push(0, source);
  while (heap.size > 0) {
    const key = heap.peekKey();
    const v = heap.pop();
    if (settled[v] || key > dist[v]!) continue;
    settled[v] = 1;
    if (v === target) return pathOf(projection, csr, previous, source, target);
    for (let e = outOffsets[v]!, end = outOffsets[v + 1]!; e < end; e++) {
      const strength = outWeights[e]!;
      if (strength <= 0) continue;
      const w = outTargets[e]!;
      const candidate = key - Math.log(strength) + HOP_COST;
      if (candidate < dist[w]!) {
        dist[w] = candidate;
        previous[w] = v;
        heap.push(candidate, w);
      }
    }
  }
  return null;
}

export function findShortestReferralPath(projection: Projection, fromId: string, toId: string): ReferralPath | null {
  const csr = csrOf(projection, "LINKS");
  const [source, target] = endpoints(csr, fromId, toId);
  const { outOffsets, outTargets, outWeights } = csr;
  const depth = new Int32Array(csr.order).fill(-1);
  const best = new Float64Array(csr.order);
  const previous = new Int32Array(csr.order).fill(-1);
  const queue = new Int32Array(csr.order);
  depth[source] = 0;
  best[source] = 1;
  queue[0] = source;
  let head = 0;
  let tail = 1;
  while (head < tail) {
    const v = queue[head++]!;
    // Every node of the target's layer is final once the layer before it is done.
    if (depth[target] !== -1 && depth[v]! >= depth[target]!) break;
    for (let e = outOffsets[v]!, end = outOffsets[v + 1]!; e < end; e++) {
      const strength = outWeights[e]!;
      if (strength <= 0) continue;
      const w = outTargets[e]!;
      const candidate = best[v]! * strength;
      if (depth[w] === -1) {
        depth[w] = depth[v]! + 1;
        best[w] = candidate;
        previous[w] = v;
        queue[tail++] = w;
      } else if (depth[w] === depth[v]! + 1 && candidate > best[w]!) {
        best[w] = candidate;
        previous[w] = v;
      }
    }
  }
  return depth[target] === -1 ? null : pathOf(projection, csr, previous, source, target);
}

function endpoints(csr: Csr, fromId: string, toId: string): [number, number] {
  const source = csr.indexOf.get(fromId);
  if (source === undefined) throw new NotFoundError("Account", fromId, "from");
  const target = csr.indexOf.get(toId);
  if (target === undefined) throw new NotFoundError("Account", toId, "to");
  return [source, target];
}

function pathOf(projection: Projection, csr: Csr, previous: Int32Array, source: number, target: number): ReferralPath {
  const indices = [target];
  for (let v = target; v !== source;) indices.push((v = previous[v]!));
  indices.reverse();
  const accountIds = indices.map((i) => csr.ids[i]!);
  const steps = accountIds.slice(1).map((toId, i) => strongestLink(projection, csr, accountIds[i]!, toId));
  const strength = steps.reduce((product, step) => product * step.strength, 1);
  return { accountIds, steps, strength, hops: steps.length };
}

function strongestLink(projection: Projection, csr: Csr, fromId: string, toId: string): ReferralStep {
  const { links } = projection;
  const target = csr.indexOf.get(toId)!;
  let step: ReferralStep | null = null;
  links.forEachOut(csr.indexOf.get(fromId)!, (slot) => {
    if (links.to[slot] !== target) return;
    const { type, strength } = linkAttributes(links, slot);
    const better = step === null || strength > step.strength || (strength === step.strength && type === "REFERRED" && step.type !== "REFERRED");
    if (better) step = { fromId, toId, linkId: links.ids[slot]!, type: type as LinkType, strength };
  });
  if (step === null) throw new Error(`analytics/metrics/referral-paths: no link ${fromId} -> ${toId} behind a CSR arc`);
  return step;
}
