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
 * Source: breadth-first search layer by layer over the projection's tables (links per
 * account, membership rosters), so exploring never builds the graphology graph. Cost:
 * O(Σ ties of the visited accounts + layer sorts), independent of the graph size when
 * `limit` is small.
 */
import { NotFoundError } from "../../domain/errors.js";
import { LINK_TYPES } from "../../domain/model.js";
import { membershipTieKey, type Projection, type TieType } from "../projection.js";

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

type TieVisitor = (id: () => string, type: TieType, from: number, to: number, strength: number) => void;

/** Every tie (link or membership tie) that starts or ends at `account`; ids are built only when asked for. */
function forEachTie(projection: Projection, account: number, visit: TieVisitor): void {
  const { links, memberships, options, accounts } = projection;
  const onLink = (slot: number) =>
    visit(() => links.ids[slot]!, LINK_TYPES[links.type[slot]!]!, links.from[slot]!, links.to[slot]!, links.strength[slot]!);
  links.forEachOut(account, onLink);
  links.forEachIn(account, onLink);
  if (!options.membershipTies) return;
  memberships.forEachTieOf(account, (leader, member, community) => {
    const id = () => membershipTieKey(memberships.communities.values[community]!, accounts.idAt(leader), accounts.idAt(member));
    visit(id, "MEMBERSHIP", leader, member, options.membershipTieStrength);
  });
}

export function exploreNeighbourhood(projection: Projection, query: NeighbourhoodQuery): Neighbourhood {
  const { accounts } = projection;
  const depthOf = new Map<number, number>();
  const nodes: number[] = [];
  let truncated = false;
  for (const id of query.around) {
    const index = accounts.indexOf.get(id);
    if (index === undefined) throw new NotFoundError("Account", id, "around");
    if (depthOf.has(index)) continue;
    if (nodes.length >= query.limit) {
      truncated = true;
      break;
    }
    depthOf.set(index, 0);
    nodes.push(index);
  }

  let frontier = nodes.slice();
  for (let depth = 1; depth <= query.depth && frontier.length > 0 && !truncated; depth++) {
    // Strongest tie from this layer to each new account decides who gets in first.
    const candidates = new Map<number, number>();
    for (const account of frontier) {
      forEachTie(projection, account, (_id, _type, from, to, strength) => {
        if (strength < query.minStrength) return;
        const other = from === account ? to : from;
        if (depthOf.has(other)) return;
        candidates.set(other, Math.max(candidates.get(other) ?? 0, strength));
      });
    }
    const layer = [...candidates].sort(
      ([a, sa], [b, sb]) => sb - sa || (accounts.idAt(a) < accounts.idAt(b) ? -1 : accounts.idAt(a) > accounts.idAt(b) ? 1 : 0),
    );
    frontier = [];
    for (const [account] of layer) {
      if (nodes.length >= query.limit) {
        truncated = true;
        break;
      }
      depthOf.set(account, depth);
      nodes.push(account);
      frontier.push(account);
    }
  }

  const edges: NeighbourhoodEdge[] = [];
  for (const account of nodes) {
    forEachTie(projection, account, (id, type, from, to, strength) => {
      // Each tie once: from its source's side.
      if (from !== account || strength < query.minStrength || !depthOf.has(to)) return;
      edges.push({ id: id(), type, fromId: accounts.idAt(from), toId: accounts.idAt(to), strength });
    });
  }
  edges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodeIds: nodes.map((i) => accounts.idAt(i)), depths: nodes.map((i) => depthOf.get(i)!), edges, truncated };
}
