/**
 * The strategy population takes this process's own engagements and purchases in memory
 * (strategy-population.ts, withRecordedActivity) instead of re-reading every account's
 * activity — and only when the store's counts prove nothing else was written. The
 * patched population must rank exactly like a fresh read of the store.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InfluenceEngine } from "../../src/analytics/engine/index.js";
import { InfluenceSession } from "../../src/services/influence-session.js";
import { rankingParameters, type StrategyPopulation } from "../../src/services/strategy-population.js";
import { StrategyService } from "../../src/services/strategy-service.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { spyOnStore } from "../support/store-spies.js";
import { openTinyStoreWithEngine } from "../support/tiny-engine.js";

describe("strategy population and this process's own activity", () => {
  let store: SqliteAccountGraphStore;
  let engine: InfluenceEngine;
  let spy: ReturnType<typeof spyOnStore>;
  let service: StrategyService;
  const today = "2026-11-01";
  const current = (s: StrategyService = service) => s.session(new InfluenceSession(engine)).current();
  const activityReads = () => (spy.calls.get("engagementsOfAccounts") ?? 0) + (spy.calls.get("purchasesOfAccounts") ?? 0);

  /** As NetworkService does: the cache runs the store's write and notes what it stored. */
  const recordEngagement = (id: string, accountId: string, date: string, minutes = 30) =>
    service.activity.recordEngagement(() => store.recordEngagement({ id, accountId, managerId: "mgr_one", minutes, date, kind: "VISIT" }));
  const recordPurchase = (id: string, accountId: string, date: string, discount: number) =>
    service.activity.recordPurchase(() => store.recordPurchase({ id, accountId, amount: 1_200_000, licences: 40, discount, date }));

  /** Scores of a population's default ranking, by account. */
  const scores = (population: StrategyPopulation) =>
    Object.fromEntries(population.ranking(rankingParameters(undefined, undefined)).ranking.scores.map((s) => [s.accountId, s]));
  /** What a process with no cache would compute now. */
  const fresh = () => current(new StrategyService(store, { today: () => today }));

  beforeEach(async () => {
    ({ store, engine } = await openTinyStoreWithEngine());
    spy = spyOnStore(store);
    service = new StrategyService(spy.store, { today: () => today, activityRefreshMs: 0, rebuildWaitMs: Number.POSITIVE_INFINITY });
  });
  afterEach(async () => {
    await engine.close();
    await store.close();
  });

  it("adds own engagements and purchases without reading activity again, ranking as a fresh read does", async () => {
    const first = await current();
    const reads = activityReads();
    await recordEngagement("eng_own", "acc_bob", "2026-10-30", 240);
    // A deep discount lowers Dan's expansion potential (average discount of recent purchases).
    await recordPurchase("pur_own", "acc_dan", "2026-10-15", 0.4);

    const patched = await current();
    expect(patched).not.toBe(first);
    expect(activityReads()).toBe(reads);
    expect(patched.data.factsById.get("acc_bob")!.engagements.map((e) => e.id)).toContain("eng_own");
    expect(patched.data.factsById.get("acc_dan")!.purchases.map((p) => p.id)).toContain("pur_own");
    const dan = patched.data.networkIndex.get("acc_dan")!;
    expect(patched.data.network.potential[dan]).not.toBe(first.data.network.potential[dan]);
    const reference = await fresh();
    expect(scores(patched)).toEqual(scores(reference));
    expect([...patched.data.network.potential]).toEqual([...reference.data.network.potential]);
    // The patched population is the latest: asked again, it answers without any read.
    expect(await current()).toBe(patched);
  });

  it("leaves out own activity older than the history window, as a read would", async () => {
    await current();
    await recordEngagement("eng_ancient", "acc_ada", "2023-01-01");
    const patched = await current();
    expect(patched.data.factsById.get("acc_ada")!.engagements.map((e) => e.id)).not.toContain("eng_ancient");
    expect(scores(patched)).toEqual(scores(await fresh()));
  });

  it("reads the store when another writer added activity too", async () => {
    await current();
    const reads = activityReads();
    await recordEngagement("eng_own", "acc_bob", "2026-10-30");
    // Written by someone else (another instance, a script): no note reaches this cache.
    await store.recordEngagement({ id: "eng_other", accountId: "acc_dan", managerId: "mgr_one", minutes: 45, date: "2026-10-29", kind: "CALL" });
    const next = await current();
    expect(activityReads()).toBeGreaterThan(reads);
    expect(next.data.factsById.get("acc_dan")!.engagements.map((e) => e.id)).toContain("eng_other");
    expect(next.data.factsById.get("acc_bob")!.engagements.map((e) => e.id)).toContain("eng_own");
    expect(scores(next)).toEqual(scores(await fresh()));
  });

  it("never counts an engagement twice when the read already saw it", async () => {
    await current();
    await recordEngagement("eng_seen", "acc_bob", "2026-10-30");
    // A graph write forces a full read, which sees eng_seen; the note is then already counted.
    await store.updateAccount("acc_eve", { annualRevenue: 8_000_000 });
    const reread = await current();
    await recordEngagement("eng_after", "acc_bob", "2026-10-31");
    const patched = await current();
    expect(patched).not.toBe(reread);
    const ids = patched.data.factsById.get("acc_bob")!.engagements.map((e) => e.id);
    expect(ids.filter((id) => id === "eng_seen")).toHaveLength(1);
    expect(ids).toContain("eng_after");
    expect(scores(patched)).toEqual(scores(await fresh()));
  });

  it("lets an own write in flight finish before reading the counts, so it is patched in, not a reason to read everything", async () => {
    await current();
    const reads = activityReads();
    let report!: () => void;
    const reported = new Promise<void>((resolve) => {
      report = resolve;
    });
    const inFlight = service.activity.recordEngagement(async () => {
      const engagement = await store.recordEngagement({ id: "eng_slow", accountId: "acc_bob", managerId: "mgr_one", minutes: 60, date: "2026-10-30", kind: "VISIT" });
      await reported; // committed in the store, not yet reported back
      return engagement;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const refreshing = current();
    setTimeout(report, 20);
    const [patched] = await Promise.all([refreshing, inFlight]);
    expect(activityReads()).toBe(reads);
    expect(patched.data.factsById.get("acc_bob")!.engagements.map((e) => e.id)).toContain("eng_slow");
    expect(scores(patched)).toEqual(scores(await fresh()));
  });

  it("patches once for concurrent requests at a refresh: they share one counts read and none reads the store", async () => {
    await current();
    const reads = activityReads();
    const counts = spy.calls.get("counts") ?? 0;
    await recordEngagement("eng_shared", "acc_bob", "2026-10-30");
    const populations = await Promise.all([current(), current(), current()]);
    expect(activityReads()).toBe(reads);
    expect((spy.calls.get("counts") ?? 0) - counts).toBe(1);
    expect(new Set(populations).size).toBe(1);
    expect(populations[0]!.data.factsById.get("acc_bob")!.engagements.map((e) => e.id)).toContain("eng_shared");
  });

  it("ranks a patch before serving it, by the parameters in use, while the previous population answers at once", async () => {
    const waiting = new StrategyService(spy.store, { today: () => today, activityRefreshMs: 0 });
    const currentOf = () => waiting.session(new InfluenceSession(engine)).current();
    const first = await currentOf();
    const byLoyalty = rankingParameters({ loyalty: 1, revenue: 0 }, undefined);
    first.ranking(byLoyalty);
    await waiting.activity.recordEngagement(() =>
      store.recordEngagement({ id: "eng_ranked", accountId: "acc_bob", managerId: "mgr_one", minutes: 30, date: "2026-10-30", kind: "VISIT" }),
    );
    // The refresh starts; until the patch is ranked, the previous population answers without waiting.
    expect(await currentOf()).toBe(first);
    let patched = first;
    for (let i = 0; i < 100 && patched === first; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      patched = await currentOf();
    }
    expect(patched).not.toBe(first);
    expect(patched.rankingsInUse().map((p) => p.key)).toEqual([byLoyalty.key]);
    expect(patched.data.factsById.get("acc_bob")!.engagements.map((e) => e.id)).toContain("eng_ranked");
    const reference = await fresh();
    expect(patched.ranking(byLoyalty).ranking.scores).toEqual(reference.ranking(byLoyalty).ranking.scores);
  });

  it("reads the counts once per refresh interval also when they did not change", async () => {
    const quiet = new StrategyService(spy.store, { today: () => today, activityRefreshMs: 200, rebuildWaitMs: Number.POSITIVE_INFINITY });
    const currentOf = () => quiet.session(new InfluenceSession(engine)).current();
    const first = await currentOf();
    const counts = () => spy.calls.get("counts") ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 220));
    const before = counts();
    expect(await currentOf()).toBe(first); // interval over: counts read, unchanged
    expect(counts()).toBe(before + 1);
    expect(await currentOf()).toBe(first); // a new interval started with that check: no read
    expect(await currentOf()).toBe(first);
    expect(counts()).toBe(before + 1);
  });
});
