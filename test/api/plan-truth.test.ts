/**
 * The time plan against KNOWN truths (issue 11): synthetic books whose accounts respond to
 * attention along known curves — saturating exponential, concave and S-shaped ADBUDG,
 * with and without retained baseline revenue, several seeds, noise levels and history
 * lengths (test/support/synthetic-book.ts) — loaded through the public API like any
 * client's data, then planned with `planTime`. The plan must reach 0.93 of the true
 * optimum (an exact dynamic programme on the true curves, 5-minute steps), and its
 * predicted revenue for the plan, the equal split and current habits must lie within
 * 15 % of what the true curves give for those same minutes. `npm run bench:plan` prints
 * the wider table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.js";
import { todayIso } from "../../src/domain/guards.js";
import { createLogger } from "../../src/logger.js";
import { apiClient } from "../support/api-client.js";
import { loadThroughApi } from "../support/load-through-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { scorePlan, syntheticBook, TRUTH_FAMILIES, type SyntheticBook, type TruthFamily } from "../support/synthetic-book.js";

const AS_OF = todayIso();
const HORIZON_WEEKS = 13;
/** Every family with and without baseline, two seeds; the seeds differ in noise and history length. */
const CASES = TRUTH_FAMILIES.flatMap((family: TruthFamily) =>
  [true, false].flatMap((baseline) => [
    { family, baseline, seed: 1, revenueNoise: 0.1, quarters: 6 },
    { family, baseline, seed: 2, revenueNoise: 0.25, quarters: 8 },
  ]),
);

const PLAN = `query($managerId: ID!) { planTime(managerId: $managerId, hours: 30, horizonWeeks: ${HORIZON_WEEKS}) {
  totals { minutes expectedRevenue interval { low high } } equalSplit { expectedRevenue } currentAllocation { expectedRevenue }
  model { family baseline periods fittedAccounts }
  allocations { account { externalId } minutes equalSplitMinutes currentMinutes } } }`;

describe("planTime against synthetic books with known response curves (through the API, SQLite)", () => {
  let opened: OpenedStore;
  let close: () => Promise<void>;
  let gql: ReturnType<typeof apiClient>;
  const books: { book: SyntheticBook; managerId: string }[] = [];

  beforeAll(async () => {
    opened = await STORE_FACTORIES.find((f) => f.name === "sqlite")!.make();
    const server = await startApp({
      store: opened.store,
      logger: createLogger(process.env.LOG_LEVEL ?? "silent"),
      port: 0,
      host: "127.0.0.1",
      analytics: { influence: { maxWaitMs: 30_000 }, strategy: { today: () => AS_OF } },
    });
    close = () => server.close();
    gql = apiClient(`http://127.0.0.1:${server.port}/`);
    for (const c of CASES) {
      const book = syntheticBook({ ...c, asOf: AS_OF, managerId: `mgr_${c.family.toLowerCase()}_${c.baseline ? "base" : "nobase"}_${c.seed}` });
      const ids = await loadThroughApi(gql, book.dataset);
      books.push({ book, managerId: ids.get(book.options.managerId)! });
    }
  }, 600_000);
  afterAll(async () => {
    await close?.();
    await opened?.cleanup();
  });

  it.each(CASES.map((c, i) => ({ ...c, i })))(
    "$family, baseline $baseline, seed $seed (noise $revenueNoise, $quarters quarters): plan >= 0.93 of the optimum, predictions within 15 %",
    async ({ i, quarters }) => {
      const { book, managerId } = books[i]!;
      const response = await gql(PLAN, { managerId });
      expect(response.errors).toBeUndefined();
      const plan = response.data.planTime;
      expect(plan.totals.minutes).toBe(30 * 60);
      expect(plan.model.periods).toBe(quarters); // the partial current quarter is left out
      expect(plan.model.fittedAccounts).toBe(book.dataset.accounts.length);
      const perWeek = (money: string) => Number(money) / HORIZON_WEEKS;
      const score = scorePlan(book, {
        allocations: plan.allocations.map((a: any) => ({ ...a, accountId: a.account.externalId })),
        predicted: {
          plan: perWeek(plan.totals.expectedRevenue),
          equalSplit: perWeek(plan.equalSplit.expectedRevenue),
          current: perWeek(plan.currentAllocation.expectedRevenue),
        },
      });
      expect(score.planVersusOptimum).toBeGreaterThanOrEqual(0.93);
      for (const ratio of [score.plan, score.equalSplit, score.current]) {
        expect(ratio).toBeGreaterThanOrEqual(0.85);
        expect(ratio).toBeLessThanOrEqual(1.15);
      }
      expect(Number(plan.totals.interval.low)).toBeLessThanOrEqual(Number(plan.totals.expectedRevenue));
      expect(Number(plan.totals.interval.high)).toBeGreaterThanOrEqual(Number(plan.totals.expectedRevenue));
    },
  );
});
