/**
 * An independent statement of the read model's account orders (services/read-model/
 * account-order.ts), for tests that compare its pages with a plain sort: each key's value
 * read off the record, text by code unit (as code points for the texts the tests use), nulls
 * where the term places them, ties on every key by id in the last key's direction.
 */
import type { Account } from "../../src/domain/model.js";
import type { AccountOrderKey, AccountOrderTerm } from "../../src/services/read-model/account-order.js";

/** The sort value of each key, stated here (not taken from the code under test). */
export const SORT_VALUE: Record<AccountOrderKey, (a: Account) => string | number | null> = {
  NAME: (a) => a.name,
  ANNUAL_REVENUE: (a) => a.annualRevenue,
  CREATED_AT: (a) => a.createdAt,
  RENEWAL_DATE: (a) => a.renewalDate,
  LICENCES_PLANNED: (a) => a.licencesPlanned,
  LICENCES_HELD: (a) => a.licencesHeld,
  WHITESPACE_LICENCES: (a) => Math.max(0, a.licencesPlanned - a.licencesHeld),
  UPDATED_AT: (a) => a.updatedAt,
  LAST_CONTACT: (a) => a.lastContact,
  CUSTOMER_SINCE: (a) => a.customerSince,
  SEGMENT: (a) => a.segment,
  STATUS: (a) => a.status,
  REGION: (a) => a.region,
  INDUSTRY: (a) => a.industry,
};

export const compareRaw = (x: string | number, y: string | number): number => (x < y ? -1 : x > y ? 1 : 0);

/** The comparator of `order` (negative: `a` comes first). */
export function referenceOrder(order: readonly AccountOrderTerm[]): (a: Account, b: Account) => number {
  return (a, b) => {
    for (const term of order) {
      const x = SORT_VALUE[term.key](a);
      const y = SORT_VALUE[term.key](b);
      if (x === null && y === null) continue;
      if (x === null || y === null) return (x === null) === (term.nulls === "FIRST") ? -1 : 1;
      const c = compareRaw(x, y);
      if (c !== 0) return term.direction === "ASC" ? c : -c;
    }
    return (order.at(-1)!.direction === "ASC" ? 1 : -1) * compareRaw(a.id, b.id);
  };
}
