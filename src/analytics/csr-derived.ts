/**
 * Structures a metric derives from one CSR revision and keeps beside it (PageRank's
 * component system), and how a patched revision inherits them: csr-patch.ts hands the
 * previous revision's structures to the new one with the arc changes between the two, and
 * the first user of the new revision under each key may update the structure from them
 * instead of deriving it again.
 *
 * Handed on, not shared: the previous revision loses its structures (its arrays may have
 * been patched in place: it is stale), and a structure is taken by the first user of its
 * key, so neither old revisions nor old structures stay reachable. When nothing was derived
 * from a revision before it was patched again, the changes of both patches are handed on
 * together.
 */
import type { ArcChanges, Csr } from "./csr.js";

/** A previous revision's structure and the changes since it, oldest first. */
export interface Inherited<T> {
  readonly structure: T;
  readonly changes: readonly ArcChanges[];
}

interface Inheritance {
  readonly structures: Map<string, unknown>;
  readonly changes: readonly ArcChanges[];
}

interface Derived {
  readonly own: Map<string, unknown>;
  inherited: Inheritance | null;
}

const derived = new WeakMap<Csr, Derived>();

/** The structure under `key` for `csr`: kept, or made once, from what it inherited under that key if anything. */
export function derivedStructure<T>(csr: Csr, key: string, make: (inherited: Inherited<T> | null) => T): T {
  let entry = derived.get(csr);
  if (!entry) derived.set(csr, (entry = { own: new Map(), inherited: null }));
  if (entry.own.has(key)) return entry.own.get(key) as T;
  const structure = make(take<T>(entry, key));
  entry.own.set(key, structure);
  return structure;
}

/** Called by csr-patch.ts: `next` is `previous` after `changes`. */
export function handOnDerived(previous: Csr, next: Csr, changes: ArcChanges): void {
  const entry = derived.get(previous);
  if (!entry) return;
  derived.delete(previous);
  const inheritance =
    entry.own.size > 0
      ? { structures: entry.own, changes: [changes] }
      : entry.inherited && { structures: entry.inherited.structures, changes: [...entry.inherited.changes, changes] };
  if (inheritance) derived.set(next, { own: new Map(), inherited: inheritance });
}

function take<T>(entry: Derived, key: string): Inherited<T> | null {
  const inheritance = entry.inherited;
  if (!inheritance || !inheritance.structures.has(key)) return null;
  const structure = inheritance.structures.get(key) as T;
  inheritance.structures.delete(key);
  if (inheritance.structures.size === 0) entry.inherited = null;
  return { structure, changes: inheritance.changes };
}
