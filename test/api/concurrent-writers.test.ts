/**
 * docs/threats.md row 20, concurrent half, on both stores through HTTP: parallel
 * writers lose nothing and unique ids stay unique.
 * (The crash half — an acknowledged write surviving SIGKILL — is durability.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSecuredApi } from "../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const ENGAGE = `mutation($input: RecordEngagementInput!) { recordEngagement(input: $input) { id } }`;
const CREATE = `mutation($input: AccountInput!) { createAccount(input: $input) { id } }`;

describe.each(STORE_FACTORIES)("concurrent writers on $name", (factory) => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;

  beforeAll(async () => {
    opened = await factory.make();
    await opened.store.importDataset(tinyDataset());
    api = await startSecuredApi(opened.store);
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("records exactly 50 of 50 parallel engagements on one account", async () => {
    const before = await opened.store.engagementsOfAccounts(["acc_cyd"]);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.as()(ENGAGE, {
          input: { accountId: "acc_cyd", managerId: "mgr_one", minutes: i + 1, date: "2026-03-01", kind: "CALL", note: `call ${i}` },
        }),
      ),
    );
    expect(responses.filter((r) => r.errors).map((r) => r.errors)).toEqual([]);
    const ids = responses.map((r) => r.data.recordEngagement.id as string);
    expect(new Set(ids).size).toBe(50);
    const after = await opened.store.engagementsOfAccounts(["acc_cyd"]);
    expect(after.length - before.length).toBe(50);
    expect(
      after
        .filter((e) => ids.includes(e.id))
        .map((e) => e.minutes)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("lets exactly one of 20 parallel creates with the same external id win; the rest get CONFLICT", async () => {
    const before = await opened.store.counts();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.as()(CREATE, { input: { name: `Racer ${i}`, externalId: "crm-race-1" } })),
    );
    const winners = responses.filter((r) => !r.errors);
    const codes = responses.filter((r) => r.errors).map((r) => r.errors![0]!.extensions!.code);
    expect(winners).toHaveLength(1);
    expect(codes).toEqual(Array.from({ length: 19 }, () => "CONFLICT"));
    expect((await opened.store.counts()).accounts).toBe(before.accounts + 1);
    const holder = await api.as()(`{ accounts(first: 100, filter: { nameContains: "Racer" }) { totalCount edges { node { id externalId } } } }`);
    expect(holder.data.accounts.totalCount).toBe(1);
    expect(holder.data.accounts.edges[0].node).toEqual({ id: winners[0]!.data.createAccount.id, externalId: "crm-race-1" });
  });
});
