/**
 * List-value buckets moved across account writes (services/read-model/position-buckets.ts)
 * equal a fresh build. Property-based (fast-check, fixed seeds): random runs of account
 * creates, updates (segment, status, region, industry, owner and sort keys changed, values
 * shared with other accounts or null) and deletes, one to three per change, applied as the read
 * model applies the feed (apply-changes.ts). After each change a random few (order, field)
 * pairs are read, so some versions move their inherited buckets and others hand them on
 * untaken (a later version then moves them across several writes at once); at the end every
 * field of every order, in the last versions, equals the positions of each value in that
 * base's sequence found by a plain walk (and the sequence itself the reference sort).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Account } from "../../src/domain/model.js";
import { orderBaseOf, type AccountOrderTerm } from "../../src/services/read-model/account-order.js";
import { applyChanges } from "../../src/services/read-model/apply-changes.js";
import {
  BUCKET_FIELDS,
  BUCKET_FIELD_NAMES,
  bucketOf,
  positionBucketCounts,
  type BucketField,
  type FieldBuckets,
} from "../../src/services/read-model/position-buckets.js";
import type { ReadView } from "../../src/services/read-model/read-view.js";
import { referenceOrder } from "../support/account-order-reference.js";
import { AT, entriesOf, runOf, startRun, write } from "../support/random-account-writes.js";

/** Orders of one key (read off an ascending index) and of several (a sorted array of their own). */
const ORDERS: AccountOrderTerm[][] = [
  [{ key: "NAME", direction: "ASC", nulls: "LAST" }],
  [{ key: "REGION", direction: "DESC", nulls: "FIRST" }],
  [{ key: "SEGMENT", direction: "ASC", nulls: "LAST" }],
  [
    { key: "STATUS", direction: "ASC", nulls: "LAST" },
    { key: "ANNUAL_REVENUE", direction: "DESC", nulls: "LAST" },
  ],
  [
    { key: "INDUSTRY", direction: "ASC", nulls: "FIRST" },
    { key: "RENEWAL_DATE", direction: "DESC", nulls: "LAST" },
    { key: "NAME", direction: "ASC", nulls: "LAST" },
  ],
];

/** Per value, its positions in `accounts`, by a plain walk (no code under test). */
function walkedBuckets(accounts: readonly Account[], field: BucketField): Record<string, number[]> {
  const byValue: Record<string, number[]> = {};
  accounts.forEach((account, i) => {
    const value = BUCKET_FIELDS[field](account);
    if (value !== null) (byValue[value] ??= []).push(i);
  });
  return byValue;
}

/** The buckets as plain lists, checking every value named has a position. */
function asLists(buckets: FieldBuckets): Record<string, number[]> {
  const byValue: Record<string, number[]> = {};
  for (const value of buckets.codeOf.keys()) byValue[value] = [...bucketOf(buckets, value)!];
  return byValue;
}

function expectFreshBuckets(view: ReadView, order: readonly AccountOrderTerm[], field: BucketField): void {
  const base = orderBaseOf(view, order);
  expect(asLists(base.buckets.of(field)), `${field} of ${JSON.stringify(order)}`).toEqual(walkedBuckets(base.accounts, field));
}

const step = fc.record({
  writes: fc.array(write, { minLength: 1, maxLength: 3 }),
  reads: fc.array(fc.record({ order: fc.nat(ORDERS.length - 1), field: fc.constantFrom(...BUCKET_FIELD_NAMES) }), { maxLength: 4 }),
});

describe("list-value buckets moved across account writes", () => {
  it("equal a fresh build for every field and order, in every version", () => {
    const before = { ...positionBucketCounts };
    fc.assert(
      fc.property(runOf(step, 25), ({ initial, steps }) => {
        const run = startRun(initial);
        const newId = run.newId;
        let view = run.view;
        // Every field of every order built on the first version: all are inherited by the next.
        for (const order of ORDERS) for (const field of BUCKET_FIELD_NAMES) expectFreshBuckets(view, order, field);
        const versions = [view];
        for (const { writes, reads } of steps) {
          view = applyChanges(view, [{ seq: view.seq + 1, at: AT, entries: entriesOf(view, writes, newId) }]).view;
          versions.push(view);
          for (const { order, field } of reads) expectFreshBuckets(view, ORDERS[order]!, field);
        }
        for (const version of versions.slice(-3)) {
          for (const order of ORDERS) {
            // One key's base is its ascending index, read in either direction; several keys' base is the order itself.
            const sequence = order.length === 1 ? [{ key: order[0]!.key, direction: "ASC" as const, nulls: "LAST" as const }] : order;
            expect(orderBaseOf(version, order).accounts.map((a) => a.id)).toEqual(
              [...version.accounts.values()].sort(referenceOrder(sequence)).map((a) => a.id),
            );
            for (const field of BUCKET_FIELD_NAMES) expectFreshBuckets(version, order, field);
          }
        }
      }),
      { numRuns: 150, seed: 22 },
    );
    // Not a timing: buckets were moved (else this only compared fresh builds with themselves).
    expect(positionBucketCounts.moved - before.moved).toBeGreaterThan(5_000);
  });
});
