/**
 * Paged activity (ports/record-edits.ts ActivityPageQuery) in the AccountGraphStore contract:
 * each account's engagements and purchases newest first (date desc, id desc), a page per
 * account in one call, inclusive date windows, keyset continuation, totals that ignore the
 * page. Run by account-graph-store.contract.ts against every adapter.
 */
import { describe, expect, it } from "vitest";
import type { Engagement, Purchase } from "../../src/domain/model.js";
import type { AccountGraphStore, ActivityPage, ActivityPageQuery } from "../../src/ports/account-graph-store.js";
import { accountInput, expectFailure, managerInput } from "./store-fixtures.js";

const newestFirst = <T extends { date: string; id: string }>(a: T, b: T) =>
  a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

export function defineActivityPagesContract(current: () => AccountGraphStore): void {
  describe("activity pages", () => {
    const seed = async () => {
      const store = current();
      const manager = (await store.createManager(managerInput())).value;
      const busy = (await store.createAccount(accountInput())).value;
      const quiet = (await store.createAccount(accountInput())).value;
      const idle = (await store.createAccount(accountInput())).value;
      const dates = ["2025-01-05", "2025-01-05", "2025-01-05", "2025-02-10", "2024-12-31", "2025-03-01", "2025-02-10"];
      const engagements: Engagement[] = [];
      for (const [i, date] of dates.entries()) {
        engagements.push(
          (
            await store.recordEngagement({
              id: `eng-${String.fromCharCode(97 + ((i * 3) % 7))}`,
              accountId: busy.id,
              managerId: manager.id,
              minutes: 10 + i,
              date,
              kind: "CALL",
            })
          ).value,
        );
      }
      const other = (await store.recordEngagement({ accountId: quiet.id, managerId: manager.id, minutes: 5, date: "2025-01-20", kind: "EMAIL" }))
        .value;
      const purchases: Purchase[] = [];
      for (const [i, date] of ["2025-01-01", "2025-01-01", "2024-06-30"].entries()) {
        purchases.push((await store.recordPurchase({ id: `pur-${i}`, accountId: busy.id, amount: 100 + i, licences: i, discount: 0, date })).value);
      }
      return { store, busy, quiet, idle, engagements: engagements.sort(newestFirst), other, purchases: purchases.sort(newestFirst) };
    };

    /** Every item of one account, page by page, checking the page invariants. */
    const collect = async <T extends { date: string; id: string }>(
      read: (query: ActivityPageQuery) => Promise<ActivityPage<T>[]>,
      accountId: string,
      first: number,
      window?: ActivityPageQuery["window"],
    ) => {
      const items: T[] = [];
      let after: ActivityPageQuery["after"];
      for (let guard = 0; guard < 50; guard++) {
        const [page] = await read({ accountIds: [accountId], first, ...(window ? { window } : {}), ...(after ? { after } : {}) });
        expect(page!.items.length).toBeLessThanOrEqual(first);
        items.push(...page!.items);
        if (!page!.hasNextPage) return { items, totalCount: page!.totalCount };
        const last = page!.items.at(-1)!;
        after = { date: last.date, id: last.id };
      }
      throw new Error("activity pages did not end");
    };

    it("pages an account's engagements newest first, ties by id descending, with the total", async () => {
      const { store, busy, engagements } = await seed();
      for (const first of [1, 2, 3, 7, 50]) {
        const { items, totalCount } = await collect((q) => store.engagementPages(q), busy.id, first);
        expect(items).toEqual(engagements);
        expect(totalCount).toBe(engagements.length);
      }
    });

    it("applies an inclusive date window to the items and the total", async () => {
      const { store, busy, engagements, purchases } = await seed();
      const window = { from: "2025-01-05", to: "2025-02-10" };
      const inWindow = engagements.filter((e) => e.date >= window.from && e.date <= window.to);
      expect(inWindow.length).toBe(5);
      expect(await collect((q) => store.engagementPages(q), busy.id, 2, window)).toEqual({ items: inWindow, totalCount: 5 });
      expect(await collect((q) => store.purchasePages(q), busy.id, 1, { to: "2024-12-31" })).toEqual({ items: purchases.slice(2), totalCount: 1 });
    });

    it("answers many accounts in one call, aligned with the ids asked (repeats and unknown ids included)", async () => {
      const { store, busy, quiet, idle, engagements, other } = await seed();
      const pages = await store.engagementPages({ accountIds: [quiet.id, busy.id, "acc-missing", idle.id, quiet.id], first: 2 });
      expect(pages).toEqual([
        { items: [other], hasNextPage: false, totalCount: 1 },
        { items: engagements.slice(0, 2), hasNextPage: true, totalCount: engagements.length },
        { items: [], hasNextPage: false, totalCount: 0 },
        { items: [], hasNextPage: false, totalCount: 0 },
        { items: [other], hasNextPage: false, totalCount: 1 },
      ]);
      expect(await store.engagementPages({ accountIds: [], first: 5 })).toEqual([]);
    });

    it("first: 0 says whether items exist; a position after the last item gives an empty page", async () => {
      const { store, busy, purchases } = await seed();
      expect(await store.purchasePages({ accountIds: [busy.id], first: 0 })).toEqual([{ items: [], hasNextPage: true, totalCount: 3 }]);
      const last = purchases.at(-1)!;
      expect(await store.purchasePages({ accountIds: [busy.id], first: 5, after: { date: last.date, id: last.id } })).toEqual([
        { items: [], hasNextPage: false, totalCount: 3 },
      ]);
      await expectFailure(store.purchasePages({ accountIds: [busy.id], first: 5, after: { date: "yesterday", id: "x" } }), "BAD_USER_INPUT", "after");
    });
  });
}
