/**
 * Brings PageRank's component system (component-system.ts) up to date after arcs appear,
 * vanish or change weight, instead of finding the strongly connected components again
 * (Tarjan) and laying every row out anew. On the 200,000-account benchmark graph those two
 * cost about 80–100 ms after each new link, most of it random access over a million arcs; this
 * patch costs about a third of that, mostly block copies.
 *
 * Terms, in pull form: row v gathers from u, so v "depends on" u, and the system lists the
 * components dependencies first (each a contiguous range of positions).
 *
 * - A removed arc never breaks that order. A component it splits stays one block, which
 *   Gauss–Seidel solves as exactly as two; pagerank.ts starts from Tarjan again after a
 *   number of patches, so such blocks do not pile up.
 * - An added arc v -> u keeps the order when u's component A comes no later than v's B.
 *   Otherwise the order is repaired over the span of components from B to A, as the
 *   one-sided dynamic topological sort of Marchetti-Spaccamela, Nanni and Rohnert does for
 *   nodes ("Maintaining a topological order under edge insertions", Inf. Process. Lett.
 *   59(1), 1996; also D. Pearce, P. Kelly, ACM J. Exp. Algorithmics 11, 2006), on
 *   components: let F be the components of the span that depend on B (B included). If A is
 *   not in F, the span becomes the rest, then F, each in its old order. If A is in F, the
 *   new arc closes cycles: the components of F that A depends on (A and B included) are now
 *   one strongly connected component M, and the span becomes the rest, M, then F \ M.
 *   Valid because whatever depends on a component of F is in F, and whatever M depends on
 *   inside F is in M. F is found from B forwards (who gathers from B's accounts) and never
 *   through A, the span's last component: usually a handful of small components even when
 *   A is the one big component.
 * Arcs are added one at a time: an arc that breaks the order stays hidden from the
 * searches until its repair, so each repair sees one broken arc, as the method requires.
 *
 * Cost: O(V + E) block copies per patch and per repair (a repair renumbers the positions of
 * its span in every arc), plus the arcs out of F; null (rebuild) after `maxRepairs` repairs.
 */
import { withCapacity } from "./growable-arrays.js";
import { rankShare } from "./sparse-products.js";
import type { ComponentSystem } from "./component-system.js";

/**
 * Arc edits in pull form, by account index: row `rows[k]` now gathers from `cols[k]`
 * (`present[k]` 1) or no longer does (0). A later edit of the same pair wins.
 */
export interface PullArcEdits {
  readonly count: number;
  readonly rows: Int32Array;
  readonly cols: Int32Array;
  readonly present: Uint8Array;
}

/**
 * Who gathers from each account, after the edits (the transpose of the pull rows, by
 * account index), with each arc's weight (null: 1 each) and each account's total: what
 * the coefficients of the arcs gathering from an edited account are recomputed from.
 */
export interface Senders {
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
  readonly weights: Float64Array | null;
  readonly total: Float64Array;
}

export const DEFAULT_MAX_REPAIRS = 8;

/** Pair key of (row, col) accounts, exact in a double below 2^26 accounts. */
const PAIR_BASE = 2 ** 26;

/**
 * The system after `edits` (in order), over `senders.offsets.length − 1` accounts (the
 * system's plus any appended, each appended as a component of its own at the end); null
 * when the order would need more than `maxRepairs` repairs (the caller rebuilds).
 */
export function patchComponentSystem(
  system: ComponentSystem,
  edits: readonly PullArcEdits[],
  senders: Senders,
  maxRepairs = DEFAULT_MAX_REPAIRS,
): ComponentSystem | null {
  let layout = withAppendedAccounts(system, senders.offsets.length - 1);
  const final = finalArcs(edits);
  const waiting: number[] = []; // (row, col) account pairs, flattened
  layout = rewriteRows(layout, final, waiting);
  const hidden = new HiddenArcs(layout.accountAt.length);
  for (let k = 0; k < waiting.length; k += 2) hidden.add(waiting[k]!, waiting[k + 1]!);
  const resplit = new Set<number>(final.keys()); // accounts whose rows need their outside/inside split redone
  let repairs = 0;
  for (let k = 0; k < waiting.length; k += 2) {
    const row = waiting[k]!;
    const col = waiting[k + 1]!;
    hidden.remove(row, col);
    const componentOf = componentIndex(layout);
    const p = layout.positionOf[row]!;
    const q = layout.positionOf[col]!;
    if (q < layout.starts[componentOf[p]! + 1]!) continue; // an earlier repair made room
    if (++repairs > maxRepairs) return null;
    const repaired = repairOrder(layout, componentOf, p, q, hidden, senders);
    layout = repaired.layout;
    for (const account of repaired.merged) resplit.add(account);
  }
  splitRows(layout, resplit);
  for (const col of new Set(Array.from(final.values(), (row) => [...row.keys()]).flat())) {
    recomputeCoefficients(layout, senders, col);
  }
  return layout;
}

/** Final state of each edited pair: row account -> (col account -> present). */
function finalArcs(edits: readonly PullArcEdits[]): Map<number, Map<number, boolean>> {
  const final = new Map<number, Map<number, boolean>>();
  for (const { count, rows, cols, present } of edits) {
    for (let k = 0; k < count; k++) {
      let row = final.get(rows[k]!);
      if (!row) final.set(rows[k]!, (row = new Map()));
      row.set(cols[k]!, present[k] === 1);
    }
  }
  return final;
}

/** The system with accounts n..order−1 appended, each a component of its own with an empty row. */
function withAppendedAccounts(system: ComponentSystem, order: number): ComponentSystem {
  const n = system.accountAt.length;
  if (order === n) return system;
  const added = order - n;
  const accountAt = withCapacity(system.accountAt, order);
  const positionOf = withCapacity(system.positionOf, order);
  const offsets = withCapacity(system.offsets, order + 1);
  const insideAt = withCapacity(system.insideAt, order);
  const starts = withCapacity(system.starts, system.count + added + 1);
  for (let k = 0; k < added; k++) {
    accountAt[n + k] = positionOf[n + k] = n + k;
    offsets[n + k + 1] = insideAt[n + k] = offsets[n]!;
    starts[system.count + k + 1] = n + k + 1;
  }
  return { ...system, count: system.count + added, starts, accountAt, positionOf, offsets, insideAt };
}

/**
 * New rows for the edited accounts (removed arcs dropped, added ones appended with a
 * coefficient set later), everything else block-copied. An added arc that breaks the order
 * goes into `waiting`; the edited rows are split into outside and inside arcs at the end.
 */
function rewriteRows(layout: ComponentSystem, final: Map<number, Map<number, boolean>>, waiting: number[]): ComponentSystem {
  const { accountAt, positionOf, offsets, insideAt, neighbors, coefficients, starts } = layout;
  const componentOf = componentIndex(layout);
  const n = accountAt.length;
  const edited = Int32Array.from(final.keys(), (account) => positionOf[account]!).sort();
  const rows: { neighbors: number[]; coefficients: number[] }[] = [];
  let size = offsets[n]!;
  for (const p of edited) {
    const edits = final.get(accountAt[p]!)!;
    const row = { neighbors: [] as number[], coefficients: [] as number[] };
    const kept = new Set<number>();
    for (let e = offsets[p]!; e < offsets[p + 1]!; e++) {
      const account = accountAt[neighbors[e]!]!;
      const edit = edits.get(account);
      if (edit === false) continue;
      if (edit === true) kept.add(account);
      row.neighbors.push(neighbors[e]!);
      row.coefficients.push(coefficients[e]!);
    }
    for (const [account, present] of edits) {
      if (!present || kept.has(account)) continue;
      const q = positionOf[account]!;
      row.neighbors.push(q);
      row.coefficients.push(0);
      if (q >= starts[componentOf[p]! + 1]!) waiting.push(accountAt[p]!, account);
    }
    size += row.neighbors.length - (offsets[p + 1]! - offsets[p]!);
    rows.push(row);
  }

  const newOffsets = new Int32Array(n + 1);
  const newInsideAt = new Int32Array(n);
  const newNeighbors = new Int32Array(size);
  const newCoefficients = new Float64Array(size);
  let shift = 0;
  let copied = 0; // old arcs [0, copied) are in place
  let next = 0; // index into `edited`
  for (let p = 0; p < n; p++) {
    newOffsets[p] = offsets[p]! + shift;
    if (next >= edited.length || edited[next] !== p) {
      newInsideAt[p] = insideAt[p]! + shift;
      continue;
    }
    const row = rows[next++]!;
    const start = offsets[p]!;
    newNeighbors.set(neighbors.subarray(copied, start), copied + shift);
    newCoefficients.set(coefficients.subarray(copied, start), copied + shift);
    newNeighbors.set(row.neighbors, start + shift);
    newCoefficients.set(row.coefficients, start + shift);
    newInsideAt[p] = start + shift; // split again at the end
    copied = offsets[p + 1]!;
    shift += row.neighbors.length - (copied - start);
  }
  newNeighbors.set(neighbors.subarray(copied, offsets[n]!), copied + shift);
  newCoefficients.set(coefficients.subarray(copied, offsets[n]!), copied + shift);
  newOffsets[n] = size;
  return { ...layout, offsets: newOffsets, insideAt: newInsideAt, neighbors: newNeighbors, coefficients: newCoefficients };
}

/** Added arcs not yet in the order: skipped by the searches until their own repair. */
class HiddenArcs {
  private readonly rows: Uint8Array;
  private readonly pairs = new Set<number>();

  constructor(order: number) {
    this.rows = new Uint8Array(order);
  }

  add(row: number, col: number): void {
    this.rows[row] = 1;
    this.pairs.add(row * PAIR_BASE + col);
  }

  remove(row: number, col: number): void {
    this.pairs.delete(row * PAIR_BASE + col);
  }

  any(): boolean {
    return this.pairs.size > 0;
  }

  /** True when row account `row` has hidden arcs at all (cheap), then ask `has`. */
  inRow(row: number): boolean {
    return this.rows[row] === 1;
  }

  has(row: number, col: number): boolean {
    return this.pairs.has(row * PAIR_BASE + col);
  }
}

/** Component of each position. */
function componentIndex(layout: ComponentSystem): Int32Array {
  const componentOf = new Int32Array(layout.accountAt.length);
  for (let c = 0; c < layout.count; c++) for (let p = layout.starts[c]!; p < layout.starts[c + 1]!; p++) componentOf[p] = c;
  return componentOf;
}

/**
 * Repairs the order for the arc "row p gathers from q", q's component A after p's B (see
 * the header): finds F and M, lays the span out again and renumbers every arc into it.
 * Returns the new layout and the accounts of M, whose rows need splitting again.
 */
function repairOrder(
  layout: ComponentSystem,
  componentOf: Int32Array,
  p: number,
  q: number,
  hidden: HiddenArcs,
  senders: Senders,
): { layout: ComponentSystem; merged: number[] } {
  const { starts, accountAt } = layout;
  const b = componentOf[p]!;
  const a = componentOf[q]!;
  const spanStart = starts[b]!;
  const spanEnd = starts[a + 1]!;
  const span = a - b + 1;
  // Components numbered from b. `forEachDependent(c, visit)` visits the components of the
  // span that gather from c's accounts over a visible arc (each at least once).
  const forEachDependent = (c: number, visit: (dependent: number) => void) => {
    for (let r = starts[c + b]!; r < starts[c + b + 1]!; r++) {
      const account = accountAt[r]!;
      for (let e = senders.offsets[account]!; e < senders.offsets[account + 1]!; e++) {
        const gatherer = senders.neighbors[e]!;
        const s = layout.positionOf[gatherer]!;
        if (s < spanStart || s >= spanEnd || (hidden.inRow(gatherer) && hidden.has(gatherer, account))) continue;
        visit(componentOf[s]! - b);
      }
    }
  };

  // F: what depends on B inside the span. A, the last component of the span, is never
  // followed further: nothing in the span comes after it. F is found by the arcs out of
  // the small components between, not by A's rows (often the one big component).
  const inF = new Uint8Array(span);
  const stack = [0];
  inF[0] = 1;
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (c === a - b) continue;
    forEachDependent(c, (dependent) => {
      if (inF[dependent] === 1) return;
      inF[dependent] = 1;
      stack.push(dependent);
    });
  }
  // M, when A is in F (a cycle): the components of F that A depends on, i.e. from which
  // A is reached inside F (a path from one component of F to another stays in F), found
  // latest first: whatever depends on a component comes after it.
  const inM = new Uint8Array(span);
  if (inF[a - b] === 1) {
    inM[a - b] = 1;
    for (let c = a - b - 1; c >= 0; c--) {
      if (inF[c] === 0) continue;
      forEachDependent(c, (dependent) => {
        if (inM[dependent] === 1) inM[c] = 1;
      });
    }
  }

  // The span's new sequence: what does not depend on B, then M as one component, then the
  // rest of F, each in its old order.
  const sequence: number[] = [];
  const mergedRuns: number[] = [];
  for (let c = 0; c < span; c++) if (inF[c] === 0) sequence.push(c);
  const mergedAt = sequence.length;
  for (let c = 0; c < span; c++) {
    if (inM[c] === 0) continue;
    sequence.push(c);
    mergedRuns.push(c);
  }
  const restAt = sequence.length;
  for (let c = 0; c < span; c++) if (inF[c] === 1 && inM[c] === 0) sequence.push(c);
  return { layout: relaidOut(layout, b, sequence, mergedAt, restAt, hidden.any()), merged: mergedAccounts(layout, b, mergedRuns) };
}

function mergedAccounts(layout: ComponentSystem, b: number, components: readonly number[]): number[] {
  const accounts: number[] = [];
  for (const c of components) for (let r = layout.starts[c + b]!; r < layout.starts[c + b + 1]!; r++) accounts.push(layout.accountAt[r]!);
  return accounts;
}

/**
 * The layout with the components from b on listed in `sequence` (numbered from b; the
 * span they cover) moved into that order, those at sequence[mergedAt .. restAt) as one
 * component: rows move by runs of consecutive positions, and every arc into the span is
 * renumbered.
 */
function relaidOut(
  layout: ComponentSystem,
  b: number,
  sequence: readonly number[],
  mergedAt: number,
  restAt: number,
  hidden: boolean,
): ComponentSystem {
  const { starts, offsets, insideAt, neighbors, coefficients, accountAt } = layout;
  const spanStart = starts[b]!;
  const spanEnd = starts[b + sequence.length]!;
  const mergedCount = restAt - mergedAt;
  const count = layout.count - Math.max(0, mergedCount - 1);
  const newStarts = new Int32Array(count + 1);
  newStarts.set(starts.subarray(0, b + 1));
  newStarts.set(starts.subarray(b + sequence.length + 1), b + sequence.length - Math.max(0, mergedCount - 1) + 1);
  const newPosition = new Int32Array(spanEnd - spanStart);
  const newAccountAt = accountAt.slice();
  const newPositionOf = layout.positionOf.slice();
  const newOffsets = offsets.slice();
  const newInsideAt = insideAt.slice();
  const newNeighbors = neighbors.slice();
  const newCoefficients = coefficients.slice();
  // Arcs move by runs of components that stay consecutive (one block copy each).
  let runFrom = -1;
  let runTo = -1;
  let arc = offsets[spanStart]!;
  const flush = () => {
    if (runFrom < 0) return;
    newNeighbors.set(neighbors.subarray(offsets[runFrom]!, offsets[runTo]!), arc);
    newCoefficients.set(coefficients.subarray(offsets[runFrom]!, offsets[runTo]!), arc);
    arc += offsets[runTo]! - offsets[runFrom]!;
  };
  let at = spanStart;
  let component = b;
  sequence.forEach((c, i) => {
    const from = starts[c + b]!;
    const to = starts[c + b + 1]!;
    if (from !== runTo) {
      flush();
      runFrom = from;
    }
    runTo = to;
    const shift = arc + (offsets[from]! - offsets[runFrom]!) - offsets[from]!;
    for (let r = from; r < to; r++, at++) {
      newPosition[r - spanStart] = at;
      newAccountAt[at] = accountAt[r]!;
      newPositionOf[accountAt[r]!] = at;
      newOffsets[at] = offsets[r]! + shift;
      newInsideAt[at] = insideAt[r]! + shift;
    }
    if (i < mergedAt || i >= restAt - 1) newStarts[++component] = at;
  });
  flush();
  // Rows before the span gather from before it, except an arc still waiting for its repair.
  for (let e = hidden ? 0 : offsets[spanStart]!; e < newNeighbors.length; e++) {
    const s = newNeighbors[e]!;
    if (s >= spanStart && s < spanEnd) newNeighbors[e] = newPosition[s - spanStart]!;
  }
  return {
    count,
    starts: newStarts,
    accountAt: newAccountAt,
    positionOf: newPositionOf,
    offsets: newOffsets,
    insideAt: newInsideAt,
    neighbors: newNeighbors,
    coefficients: newCoefficients,
  };
}

/** Puts each listed account's arcs from earlier components first and those from its own after, setting insideAt. */
function splitRows(layout: ComponentSystem, accounts: Iterable<number>): void {
  const { offsets, neighbors, coefficients, starts, insideAt, positionOf } = layout;
  const componentOf = componentIndex(layout);
  let rowNeighbors = new Int32Array(64);
  let rowCoefficients = new Float64Array(64);
  for (const account of accounts) {
    const p = positionOf[account]!;
    const own = starts[componentOf[p]!]!;
    const end = starts[componentOf[p]! + 1]!;
    const start = offsets[p]!;
    const length = offsets[p + 1]! - start;
    if (isSplit(neighbors, start, insideAt[p]!, offsets[p + 1]!, own, end)) continue; // a merged row often is
    if (length > rowNeighbors.length) {
      rowNeighbors = new Int32Array(length);
      rowCoefficients = new Float64Array(length);
    }
    for (let i = 0; i < length; i++) {
      rowNeighbors[i] = neighbors[start + i]!;
      rowCoefficients[i] = coefficients[start + i]!;
    }
    let front = start;
    let back = start + length;
    for (let i = 0; i < length; i++) {
      const q = rowNeighbors[i]!;
      if (q >= end) throw new Error(`analytics/component-system-patch: position ${p} gathers from ${q}, after its component`);
      const to = q >= own ? --back : front++;
      neighbors[to] = q;
      coefficients[to] = rowCoefficients[i]!;
    }
    insideAt[p] = front;
  }
}

/** True when arcs start .. inside come from before `own` and inside .. end from own .. ownEnd. */
function isSplit(neighbors: Int32Array, start: number, inside: number, end: number, own: number, ownEnd: number): boolean {
  for (let e = start; e < inside; e++) if (neighbors[e]! >= own) return false;
  for (let e = inside; e < end; e++) if (neighbors[e]! < own || neighbors[e]! >= ownEnd) return false;
  return true;
}

/** Sets the coefficient of every arc that gathers from account `col` from its weight and col's total now. */
function recomputeCoefficients(layout: ComponentSystem, senders: Senders, col: number): void {
  const { offsets, neighbors, coefficients, positionOf } = layout;
  const q = positionOf[col]!;
  const total = senders.total[col]!;
  for (let e = senders.offsets[col]!; e < senders.offsets[col + 1]!; e++) {
    const p = positionOf[senders.neighbors[e]!]!;
    let arc = offsets[p]!;
    while (arc < offsets[p + 1]! && neighbors[arc] !== q) arc++;
    if (arc === offsets[p + 1]!) throw new Error(`analytics/component-system-patch: row ${p} lacks its arc from ${q}`);
    coefficients[arc] = rankShare(senders.weights === null ? 1 : senders.weights[e]!, total);
  }
}
