/**
 * The shared read caches (services/versioned-read-cache.ts) never serve what the store
 * no longer says: writes made behind the API's back (another process on the same
 * store) and writes made through the API are both visible on the next read, on both
 * stores. The cache is warmed first so each check would fail if it served old data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi } from "../support/api-server.js";
import { accountInput } from "../store/store-fixtures.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const NEIGHBOURS = `query { account(id: "acc_ada") { outgoingLinks { to { id name } } incomingLinks { from { id } } } }`;

describe.each(STORE_FACTORIES)("shared read caches on $name", (factory) => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startTestApi>>;

  beforeAll(async () => {
    opened = await factory.make();
    await opened.store.importDataset(tinyDataset());
    api = await startTestApi(opened.store);
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  const neighbours = async () => {
    const result = await api.gql(NEIGHBOURS);
    expect(result.errors).toBeUndefined();
    return result.data.account as { outgoingLinks: { to: { id: string; name: string } }[]; incomingLinks: { from: { id: string } }[] };
  };

  it("sees an account renamed by another process on the next read", async () => {
    const before = await neighbours();
    expect(before.outgoingLinks.map((l) => l.to.id).sort()).toEqual(["acc_bob", "acc_dan"]);
    await neighbours(); // the second read is served from the cache
    await opened.store.updateAccount("acc_bob", { name: "Bob Renamed Elsewhere" });
    const after = await neighbours();
    expect(after.outgoingLinks.find((l) => l.to.id === "acc_bob")?.to.name).toBe("Bob Renamed Elsewhere");
  });

  it("sees links added and removed by another process on the next read", async () => {
    await neighbours();
    const link = await opened.store.linkInfluence({ fromId: "acc_eve", toId: "acc_ada", kind: "PEER", strength: 0.4 });
    expect((await neighbours()).incomingLinks.map((l) => l.from.id)).toContain("acc_eve");
    await opened.store.unlink(link.id);
    expect((await neighbours()).incomingLinks.map((l) => l.from.id)).not.toContain("acc_eve");
  });

  it("sees a manager renamed and a membership added by another process on the next read", async () => {
    const OWNED = `query { account(id: "acc_ada") { owner { name } memberships { community { id name } } } }`;
    const read = async () => (await api.gql(OWNED)).data.account;
    const before = await read();
    await read();
    await opened.store.updateManager("mgr_one", { name: "Mona Renamed Elsewhere" });
    const community = await opened.store.createCommunity({ name: "Harbor Choir", kind: "CHURCH", region: null });
    await opened.store.addMembership({ accountId: "acc_ada", communityId: community.id, role: "MEMBER" });
    const after = await read();
    expect(before.owner.name).not.toBe("Mona Renamed Elsewhere");
    expect(after.owner.name).toBe("Mona Renamed Elsewhere");
    expect(after.memberships.map((m: { community: { name: string } }) => m.community.name)).toContain("Harbor Choir");
    const renamed = await api.gql(`mutation { updateAccountManager(id: "mgr_one", input: { name: "Mona Again" }) { id } }`);
    expect(renamed.errors).toBeUndefined();
    expect((await read()).owner.name).toBe("Mona Again");
  });

  it("serves account pages per graph version: a rename or a new account elsewhere shows on the next page read", async () => {
    const PAGE = `query { accounts(first: 10, orderBy: { key: NAME, direction: ASC }) { totalCount edges { node { id name } } } }`;
    const page = async () => (await api.gql(PAGE)).data.accounts as { totalCount: number; edges: { node: { id: string; name: string } }[] };
    const before = await page();
    expect(await page()).toEqual(before);
    await opened.store.updateAccount("acc_cyd", { name: "AAA Cyd First" });
    const created = await opened.store.createAccount(accountInput({ name: "AAB Newcomer" }));
    const after = await page();
    expect(after.totalCount).toBe(before.totalCount + 1);
    expect(after.edges.slice(0, 2).map((e) => e.node.id)).toEqual(["acc_cyd", created.id]);
  });

  it("shows a mutation's own write in the nested fields of its answer", async () => {
    await neighbours();
    const linked = await api.gql(`mutation { linkInfluence(input: { fromId: "acc_ada", toId: "acc_eve", kind: BOARD, strength: 0.9 }) {
      id from { outgoingLinks { to { id } } } } }`);
    expect(linked.errors).toBeUndefined();
    expect(linked.data.linkInfluence.from.outgoingLinks.map((l: { to: { id: string } }) => l.to.id)).toContain("acc_eve");
    const renamed = await api.gql(`mutation { updateAccount(id: "acc_eve", input: { name: "Eve Renamed" }) { id } }`);
    expect(renamed.errors).toBeUndefined();
    expect((await neighbours()).outgoingLinks.find((l) => l.to.id === "acc_eve")?.to.name).toBe("Eve Renamed");
  });
});
