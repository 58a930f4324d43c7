/**
 * The plan service's memo keys: a book's whole history is read from the store once per
 * activity change (the read model's activity sequence), the fit runs in the work pool once
 * per history fingerprint, and an EDITED engagement or purchase (same id, other values)
 * changes the fingerprint, so the plan is fitted again. The store has no edit of activity yet:
 * the test edits what the store answers (same ids, other values) and records an unrelated
 * engagement for the change a real edit puts on the feed.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Account } from "../../src/domain/model.js";
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";
import { bookFingerprint } from "../../src/services/plan-service.js";
import { createServices, type Services } from "../../src/services/services.js";
import type { PlanResult } from "../../src/services/strategy-service.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import type { BookRecords } from "../../src/strategy/book-plan.js";
import { spyOnStore } from "../support/store-spies.js";
import { syntheticBook } from "../support/synthetic-book.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const AS_OF = "2026-11-15";
const MANAGER = "mgr_plan";

describe("plan service", () => {
  let store: SqliteAccountGraphStore;
  let services: Services;
  let spy: ReturnType<typeof spyOnStore>;
  /** Purchases of this account are answered at twice their amount (an edit the store has not got yet). */
  let edited: string | null = null;
  const book = syntheticBook({ seed: 4, family: "ADBUDG", baseline: true, accounts: 24, quarters: 6, asOf: AS_OF, managerId: MANAGER });

  beforeEach(async () => {
    store = new SqliteAccountGraphStore({ path: ":memory:" });
    await store.init();
    // Beside the book, another manager's account: activity there moves the read model, not the book.
    await store.importDataset({
      ...book.dataset,
      managers: [...book.dataset.managers, { id: "mgr_other", name: "Other", email: "other@example.com", weeklyCapacityHours: 30 }],
      accounts: [...book.dataset.accounts, { ...book.dataset.accounts[0]!, id: "acc_other", name: "Elsewhere", ownerId: "mgr_other" }],
    });
    edited = null;
    const editing = new Proxy(store as AccountGraphStore, {
      get(target, key, receiver) {
        if (key !== "purchasesOfAccounts") {
          const value = Reflect.get(target, key, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        }
        return async (...args: Parameters<AccountGraphStore["purchasesOfAccounts"]>) =>
          (await target.purchasesOfAccounts(...args)).map((p) => (p.accountId === edited ? { ...p, amount: p.amount * 2 } : p));
      },
    });
    spy = spyOnStore(editing);
    services = createServices(spy.store, {
      today: () => AS_OF,
      influence: { maxWaitMs: 30_000 },
      strategy: { publishIntervalMs: 0, firstWaitMs: 30_000 },
    });
    await services.start();
  });
  afterEach(async () => {
    await services.close();
    await store.close();
  });

  const plan = (hours: number) => services.strategy.planTime({ managerId: MANAGER, hours }, services.strategy.session(services.influence.session()));
  const ceilingOf = (result: PlanResult, accountId: string) =>
    result.allocations.find((a) => a.account.id === accountId)!.curve.find((c) => c.name === "ceiling")!.value;

  it("reads the book once per activity change; hours re-allocate the same fit", async () => {
    const first = await plan(30);
    expect(first.model.fittedAccounts).toBeGreaterThan(0);
    expect(spy.calls.get("engagementsOfAccounts")).toBe(1);
    const other = await plan(20);
    expect(spy.calls.get("engagementsOfAccounts")).toBe(1);
    expect(other.totals.minutes).toBeLessThan(first.totals.minutes);
    expect(other.model).toEqual(first.model);

    // Activity in the current quarter: read again, and the fit (complete quarters only) is the same.
    const someone = first.allocations[0]!.account.id;
    await services.network.recordEngagement({ accountId: someone, managerId: MANAGER, minutes: 30, date: AS_OF, kind: "CALL" });
    const again = await plan(30);
    expect(spy.calls.get("engagementsOfAccounts")).toBe(2);
    expect(again.model).toEqual(first.model);
  });

  it("fits again when a purchase is edited (same id, another amount)", async () => {
    const before = await plan(30);
    const fitted = before.allocations.find((a) => a.curveSource !== "PRIOR")!.account.id;
    edited = fitted;
    // Stands for the change-feed entry a real edit makes: activity elsewhere, so the book is read
    // again and only the edited amounts tell its fingerprint apart.
    await services.network.recordEngagement({ accountId: "acc_other", managerId: "mgr_other", minutes: 15, date: AS_OF, kind: "CALL" });
    const after = await plan(30);
    expect(ceilingOf(after, fitted)).toBeGreaterThan(1.5 * ceilingOf(before, fitted));
    expect(after.totals.expectedRevenue).toBeGreaterThan(before.totals.expectedRevenue);
  });
});

describe("book fingerprint", () => {
  const records: BookRecords = {
    managerId: "mgr_a",
    asOf: "2026-11-15",
    // The tiny dataset's first account as the store returns it.
    accounts: [
      {
        ...tinyDataset().accounts[0]!,
        id: "acc_1",
        ownerId: "mgr_a",
        externalId: null,
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.000Z",
      } as Account,
    ],
    engagements: [{ accountId: "acc_1", managerId: "mgr_a", minutes: 30, date: "2026-01-10" }],
    purchases: [{ id: "pur_1", accountId: "acc_1", amount: 100_000, licences: 2, discount: 0.1, date: "2026-02-01" }],
  };

  it("is the same for the same records and changes with every field the fit reads", () => {
    expect(bookFingerprint(structuredClone(records))).toBe(bookFingerprint(records));
    const variants: BookRecords[] = [
      { ...records, asOf: "2026-11-16" },
      { ...records, managerId: "mgr_b" },
      { ...records, accounts: [{ ...records.accounts[0]!, status: "CHURNED" }] },
      { ...records, accounts: [{ ...records.accounts[0]!, annualRevenue: 1 }] },
      { ...records, accounts: [{ ...records.accounts[0]!, customerSince: "2019-01-01" }] },
      { ...records, accounts: [{ ...records.accounts[0]!, licencesPlanned: 50 }] },
      { ...records, engagements: [{ ...records.engagements[0]!, minutes: 45 }] },
      { ...records, engagements: [{ ...records.engagements[0]!, date: "2026-04-10" }] },
      { ...records, engagements: [{ ...records.engagements[0]!, managerId: "mgr_b" }] },
      { ...records, purchases: [{ ...records.purchases[0]!, amount: 200_000 }] },
      { ...records, purchases: [{ ...records.purchases[0]!, discount: 0.2 }] },
      { ...records, purchases: [{ ...records.purchases[0]!, licences: 3 }] },
      { ...records, purchases: [{ ...records.purchases[0]!, date: "2026-05-01" }] },
    ];
    const fingerprints = new Set([records, ...variants].map(bookFingerprint));
    expect(fingerprints.size).toBe(variants.length + 1);
  });
});
