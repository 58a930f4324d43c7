/**
 * The derived slot of the accounts version a write made from `previous`'s, in which the
 * accounts `changed` (put or deleted) differ: empty, but for what `previous`'s derived that the
 * new version patches on first use instead of deriving again from every account
 * (version-inheritance.ts): the sort sequences with their list-value buckets (account-order.ts),
 * the filter counts whose matches depend on records alone (account-pages.ts), and the CRM-id
 * index (account-candidates.ts).
 */
import { inheritableExternalIdsOf } from "./account-candidates.js";
import { builtSequencesOf } from "./account-order.js";
import { inheritableCountsOf } from "./account-pages.js";
import { DerivedSlot, type ReadView } from "./read-view.js";
import { handOnDerived } from "./version-inheritance.js";

export function nextAccountsSlot(previous: ReadView, changed: Iterable<string>): DerivedSlot {
  const next = new DerivedSlot();
  const sequences = builtSequencesOf(previous.derived);
  const derived = new Map<string, unknown>([...sequences, ...inheritableCountsOf(previous.derived), ...inheritableExternalIdsOf(previous.derived)]);
  handOnDerived(previous.derived, next, derived, changed, (id) => previous.accounts.get(id), previous.accounts.size);
  return next;
}
