/**
 * Relay Global Object Identification through HTTP: every Node's `id` refetches the same
 * object through `node(id)` and `nodes(ids)`, ids are unique across types, derived objects
 * (Membership, Influence, StrategicScore) keep their id from one request to the next, and
 * a strategic score under other weights is another object with another id.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_NODE_IDS } from "../../src/api/resolvers/node.resolver.js";
import { errorCode } from "../support/api-client.js";
import { startInfluenceApi, type InfluenceTestApi } from "../support/influence-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const EVERY_NODE = `query EveryNode {
  account(id: "acc_ada") {
    id
    owner { id }
    memberships { id community { id } }
    outgoingLinks { id }
    influence { id pagerank account { id } }
    strategy { id score account { id } }
    cheap: strategy(weights: { revenue: 1, expansion: 0, loyalty: 0, wordOfMouth: 0, efficiency: 0 }) { id score }
  }
}`;

const AS_NODE = `query AsNode($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Account { name }
    ... on AccountManager { email }
    ... on Community { kind }
    ... on Link { type fromId }
    ... on Membership { role accountId communityId }
    ... on Influence { pagerank account { id } }
    ... on StrategicScore { score tier account { id } }
  }
}`;

describe("Global Object Identification", () => {
  let opened: OpenedStore;
  let api: InfluenceTestApi;
  let every: any;

  beforeAll(async () => {
    opened = await STORE_FACTORIES.find((f) => f.name === "sqlite")!.make();
    await opened.store.importDataset(tinyDataset());
    api = await startInfluenceApi(opened.store, { maxWaitMs: 30_000 });
    const res = await api.gql(EVERY_NODE);
    expect(res.errors).toBeUndefined();
    every = res.data.account;
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  const idsOf = () => ({
    Account: every.id,
    AccountManager: every.owner.id,
    Community: every.memberships[0].community.id,
    Link: every.outgoingLinks[0].id,
    Membership: every.memberships[0].id,
    Influence: every.influence.id,
    StrategicScore: every.strategy.id,
  });

  it("refetches every kind of Node by its id, as the same object", async () => {
    for (const [typename, id] of Object.entries(idsOf())) {
      const res = await api.gql(AS_NODE, { id });
      expect(res.errors, typename).toBeUndefined();
      expect(res.data.node).toMatchObject({ __typename: typename, id });
    }
    const influence = await api.gql(AS_NODE, { id: every.influence.id });
    expect(influence.data.node).toMatchObject({ pagerank: every.influence.pagerank, account: { id: "acc_ada" } });
    const score = await api.gql(AS_NODE, { id: every.strategy.id });
    expect(score.data.node).toMatchObject({ score: every.strategy.score, account: { id: "acc_ada" } });
    const membership = await api.gql(AS_NODE, { id: every.memberships[0].id });
    expect(membership.data.node).toMatchObject({ accountId: "acc_ada", communityId: "com_chamber", role: "LEADER" });
  });

  it("gives ids unique across types, stable across requests, and a new id to a score under other weights", async () => {
    const ids = Object.values(idsOf());
    expect(new Set(ids).size).toBe(ids.length);
    const again = await api.gql(EVERY_NODE);
    expect(again.data.account).toEqual(every);
    expect(every.cheap.id).not.toBe(every.strategy.id);
    const cheap = await api.gql(AS_NODE, { id: every.cheap.id });
    expect(cheap.data.node.score).toBe(every.cheap.score);
  });

  it("answers nodes(ids) in order, with NOT_FOUND at the index of an id that names nothing", async () => {
    const { Account, Community, Influence } = idsOf();
    const res = await api.gql(`query Some($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
      ids: [Community, "nope", Account, "inf_bm90LWpzb24", Influence],
    });
    expect(res.data.nodes).toEqual([
      { __typename: "Community", id: Community },
      null,
      { __typename: "Account", id: Account },
      null,
      { __typename: "Influence", id: Influence },
    ]);
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [["nodes", 1], "NOT_FOUND"],
      [["nodes", 3], "NOT_FOUND"],
    ]);
  });

  it("answers node(id) for an unknown id as null with NOT_FOUND beside the rest of the data", async () => {
    const res = await api.gql(`{ node(id: "acc_missing") { id } accountManagers { id } }`);
    expect(res.data).toEqual({ node: null, accountManagers: [{ id: "mgr_one" }] });
    expect(errorCode(res)).toBe("NOT_FOUND");
    expect(res.errors?.[0]?.path).toEqual(["node"]);
  });

  it(`refuses more than ${MAX_NODE_IDS} ids with BAD_USER_INPUT on ids`, async () => {
    const ids = Array.from({ length: MAX_NODE_IDS + 1 }, (_, i) => `acc_${i}`);
    const res = await api.gql(`query Many($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(res.data).toEqual({ nodes: null });
    expect(errorCode(res)).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.extensions?.field).toBe("ids");
  });
});
