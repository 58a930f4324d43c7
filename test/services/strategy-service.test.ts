/**
 * The strategy service's population: assembled from the store and the influence
 * snapshot (facts, referrals, leadership, the cascade network), and cached per graph
 * version + activity counts + asOf, so requests reuse it until something they would see
 * changes. Runs on the five-account graph of test/support/tiny-dataset.ts, whose
 * numbers can be checked by hand.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InfluenceEngine } from "../../src/analytics/engine/index.js";
import { InfluenceSession } from "../../src/services/influence-session.js";
import { StrategyService } from "../../src/services/strategy-service.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { spyOnStore } from "../support/store-spies.js";
import { openTinyStoreWithEngine } from "../support/tiny-engine.js";

describe("strategy service population", () => {
  let store: SqliteAccountGraphStore;
  let engine: InfluenceEngine;
  let spy: ReturnType<typeof spyOnStore>;
  let today: string;
  let service: StrategyService;
  const session = () => service.session(new InfluenceSession(engine));

  beforeEach(async () => {
    ({ store, engine } = await openTinyStoreWithEngine());
    spy = spyOnStore(store);
    today = "2026-11-01";
    // These tests check what each write changes, so every write must be seen at once.
    service = new StrategyService(spy.store, { today: () => today, activityRefreshMs: 0, rebuildWaitMs: Number.POSITIVE_INFINITY });
  });
  afterEach(async () => {
    await engine.close();
    await store.close();
  });

  it("assembles facts, referrals, community leadership and the cascade network from store and snapshot", async () => {
    const population = await session().current();
    const { data } = population;
    expect(data.asOf).toBe("2026-11-01");
    expect(data.population.facts.map((f) => f.account.id).sort()).toEqual(["acc_ada", "acc_bob", "acc_cyd", "acc_dan", "acc_eve"]);
    const ada = data.factsById.get("acc_ada")!;
    expect(ada.influence.communitiesLed).toBe(1);
    expect(ada.engagements.map((e) => e.id)).toEqual(["eng_1"]);
    expect(data.factsById.get("acc_dan")!.purchases.map((p) => p.id)).toEqual(["pur_1"]);
    expect(data.population.referrals).toEqual([{ fromId: "acc_ada", toId: "acc_dan", revenue: 2_500_000 }]);
    // Ada influences or referred the most: the best PageRank of five (mid-rank 0.9); Eve, alone, ties lowest.
    expect(ada.influence.pagerankPercentile).toBeCloseTo(0.9, 12);

    const { network, networkIndex } = data;
    const from = networkIndex.get("acc_ada")!;
    const out = new Map<string, number>();
    for (let e = network.offsets[from]!; e < network.offsets[from + 1]!; e++) out.set(network.ids[network.targets[e]!]!, network.probabilities[e]!);
    // Stored links only (no membership tie), strength x the activation scale 0.1; a referral is strength 1.
    expect(Object.fromEntries(out)).toEqual({ acc_bob: expect.closeTo(0.08, 12), acc_dan: expect.closeTo(0.1, 12) });
    expect(network.revenue[networkIndex.get("acc_dan")!]).toBe(900_000);
    const chamber = network.communities!.ids.indexOf("com_chamber");
    const members = network.communities!.members.subarray(network.communities!.offsets[chamber]!, network.communities!.offsets[chamber + 1]!);
    expect([...members].map((i) => network.ids[i]).sort()).toEqual(["acc_ada", "acc_bob"]);
  });

  it("leaves out engagements and purchases older than two years", async () => {
    await store.recordEngagement({ id: "eng_old", accountId: "acc_ada", managerId: "mgr_one", minutes: 45, date: "2024-10-01", kind: "CALL" });
    const ada = (await session().current()).data.factsById.get("acc_ada")!;
    expect(ada.engagements.map((e) => e.id)).toEqual(["eng_1"]);
  });

  it("reuses one population across requests until the graph, the activity or the date changes", async () => {
    const first = await session().current();
    const reads = spy.calls.get("listAccounts");
    expect(await session().current()).toBe(first);
    expect(spy.calls.get("listAccounts")).toBe(reads);

    // An engagement does not move the graph version; the engagement count catches it.
    await store.recordEngagement({ id: "eng_new", accountId: "acc_bob", managerId: "mgr_one", minutes: 30, date: "2026-10-30", kind: "CALL" });
    const afterEngagement = await session().current();
    expect(afterEngagement).not.toBe(first);
    expect(afterEngagement.data.factsById.get("acc_bob")!.engagements.map((e) => e.id)).toContain("eng_new");

    await store.updateAccount("acc_eve", { annualRevenue: 7_000_000 });
    const afterUpdate = await session().current();
    expect(afterUpdate).not.toBe(afterEngagement);
    expect(afterUpdate.data.factsById.get("acc_eve")!.account.annualRevenue).toBe(7_000_000);

    today = "2026-11-02";
    const nextDay = await session().current();
    expect(nextDay).not.toBe(afterUpdate);
    expect(nextDay.asOf).toBe("2026-11-02");
  });

  it("refreshes for new activity alone at most every activityRefreshMs", async () => {
    const throttled = new StrategyService(store, { today: () => today, activityRefreshMs: 60_000, rebuildWaitMs: Number.POSITIVE_INFINITY });
    const current = () => throttled.session(new InfluenceSession(engine)).current();
    const first = await current();
    await store.recordEngagement({ id: "eng_quiet", accountId: "acc_bob", managerId: "mgr_one", minutes: 30, date: "2026-10-30", kind: "CALL" });
    expect(await current()).toBe(first);
    // A graph write is not throttled.
    await store.updateAccount("acc_eve", { annualRevenue: 7_100_000 });
    const afterUpdate = await current();
    expect(afterUpdate).not.toBe(first);
    expect(afterUpdate.data.factsById.get("acc_bob")!.engagements.map((e) => e.id)).toContain("eng_quiet");
  });

  it("serves the last population while a due rebuild is still running, then the new one", async () => {
    let gate: Promise<void> | null = null;
    const gated = new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop !== "engagementsOfAccounts") return value.bind(target);
        return async (...args: unknown[]) => {
          await gate;
          return value.apply(target, args);
        };
      },
    });
    const impatient = new StrategyService(gated, { today: () => today, activityRefreshMs: 0, rebuildWaitMs: 20 });
    const current = () => impatient.session(new InfluenceSession(engine)).current();
    const first = await current();

    let release!: () => void;
    gate = new Promise<void>((resolve) => (release = resolve));
    await store.recordEngagement({ id: "eng_late", accountId: "acc_bob", managerId: "mgr_one", minutes: 30, date: "2026-10-30", kind: "CALL" });
    expect(await current()).toBe(first); // the rebuild is held at the gate: the last population answers
    release();
    gate = null;
    let next = await current();
    for (let i = 0; i < 100 && next === first; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      next = await current();
    }
    expect(next).not.toBe(first);
    expect(next.data.factsById.get("acc_bob")!.engagements.map((e) => e.id)).toContain("eng_late");
  });

  it("builds once for concurrent requests and once per request for many fields", async () => {
    const sessions = [session(), session(), session()];
    const populations = await Promise.all(sessions.flatMap((s) => [s.current(), s.current()]));
    expect(new Set(populations).size).toBe(1);
    expect(spy.calls.get("engagementsOfAccounts")).toBe(1);
  });

  it("ranks once per set of weights and pages with keyset cursors", async () => {
    const s = session();
    const all = await service.rank({ first: 10 }, s);
    expect(all.totalCount).toBe(5);
    const firstTwo = await service.rank({ first: 2 }, s);
    const rest = await service.rank({ first: 10, after: firstTwo.positions.at(-1)! }, s);
    expect([...firstTwo.items, ...rest.items].map((i) => i.facts.account.id)).toEqual(all.items.map((i) => i.facts.account.id));
    expect(firstTwo.hasNextPage).toBe(true);
    expect(rest.hasNextPage).toBe(false);
    const parameters = { weights: { wordOfMouth: 1 } };
    const again = await service.scoreOf("acc_ada", parameters, s);
    expect((await service.scoreOf("acc_ada", parameters, s)).score).toBe(again.score); // same ranking object, not re-ranked
    expect((await service.scoreOf("acc_ada", {}, s)).score).not.toBe(again.score);
  });
});
