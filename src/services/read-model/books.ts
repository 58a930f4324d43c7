/**
 * Each manager's book: the ids of the accounts they own in a view. Kept in the view's
 * derived slot, so it is counted once per accounts version (what a plan prices and reads,
 * and what tells a plan whether a strategy population still holds the book as written).
 */
import type { ReadView } from "./read-view.js";

const NO_BOOK: readonly string[] = Object.freeze([]);

/** The ids of the accounts `managerId` owns in `view`, in no particular order (empty for an unknown manager). */
export function bookOf(view: ReadView, managerId: string): readonly string[] {
  const books = view.derived.get("books", () => {
    const byOwner = new Map<string, string[]>();
    for (const account of view.accounts.values()) {
      if (!account.ownerId) continue;
      const ids = byOwner.get(account.ownerId);
      if (ids) ids.push(account.id);
      else byOwner.set(account.ownerId, [account.id]);
    }
    return byOwner as ReadonlyMap<string, readonly string[]>;
  });
  return books.get(managerId) ?? NO_BOOK;
}

/** Whether `managerId` owns the same accounts in both views. */
export function sameBook(a: ReadView, b: ReadView, managerId: string): boolean {
  if (a.accountsSeq === b.accountsSeq) return true;
  const left = bookOf(a, managerId);
  const right = bookOf(b, managerId);
  if (left.length !== right.length) return false;
  const owned = new Set(right);
  return left.every((id) => owned.has(id));
}
