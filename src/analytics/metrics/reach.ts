/**
 * k-hop reach of one account: how many accounts its influence reaches within `hops`
 * steps along the ties (A -> B: A reaches B), and how much annual revenue those accounts
 * represent — the word-of-mouth audience of the article, in accounts and in money.
 * The account itself is not counted. Every tie counts, whatever its strength.
 *
 * Source: breadth-first search (E. Moore, "The shortest path through a maze", 1959),
 * stopped at depth `hops`. Cost: O(V_reached + E_reached); two Int32 vectors of V.
 */
import { NotFoundError } from "../../domain/errors.js";
import { requirePositiveInt } from "../../domain/guards.js";
import type { Cents } from "../../domain/model.js";
import { csrOf } from "../csr.js";
import type { Projection } from "../projection.js";

export interface ReachOptions {
  hops: number;
}

export const DEFAULTS: Readonly<ReachOptions> = Object.freeze({ hops: 2 });
export const MAX_HOPS = 6;

export interface ReachResult {
  accountId: string;
  hops: number;
  /** Accounts reached within `hops`, the source excluded. */
  accounts: number;
  /** Σ annualRevenue of those accounts, in cents. */
  revenue: Cents;
  /** accountsAtHop[d-1] = accounts first reached at exactly d hops. */
  accountsAtHop: number[];
}

export function computeReach(projection: Projection, accountId: string, options: Partial<ReachOptions> = {}): ReachResult {
  const { hops } = { ...DEFAULTS, ...options };
  requirePositiveInt(hops, "options.hops", MAX_HOPS);
  const csr = csrOf(projection);
  const source = csr.indexOf.get(accountId);
  if (source === undefined) throw new NotFoundError("Account", accountId, "accountId");
  const { outOffsets, outTargets } = csr;
  // The account columns share the CSR's indices (both follow the projection's account order).
  const revenueOf = projection.accounts.annualRevenue;
  const depth = new Int32Array(csr.order).fill(-1);
  const queue = new Int32Array(csr.order);
  const accountsAtHop = new Array<number>(hops).fill(0);
  depth[source] = 0;
  queue[0] = source;
  let head = 0;
  let tail = 1;
  let revenue = 0;
  while (head < tail) {
    const v = queue[head++]!;
    const next = depth[v]! + 1;
    if (next > hops) break; // BFS order: every later node is at least as deep
    for (let e = outOffsets[v]!, end = outOffsets[v + 1]!; e < end; e++) {
      const w = outTargets[e]!;
      if (depth[w] !== -1) continue;
      depth[w] = next;
      queue[tail++] = w;
      accountsAtHop[next - 1]!++;
      revenue += revenueOf[w]!;
    }
  }
  return { accountId, hops, accounts: tail - 1, revenue, accountsAtHop };
}
