/**
 * Strategy reads under access control (README "Security and limits"): every strategy
 * query is a read, so any authenticated role may run it — a VIEWER included, and a
 * MANAGER on another manager's book — while a request without credentials is refused
 * before GraphQL runs. SQLite only: the rules live above the store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "../support/api-client.js";
import { makeApiKeys, startSecuredApi } from "../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const READS = [
  `{ strategicRanking(first: 5) { totalCount edges { node { id } strategy { tier } } } }`,
  `{ account(id: "acc_ada") { strategy { score components { name } } } }`,
  `{ planTime(managerId: "mgr_one") { totals { minutes } } }`,
  `{ planBacktest(managerId: "mgr_one") { points model { wape } naive { wape } } }`,
  `{ portfolio(managerId: "mgr_one") { tiers { tier count } } }`,
  `{ recommendAdvocates(k: 2, simulations: 100) { advocates { account { id } } } }`,
  `{ simulateLoss(accountId: "acc_ada") { directRevenue } }`,
];

describe("strategy queries under access control", () => {
  const factory = STORE_FACTORIES.find((f) => f.name === "sqlite")!;
  const keys = makeApiKeys(["mgr_two"]);
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;

  beforeAll(async () => {
    opened = await factory.make();
    const dataset = tinyDataset();
    dataset.managers.push({ id: "mgr_two", name: "Tomas Two", email: "two@example.com", weeklyCapacityHours: 30 });
    await opened.store.importDataset(dataset);
    api = await startSecuredApi(opened.store, { auth: keys.auth });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it.each(READS)("lets a VIEWER and another manager read %s", async (query) => {
    for (const credential of [keys.viewer, keys.manager("mgr_two")]) {
      const res = await api.as(credential)(query);
      expect(res.errors).toBeUndefined();
      expect(res.data).toBeTruthy();
    }
  });

  it("refuses a strategy query without credentials", async () => {
    const res = await api.as()(READS[0]!);
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe("UNAUTHENTICATED");
  });
});
