/**
 * The neighbourhood of a set of accounts, for exploring the influence graph in a UI:
 * every account within `depth` ties of `around` (ties followed in either direction, as
 * word of mouth is), through ties of strength ≥ `minStrength`, and every such tie among
 * the accounts returned — stored links and implicit MEMBERSHIP ties alike.
 *
 * Bounded: at most `limit` accounts. Each BFS layer is admitted strongest-tie first (then
 * by id), so a truncated answer keeps the accounts most tightly bound to the start; the
 * `truncated` flag says an account within reach was left out.
 *
 * Source: breadth-first search layer by layer. Cost: O(Σ degree of the visited accounts
 * + layer sorts), independent of the graph size when `limit` is small.
 */
import { NotFoundError } from "../../domain/errors.js";
import type { Projection, TieType } from "../projection.js";

export interface NeighbourhoodQuery {
  around: readonly string[];
  depth: number;
  minStrength: number;
  limit: number;
}

export interface NeighbourhoodEdge {
  id: string;
  type: TieType;
  fromId: string;
  toId: string;
  strength: number;
}

export interface Neighbourhood {
  /** Accounts in BFS order: the `around` accounts first. */
  nodeIds: string[];
  /** Hops from the nearest `around` account, aligned with nodeIds. */
  depths: number[];
  edges: NeighbourhoodEdge[];
  truncated: boolean;
}

export function exploreNeighbourhood(projection: Projection, query: NeighbourhoodQuery): Neighbourhood {
  const { graph } = projection;
  const depthOf = new Map<string, number>();
  const nodeIds: string[] = [];
  let truncated = false;
  for (const id of query.around) {
    if (!graph.hasNode(id)) throw new NotFoundError("Account", id, "around");
    if (depthOf.has(id)) continue;
    if (nodeIds.length >= query.limit) {
      truncated = true;
      break;
    }
    depthOf.set(id, 0);
    nodeIds.push(id);
  }

  let frontier = nodeIds.slice();
  for (let depth = 1; depth <= query.depth && frontier.length > 0 && !truncated; depth++) {
    // Strongest tie from this layer to each new account decides who gets in first.
    const candidates = new Map<string, number>();
    for (const id of frontier) {
      graph.forEachEdge(id, (_key, attributes, source, target) => {
        if (attributes.strength < query.minStrength) return;
        const other = source === id ? target : source;
        if (depthOf.has(other)) return;
        candidates.set(other, Math.max(candidates.get(other) ?? 0, attributes.strength));
      });
    }
    const layer = [...candidates].sort(([a, sa], [b, sb]) => sb - sa || (a < b ? -1 : a > b ? 1 : 0));
    frontier = [];
    for (const [id] of layer) {
      if (nodeIds.length >= query.limit) {
        truncated = true;
        break;
      }
      depthOf.set(id, depth);
      nodeIds.push(id);
      frontier.push(id);
    }
  }

  const edges: NeighbourhoodEdge[] = [];
  for (const id of nodeIds) {
    graph.forEachOutEdge(id, (key, attributes, source, target) => {
      if (attributes.strength < query.minStrength || !depthOf.has(target)) return;
      edges.push({ id: key, type: attributes.type, fromId: source, toId: target, strength: attributes.strength });
    });
  }
  edges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodeIds, depths: nodeIds.map((id) => depthOf.get(id)!), edges, truncated };
}
