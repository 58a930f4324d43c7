/**
 * "Not in the future" means not after today anywhere on Earth, through HTTP: at 12:00 UTC
 * it is already tomorrow in UTC+14 (Kiribati), so a manager there can log today's meeting,
 * purchase or referral; the day after is still refused. The clock is set with vitest's
 * fake Date only (timers run normally), so the test does not depend on the time of day.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { errorCode } from "../support/api-client.js";
import { startSecuredApi } from "../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const ENGAGEMENT = `mutation($date: Date!) {
  recordEngagement(input: { accountId: "acc_bob", managerId: "mgr_one", minutes: 30, date: $date, kind: CALL }) { id date } }`;
const PURCHASE = `mutation($date: Date!) { recordPurchase(input: { accountId: "acc_bob", amount: "10.00", date: $date }) { id date } }`;

describe("dates not in the future, in the easternmost time zone", () => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;

  beforeAll(async () => {
    opened = await STORE_FACTORIES.find((f) => f.name === "sqlite")!.make();
    await opened.store.importDataset(tinyDataset());
    api = await startSecuredApi(opened.store);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("accepts today in UTC+14 while UTC is still on the day before, and refuses the day after", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-03-10T12:00:00Z") });
    const gql = api.as();
    for (const mutation of [ENGAGEMENT, PURCHASE]) {
      const today = await gql(mutation, { date: "2026-03-11" });
      expect(today.errors).toBeUndefined();
      const tomorrow = await gql(mutation, { date: "2026-03-12" });
      expect(errorCode(tomorrow)).toBe("BAD_USER_INPUT");
      expect(tomorrow.errors?.[0]?.extensions?.field).toBe("input.date");
    }
  });

  it("at 09:59 UTC, the date in UTC+14 is still the UTC date", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-03-10T09:59:00Z") });
    const tomorrow = await api.as()(ENGAGEMENT, { date: "2026-03-11" });
    expect(errorCode(tomorrow)).toBe("BAD_USER_INPUT");
  });

  it("types dates as Date and instants as DateTime: bad dates name their field, non-strings are refused", async () => {
    const gql = api.as();
    const typed = await gql(`{ __type(name: "Engagement") { fields { name type { ofType { name } } } } }`);
    const fieldType = (name: string) => typed.data.__type.fields.find((f: any) => f.name === name).type.ofType.name;
    expect(fieldType("date")).toBe("Date");
    const read = await gql(`{ account(id: "acc_ada") { createdAt updatedAt engagements { date } } }`);
    expect(read.data.account.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(read.data.account.engagements[0].date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const badDate = await gql(ENGAGEMENT, { date: "2026-02-30" });
    expect(errorCode(badDate)).toBe("BAD_USER_INPUT");
    expect(badDate.errors?.[0]?.extensions?.field).toBe("input.date");
    const notAString = await gql(ENGAGEMENT, { date: 20260101 });
    expect(errorCode(notAString)).toBe("BAD_USER_INPUT");
  });
});
