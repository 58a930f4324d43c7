/**
 * Sort sequences patched across account writes (services/read-model/sort-index-patch.ts)
 * equal a fresh sort. Property-based (fast-check, fixed seeds): random runs of account
 * creates, updates (sort keys changed to values that tie with others' and to null) and deletes,
 * one to three per change, applied as the read model applies the feed (apply-changes.ts); after
 * each change the orders of a random subset of keys are read (so some versions patch, others
 * hand their inheritance on untouched), and every order read, and at the end every key's order
 * in each direction and null placement and a few orders of several keys, in every version of
 * the run (old versions stay as they were), equals the reference sort of that version's
 * accounts (test/support/account-order-reference.ts). The run also shows the patch ran.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Change } from "../../src/ports/change-feed.js";
import type { AccountQueryFilter } from "../../src/services/read-model/account-filter.js";
import { ACCOUNT_ORDER_KEYS, orderedAccounts, type AccountOrderKey, type AccountOrderTerm } from "../../src/services/read-model/account-order.js";
import { accountPageOf } from "../../src/services/read-model/account-pages.js";
import { applyChanges } from "../../src/services/read-model/apply-changes.js";
import { viewOfState, type ReadView } from "../../src/services/read-model/read-view.js";
import { addedPositionsOf, newPositionsOf } from "../../src/services/read-model/position-buckets.js";
import { patchSorted, sortedSequenceCounts } from "../../src/services/read-model/sort-index-patch.js";
import { PATCH_LIMIT } from "../../src/services/read-model/version-inheritance.js";
import { referenceOrder } from "../support/account-order-reference.js";
import { AT, DRAWS, SINCE, accountOf, entriesOf, pick, POOLS, runOf, startRun, stateOf, write } from "../support/random-account-writes.js";

/** One change of one to three writes, then the keys whose order is read on the new version (maybe none). */
const step = fc.record({ writes: fc.array(write, { minLength: 1, maxLength: 3 }), reads: fc.subarray([...ACCOUNT_ORDER_KEYS]) });

const SEVERAL: AccountOrderTerm[][] = [
  [
    { key: "REGION", direction: "ASC", nulls: "FIRST" },
    { key: "NAME", direction: "DESC", nulls: "LAST" },
  ],
  [
    { key: "ANNUAL_REVENUE", direction: "DESC", nulls: "LAST" },
    { key: "LAST_CONTACT", direction: "ASC", nulls: "LAST" },
    { key: "SEGMENT", direction: "ASC", nulls: "LAST" },
  ],
];

const idsIn = (view: ReadView, order: readonly AccountOrderTerm[]): string[] => {
  const ordered = orderedAccounts(view, order);
  return Array.from({ length: ordered.length }, (_, i) => ordered.at(i).id);
};
const expectedIds = (view: ReadView, order: readonly AccountOrderTerm[]): string[] =>
  [...view.accounts.values()].sort(referenceOrder(order)).map((a) => a.id);

const ascending = (key: AccountOrderKey): AccountOrderTerm[] => [{ key, direction: "ASC", nulls: "LAST" }];

describe("sort sequences patched across account writes", () => {
  it("equal a fresh sort of every version, for every key, direction and null placement", () => {
    const before = { ...sortedSequenceCounts };
    fc.assert(
      fc.property(runOf(step, 25), ({ initial, steps }) => {
        const run = startRun(initial);
        const newId = run.newId;
        let view = run.view;
        // The first version has every key's index and the orders of several keys built: all of them are inherited.
        for (const key of ACCOUNT_ORDER_KEYS) expect(idsIn(view, ascending(key))).toEqual(expectedIds(view, ascending(key)));
        for (const order of SEVERAL) expect(idsIn(view, order)).toEqual(expectedIds(view, order));
        const versions = [view];
        for (const { writes, reads } of steps) {
          const change: Change = { seq: view.seq + 1, at: AT, entries: entriesOf(view, writes, newId) };
          view = applyChanges(view, [change]).view;
          versions.push(view);
          for (const key of reads) expect(idsIn(view, ascending(key))).toEqual(expectedIds(view, ascending(key)));
          if (reads.length % 3 === 0) for (const order of SEVERAL) expect(idsIn(view, order)).toEqual(expectedIds(view, order));
        }
        for (const version of versions.slice(-3)) {
          for (const key of ACCOUNT_ORDER_KEYS) {
            for (const direction of ["ASC", "DESC"] as const) {
              for (const nulls of ["FIRST", "LAST"] as const) {
                const order: AccountOrderTerm[] = [{ key, direction, nulls }];
                expect(idsIn(version, order)).toEqual(expectedIds(version, order));
              }
            }
          }
          for (const order of SEVERAL) expect(idsIn(version, order)).toEqual(expectedIds(version, order));
        }
      }),
      { numRuns: 150, seed: 21 },
    );
    // Not a timing: the patch path really ran (else this only tested the sort again).
    expect(sortedSequenceCounts.patched - before.patched).toBeGreaterThan(1_000);
    expect(sortedSequenceCounts.refused - before.refused).toBe(0);
  });

  it("pages (a list filter's bucket positions included) after writes as on a fresh view of the same accounts", () => {
    const order: AccountOrderTerm[] = [{ key: "REGION", direction: "DESC", nulls: "FIRST" }];
    const accounts = Array.from({ length: 80 }, (_, i) =>
      accountOf(
        `acc-${String(i).padStart(2, "0")}`,
        Array.from({ length: DRAWS }, (_, f) => i * 7 + f * 3),
      ),
    );
    let view = viewOfState(stateOf(accounts), SINCE);
    const filter: AccountQueryFilter = { segments: ["NON_PROFIT"], regions: ["APAC", "EMEA"] };
    accountPageOf(view, { order, first: 5, filter }); // builds the index and its buckets
    for (let round = 0; round < 6; round++) {
      const moved = [...view.accounts.values()].filter((_, i) => i % 9 === round);
      const entries = moved.map((a, i) => ({
        kind: "ACCOUNT" as const,
        op: i % 4 === 3 ? ("DELETE" as const) : ("PUT" as const),
        record: { ...a, segment: pick(POOLS.segment, i + round), region: pick(POOLS.region, i * round) },
      }));
      view = applyChanges(view, [{ seq: view.seq + 1, at: AT, entries }]).view;
      const fresh = viewOfState(stateOf([...view.accounts.values()].map((a) => ({ ...a }))), SINCE);
      for (const f of [filter, {}, { segments: ["NON_PROFIT"] } satisfies AccountQueryFilter]) {
        const page = accountPageOf(view, { order, first: 100, filter: f });
        const want = accountPageOf(fresh, { order, first: 100, filter: f });
        expect(page.items.map((a) => a.id)).toEqual(want.items.map((a) => a.id));
        expect(page.totalCount).toBe(want.totalCount);
      }
    }
  });

  it("sorts afresh when more accounts changed than a patch is worth", () => {
    const base = accountOf(
      "seed",
      Array.from({ length: DRAWS }, () => 1),
    );
    let view = viewOfState(stateOf([base]), SINCE);
    idsIn(view, ascending("NAME"));
    const many = PATCH_LIMIT.min + 1;
    const entries = Array.from({ length: many }, (_, i) => ({
      kind: "ACCOUNT" as const,
      op: "PUT" as const,
      record: { ...base, id: `bulk-${i}`, name: `n${i % 97}` },
    }));
    view = applyChanges(view, [{ seq: 2, at: AT, entries }]).view;
    const counts = { ...sortedSequenceCounts };
    expect(idsIn(view, ascending("NAME"))).toEqual(expectedIds(view, ascending("NAME")));
    expect(sortedSequenceCounts.sorted - counts.sorted).toBe(1);
    expect(sortedSequenceCounts.patched - counts.patched).toBe(0);
  });
});

describe("patchSorted", () => {
  const byValue = (a: { v: number; id: number }, b: { v: number; id: number }) => a.v - b.v || a.id - b.id;

  it("removes and inserts exactly as sorting the changed set again, and says where each item went", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(20), { maxLength: 60 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        fc.array(fc.nat(20), { maxLength: 10 }),
        (values, drop, add) => {
          const items = values.map((v, id) => ({ v, id }));
          const sorted = [...items].sort(byValue);
          const removed = items.filter((_, i) => drop[i]);
          // New versions of some removed items (same id, maybe the same value) and new items.
          const added = [
            ...removed.filter((_, i) => i % 2 === 0).map((x, i) => ({ id: x.id, v: i % 3 === 0 ? x.v : (x.v + 7) % 21 })),
            ...add.map((v, i) => ({ v, id: 1_000 + i })),
          ];
          const kept = items.filter((x) => !removed.includes(x));
          const { sequence, moves } = patchSorted(sorted, removed, added, byValue)!;
          expect(sequence).toEqual([...kept, ...added].sort(byValue));
          // Where position-buckets.ts moves positions: each kept item's new place, each added one's.
          const movedTo = newPositionsOf(moves, sequence.length);
          const addedAt = addedPositionsOf(moves);
          expect(movedTo.length).toBe(sorted.length);
          sorted.forEach((item, i) => expect(movedTo[i] === -1 ? removed.includes(item) : sequence[movedTo[i]!] === item).toBe(true));
          moves.added.forEach((item, j) => expect(sequence[addedAt[j]!]).toBe(item));
        },
      ),
      { numRuns: 500, seed: 3 },
    );
  });

  it("answers the same array when nothing changed, and null when a removed item is not where the order puts it", () => {
    const sorted = [1, 2, 3].map((v) => ({ v, id: v }));
    expect(patchSorted(sorted, [], [], byValue)?.sequence).toBe(sorted);
    expect(patchSorted(sorted, [{ v: 2, id: 2 }], [], byValue)).toBeNull(); // equal, but not the item held
  });
});
