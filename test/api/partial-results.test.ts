/**
 * Partial results: every root field is nullable, so one failing lookup or refused mutation
 * answers null with its own error at its own path, and the rest of the document still
 * answers. Mutation fields run in order, each its own all-or-nothing write: an earlier one
 * that committed stays visible when a later one is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApiKeys, startSecuredApi } from "../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

describe("partial results", () => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;
  const keys = makeApiKeys(["mgr_one"]);

  beforeAll(async () => {
    opened = await STORE_FACTORIES.find((f) => f.name === "sqlite")!.make();
    await opened.store.importDataset(tinyDataset());
    api = await startSecuredApi(opened.store, { auth: keys.auth });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it.each([
    ["account", `account(id: "nope") { id }`],
    ["community", `community(id: "nope") { id }`],
    ["accountManager", `accountManager(id: "nope") { id }`],
  ])("answers a missing %s as null with NOT_FOUND beside the data that resolved", async (_field, selection) => {
    const response = await api.as(keys.viewer)(`{ missing: ${selection} accounts(first: 1) { totalCount } }`);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ missing: null, accounts: { totalCount: 5 } });
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]!.path).toEqual(["missing"]);
    expect(response.errors![0]!.extensions?.code).toBe("NOT_FOUND");
    expect(response.errors![0]!.message).toContain("nope");
  });

  it("keeps an earlier committed mutation visible when a later one is refused", async () => {
    const response = await api.as(keys.manager("mgr_one"))(
      `mutation Rename {
        mine: updateAccount(id: "acc_ada", input: { name: "Ada Anchors Ltd" }) { id name }
        notMine: updateAccount(id: "acc_eve", input: { name: "Taken" }) { id name }
        mineAgain: updateAccount(id: "acc_bob", input: { name: "Bob's Bakery Ltd" }) { id name }
      }`,
    );
    expect(response.data).toEqual({
      mine: { id: "acc_ada", name: "Ada Anchors Ltd" },
      notMine: null,
      mineAgain: { id: "acc_bob", name: "Bob's Bakery Ltd" },
    });
    expect(response.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[["notMine"], "FORBIDDEN"]]);
    const stored = await api.as(keys.viewer)(`{ ada: account(id: "acc_ada") { name } eve: account(id: "acc_eve") { name } }`);
    expect(stored.data).toEqual({ ada: { name: "Ada Anchors Ltd" }, eve: { name: "Eve Éclairs" } });
  });
});
