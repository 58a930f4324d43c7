/**
 * Seeded random influence graphs for tests that need size: a directed preferential-
 * attachment graph (heavy-tailed in-degree, like real referral networks), strengths
 * uniform in (0.05, 1]. Deterministic for a seed.
 */
import type { GraphEdge } from "../../src/domain/graph.js";
import { mulberry32 } from "../../src/domain/prng.js";

export function generateInfluenceLinks(nodes: number, edgesPerNode: number, seed: number): GraphEdge[] {
  const rng = mulberry32(seed);
  const links: GraphEdge[] = [];
  const targets: number[] = [0]; // endpoint pool: drawing from it favours well-connected accounts
  const seen = new Set<string>();
  for (let v = 1; v < nodes; v++) {
    for (let j = 0; j < edgesPerNode; j++) {
      const other = rng() < 0.5 ? targets[Math.floor(rng() * targets.length)]! : Math.floor(rng() * v);
      if (other === v) continue;
      // Half the ties point at the popular account, half come from it.
      const [from, to] = rng() < 0.5 ? [v, other] : [other, v];
      const key = `${from}>${to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.push({ id: `l${links.length}`, type: "INFLUENCES", fromId: `a${from}`, toId: `a${to}`, strength: 0.05 + 0.95 * rng(), revenue: null });
      targets.push(other, v);
    }
  }
  return links;
}
