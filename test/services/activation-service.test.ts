/**
 * The fitted activation scale behind the advocates: its evidence is read from the read
 * model's view (no store read), it is fitted in the work pool once per graph version and asOf
 * (a new population after an engagement reuses it), and a new influence tie fits it again.
 * On the five-account graph of test/support/tiny-dataset.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActivationService } from "../../src/services/activation-service.js";
import type { Services } from "../../src/services/services.js";
import { WorkPool } from "../../src/services/work-pool/work-pool.js";
import type { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { spyOnStore } from "../support/store-spies.js";
import { openTinyServices } from "../support/tiny-services.js";

describe("activation service", () => {
  let store: SqliteAccountGraphStore;
  let services: Services;
  let spy: ReturnType<typeof spyOnStore>;
  let pool: WorkPool;
  const current = () => services.strategy.session(services.influence.session()).current();

  beforeEach(async () => {
    ({ store, services } = await openTinyServices(
      () => "2026-11-01",
      (bare) => (spy = spyOnStore(bare)).store,
    ));
    pool = new WorkPool();
  });
  afterEach(async () => {
    await pool.close();
    await services.close();
    await store.close();
  });

  it("fits once per graph version from the view, and re-scales the population's network", async () => {
    const activation = new ActivationService(pool);
    const first = await current();
    spy.reset();
    const calibrated = await activation.calibrated(first);
    expect(spy.total()).toBe(0);
    expect(pool.stats.completed).toBe(1);
    // Neither dated tie could have fired (each target was a customer before the tie): the default scale.
    expect(calibrated.fit.estimate).toBeNull();
    expect(calibrated.fit.source).toBe("DEFAULT");
    expect(calibrated.network.probabilities).toEqual(first.data.network.probabilities);

    await services.network.recordEngagement({ accountId: "acc_bob", managerId: "mgr_one", minutes: 30, date: "2026-10-30", kind: "CALL" });
    const afterEngagement = await current();
    expect(afterEngagement).not.toBe(first);
    const again = await activation.calibrated(afterEngagement);
    expect(again.fit).toBe(calibrated.fit);
    expect(again.key).toBe(calibrated.key);
    expect(pool.stats.completed).toBe(1);

    // A tie that began before eve became a customer (2020): one trial, which no referral followed.
    await services.network.linkInfluence({ fromId: "acc_ada", toId: "acc_eve", kind: "BOARD", strength: 0.9, since: "2019-01-01" });
    const afterTie = await current();
    const refitted = await activation.calibrated(afterTie);
    expect(refitted.key).not.toBe(calibrated.key);
    expect(refitted.fit.estimate).toMatchObject({ trials: 1, referrals: 0 });
    expect(pool.stats.completed).toBe(2);
  });
});
