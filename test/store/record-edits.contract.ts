/**
 * The edit and delete part of the AccountGraphStore contract (ports/record-edits.ts): updating
 * and deleting engagements and purchases, changing a link, updating and deleting communities
 * and managers, upserting accounts by externalId. Run by account-graph-store.contract.ts
 * inside its describe block, so every adapter runs it against a real store. Each write is
 * checked for its result, for what the store reads back, for the change it committed (every
 * record it changed, cascades included), and, when refused, for writing nothing.
 */
import { describe, expect, it } from "vitest";
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";
import type { Change, Committed } from "../../src/ports/change-feed.js";
import { accountInput, communityInput, expectFailure, managerInput, snapshotOf } from "./store-fixtures.js";

export function defineRecordEditsContract(current: () => AccountGraphStore): void {
  /** The change a write committed, which must be the feed's next one. */
  const committed = async <T>(write: () => Promise<Committed<T>>): Promise<{ value: T; change: Change }> => {
    const store = current();
    const head = await store.feedHead();
    const { value, change } = await write();
    expect(change, "the write should have committed a change").not.toBeNull();
    expect(change!.seq).toBe(head + 1);
    expect((await store.changesSince(head, 10)).changes).toEqual([change]);
    return { value, change: change! };
  };

  /** A write that must fail with `code` on `field` and leave the store as it was. */
  const refused = async (write: () => Promise<unknown>, code: Parameters<typeof expectFailure>[1], field?: string) => {
    const before = await snapshotOf(current());
    await expectFailure(write(), code, field);
    expect(await snapshotOf(current())).toEqual(before);
  };

  const seed = async () => {
    const store = current();
    const mine = (await store.createManager(managerInput())).value;
    const other = (await store.createManager(managerInput())).value;
    const a = (await store.createAccount(accountInput({ ownerId: mine.id, externalId: "edit-a" }))).value;
    const b = (await store.createAccount(accountInput({ ownerId: mine.id }))).value;
    const theirs = (await store.createAccount(accountInput({ ownerId: other.id }))).value;
    const engagement = (
      await store.recordEngagement({ accountId: a.id, managerId: mine.id, minutes: 30, date: "2025-03-01", kind: "CALL", note: "first" })
    ).value;
    const purchase = (await store.recordPurchase({ accountId: a.id, amount: 1_000_00, licences: 2, discount: 0.1, date: "2025-03-02" })).value;
    const influence = (await store.linkInfluence({ fromId: a.id, toId: b.id, kind: "PEER", strength: 0.4, since: "2024-01-01" })).value;
    const referral = (await store.recordReferral({ fromId: b.id, toId: a.id, date: "2025-02-01", revenue: 500_00 })).value;
    return { store, mine, other, a, b, theirs, engagement, purchase, influence, referral, scope: { managerId: mine.id } };
  };

  describe("edits: engagements and purchases", () => {
    it("updateEngagement changes the given fields, keeps the account, and commits the stored record", async () => {
      const { store, other, a, engagement } = await seed();
      const { value, change } = await committed(() =>
        store.updateEngagement(engagement.id, { minutes: 45, date: "2025-03-05", kind: "VISIT", note: null }),
      );
      expect(value).toEqual({ ...engagement, minutes: 45, date: "2025-03-05", kind: "VISIT", note: null });
      expect(change.entries).toEqual([{ kind: "ENGAGEMENT", op: "PUT", record: value }]);
      expect(await store.engagementsOfAccounts([a.id])).toEqual([value]);
      // Handing it to another manager moves it between the managers' lists.
      const moved = (await committed(() => store.updateEngagement(engagement.id, { managerId: other.id }))).value;
      expect(moved.managerId).toBe(other.id);
      expect(await store.engagementsOfManager(other.id)).toEqual([moved]);
      expect(await store.engagementsOfManager(engagement.managerId)).toEqual([]);
    });

    it("an engagement update that changes nothing commits nothing; unknown ids and managers are refused by field", async () => {
      const { store, engagement } = await seed();
      expect(await store.updateEngagement(engagement.id, { minutes: engagement.minutes })).toEqual({ value: engagement, change: null });
      await refused(() => store.updateEngagement("eng-missing", { minutes: 5 }), "NOT_FOUND", "id");
      await refused(() => store.updateEngagement(engagement.id, { managerId: "mgr-missing" }), "NOT_FOUND", "managerId");
      await refused(() => store.deleteEngagement("eng-missing"), "NOT_FOUND", "id");
    });

    it("deleteEngagement removes it and commits it as it was", async () => {
      const { store, a, engagement } = await seed();
      const { value, change } = await committed(() => store.deleteEngagement(engagement.id));
      expect(value).toEqual(engagement);
      expect(change.entries).toEqual([{ kind: "ENGAGEMENT", op: "DELETE", record: engagement }]);
      expect(await store.engagementsOfAccounts([a.id])).toEqual([]);
      expect((await store.counts()).engagements).toBe(0);
    });

    it("updatePurchase and deletePurchase", async () => {
      const { store, a, purchase } = await seed();
      const { value, change } = await committed(() =>
        store.updatePurchase(purchase.id, { amount: 2_000_00, licences: 4, discount: 0, date: "2025-01-31" }),
      );
      expect(value).toEqual({ ...purchase, amount: 2_000_00, licences: 4, discount: 0, date: "2025-01-31" });
      expect(change.entries).toEqual([{ kind: "PURCHASE", op: "PUT", record: value }]);
      expect(await store.purchasesOfAccounts([a.id])).toEqual([value]);
      expect((await store.updatePurchase(purchase.id, { amount: 2_000_00 })).change).toBeNull();
      await refused(() => store.updatePurchase("pur-missing", { amount: 1 }), "NOT_FOUND", "id");
      const deleted = await committed(() => store.deletePurchase(purchase.id));
      expect(deleted.change.entries).toEqual([{ kind: "PURCHASE", op: "DELETE", record: value }]);
      expect(await store.purchasesOfAccounts([a.id])).toEqual([]);
      await refused(() => store.deletePurchase(purchase.id), "NOT_FOUND", "id");
    });
  });

  describe("edits: links", () => {
    it("an INFLUENCES link changes strength, kind and date (null clears it)", async () => {
      const { store, a, influence } = await seed();
      const { value, change } = await committed(() => store.updateLink(influence.id, { strength: 0.9, kind: "BOARD", date: null }));
      expect(value).toEqual({ ...influence, strength: 0.9, kind: "BOARD", date: null });
      expect(change.entries).toEqual([{ kind: "LINK", op: "PUT", record: value }]);
      expect(await store.getLinks([influence.id])).toEqual([value]);
      expect(await store.linksOfAccounts({ accountIds: [a.id], direction: "OUT" })).toEqual([value]);
      expect((await store.updateLink(influence.id, { strength: 0.9 })).change).toBeNull();
    });

    it("a REFERRED link changes date and revenue; fields of the other type are refused by name", async () => {
      const { store, influence, referral } = await seed();
      const { value } = await committed(() => store.updateLink(referral.id, { date: "2025-02-15", revenue: 750_00 }));
      expect(value).toEqual({ ...referral, date: "2025-02-15", revenue: 750_00 });
      await refused(() => store.updateLink(referral.id, { kind: "PEER" }), "BAD_USER_INPUT", "kind");
      await refused(() => store.updateLink(referral.id, { strength: 0.5 }), "BAD_USER_INPUT", "strength");
      await refused(() => store.updateLink(referral.id, { date: null }), "BAD_USER_INPUT", "date");
      await refused(() => store.updateLink(influence.id, { revenue: 1 }), "BAD_USER_INPUT", "revenue");
      await refused(() => store.updateLink("lnk-missing", { strength: 0.5 }), "NOT_FOUND", "id");
    });
  });

  describe("edits: communities", () => {
    it("updateCommunity changes name, kind and region; a name another community has is refused", async () => {
      const store = current();
      const community = (await store.createCommunity(communityInput({ name: "Rotary North" }))).value;
      await store.createCommunity(communityInput({ name: "Rotary South" }));
      const { value, change } = await committed(() => store.updateCommunity(community.id, { name: "Rotary Central", kind: "CLUB", region: null }));
      expect(value).toEqual({ ...community, name: "Rotary Central", kind: "CLUB", region: null });
      expect(change.entries).toEqual([{ kind: "COMMUNITY", op: "PUT", record: value }]);
      expect(await store.getCommunities([community.id])).toEqual([value]);
      await refused(() => store.updateCommunity(community.id, { name: "ROTARY south" }), "CONFLICT", "name");
      await committed(() => store.updateCommunity(community.id, { name: "rotary central" })); // its own name, recased
      expect((await store.updateCommunity(community.id, {})).change).toBeNull();
      await refused(() => store.updateCommunity("com-missing", { name: "x" }), "NOT_FOUND", "id");
    });

    it("deleteCommunity removes it with every membership, each in the change", async () => {
      const { store, a, b } = await seed();
      const community = (await store.createCommunity(communityInput())).value;
      const kept = (await store.createCommunity(communityInput())).value;
      const m1 = (await store.addMembership({ accountId: a.id, communityId: community.id, role: "LEADER" })).value;
      const m2 = (await store.addMembership({ accountId: b.id, communityId: community.id, role: "MEMBER", since: "2020-01-01" })).value;
      const other = (await store.addMembership({ accountId: a.id, communityId: kept.id, role: "MEMBER" })).value;
      const { value, change } = await committed(() => store.deleteCommunity(community.id));
      expect(value).toEqual(community);
      expect(change.entries[0]).toEqual({ kind: "COMMUNITY", op: "DELETE", record: community });
      expect(change.entries.slice(1)).toHaveLength(2);
      expect(change.entries.slice(1)).toEqual(
        expect.arrayContaining([
          { kind: "MEMBERSHIP", op: "DELETE", record: m1 },
          { kind: "MEMBERSHIP", op: "DELETE", record: m2 },
        ]),
      );
      expect(await store.getCommunities([community.id])).toEqual([null]);
      expect(await store.membershipsOfCommunities([community.id])).toEqual([]);
      expect(await store.membershipsOfAccounts([a.id])).toEqual([other]);
      await refused(() => store.deleteCommunity(community.id), "NOT_FOUND", "id");
    });
  });

  describe("edits: managers", () => {
    it("deletes a manager who owns nothing and recorded nothing", async () => {
      const store = current();
      const manager = (await store.createManager(managerInput())).value;
      const { value, change } = await committed(() => store.deleteManager(manager.id));
      expect(value).toEqual(manager);
      expect(change.entries).toEqual([{ kind: "MANAGER", op: "DELETE", record: manager }]);
      expect(await store.getManagers([manager.id])).toEqual([null]);
      await refused(() => store.deleteManager(manager.id), "NOT_FOUND", "id");
    });

    it("refuses to delete a manager with accounts or engagements unless reassignTo names a successor", async () => {
      const { store, mine, other, a, b, engagement } = await seed();
      await refused(() => store.deleteManager(mine.id), "CONFLICT", "reassignTo");
      await refused(() => store.deleteManager(mine.id, { reassignTo: mine.id }), "BAD_USER_INPUT", "reassignTo");
      await refused(() => store.deleteManager(mine.id, { reassignTo: "mgr-missing" }), "NOT_FOUND", "reassignTo");
      // Engagements alone also need a successor.
      const helper = (await store.createManager(managerInput())).value;
      await store.recordEngagement({ accountId: a.id, managerId: helper.id, minutes: 5, date: "2025-01-01", kind: "EMAIL" });
      await refused(() => store.deleteManager(helper.id), "CONFLICT", "reassignTo");

      const { value, change } = await committed(() => store.deleteManager(mine.id, { reassignTo: other.id }));
      expect(value).toEqual(mine);
      const [accountA, accountB] = await store.getAccounts([a.id, b.id]);
      expect(accountA).toEqual({ ...a, ownerId: other.id, updatedAt: accountA!.updatedAt });
      expect(accountB!.ownerId).toBe(other.id);
      expect(accountA!.updatedAt >= a.updatedAt).toBe(true);
      const moved = (await store.engagementsOfManager(other.id)).find((e) => e.id === engagement.id);
      expect(moved).toEqual({ ...engagement, managerId: other.id });
      expect(change.entries[0]).toEqual({ kind: "MANAGER", op: "DELETE", record: mine });
      expect(change.entries.slice(1)).toEqual(
        expect.arrayContaining([
          { kind: "ACCOUNT", op: "PUT", record: accountA },
          { kind: "ACCOUNT", op: "PUT", record: accountB },
          { kind: "ENGAGEMENT", op: "PUT", record: moved },
        ]),
      );
      expect(change.entries).toHaveLength(4);
      expect(await store.getManagers([mine.id])).toEqual([null]);
    });
  });

  describe("edits: upsertAccount by externalId", () => {
    it("creates when no account has the externalId, updates the one that has it", async () => {
      const store = current();
      const create = accountInput({ name: "Acme" });
      const first = await committed(() => store.upsertAccount("crm-42", { patch: { name: "Acme" }, create }));
      expect(first.value.created).toBe(true);
      expect(first.value.account).toMatchObject({ name: "Acme", externalId: "crm-42" });
      expect(first.change.entries).toEqual([{ kind: "ACCOUNT", op: "PUT", record: first.value.account }]);
      const second = await committed(() =>
        store.upsertAccount("crm-42", { patch: { name: "Acme Corp", annualRevenue: 5_00 }, create: accountInput({ name: "Acme Corp" }) }),
      );
      expect(second.value).toEqual({
        created: false,
        account: { ...first.value.account, name: "Acme Corp", annualRevenue: 5_00, updatedAt: second.value.account.updatedAt },
      });
      expect(await store.getAccounts([first.value.account.id])).toEqual([second.value.account]);
      expect((await store.counts()).accounts).toBe(1);
      // The same values again: nothing to commit.
      expect(await store.upsertAccount("crm-42", { patch: { name: "Acme Corp" }, create: null })).toEqual({
        value: { account: second.value.account, created: false },
        change: null,
      });
    });

    it("never moves the externalId through the patch, and needs a name to create", async () => {
      const store = current();
      const created = (await store.upsertAccount("crm-1", { patch: {}, create: accountInput() })).value.account;
      const updated = (await store.upsertAccount("crm-1", { patch: { externalId: "crm-2", name: "Renamed" }, create: null })).value.account;
      expect(updated.externalId).toBe("crm-1");
      expect(updated.id).toBe(created.id);
      await refused(() => store.upsertAccount("crm-new", { patch: { annualRevenue: 1 }, create: null }), "BAD_USER_INPUT", "name");
      await refused(() => store.upsertAccount("crm-new", { patch: {}, create: accountInput({ ownerId: "mgr-missing" }) }), "NOT_FOUND", "ownerId");
    });
  });

  describe("edits: a MANAGER's scope, checked in the transaction", () => {
    it("refuses edits of another manager's accounts, links and engagements, writing nothing", async () => {
      const { store, mine, other, a, theirs, scope } = await seed();
      const theirEngagement = (
        await store.recordEngagement({ accountId: theirs.id, managerId: other.id, minutes: 5, date: "2025-01-01", kind: "CALL" })
      ).value;
      const byOther = (await store.recordEngagement({ accountId: a.id, managerId: other.id, minutes: 5, date: "2025-01-02", kind: "CALL" })).value;
      const theirPurchase = (await store.recordPurchase({ accountId: theirs.id, amount: 1, licences: 0, discount: 0, date: "2025-01-01" })).value;
      const cross = (await store.linkInfluence({ fromId: a.id, toId: theirs.id, kind: "PEER", strength: 0.2 })).value;
      const mineEngagement = (await store.recordEngagement({ accountId: a.id, managerId: mine.id, minutes: 5, date: "2025-01-03", kind: "CALL" }))
        .value;
      await refused(() => store.updateEngagement(theirEngagement.id, { minutes: 9 }, scope), "FORBIDDEN", "id");
      await refused(() => store.updateEngagement(byOther.id, { minutes: 9 }, scope), "FORBIDDEN", "id");
      await refused(() => store.deleteEngagement(byOther.id, scope), "FORBIDDEN", "id");
      await refused(() => store.updateEngagement(mineEngagement.id, { managerId: other.id }, scope), "FORBIDDEN", "managerId");
      await refused(() => store.updatePurchase(theirPurchase.id, { amount: 2 }, scope), "FORBIDDEN", "id");
      await refused(() => store.deletePurchase(theirPurchase.id, scope), "FORBIDDEN", "id");
      await refused(() => store.updateLink(cross.id, { strength: 0.9 }, scope), "FORBIDDEN", "id");
      await store.updateAccount(theirs.id, { externalId: "theirs-crm" });
      await refused(() => store.upsertAccount("theirs-crm", { patch: { name: "Mine now" }, create: null }, scope), "FORBIDDEN", "externalId");
      await refused(
        () => store.upsertAccount("crm-fresh", { patch: {}, create: accountInput({ ownerId: other.id }) }, scope),
        "FORBIDDEN",
        "ownerId",
      );
    });

    it("allows edits of its own accounts' activity and links", async () => {
      const { store, mine, engagement, purchase, influence, scope } = await seed();
      expect((await store.updateEngagement(engagement.id, { minutes: 50 }, scope)).value.minutes).toBe(50);
      expect((await store.updatePurchase(purchase.id, { licences: 3 }, scope)).value.licences).toBe(3);
      expect((await store.updateLink(influence.id, { strength: 0.1 }, scope)).value.strength).toBe(0.1);
      const upserted = await store.upsertAccount("crm-mine", { patch: {}, create: accountInput({ ownerId: mine.id }) }, scope);
      expect(upserted.value.created).toBe(true);
      await store.deleteEngagement(engagement.id, scope);
      await store.deletePurchase(purchase.id, scope);
    });
  });
}
