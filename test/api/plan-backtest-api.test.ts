/**
 * `planBacktest` and the advocates' fitted activation scale through the public API, on
 * both stores. The backtest runs on a synthetic book with known curves loaded with
 * GraphQL mutations (test/support/synthetic-book.ts): the fitted curves must forecast the
 * held-out quarters better than "next = last", without bias, and with intervals that
 * cover about what they claim. The activation scale: a generated network with a rich
 * referral history is fitted (and its backtest beats the default); the small sample
 * dataset falls back to the documented default and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset, loadSampleDataset } from "../../seeds/index.js";
import { startApp } from "../../src/app.js";
import { todayIso } from "../../src/domain/guards.js";
import { createLogger } from "../../src/logger.js";
import { apiClient, errorCode } from "../support/api-client.js";
import { loadThroughApi } from "../support/load-through-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { syntheticBook } from "../support/synthetic-book.js";

const AS_OF = todayIso();

const BACKTEST = `query($managerId: ID!, $holdout: Int) { planBacktest(managerId: $managerId, holdoutPeriods: $holdout) {
  holdoutPeriods trainingFrom trainingTo heldOutFrom heldOutTo accounts points
  model { predicted actual mape wape calibration coverage predictiveLevel } naive { predicted actual mape wape calibration }
  rows { account { externalId } minutes predicted naive actual covered periods } components { name value explanation } } }`;

const ACTIVATION = `{ recommendAdvocates(k: 3, simulations: 300) { expectedSpread advocates { account { id } }
  activation { scale source defaultScale estimate low high trials referrals spreadLow spreadHigh
    byKind { kind scale low high trials referrals used }
    backtest { trainingTrials heldOutTrials heldOutReferrals fittedScale fittedPredicted defaultPredicted fittedLogLoss defaultLogLoss }
    components { name explanation } } } }`;

async function serve(opened: OpenedStore) {
  const server = await startApp({
    store: opened.store,
    logger: createLogger(process.env.LOG_LEVEL ?? "silent"),
    port: 0,
    host: "127.0.0.1",
    analytics: { influence: { maxWaitMs: 60_000 }, strategy: { today: () => AS_OF } },
  });
  return { gql: apiClient(`http://127.0.0.1:${server.port}/`), close: () => server.close() };
}

describe.each(STORE_FACTORIES)("planBacktest and the fitted activation scale on $name", (factory) => {
  describe("planBacktest on a synthetic book loaded through the API", () => {
    let opened: OpenedStore;
    let api: Awaited<ReturnType<typeof serve>>;
    let managerId: string;
    const book = syntheticBook({
      seed: 5,
      family: "ADBUDG",
      baseline: true,
      accounts: 40,
      quarters: 8,
      revenueNoise: 0.15,
      asOf: AS_OF,
      managerId: "mgr_backtest",
    });

    beforeAll(async () => {
      opened = await factory.make();
      api = await serve(opened);
      managerId = (await loadThroughApi(api.gql, book.dataset)).get("mgr_backtest")!;
    }, 300_000);
    afterAll(async () => {
      await api?.close();
      await opened?.cleanup();
    });

    it("forecasts held-out quarters from the minutes spent better than next = last, unbiased, with honest intervals", async () => {
      const response = await api.gql(BACKTEST, { managerId, holdout: 2 });
      expect(response.errors).toBeUndefined();
      const backtest = response.data.planBacktest;
      expect(backtest.holdoutPeriods).toBe(2);
      expect(backtest.accounts).toBe(40);
      expect(backtest.points).toBe(80);
      expect(backtest.trainingTo < backtest.heldOutFrom).toBe(true);
      expect(backtest.heldOutTo < AS_OF).toBe(true); // complete quarters only
      expect(backtest.model.wape).toBeLessThan(backtest.naive.wape);
      expect(backtest.model.mape).toBeLessThan(backtest.naive.mape);
      expect(Math.abs(backtest.model.calibration - 1)).toBeLessThan(0.1);
      expect(backtest.model.coverage).toBeGreaterThan(0.6);
      expect(backtest.model.predictiveLevel).toBe(0.8);
      const actual = backtest.rows.reduce((sum: number, r: any) => sum + Number(r.actual), 0);
      expect(actual).toBeCloseTo(Number(backtest.model.actual), 0);
      expect(backtest.components.map((c: any) => c.name)).toContain("naiveWape");
    });

    it("defaults to one held-out quarter, and refuses impossible holdouts and unknown managers naming the field", async () => {
      const one = await api.gql(BACKTEST, { managerId });
      expect(one.data.planBacktest.holdoutPeriods).toBe(1);
      expect(one.data.planBacktest.points).toBe(40);
      for (const holdout of [0, 9, 7]) {
        const refused = await api.gql(BACKTEST, { managerId, holdout });
        expect([errorCode(refused), refused.errors![0]!.extensions!.field]).toEqual(["BAD_USER_INPUT", "holdoutPeriods"]);
      }
      const unknown = await api.gql(BACKTEST, { managerId: "mgr_nobody" });
      expect([errorCode(unknown), unknown.errors![0]!.extensions!.field]).toEqual(["NOT_FOUND", "managerId"]);
    });
  });

  describe("activation scale behind recommendAdvocates", () => {
    let opened: OpenedStore;
    let api: Awaited<ReturnType<typeof serve>>;
    afterAll(async () => {
      await api?.close();
      await opened?.cleanup();
    });

    it("is fitted from a rich referral history, wins its backtest, and brackets the advocates' spread", async () => {
      opened = await factory.make();
      await opened.store.importDataset(generateDataset({ accounts: 2_000, seed: 1, today: AS_OF }));
      api = await serve(opened);
      const response = await api.gql(ACTIVATION);
      expect(response.errors).toBeUndefined();
      const { activation, expectedSpread } = response.data.recommendAdvocates;
      expect(activation.source).toBe("FITTED");
      expect(activation.scale).not.toBe(activation.defaultScale);
      expect(activation.low).toBeLessThan(activation.estimate);
      expect(activation.high).toBeGreaterThan(activation.estimate);
      expect(activation.trials).toBeGreaterThan(1_000);
      expect(activation.backtest.fittedLogLoss).toBeLessThan(activation.backtest.defaultLogLoss);
      expect(activation.spreadLow).toBeLessThan(activation.spreadHigh);
      expect(activation.spreadLow).toBeLessThan(expectedSpread * 1.05);
      expect(activation.spreadHigh).toBeGreaterThan(expectedSpread * 0.95);
      expect(activation.byKind.length).toBeGreaterThan(1);
    }, 120_000);

    it("falls back to the documented default on the small sample, and says why", async () => {
      await api.close();
      await opened.cleanup();
      opened = await factory.make();
      await opened.store.importDataset(loadSampleDataset(new Date(`${AS_OF}T12:00:00Z`)));
      api = await serve(opened);
      const { activation } = (await api.gql(ACTIVATION)).data.recommendAdvocates;
      expect(activation.source).toBe("DEFAULT");
      expect(activation.scale).toBe(0.1);
      expect(activation.estimate).toBeGreaterThan(0);
      expect(activation.components[0].explanation).toMatch(/default/);
    }, 120_000);
  });
});
