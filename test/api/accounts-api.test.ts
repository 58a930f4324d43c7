/**
 * The account graph through the public API, on both stores: reads with nested
 * fields, cursor pagination, filters, and every mutation returning what changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";
import { startTestApi } from "../support/api-server.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

/** Counts every store call, to prove nested fields are batched. */
function countingStore(store: AccountGraphStore): { store: AccountGraphStore; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
        return value.apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

describe.each(STORE_FACTORIES)("accounts API on $name", (factory) => {
  let opened: OpenedStore;
  let counted: ReturnType<typeof countingStore>;
  let api: Awaited<ReturnType<typeof startTestApi>>;

  beforeAll(async () => {
    opened = await factory.make();
    await opened.store.importDataset(tinyDataset());
    counted = countingStore(opened.store);
    api = await startTestApi(counted.store);
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("answers the README's first query with owners and money as decimals", async () => {
    const res = await api.gql(`{ accounts(first: 5) { totalCount edges { node { name annualRevenue owner { name } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.accounts.totalCount).toBe(5);
    expect(res.data.accounts.edges[0].node).toEqual({ name: "Ada Anchors", annualRevenue: "50000.00", owner: { name: "Mona Manager" } });
    expect(res.data.accounts.edges.map((e: any) => e.node.name)).toEqual([
      "Ada Anchors",
      "Bob's Bakery",
      "Cyd Consulting",
      "Dan Dynamics",
      "Eve Éclairs",
    ]);
  });

  it("pages with cursors that survive an insert before the cursor", async () => {
    const page = `query($after: String) { accounts(first: 2, after: $after, orderBy: { key: NAME, direction: ASC }) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id name } } } }`;
    const first = await api.gql(page);
    expect(first.data.accounts.edges.map((e: any) => e.node.id)).toEqual(["acc_ada", "acc_bob"]);
    expect(first.data.accounts.pageInfo.hasNextPage).toBe(true);

    // An account that sorts before the cursor must not shift the next page.
    const created = await api.gql(`mutation { createAccount(input: { name: "Aaron Early" }) { id } }`);
    const second = await api.gql(page, { after: first.data.accounts.pageInfo.endCursor });
    expect(second.data.accounts.edges.map((e: any) => e.node.id)).toEqual(["acc_cyd", "acc_dan"]);
    expect(second.data.accounts.totalCount).toBe(6);
    const third = await api.gql(page, { after: second.data.accounts.pageInfo.endCursor });
    expect(third.data.accounts.edges.map((e: any) => e.node.id)).toEqual(["acc_eve"]);
    expect(third.data.accounts.pageInfo.hasNextPage).toBe(false);
    await api.gql(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: created.data.createAccount.id });
  });

  it("rejects a cursor from another ordering and a page size over the cap", async () => {
    const first = await api.gql(`{ accounts(first: 1) { pageInfo { endCursor } } }`);
    const reused = await api.gql(
      `query($a: String) { accounts(first: 1, after: $a, orderBy: { key: ANNUAL_REVENUE, direction: DESC }) { totalCount } }`,
      {
        a: first.data.accounts.pageInfo.endCursor,
      },
    );
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    const garbage = await api.gql(`{ accounts(first: 1, after: "not-a-cursor") { totalCount } }`);
    expect(garbage.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    const huge = await api.gql(`{ accounts(first: 99999999) { totalCount } }`);
    expect(huge.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });

  it("filters by segment, region, owner, status, revenue, community and name", async () => {
    const ids = async (filter: Record<string, unknown>) => {
      const res = await api.gql(`query($f: AccountFilterInput) { accounts(first: 50, filter: $f) { totalCount edges { node { id } } } }`, {
        f: filter,
      });
      expect(res.errors).toBeUndefined();
      return res.data.accounts.edges.map((e: any) => e.node.id);
    };
    expect(await ids({ segments: ["SMALL_BUSINESS"] })).toEqual(["acc_bob"]);
    expect(await ids({ regions: ["South"] })).toEqual(["acc_eve"]);
    expect(await ids({ statuses: ["PROSPECT"] })).toEqual(["acc_cyd"]);
    expect((await ids({ ownerIds: ["mgr_one"] })).length).toBe(4);
    expect(await ids({ minRevenue: "40000", maxRevenue: "1000000" })).toEqual(["acc_ada", "acc_dan"]);
    expect(await ids({ communityId: "com_chamber" })).toEqual(["acc_ada", "acc_bob"]);
    expect(await ids({ nameContains: "ÉCLAIR" })).toEqual(["acc_eve"]);
    expect(await ids({ industries: ["Retail"], nameContains: "b" })).toEqual(["acc_bob"]);
  });

  it("resolves nested links, memberships and activity", async () => {
    const res = await api.gql(`{ account(id: "acc_ada") {
      memberships { role community { name } }
      outgoingLinks { type strength revenue to { name } }
      engagements { minutes kind manager { name } }
    } bob: account(id: "acc_bob") { incomingLinks(types: [INFLUENCES]) { kind from { id } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.account.memberships).toEqual([{ role: "LEADER", community: { name: "Northtown Chamber" } }]);
    const out = [...res.data.account.outgoingLinks].sort((a: any, b: any) => a.type.localeCompare(b.type));
    expect(out).toEqual([
      { type: "INFLUENCES", strength: 0.8, revenue: null, to: { name: "Bob's Bakery" } },
      { type: "REFERRED", strength: 1, revenue: "25000.00", to: { name: "Dan Dynamics" } },
    ]);
    expect(res.data.account.engagements).toEqual([{ minutes: 60, kind: "VISIT", manager: { name: "Mona Manager" } }]);
    expect(res.data.bob.incomingLinks).toEqual([{ kind: "PEER", from: { id: "acc_ada" } }]);
  });

  it("batches nested fields: a page costs a bounded number of store calls", async () => {
    counted.calls.clear();
    const res = await api.gql(`{ accounts(first: 100) { edges { node {
      owner { name } memberships { community { name } }
      outgoingLinks { to { name owner { name } } } incomingLinks { from { name } } purchases { amount } } } } }`);
    expect(res.errors).toBeUndefined();
    const total = [...counted.calls.values()].reduce((a, b) => a + b, 0);
    // listAccounts + managers + memberships + communities + links(out) + links(in) + purchases
    // (+ accounts for link ends, + managers again for their owners): independent of page size.
    expect(total).toBeLessThanOrEqual(10);
    expect(counted.calls.get("getManagers") ?? 0).toBeLessThanOrEqual(2);
  });

  it("creates, updates and deletes an account, its links going with it", async () => {
    const created = await api.gql(`mutation { createAccount(input: {
      name: "Globex Multinational", segment: ENTERPRISE, status: CUSTOMER, annualRevenue: "1200000.50",
      licencesHeld: 50, licencesPlanned: 100, licencePrice: "1000", ownerId: "mgr_one", grossMargin: 0.7 }) {
      id name annualRevenue licencesHeld licencesPlanned owner { id } } }`);
    expect(created.errors).toBeUndefined();
    const id = created.data.createAccount.id;
    expect(id).toMatch(/^acc_/);
    expect(created.data.createAccount).toMatchObject({ annualRevenue: "1200000.50", licencesPlanned: 100, owner: { id: "mgr_one" } });

    const updated = await api.gql(
      `mutation($id: ID!) { updateAccount(id: $id, input: { region: "West", lastContact: "2026-01-02" }) {
      name region lastContact } }`,
      { id },
    );
    expect(updated.data.updateAccount).toEqual({ name: "Globex Multinational", region: "West", lastContact: "2026-01-02" });

    const linked = await api.gql(
      `mutation($id: ID!) { linkInfluence(input: { fromId: $id, toId: "acc_eve", kind: BOARD, strength: 0.9 }) {
      id type kind from { name } to { name } } }`,
      { id },
    );
    expect(linked.data.linkInfluence).toMatchObject({ type: "INFLUENCES", kind: "BOARD", from: { name: "Globex Multinational" } });
    const links = (await opened.store.counts()).links;

    const deleted = await api.gql(`mutation($id: ID!) { deleteAccount(id: $id) { id name } }`, { id });
    expect(deleted.data.deleteAccount).toEqual({ id, name: "Globex Multinational" });
    expect((await opened.store.counts()).links).toBe(links - 1);
    const gone = await api.gql(`query($id: ID!) { account(id: $id) { id } }`, { id });
    expect(gone.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("deleteAccount answers the account as it was: its links both ways, memberships, engagements and purchases", async () => {
    const made = await api.gql(`mutation { createAccount(input: { name: "Soon Gone", ownerId: "mgr_one" }) { id } }`);
    const id = made.data.createAccount.id as string;
    const writes = [
      `mutation($id: ID!) { linkInfluence(input: { fromId: $id, toId: "acc_ada", kind: PEER, strength: 0.4 }) { id } }`,
      `mutation($id: ID!) { recordReferral(input: { fromId: "acc_dan", toId: $id, date: "2026-01-05" }) { id } }`,
      `mutation($id: ID!) { addMembership(input: { accountId: $id, communityId: "com_chamber", role: MEMBER }) { role } }`,
      `mutation($id: ID!) { recordEngagement(input: { accountId: $id, managerId: "mgr_one", minutes: 25, date: "2026-02-01", kind: VISIT }) { id } }`,
      `mutation($id: ID!) { recordPurchase(input: { accountId: $id, amount: "12.50", licences: 2, date: "2026-02-02" }) { id } }`,
    ];
    for (const write of writes) expect((await api.gql(write, { id })).errors).toBeUndefined();
    const shape = `{ id name owner { id } outgoingLinks { type from { id } to { id } } incomingLinks { type from { id } to { id } }
      memberships { role community { id } } engagements { minutes manager { id } account { id } } purchases { amount account { id } } }`;
    const before = await api.gql(`query($id: ID!) { account(id: $id) ${shape} }`, { id });
    expect(before.errors).toBeUndefined();
    const deleted = await api.gql(`mutation($id: ID!) { deleteAccount(id: $id) ${shape} }`, { id });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data.deleteAccount).toEqual(before.data.account);
    expect(deleted.data.deleteAccount.outgoingLinks).toHaveLength(1);
    expect(deleted.data.deleteAccount.incomingLinks).toHaveLength(1);
    expect(deleted.data.deleteAccount.engagements).toEqual([{ minutes: 25, manager: { id: "mgr_one" }, account: { id } }]);
    // Gone afterwards, links and all.
    const after = await api.gql(`query($id: ID!) { account(id: $id) { id } ada: account(id: "acc_ada") { incomingLinks { from { id } } } }`, { id });
    expect(after.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("records referrals, engagements, purchases and memberships, and unlinks", async () => {
    const ref = await api.gql(`mutation { recordReferral(input: { fromId: "acc_dan", toId: "acc_eve", date: "2026-02-01", revenue: 0.1 }) {
      id type revenue strength date } }`);
    expect(ref.data.recordReferral).toMatchObject({ type: "REFERRED", revenue: "0.10", strength: 1, date: "2026-02-01" });
    const eng =
      await api.gql(`mutation { recordEngagement(input: { accountId: "acc_eve", managerId: "mgr_one", minutes: 45, date: "2026-03-01", kind: DEMO, note: "🙂 demo" }) {
      minutes kind note account { name } } }`);
    expect(eng.data.recordEngagement).toEqual({ minutes: 45, kind: "DEMO", note: "🙂 demo", account: { name: "Eve Éclairs" } });
    const pur =
      await api.gql(`mutation { recordPurchase(input: { accountId: "acc_eve", amount: "0.30", licences: 3, discount: 0.25, date: "2026-03-02" }) {
      amount licences discount } }`);
    expect(pur.data.recordPurchase).toEqual({ amount: "0.30", licences: 3, discount: 0.25 });
    const mem = await api.gql(`mutation { addMembership(input: { accountId: "acc_eve", communityId: "com_chamber", role: MEMBER }) {
      role account { id } community { id } } }`);
    expect(mem.data.addMembership).toEqual({ role: "MEMBER", account: { id: "acc_eve" }, community: { id: "com_chamber" } });
    const removed = await api.gql(`mutation { removeMembership(accountId: "acc_eve", communityId: "com_chamber") { role } }`);
    expect(removed.data.removeMembership).toEqual({ role: "MEMBER" });
    const unlinked = await api.gql(`mutation($id: ID!) { unlink(id: $id) { id type } }`, { id: ref.data.recordReferral.id });
    expect(unlinked.data.unlink).toEqual({ id: ref.data.recordReferral.id, type: "REFERRED" });
  });

  it("manages account managers and communities", async () => {
    const mgr = await api.gql(
      `mutation { createAccountManager(input: { name: "Raj", email: "raj@example.com", weeklyCapacityHours: 32 }) { id weeklyCapacityHours } }`,
    );
    expect(mgr.data.createAccountManager.weeklyCapacityHours).toBe(32);
    const upd = await api.gql(
      `mutation($id: ID!) { updateAccountManager(id: $id, input: { weeklyCapacityHours: 20 }) { name weeklyCapacityHours } }`,
      {
        id: mgr.data.createAccountManager.id,
      },
    );
    expect(upd.data.updateAccountManager).toEqual({ name: "Raj", weeklyCapacityHours: 20 });
    const list = await api.gql(`{ accountManagers { name } accountManager(id: "mgr_one") { accounts(first: 10) { totalCount } } }`);
    expect(list.data.accountManagers.map((m: any) => m.name).sort()).toEqual(["Mona Manager", "Raj"]);
    expect(list.data.accountManager.accounts.totalCount).toBe(4);
    const com = await api.gql(`mutation { createCommunity(input: { name: "St. Mary's Parish", kind: CHURCH }) { id name kind } }`);
    expect(com.data.createCommunity).toMatchObject({ name: "St. Mary's Parish", kind: "CHURCH" });
    const members = await api.gql(`{ community(id: "com_chamber") { name members { role account { id } } } communities { name } }`);
    expect(members.data.community.members[0]).toEqual({ role: "LEADER", account: { id: "acc_ada" } });
    expect(members.data.communities.length).toBe(2);
  });
});
