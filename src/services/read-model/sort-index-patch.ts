/**
 * Sorted sequences of accounts (account-order.ts: one key's ascending index, an order of several
 * keys) carried from one accounts version to the next and patched instead of sorted again.
 * Sorting every account costs O(n log n) comparisons of sort values: ~1.2 s at 200,000
 * accounts, in one block on the event loop, after every account write. A write changes a few
 * accounts, so the next version's sequence is the previous one without the changed accounts'
 * old records, merged with their new ones: k binary searches to find the old records, k log k
 * to sort the new ones, k binary searches for where they go and one O(n) copy (patchSorted).
 * A version inherits the sequences the previous one built as version-inheritance.ts hands
 * derived values on (accumulated over writes, handed on rather than shared, dropped past
 * PATCH_LIMIT changes); its first use of each name patches the one it inherited
 * (takeSortedSequence).
 *
 * A sequence is handed on with what its version derived from it by position (account-order.ts:
 * the list-value buckets of position-buckets.ts), opaque here; the patch says where it moved
 * the accounts (SequenceMoves: the positions it removed, where it inserted), so the taker moves
 * those values too instead of deriving them again.
 */
import type { Account } from "../../domain/model.js";
import { partitionPoint } from "../../domain/partition-point.js";
import type { DerivedSlot } from "./read-view.js";
import { takeInherited } from "./version-inheritance.js";

/**
 * A sorted sequence as a version hands it on: its accounts, and what that version derived from
 * them by position (account-order.ts: bucket positions), which the taker moves as the patch
 * moved the accounts.
 */
export interface HandedSequence<P = unknown> {
  readonly accounts: readonly Account[];
  readonly byPosition: P;
}

/**
 * Sequences sorted, patched, and inherited but found not to hold what their changes say
 * (then sorted: never expected; a test pins it at zero). What tests and benchmarks ask: did the patch run?
 */
export const sortedSequenceCounts = { sorted: 0, patched: 0, refused: 0 };

/** A sequence taken from an inheritance and patched: the new sequence, how the patch moved its items, and what was derived from the old one by position. */
export interface TakenSequence<P> extends PatchedSequence<Account> {
  readonly byPosition: P;
}

/**
 * The sequence named `name` in this slot's accounts version, patched from the one it inherited
 * under that name (taken: asked once per name and slot, as a DerivedSlot computes), or null
 * when it inherited none (or its patch was refused). `compare` is the sequence's order,
 * `accountOf` reads this version. `P`: what the handing version put in `byPosition` under `name`.
 */
export function takeSortedSequence<P>(
  slot: DerivedSlot,
  name: string,
  compare: (a: Account, b: Account) => number,
  accountOf: (id: string) => Account | undefined,
): TakenSequence<P> | null {
  const inherited = takeInherited<HandedSequence<P>>(slot, name);
  if (!inherited) return null;
  const removed: Account[] = [];
  const added: Account[] = [];
  for (const [id, record] of inherited.before) {
    if (record) removed.push(record);
    const now = accountOf(id);
    if (now) added.push(now);
  }
  const patched = patchSorted(inherited.value.accounts, removed, added, compare);
  if (!patched) {
    sortedSequenceCounts.refused++;
    return null;
  }
  sortedSequenceCounts.patched++;
  return { ...patched, byPosition: inherited.value.byPosition };
}

/** First index of `sorted` whose item does not come before `item`. */
function lowerBound<T>(sorted: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  return partitionPoint(0, sorted.length, (i) => compare(sorted[i]!, item) < 0);
}

/**
 * Where a patch moved the items of a sequence of n: it removed those at `removed` (ascending
 * old positions) and inserted `added` (in order), the j-th just before the old position
 * `insertedBefore[j]` (n: at the end; non-decreasing). Every other item keeps its relative
 * order. O(k) to hold, for k changed items; position-buckets.ts turns it into each old
 * position's new one when it moves values kept by position.
 */
export interface SequenceMoves<T> {
  readonly removed: Int32Array;
  readonly insertedBefore: Int32Array;
  readonly added: readonly T[];
}

export interface PatchedSequence<T> {
  readonly sequence: readonly T[];
  readonly moves: SequenceMoves<T>;
}

/**
 * `sorted` (in `compare`'s order, a strict total order) without the items of `removed` (each
 * in it, found by identity) and with those of `added`, in order, and where it moved them. Null
 * when an item of `removed` is not where `compare` puts it: `sorted` is not what the caller
 * says it is, and the caller sorts afresh. The sequence is `sorted` itself when nothing
 * changes. O(n + k log n + k log k).
 */
export function patchSorted<T>(
  sorted: readonly T[],
  removed: readonly T[],
  added: readonly T[],
  compare: (a: T, b: T) => number,
): PatchedSequence<T> | null {
  const gone = new Int32Array(removed.length);
  for (let r = 0; r < removed.length; r++) {
    const at = lowerBound(sorted, removed[r]!, compare);
    if (sorted[at] !== removed[r]) return null;
    gone[r] = at;
  }
  gone.sort();
  const incoming = [...added].sort(compare);
  const insertedBefore = new Int32Array(incoming.length);
  for (let j = 0; j < incoming.length; j++) insertedBefore[j] = lowerBound(sorted, incoming[j]!, compare);
  const moves = { removed: gone, insertedBefore, added: incoming };
  if (removed.length === 0 && added.length === 0) return { sequence: sorted, moves };
  const out = new Array<T>(sorted.length - removed.length + incoming.length);
  let o = 0;
  let g = 0;
  let i = 0;
  for (let j = 0; j <= incoming.length; j++) {
    // Up to where the next incoming item goes (an item equal to a removed one, the same account
    // with the same values, goes just before it: equal to nothing kept), then the item.
    const to = j < incoming.length ? insertedBefore[j]! : sorted.length;
    for (; i < to; i++) {
      if (g < gone.length && gone[g] === i) g++;
      else out[o++] = sorted[i]!;
    }
    if (j < incoming.length) out[o++] = incoming[j]!;
  }
  return { sequence: out, moves };
}
