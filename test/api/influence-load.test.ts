/**
 * Heavy analytics stay off the request path: on a generated 20,000-account graph the
 * recompute runs in the analytics worker for seconds, and a cheap `accounts` query sent
 * while it runs is answered before it finishes, and a link written while betweenness and
 * communities are computed shows in PageRank without waiting for them. Asserted by the order of events (the
 * engine's refresh start / end and the responses), never by a stopwatch. SQLite only:
 * what is tested is the engine's scheduling, which does not depend on the store.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../seeds/index.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { nextEvent, startInfluenceApi, type InfluenceTestApi } from "../support/influence-api.js";

describe("influence analytics on a large generated graph", () => {
  const dir = mkdtempSync(join(tmpdir(), "accountgraph-influence-load-"));
  const store = new SqliteAccountGraphStore({ path: join(dir, "store.db") });
  let api: InfluenceTestApi;

  beforeAll(async () => {
    await store.init();
    await store.importDataset(generateDataset({ accounts: 20_000, seed: 11 }));
    // A generous bound: the influence query below waits for the whole recompute.
    api = await startInfluenceApi(store, { maxWaitMs: 240_000 });
  });
  afterAll(async () => {
    await api?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers a cheap accounts page while the recompute runs in the worker", async () => {
    // The server starts its first recompute at once (the strategy population asks for a
    // snapshot): on 20,000 accounts it takes seconds in the worker, and it is running now.
    const ended = api.events.some((e) => e.type === "refresh-end") ? null : nextEvent(api.engine, "refresh-end");
    expect(ended, "the first recompute finished before the test could race it").not.toBeNull();
    expect(api.events.some((e) => e.type === "refresh-start")).toBe(true);
    const accounts = await api.gql(`{ accounts(first: 5) { totalCount edges { node { id name } } } }`);
    expect(accounts.errors).toBeUndefined();
    expect(accounts.data.accounts.edges).toHaveLength(5);
    // Answered while the recompute was still running: the event loop was free.
    expect(api.events.some((e) => e.type === "refresh-end")).toBe(false);

    const hubs = await api.gql(`{ influenceHubs(metric: PAGERANK, first: 5) { totalCount snapshot { stale } edges { accountId } } }`);
    // PageRank needs only the lead phase: it answers once that is published.
    expect(api.events.some((e) => e.type === "lead-ready")).toBe(true);
    expect(hubs.errors).toBeUndefined();
    expect(hubs.data.influenceHubs).toMatchObject({ totalCount: 20_000, snapshot: { stale: false } });
    const refresh = await ended!;
    expect(refresh.stats).toMatchObject({ host: "worker", kind: "reload", nodes: 20_000 });
    expect(api.engine.executionMode).toBe("worker");
  });

  it("patches the worker's projection for a write through the API and re-ranks", async () => {
    const top = await api.gql(`{ influenceHubs(metric: PAGERANK, first: 1) { edges { accountId } } }`);
    const leader = top.data.influenceHubs.edges[0].accountId;
    const created = await api.gql(`mutation { createAccount(input: { name: "Newcomer Networks" }) { id } }`);
    const id = created.data.createAccount.id;
    // The newcomer now advises the top account: rank flows back to it.
    await api.gql(`mutation($from: ID!, $to: ID!) { linkInfluence(input: { fromId: $from, toId: $to, kind: ADVISOR, strength: 1 }) { id } }`, {
      from: id,
      to: leader,
    });
    const res = await api.gql(`query($id: ID!) { account(id: $id) { influence { outDegree ranks { metric rank } snapshot { stale } } } }`, { id });
    expect(res.errors).toBeUndefined();
    expect(res.data.account.influence.outDegree).toBe(1);
    expect(res.data.account.influence.snapshot.stale).toBe(false);
    const pagerankRank = res.data.account.influence.ranks.find((r: any) => r.metric === "PAGERANK").rank;
    expect(pagerankRank).toBeLessThan(100);
    expect(api.events.filter((e) => e.type === "lead-ready").at(-1)).toMatchObject({ kind: "patch" });
  });

  it("shows a link written while betweenness and communities are computed without waiting for them", async () => {
    const hubsOf = (metric: string) => api.gql(`{ influenceHubs(metric: ${metric}, first: 3) { snapshot { version stale } edges { accountId } } }`);
    const link = async (from: string, to: string) => {
      const res = await api.gql(
        `mutation($from: ID!, $to: ID!) { linkInfluence(input: { fromId: $from, toId: $to, kind: PEER, strength: 1 }) { id } }`,
        { from, to },
      );
      expect(res.errors).toBeUndefined();
    };
    const [top, second, third] = (await hubsOf("PAGERANK")).data.influenceHubs.edges.map((e: any) => e.accountId as string);
    await link(third, top);
    // HUB needs the core phase: once it answers, the structure phase of this version runs (seconds at 20,000 accounts).
    const core = await hubsOf("HUB");
    const coreVersion = core.data.influenceHubs.snapshot.version as number;
    const ended = (version: number) => api.events.some((e) => e.type === "refresh-end" && e.stats.version === version);
    expect(ended(coreVersion), "the structure phase finished before the test could race it").toBe(false);

    await link(second, top);
    const pagerank = await hubsOf("PAGERANK");
    expect(pagerank.errors).toBeUndefined();
    expect(pagerank.data.influenceHubs.snapshot).toEqual({ version: coreVersion + 1, stale: false });
    const stopped = api.events.find((e) => e.type === "refresh-end" && e.stats.version === coreVersion);
    expect(stopped).toMatchObject({ stats: { interrupted: true } });
    // The complete snapshot comes for the newest version.
    const influence = await api.gql(`query($id: ID!) { account(id: $id) { influence { betweenness snapshot { version stale } } } }`, { id: top });
    expect(influence.errors).toBeUndefined();
    expect(influence.data.account.influence.snapshot).toEqual({ version: coreVersion + 1, stale: false });
  });
});
