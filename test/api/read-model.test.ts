/**
 * The read model (services/read-model) through the API, on both stores: writes made behind
 * the API's back (another process on the same store) show within the feed poll interval,
 * writes made through the API show at once, in the mutation's own answer too, and model reads
 * never reach the store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import { startApp } from "../../src/app.js";
import { createLogger } from "../../src/logger.js";
import { apiClient, errorCode } from "../support/api-client.js";
import { spyOnStore } from "../support/store-spies.js";
import { accountInput } from "../store/store-fixtures.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const NEIGHBOURS = `query { account(id: "acc_ada") { outgoingLinks { to { id name } } incomingLinks { from { id } } } }`;

describe.each(STORE_FACTORIES)("the read model on $name", (factory) => {
  let opened: OpenedStore;
  let spy: ReturnType<typeof spyOnStore>;
  let api: { gql: ReturnType<typeof apiClient>; close(): Promise<void> };

  beforeAll(async () => {
    opened = await factory.make();
    await opened.store.importDataset(tinyDataset());
    spy = spyOnStore(opened.store);
    const server = await startApp({
      store: spy.store,
      logger: createLogger(process.env.LOG_LEVEL ?? "silent"),
      port: 0,
      host: "127.0.0.1",
      // Strategy publications 2 s apart: a plan asked right after a write must not wait for one to see its book.
      analytics: { readModel: { pollIntervalMs: 50 }, strategy: { publishIntervalMs: 2_000 } },
    });
    api = { gql: apiClient(`http://127.0.0.1:${server.port}/`), close: () => server.close() };
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

  it("answers reads of what it holds without a store round trip", async () => {
    await neighbours();
    spy.reset();
    for (let i = 0; i < 5; i++) await neighbours();
    await api.gql(
      `{ accounts(first: 5, filter: { segments: [ENTERPRISE] }) { totalCount edges { node { name owner { name } memberships { community { name } } } } } accountManagers { name } communities { name } }`,
    );
    expect(Object.fromEntries(spy.calls)).toEqual({});
  });

  it("sees an account renamed by another process within the poll interval", async () => {
    const before = await neighbours();
    expect(before.outgoingLinks.map((l) => l.to.id).sort()).toEqual(["acc_bob", "acc_dan"]);
    await opened.store.updateAccount("acc_bob", { name: "Bob Renamed Elsewhere" });
    const after = await eventually(neighbours, (n) => n.outgoingLinks.some((l) => l.to.name === "Bob Renamed Elsewhere"));
    expect(after.outgoingLinks.find((l) => l.to.id === "acc_bob")?.to.name).toBe("Bob Renamed Elsewhere");
  });

  it("sees links added and removed by another process within the poll interval", async () => {
    await neighbours();
    const link = (await opened.store.linkInfluence({ fromId: "acc_eve", toId: "acc_ada", kind: "PEER", strength: 0.4 })).value;
    const fromIds = (n: Awaited<ReturnType<typeof neighbours>>) => n.incomingLinks.map((l) => l.from.id);
    expect(fromIds(await eventually(neighbours, (n) => fromIds(n).includes("acc_eve")))).toContain("acc_eve");
    await opened.store.unlink(link.id);
    expect(fromIds(await eventually(neighbours, (n) => !fromIds(n).includes("acc_eve")))).not.toContain("acc_eve");
  });

  it("sees a manager renamed and a membership added by another process within the poll interval", async () => {
    const OWNED = `query { account(id: "acc_ada") { owner { name } memberships { community { id name } } } }`;
    const read = async () => (await api.gql(OWNED)).data.account;
    const before = await read();
    await opened.store.updateManager("mgr_one", { name: "Mona Renamed Elsewhere" });
    const community = (await opened.store.createCommunity({ name: "Harbor Choir", kind: "CHURCH", region: null })).value;
    await opened.store.addMembership({ accountId: "acc_ada", communityId: community.id, role: "MEMBER" });
    const after = await eventually(read, (a) => a.memberships.some((m: { community: { name: string } }) => m.community.name === "Harbor Choir"));
    expect(before.owner.name).not.toBe("Mona Renamed Elsewhere");
    expect(after.owner.name).toBe("Mona Renamed Elsewhere");
    expect(after.memberships.map((m: { community: { name: string } }) => m.community.name)).toContain("Harbor Choir");
    const renamed = await api.gql(`mutation { updateAccountManager(id: "mgr_one", input: { name: "Mona Again" }) { id } }`);
    expect(renamed.errors).toBeUndefined();
    expect((await read()).owner.name).toBe("Mona Again"); // its own write: at once
  });

  it("pages accounts from the read model: a rename or a new account elsewhere shows within the poll interval", async () => {
    const PAGE = `query { accounts(first: 10, orderBy: { key: NAME, direction: ASC }) { totalCount edges { node { id name } } } }`;
    const page = async () => (await api.gql(PAGE)).data.accounts as { totalCount: number; edges: { node: { id: string; name: string } }[] };
    const before = await page();
    expect(await page()).toEqual(before);
    await opened.store.updateAccount("acc_cyd", { name: "AAA Cyd First" });
    const created = (await opened.store.createAccount(accountInput({ name: "AAB Newcomer" }))).value;
    const after = await eventually(page, (p) => p.totalCount === before.totalCount + 1);
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

  it("plans the book as written: an account given to or taken from a manager shows in their next plan at once", async () => {
    const PLAN = `query { planTime(managerId: "mgr_one", hours: 10) { allocations { account { id } } } }`;
    const book = async () => {
      const result = await api.gql(PLAN);
      expect(result.errors).toBeUndefined();
      return (result.data.planTime.allocations as { account: { id: string } }[]).map((a) => a.account.id).sort();
    };
    const before = await book();
    expect(before).toContain("acc_ada");
    // Right after a plan (and so a publication): without read-your-writes the next plan would show the old book.
    const created = await api.gql(`mutation { createAccount(input: { name: "Newly Assigned", ownerId: "mgr_one" }) { id } }`);
    expect(created.errors).toBeUndefined();
    const moved = await api.gql(`mutation { updateAccount(id: "acc_ada", input: { ownerId: null }) { id } }`);
    expect(moved.errors).toBeUndefined();
    const after = await book();
    expect(after).toEqual([...before.filter((id) => id !== "acc_ada"), created.data.createAccount.id].sort());
    // The same for an account named by id, for a tiny graph's loss and as an advocate candidate.
    const fresh = await api.gql(`mutation { createAccount(input: { name: "Just Created" }) { id } }`);
    const id = fresh.data.createAccount.id as string;
    const loss = await api.gql(`query($id: ID!) { simulateLoss(accountId: $id) { account { id } } }`, { id });
    expect(loss.errors).toBeUndefined();
    expect(loss.data.simulateLoss.account.id).toBe(id);
    const another = (await api.gql(`mutation { createAccount(input: { name: "Also Just Created" }) { id } }`)).data.createAccount.id as string;
    const advocates = await api.gql(
      `query($among: [ID!]) { recommendAdvocates(k: 1, simulations: 50, among: $among) { advocates { account { id } } } }`,
      {
        among: ["acc_bob", another],
      },
    );
    expect(advocates.errors).toBeUndefined();
    expect(advocates.data.recommendAdvocates.advocates).toHaveLength(1);
  });
});

describe("read-your-writes for strategy answers has a bound", () => {
  let opened: OpenedStore;
  let api: { gql: ReturnType<typeof apiClient>; close(): Promise<void> };

  beforeAll(async () => {
    opened = await STORE_FACTORIES[0]!.make();
    await opened.store.importDataset(tinyDataset());
    const server = await startApp({
      store: opened.store,
      logger: createLogger(process.env.LOG_LEVEL ?? "silent"),
      port: 0,
      host: "127.0.0.1",
      // Publications a minute apart and a 300 ms wait: a write is not published in time.
      analytics: { strategy: { publishIntervalMs: 60_000, firstWaitMs: 300 } },
    });
    api = { gql: apiClient(`http://127.0.0.1:${server.port}/`), close: () => server.close() };
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("answers ANALYTICS_BUSY, not a plan of the old book, when the population cannot catch up in time", async () => {
    const PLAN = `query { planTime(managerId: "mgr_one", hours: 10) { allocations { account { id } } } }`;
    const first = await eventually(
      () => api.gql(PLAN),
      (r) => !r.errors,
      30_000,
    );
    expect(first.errors).toBeUndefined();
    const created = await api.gql(`mutation { createAccount(input: { name: "Not Yet Published", ownerId: "mgr_one" }) { id } }`);
    expect(created.errors).toBeUndefined();
    const stale = await api.gql(PLAN);
    expect(errorCode(stale)).toBe("ANALYTICS_BUSY");
    expect(stale.errors?.[0]?.message).toMatch(/not caught up with the latest writes/);
  });
});
