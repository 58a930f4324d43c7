/**
 * Degree and weighted degree (strength) of each account in the influence graph.
 * In-degree counts the distinct accounts that influence or referred this one; out-degree
 * the distinct accounts it influences or referred (parallel links between one pair count
 * once, see csr.ts). The weighted variants sum tie strengths instead (Barrat et al.,
 * "The architecture of complex weighted networks", PNAS 101(11), 2004: node strength).
 * Values are raw counts / sums, not networkx's degree_centrality fraction (÷ (n-1)).
 *
 * Cost: O(V) over the CSR.
 */
import { csrOf } from "../csr.js";
import type { Projection } from "../projection.js";
import { scoresOf, type NodeScores } from "./node-scores.js";

export function computeInDegree(projection: Projection): NodeScores {
  const csr = csrOf(projection);
  return scoresOf(csr, rowLengths(csr.inOffsets));
}

export function computeOutDegree(projection: Projection): NodeScores {
  const csr = csrOf(projection);
  return scoresOf(csr, rowLengths(csr.outOffsets));
}

export function computeWeightedInDegree(projection: Projection): NodeScores {
  const csr = csrOf(projection);
  return scoresOf(csr, csr.inWeightSums.slice());
}

export function computeWeightedOutDegree(projection: Projection): NodeScores {
  const csr = csrOf(projection);
  return scoresOf(csr, csr.outWeightSums.slice());
}

function rowLengths(offsets: Int32Array): Float64Array {
  const values = new Float64Array(offsets.length - 1);
  for (let i = 0; i < values.length; i++) values[i] = offsets[i + 1]! - offsets[i]!;
  return values;
}
