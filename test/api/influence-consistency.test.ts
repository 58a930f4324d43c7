/**
 * Influence analytics stay consistent with the store's change feed: two API instances on one
 * store converge after a write through either (each patches its projection from the feed; no
 * whole-graph re-read), and a read never blocks past the wait bound — it answers from the
 * last snapshot (stale, with version and age) or, with no snapshot yet, fails with
 * ANALYTICS_BUSY while the rest of the query still answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";
import { Neo4jAccountGraphStore } from "../../src/store/neo4j/neo4j-store.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { errorCode } from "../support/api-client.js";
import { gatedReads } from "../support/gated-graph-source.js";
import { nextEvent, startInfluenceApi, type InfluenceTestApi } from "../support/influence-api.js";
import { STORE_FACTORIES, type OpenedStore, type StoreFactory } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

/** A second connection to the same database, as a second API process would open. */
async function openSecondStore(factory: StoreFactory, env: Record<string, string>): Promise<AccountGraphStore> {
  const store =
    factory.name === "sqlite"
      ? new SqliteAccountGraphStore({ path: env.SQLITE_PATH! })
      : new Neo4jAccountGraphStore({ uri: env.NEO4J_URI!, user: env.NEO4J_USER!, password: env.NEO4J_PASSWORD! });
  await store.init();
  return store;
}

const EVE = `{ account(id: "acc_eve") { influence { outDegree snapshot { version stale ageMs computedAt } } } }`;

describe.each(STORE_FACTORIES)("influence consistency on $name", (factory) => {
  let opened: OpenedStore;
  let second: AccountGraphStore;
  let apiA: InfluenceTestApi;
  let apiB: InfluenceTestApi;

  beforeAll(async () => {
    opened = await factory.make();
    await opened.store.importDataset(tinyDataset());
    second = await openSecondStore(factory, opened.env);
    apiA = await startInfluenceApi(opened.store, { maxWaitMs: 30_000 });
    apiB = await startInfluenceApi(second, { maxWaitMs: 30_000 });
  });
  afterAll(async () => {
    await apiA?.close();
    await apiB?.close();
    await second?.close();
    await opened?.cleanup();
  });

  it("two API instances on one store agree after a write through either", async () => {
    const hubs = `{ influenceHubs(metric: PAGERANK, first: 10) { snapshot { version } edges { accountId score } } }`;
    const [a0, b0] = await Promise.all([apiA.gql(hubs), apiB.gql(hubs)]);
    expect(b0.data).toEqual(a0.data);

    const linked = await apiA.gql(`mutation { linkInfluence(input: { fromId: "acc_eve", toId: "acc_ada", kind: PEER, strength: 0.9 }) { id } }`);
    expect(linked.errors).toBeUndefined();
    const a1 = await apiA.gql(hubs);
    expect(a1.data.influenceHubs.snapshot.version).toBe(a0.data.influenceHubs.snapshot.version + 1);
    expect(a1.data.influenceHubs.edges[0].accountId).toBe("acc_eve");
    const b1 = await eventually(
      () => apiB.gql(hubs),
      (res) => res.data.influenceHubs.snapshot.version === a1.data.influenceHubs.snapshot.version,
    );
    expect(b1.data).toEqual(a1.data);
    // Both patched their projection: A from its own change, B from the feed. Neither re-read the graph.
    expect(apiA.events.filter((e) => e.type === "lead-ready").at(-1)).toMatchObject({ kind: "patch" });
    expect(apiB.events.filter((e) => e.type === "lead-ready").at(-1)).toMatchObject({ kind: "patch" });
    for (const api of [apiA, apiB]) expect(api.events.filter((e) => e.type === "lead-ready" && e.kind === "reload")).toHaveLength(1);

    await apiB.gql(`mutation($id: ID!) { unlink(id: $id) { id } }`, { id: linked.data.linkInfluence.id });

    const converged = (res: { data?: any }) => res.data?.account.influence.snapshot.version === a1.data.influenceHubs.snapshot.version + 1;
    const [a2, b2] = await Promise.all([eventually(() => apiA.gql(EVE), converged), eventually(() => apiB.gql(EVE), converged)]);
    for (const res of [a2, b2]) {
      expect(res.data.account.influence).toMatchObject({
        outDegree: 0,
        snapshot: { version: a1.data.influenceHubs.snapshot.version + 1, stale: false },
      });
    }
  });

  it("answers from the last snapshot, flagged stale with version and age, when a recompute outlasts the wait", async () => {
    const reads = gatedReads();
    const api = await startInfluenceApi(opened.store, { maxWaitMs: 200 }, { readModel: { pollIntervalMs: 50 }, wrapGraphSource: reads.wrap });
    try {
      const fresh = await api.gql(EVE);
      expect(fresh.data.account.influence.snapshot.stale).toBe(false);
      const version = fresh.data.account.influence.snapshot.version;

      reads.shut();
      // The projection must be reloaded (as after a bulk import), and the reload now hangs.
      api.engine.reset();
      const written = await opened.store.linkInfluence({ fromId: "acc_eve", toId: "acc_bob", kind: "PEER", strength: 0.5 });
      // This process learns of the write from its feed polls. Wait until its read model holds it
      // (/readyz reports the feed position), not a fixed time: a poll of a loaded Neo4j can
      // take longer than a few poll intervals, and a question asked before then is rightly
      // answered fresh at the old version.
      const seen = await eventually(
        async () => ((await (await fetch(new URL("/readyz", api.url))).json()) as { feedSeq: number }).feedSeq,
        (seq) => seq >= written.change!.seq,
      );
      expect(seen).toBeGreaterThanOrEqual(written.change!.seq);
      const stale = await api.gql(EVE);
      expect(stale.errors).toBeUndefined();
      expect(stale.data.account.influence.outDegree).toBe(0);
      expect(stale.data.account.influence.snapshot).toMatchObject({
        version,
        stale: true,
        computedAt: fresh.data.account.influence.snapshot.computedAt,
      });
      expect(stale.data.account.influence.snapshot.ageMs).toBeGreaterThanOrEqual(200);

      const refreshed = nextEvent(api.engine, "refresh-end");
      reads.open();
      await refreshed;
      const after = await api.gql(EVE);
      expect(after.data.account.influence.outDegree).toBe(1);
      expect(after.data.account.influence.snapshot).toMatchObject({ version: written.change!.seq, stale: false });
    } finally {
      reads.open();
      await api.close();
    }
  });

  it("fails analytics fields with ANALYTICS_BUSY after the bound when no snapshot exists yet, and keeps the rest", async () => {
    const reads = gatedReads();
    reads.shut();
    const api = await startInfluenceApi(opened.store, { maxWaitMs: 100 }, { readModel: { pollIntervalMs: 50 }, wrapGraphSource: reads.wrap });
    try {
      const res = await api.gql(`{ accounts(first: 2) { totalCount } influenceHubs(metric: PAGERANK) { totalCount } }`);
      expect(res.data?.accounts.totalCount).toBeGreaterThan(0);
      expect(errorCode(res)).toBe("ANALYTICS_BUSY");
      expect(res.errors?.[0]?.path).toEqual(["influenceHubs"]);
      reads.open();
      const later = await api.gql(`{ influenceHubs(metric: PAGERANK) { totalCount } }`);
      expect(later.errors).toBeUndefined();
    } finally {
      reads.open();
      await api.close();
    }
  });
});
