/**
 * The change feed, readState and write-scope part of the AccountGraphStore contract
 * (ports/change-feed.ts, ports/write-scope.ts), run by account-graph-store.contract.ts
 * inside its describe block, so every adapter runs it against a real store.
 */
import { describe, expect, it } from "vitest";
import type { Account } from "../../src/domain/model.js";
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";
import { isApiKeyStore } from "../../src/ports/api-key-store.js";
import type { Change, Committed } from "../../src/ports/change-feed.js";
import { accountInput, communityInput, expectFailure, managerInput, snapshotOf } from "./store-fixtures.js";

export function defineChangeFeedContract(current: () => AccountGraphStore): void {
  describe("change feed", () => {
    /** The change a write committed, checked against the feed and against its own result. */
    const committedOne = async <T>(write: () => Promise<Committed<T>>): Promise<{ value: T; change: Change }> => {
      const store = current();
      const head = await store.feedHead();
      const { value, change } = await write();
      expect(change, "the write should have committed a change").not.toBeNull();
      expect(change!.seq).toBe(head + 1);
      expect(await store.feedHead()).toBe(head + 1);
      const page = await store.changesSince(head, 10);
      expect(page.compacted).toBe(false);
      expect(page.changes).toEqual([change]);
      return { value, change: change! };
    };

    it("every write returns the change it committed, which the feed holds, describing the record", async () => {
      const store = current();
      const { value: manager, change: c1 } = await committedOne(() => store.createManager(managerInput()));
      expect(c1.entries).toEqual([{ kind: "MANAGER", op: "PUT", record: manager }]);
      const { value: a, change: c2 } = await committedOne(() => store.createAccount(accountInput({ ownerId: manager.id })));
      expect(c2.entries).toEqual([{ kind: "ACCOUNT", op: "PUT", record: a }]);
      const b = (await store.createAccount(accountInput())).value;
      const { value: updated, change: c3 } = await committedOne(() => store.updateAccount(a.id, { name: "Renamed" }));
      expect(c3.entries).toEqual([{ kind: "ACCOUNT", op: "PUT", record: updated }]);
      const { value: community, change: c4 } = await committedOne(() => store.createCommunity(communityInput()));
      expect(c4.entries).toEqual([{ kind: "COMMUNITY", op: "PUT", record: community }]);
      const { value: membership, change: c5 } = await committedOne(() =>
        store.addMembership({ accountId: a.id, communityId: community.id, role: "LEADER" }),
      );
      expect(c5.entries).toEqual([{ kind: "MEMBERSHIP", op: "PUT", record: membership }]);
      const { value: link, change: c6 } = await committedOne(() => store.linkInfluence({ fromId: a.id, toId: b.id, kind: "PEER", strength: 0.4 }));
      expect(c6.entries).toEqual([{ kind: "LINK", op: "PUT", record: link }]);
      const { value: referral, change: c7 } = await committedOne(() =>
        store.recordReferral({ fromId: b.id, toId: a.id, date: "2025-03-01", revenue: 5_00 }),
      );
      expect(c7.entries).toEqual([{ kind: "LINK", op: "PUT", record: referral }]);
      const { value: engagement, change: c8 } = await committedOne(() =>
        store.recordEngagement({ accountId: a.id, managerId: manager.id, minutes: 30, date: "2025-03-02", kind: "CALL", note: "hi" }),
      );
      expect(c8.entries).toEqual([{ kind: "ENGAGEMENT", op: "PUT", record: engagement }]);
      const { value: purchase, change: c9 } = await committedOne(() =>
        store.recordPurchase({ accountId: a.id, amount: 10_00, licences: 2, discount: 0.1, date: "2025-03-03" }),
      );
      expect(c9.entries).toEqual([{ kind: "PURCHASE", op: "PUT", record: purchase }]);
      const { change: c10 } = await committedOne(() => store.unlink(link.id));
      expect(c10.entries).toEqual([{ kind: "LINK", op: "DELETE", record: link }]);
      const { change: c11 } = await committedOne(() => store.removeMembership(a.id, community.id));
      expect(c11.entries).toEqual([{ kind: "MEMBERSHIP", op: "DELETE", record: membership }]);
      for (const change of [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11]) expect(Number.isNaN(Date.parse(change.at))).toBe(false);
    });

    it("deleting an account lists the account, every link it took and every membership", async () => {
      const store = current();
      const a = (await store.createAccount(accountInput())).value;
      const b = (await store.createAccount(accountInput())).value;
      const community = (await store.createCommunity(communityInput())).value;
      const membership = (await store.addMembership({ accountId: a.id, communityId: community.id, role: "MEMBER" })).value;
      const out = (await store.linkInfluence({ fromId: a.id, toId: b.id, kind: "PEER", strength: 0.4 })).value;
      const into = (await store.recordReferral({ fromId: b.id, toId: a.id, date: "2025-01-01", revenue: 1 })).value;
      const { change } = await committedOne(() => store.deleteAccount(a.id));
      expect(change.entries[0]).toEqual({ kind: "ACCOUNT", op: "DELETE", record: a });
      const rest = change.entries.slice(1);
      expect(rest).toHaveLength(3);
      expect(rest).toEqual(
        expect.arrayContaining([
          { kind: "LINK", op: "DELETE", record: out },
          { kind: "LINK", op: "DELETE", record: into },
          { kind: "MEMBERSHIP", op: "DELETE", record: membership },
        ]),
      );
    });

    it("a write that changes nothing commits nothing", async () => {
      const store = current();
      const manager = (await store.createManager(managerInput())).value;
      const account = (await store.createAccount(accountInput({ name: "Same" }))).value;
      const before = await snapshotOf(store);
      const same = await store.updateAccount(account.id, { name: "Same" });
      expect(same).toEqual({ value: account, change: null });
      expect(await store.updateAccount(account.id, {})).toEqual({ value: account, change: null });
      expect((await store.updateManager(manager.id, { name: manager.name })).change).toBeNull();
      expect(await snapshotOf(store)).toEqual(before);
      expect(await store.getAccounts([account.id])).toEqual([account]);
    });

    it("changesSince reads in order, at most `limit` at a time, and reports the head", async () => {
      const store = current();
      const start = await store.feedHead();
      for (let i = 0; i < 7; i++) await store.createAccount(accountInput());
      const seen: number[] = [];
      let after = start;
      for (let guard = 0; guard < 10; guard++) {
        const page = await store.changesSince(after, 3);
        expect(page.head).toBe(start + 7);
        expect(page.changes.length).toBeLessThanOrEqual(3);
        if (page.changes.length === 0) break;
        seen.push(...page.changes.map((c) => c.seq));
        after = page.changes.at(-1)!.seq;
      }
      expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => start + i + 1));
      expect((await store.changesSince(start + 7, 10)).changes).toEqual([]);
    });

    it("concurrent writes get distinct, gap-free sequence numbers", async () => {
      const store = current();
      const start = await store.feedHead();
      const results = await Promise.all(Array.from({ length: 15 }, () => store.createAccount(accountInput())));
      const seqs = results.map((r) => r.change!.seq).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 15 }, (_, i) => start + i + 1));
      const { changes } = await store.changesSince(start, 100);
      expect(changes.map((c) => c.seq)).toEqual(seqs);
      const byId = new Map(results.map((r) => [r.value.id, r.change!.seq]));
      for (const change of changes) {
        const entry = change.entries[0]!;
        expect(entry.kind === "ACCOUNT" && byId.get(entry.record.id)).toBe(change.seq);
      }
    });

    it("compaction drops old changes; a reader behind it is told to reload", async () => {
      const store = current();
      for (let i = 0; i < 6; i++) await store.createAccount(accountInput());
      const head = await store.feedHead();
      const through = await store.compactFeed(2);
      expect(through).toBe(head - 2);
      expect(await store.changesSince(head - 3, 10)).toEqual({ changes: [], head, compacted: true });
      const kept = await store.changesSince(head - 2, 10);
      expect(kept.compacted).toBe(false);
      expect(kept.changes.map((c) => c.seq)).toEqual([head - 1, head]);
      await store.createAccount(accountInput());
      expect((await store.changesSince(head, 10)).changes.map((c) => c.seq)).toEqual([head + 1]);
      expect(await store.compactFeed(1_000)).toBe(head - 2); // never moves back
    });
  });

  describe("readState", () => {
    it("holds every record, consistent with the feed head, and activity from the date asked", async () => {
      const store = current();
      const manager = (await store.createManager(managerInput())).value;
      const a = (await store.createAccount(accountInput({ ownerId: manager.id }))).value;
      const b = (await store.createAccount(accountInput())).value;
      const community = (await store.createCommunity(communityInput())).value;
      const membership = (await store.addMembership({ accountId: a.id, communityId: community.id, role: "LEADER" })).value;
      const link = (await store.linkInfluence({ fromId: a.id, toId: b.id, kind: "BOARD", strength: 0.9 })).value;
      const referral = (await store.recordReferral({ fromId: b.id, toId: a.id, date: "2025-01-01", revenue: 3_00 })).value;
      const recent = (await store.recordEngagement({ accountId: a.id, managerId: manager.id, minutes: 20, date: "2025-06-01", kind: "VISIT" })).value;
      await store.recordEngagement({ accountId: a.id, managerId: manager.id, minutes: 20, date: "2020-06-01", kind: "VISIT" });
      const bought = (await store.recordPurchase({ accountId: b.id, amount: 9_00, licences: 1, discount: 0, date: "2025-06-02" })).value;
      await store.recordPurchase({ accountId: b.id, amount: 9_00, licences: 1, discount: 0, date: "2019-06-02" });

      const state = await store.readState({ activitySince: "2025-01-01" });
      expect(state.seq).toBe(await store.feedHead());
      const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((x, y) => (x.id < y.id ? -1 : 1));
      expect(byId(state.accounts)).toEqual(byId([a, b]));
      expect(state.managers).toEqual([manager]);
      expect(state.communities).toEqual([community]);
      expect(state.memberships).toEqual([membership]);
      expect(byId(state.links)).toEqual(byId([link, referral]));
      expect(state.engagements).toEqual([recent]);
      expect(state.purchases).toEqual([bought]);
      if (isApiKeyStore(store)) expect(state.apiKeys).toEqual(await store.listApiKeys());
    });

    it("is empty, at head 0 or later, for an empty store", async () => {
      const state = await current().readState({ activitySince: "2000-01-01" });
      expect(state.accounts).toEqual([]);
      expect(state.links).toEqual([]);
      expect(state.seq).toBe(await current().feedHead());
    });

    it("pages through more rows than one page holds", async () => {
      const store = current();
      const accounts = await Promise.all(Array.from({ length: 30 }, () => store.createAccount(accountInput()).then((r) => r.value)));
      const state = await store.readState({ activitySince: "2000-01-01" });
      expect(state.accounts.map((x: Account) => x.id).sort()).toEqual(accounts.map((x) => x.id).sort());
    });
  });

  describe("write scope: a MANAGER's writes are checked in the transaction", () => {
    const setup = async () => {
      const store = current();
      const mine = (await store.createManager(managerInput())).value;
      const other = (await store.createManager(managerInput())).value;
      const own = (await store.createAccount(accountInput({ ownerId: mine.id }))).value;
      const own2 = (await store.createAccount(accountInput({ ownerId: mine.id }))).value;
      const theirs = (await store.createAccount(accountInput({ ownerId: other.id }))).value;
      const community = (await store.createCommunity(communityInput())).value;
      return { store, mine, other, own, own2, theirs, community, scope: { managerId: mine.id } };
    };

    it("refuses, with FORBIDDEN naming the field, every write on another manager's account, writing nothing", async () => {
      const { store, other, own, theirs, community, scope } = await setup();
      const crossLink = (await store.linkInfluence({ fromId: own.id, toId: theirs.id, kind: "PEER", strength: 0.3 })).value;
      const before = await snapshotOf(store);
      await expectFailure(store.createAccount(accountInput({ ownerId: other.id }), scope), "FORBIDDEN", "ownerId");
      await expectFailure(store.createAccount(accountInput(), scope), "FORBIDDEN", "ownerId");
      await expectFailure(store.updateAccount(theirs.id, { name: "x" }, scope), "FORBIDDEN", "id");
      await expectFailure(store.updateAccount(own.id, { ownerId: other.id }, scope), "FORBIDDEN", "ownerId");
      await expectFailure(store.deleteAccount(theirs.id, scope), "FORBIDDEN", "id");
      await expectFailure(store.addMembership({ accountId: theirs.id, communityId: community.id, role: "MEMBER" }, scope), "FORBIDDEN", "accountId");
      await expectFailure(store.linkInfluence({ fromId: own.id, toId: theirs.id, kind: "BOARD", strength: 0.3 }, scope), "FORBIDDEN", "toId");
      await expectFailure(store.recordReferral({ fromId: theirs.id, toId: own.id, date: "2025-01-01", revenue: 1 }, scope), "FORBIDDEN", "fromId");
      await expectFailure(store.unlink(crossLink.id, scope), "FORBIDDEN", "id");
      await expectFailure(
        store.recordEngagement({ accountId: own.id, managerId: other.id, minutes: 5, date: "2025-01-01", kind: "CALL" }, scope),
        "FORBIDDEN",
        "managerId",
      );
      await expectFailure(
        store.recordEngagement({ accountId: theirs.id, managerId: scope.managerId, minutes: 5, date: "2025-01-01", kind: "CALL" }, scope),
        "FORBIDDEN",
        "accountId",
      );
      await expectFailure(
        store.recordPurchase({ accountId: theirs.id, amount: 1, licences: 1, discount: 0, date: "2025-01-01" }, scope),
        "FORBIDDEN",
        "accountId",
      );
      expect(await snapshotOf(store)).toEqual(before);
    });

    it("allows every write on its own accounts", async () => {
      const { store, mine, own, own2, community, scope } = await setup();
      await store.createAccount(accountInput({ ownerId: mine.id }), scope);
      await store.updateAccount(own.id, { name: "Mine still" }, scope);
      await store.addMembership({ accountId: own.id, communityId: community.id, role: "MEMBER" }, scope);
      const link = (await store.linkInfluence({ fromId: own.id, toId: own2.id, kind: "PEER", strength: 0.3 }, scope)).value;
      await store.unlink(link.id, scope);
      await store.recordEngagement({ accountId: own.id, managerId: mine.id, minutes: 5, date: "2025-01-01", kind: "CALL" }, scope);
      await store.recordPurchase({ accountId: own.id, amount: 1, licences: 1, discount: 0, date: "2025-01-01" }, scope);
      await store.removeMembership(own.id, community.id, scope);
      expect((await store.deleteAccount(own2.id, scope)).value.id).toBe(own2.id);
    });

    it("refuses to delete its own account when that would remove another manager's links or engagements", async () => {
      const { store, mine, other, own, own2, theirs } = await setup();
      const scope = { managerId: mine.id };
      await store.linkInfluence({ fromId: theirs.id, toId: own.id, kind: "PEER", strength: 0.3 });
      await store.recordEngagement({ accountId: own2.id, managerId: other.id, minutes: 5, date: "2025-01-01", kind: "CALL" });
      const before = await snapshotOf(store);
      await expectFailure(store.deleteAccount(own.id, scope), "FORBIDDEN", "id");
      await expectFailure(store.deleteAccount(own2.id, scope), "FORBIDDEN", "id");
      expect(await snapshotOf(store)).toEqual(before);
      // An ADMIN (no scope) may.
      await store.deleteAccount(own.id);
      expect(await store.getAccounts([own.id])).toEqual([null]);
    });
  });

  describe("uniqueness of manager emails and community names", () => {
    it("refuses a second manager with the same email, whatever its case, naming `email`", async () => {
      const store = current();
      const first = (await store.createManager(managerInput({ email: "Dana@Example.com" }))).value;
      const before = await snapshotOf(store);
      await expectFailure(store.createManager(managerInput({ email: "dana@example.COM" })), "CONFLICT", "email");
      const second = (await store.createManager(managerInput())).value;
      await expectFailure(store.updateManager(second.id, { email: " dana@example.com " }), "CONFLICT", "email");
      await store.updateManager(first.id, { email: "dana@example.com" }); // its own, recased
      expect((await snapshotOf(store)).counts.managers).toBe(before.counts.managers + 1);
    });

    it("refuses a second community with the same name, whatever its case, naming `name`", async () => {
      const store = current();
      await store.createCommunity(communityInput({ name: "St Mark's Fellowship" }));
      await expectFailure(store.createCommunity(communityInput({ name: "st  MARK'S fellowship" })), "CONFLICT", "name");
    });
  });
}
