/**
 * The strategy population: built from the read model and the influence snapshot (facts,
 * referrals, leadership, the cascade network) with no store read, kept current by the read
 * model's changes (only touched accounts re-measured), and blended per request. Runs on the
 * five-account graph of test/support/tiny-dataset.ts, whose numbers can be checked by hand.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Services } from "../../src/services/services.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { spyOnStore } from "../support/store-spies.js";
import { openTinyServices } from "../support/tiny-services.js";

describe("strategy service population", () => {
  let store: SqliteAccountGraphStore;
  let services: Services;
  let today: string;
  let spy: ReturnType<typeof spyOnStore>;
  const session = () => services.strategy.session(services.influence.session());
  const service = () => services.strategy;

  beforeEach(async () => {
    today = "2026-11-01";
    ({ store, services } = await openTinyServices(
      () => today,
      (bare) => (spy = spyOnStore(bare)).store,
    ));
  });
  afterEach(async () => {
    await services.close();
    await store.close();
  });

  it("assembles facts, referrals, community leadership and the cascade network from the read model and snapshot", async () => {
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
    await services.network.recordEngagement({ accountId: "acc_ada", managerId: "mgr_one", minutes: 45, date: "2024-10-01", kind: "CALL" });
    const ada = (await session().current()).data.factsById.get("acc_ada")!;
    expect(ada.engagements.map((e) => e.id)).toEqual(["eng_1"]);
  });

  it("follows every write through the read model, without reading the store", async () => {
    const first = await session().current();
    spy.reset();
    expect(await session().current()).toBe(first);

    const logged = await services.network.recordEngagement({
      accountId: "acc_bob",
      managerId: "mgr_one",
      minutes: 30,
      date: "2026-10-30",
      kind: "CALL",
    });
    const afterEngagement = await session().current();
    expect(afterEngagement).not.toBe(first);
    expect(afterEngagement.data.factsById.get("acc_bob")!.engagements.map((e) => e.id)).toContain(logged.id);

    await services.accounts.updateAccount("acc_eve", { annualRevenue: "70000.00" });
    const afterUpdate = await session().current();
    expect(afterUpdate).not.toBe(afterEngagement);
    expect(afterUpdate.data.factsById.get("acc_eve")!.account.annualRevenue).toBe(7_000_000);
    // The store heard the two writes, and at most the read model's feed polls: no read of facts.
    const reads = [...spy.calls.keys()].filter(
      (method) => !["recordEngagement", "updateAccount", "changesSince", "feedHead", "compactFeed"].includes(method),
    );
    expect(reads).toEqual([]);

    today = "2026-11-02";
    let nextDay = await session().current();
    for (let i = 0; i < 200 && nextDay.asOf !== "2026-11-02"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      nextDay = await session().current();
    }
    expect(nextDay.asOf).toBe("2026-11-02");
  });

  it("re-measures only what a change touched: other accounts keep their very measure objects", async () => {
    const before = await session().current();
    await services.network.recordEngagement({ accountId: "acc_bob", managerId: "mgr_one", minutes: 30, date: "2026-10-30", kind: "CALL" });
    const after = await session().current();
    const measure = (population: typeof before, id: string) => population.measured.measures.find((m) => m.accountId === id)!;
    expect(measure(after, "acc_bob").revenue).not.toBe(measure(before, "acc_bob").revenue);
    // Eve has another owner's book and no link to Bob: nothing of hers was measured again.
    expect(measure(after, "acc_eve").revenue).toBe(measure(before, "acc_eve").revenue);
    expect(measure(after, "acc_eve").loyalty).toBe(measure(before, "acc_eve").loyalty);
  });

  it("one population serves concurrent requests and every field of a request", async () => {
    const sessions = [session(), session(), session()];
    const populations = await Promise.all(sessions.flatMap((s) => [s.current(), s.current()]));
    expect(new Set(populations).size).toBe(1);
  });

  it("blends per set of weights without measuring again, and pages with keyset cursors", async () => {
    const s = session();
    const all = await service().rank({ first: 10 }, s);
    expect(all.totalCount).toBe(5);
    const firstTwo = await service().rank({ first: 2 }, s);
    const rest = await service().rank({ first: 10, after: firstTwo.positions.at(-1)! }, s);
    expect([...firstTwo.items, ...rest.items].map((i) => i.facts.account.id)).toEqual(all.items.map((i) => i.facts.account.id));
    expect(firstTwo.hasNextPage).toBe(true);
    expect(rest.hasNextPage).toBe(false);
    const parameters = { weights: { wordOfMouth: 1 } };
    const again = await service().scoreOf("acc_ada", parameters, s);
    expect((await service().scoreOf("acc_ada", parameters, s)).score).toBe(again.score); // same blend, not re-blended
    const other = await service().scoreOf("acc_ada", {}, s);
    expect(other.score).not.toBe(again.score);
    // Both blends read the same measures: the weights changed only the blend.
    expect(other.score.measures).toBe(again.score.measures);
  });
});
