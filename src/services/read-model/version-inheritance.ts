/**
 * Values derived from every account (sort sequences, filter counts, the CRM-id index), carried
 * from one accounts version to the next with the accounts changed between them, so the next
 * version patches them for the k changed accounts instead of deriving them again from all n:
 * after an account write, at 200,000 accounts, a sort costs ~1 s, a filter's count or an index
 * tens of milliseconds, all in one block on the event loop.
 *
 * How a version inherits (handOnDerived, called when a write makes a new accounts version:
 * next-accounts-slot.ts): it gets the values the previous version derived, by name, with the
 * records of the accounts the write changed as those values saw them (undefined: absent). Its
 * first use of a name takes what it inherited under it (takeInherited) and patches it:
 * sort-index-patch.ts for sequences (and, through them, position-buckets.ts), account-pages.ts
 * for counts, account-candidates.ts for the CRM-id index. Values it never used are handed on
 * again to the next version, their changes accumulated, so a burst of writes between two reads
 * costs one patch. Handed on, not shared: the previous version's untaken inheritance moves to
 * the next (the previous version derives afresh if still asked), so no chain of versions stays
 * reachable: a slot holds derived values (arrays of records and positions, numbers, an index;
 * never a view), at most one inherited value per name, and the records changed since.
 *
 * When more than PATCH_LIMIT accounts changed since a value was derived (a bulk update), it is
 * dropped and the next use derives afresh: that bounds what an inheritance holds, and keeps a
 * patch well below a fresh derivation's cost.
 */
import type { Account } from "../../domain/model.js";
import type { DerivedSlot } from "./read-view.js";

/**
 * Most changed accounts a value is patched for: 4,096, or a 32nd of the accounts when that is
 * more. At k changes a sequence's patch makes ~2k log2 n + k log2 k comparisons besides its O(n)
 * copy; at k = n / 32 that is under a tenth of the n log2 n of a sort (n = 200,000: ~0.25 M
 * against ~3.5 M); a count's patch tests 2k records against a walk's n. The records held for it
 * stay a small share of the accounts.
 */
export const PATCH_LIMIT = Object.freeze({ min: 4_096, share: 1 / 32 });

/** Per account changed since a value was derived, its record then (undefined: absent then). */
export type RecordsBefore = ReadonlyMap<string, Account | undefined>;

/** Values a version inherited, and the accounts changed since they were derived. */
interface Inheritance {
  readonly values: Map<string, unknown>;
  readonly before: Map<string, Account | undefined>;
}

/** Where a slot keeps what it inherited (a DerivedSlot value: it goes when the slot goes). */
const INHERITED = "inherited";

function inheritedOf(slot: DerivedSlot): Inheritance[] {
  return slot.get<Inheritance[]>(INHERITED, () => []);
}

/**
 * Hands `previous`'s derived values on to `next`, the slot of the accounts version a write made
 * from it: `derived` are those `previous` derived or patched, by name; `changed` the ids of the
 * accounts the write put or deleted; `recordBefore` their records in `previous`.
 */
export function handOnDerived(
  previous: DerivedSlot,
  next: DerivedSlot,
  derived: ReadonlyMap<string, unknown>,
  changed: Iterable<string>,
  recordBefore: (id: string) => Account | undefined,
  accountCount: number,
): void {
  const limit = Math.max(PATCH_LIMIT.min, accountCount * PATCH_LIMIT.share);
  const before = new Map<string, Account | undefined>();
  for (const id of changed) before.set(id, recordBefore(id));
  const handed: Inheritance[] = [];
  if (derived.size > 0 && before.size <= limit) handed.push({ values: new Map(derived), before });
  // Untaken inheritance moves on (the previous slot keeps none): its changes now include these.
  for (const old of inheritedOf(previous).splice(0)) {
    if (old.values.size === 0) continue;
    for (const [id, record] of before) if (!old.before.has(id)) old.before.set(id, record);
    if (old.before.size <= limit) handed.push(old);
  }
  if (handed.length > 0) inheritedOf(next).push(...handed);
}

/**
 * What this slot's accounts version inherited under `name` (taken: asked once per name and
 * slot, as a DerivedSlot computes), with the records the accounts changed since had then; null
 * when it inherited nothing under that name. `V`: what the handing version put under `name`.
 */
export function takeInherited<V>(slot: DerivedSlot, name: string): { value: V; before: RecordsBefore } | null {
  for (const inheritance of inheritedOf(slot)) {
    if (!inheritance.values.has(name)) continue;
    const value = inheritance.values.get(name) as V;
    inheritance.values.delete(name);
    return { value, before: inheritance.before };
  }
  return null;
}
