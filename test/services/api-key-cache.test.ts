/**
 * The in-memory index of active stored keys (src/services/api-key-cache.ts), derived from
 * the read model: it answers without touching the store, sees this process's creates and
 * revokes at once (the write settles the read model), another process's within a poll, and
 * is rebuilt only when the keys change.
 */
import { afterEach, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/domain/api-keys.js";
import { ApiKeyCache } from "../../src/services/api-key-cache.js";
import { ReadModel } from "../../src/services/read-model/read-model.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { spyOnStore } from "../support/store-spies.js";

const keyInput = (secret: string) => ({ name: secret, role: "VIEWER" as const, managerId: null, sha256: hashApiKey(secret), createdBy: "test" });

describe("ApiKeyCache", () => {
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  const open = async () => {
    const store = new SqliteAccountGraphStore({ path: ":memory:" });
    await store.init();
    const spy = spyOnStore(store);
    const model = new ReadModel(spy.store, { today: () => "2026-11-01", pollIntervalMs: 0 });
    closers.push(
      () => store.close(),
      () => model.close(),
    );
    await model.start();
    return { store, spy, model, cache: new ApiKeyCache(model) };
  };

  it("resolves active keys to their actor, and unknown keys to null without asking the store", async () => {
    const { store, spy, model, cache } = await open();
    const created = await store.createApiKey(keyInput("alpha"));
    await model.settle(created);
    spy.reset();
    expect(cache.resolve("alpha")).toEqual({ role: "VIEWER", managerId: null, subject: `apikey:${created.value.id}` });
    for (let i = 0; i < 100; i++) expect(cache.resolve(`unknown-${i}`)).toBeNull();
    expect(spy.total()).toBe(0);
    expect(cache.size).toBe(1);
  });

  it("refuses a key from the moment its revocation settles", async () => {
    const { store, model, cache } = await open();
    const created = await store.createApiKey(keyInput("beta"));
    await model.settle(created);
    expect(cache.resolve("beta")).not.toBeNull();
    await model.settle(await store.revokeApiKey(created.value.id, new Date().toISOString()));
    expect(cache.resolve("beta")).toBeNull();
  });

  it("sees keys another process wrote once the read model has read the feed", async () => {
    const { store, model, cache } = await open();
    const other = await store.createApiKey(keyInput("gamma")); // as if written elsewhere: not settled here
    expect(cache.resolve("gamma")).toBeNull();
    await model.reach(other.change!.seq);
    expect(cache.resolve("gamma")).not.toBeNull();
  });

  it("rebuilds its index only when the keys changed", async () => {
    const { store, model, cache } = await open();
    await model.settle(await store.createApiKey(keyInput("delta")));
    const actor = cache.resolve("delta");
    // An account write moves the read model but not its keys: the very same actor object answers.
    await model.settle(
      await store.createAccount({
        name: "Not a key",
        segment: "SMALL_BUSINESS",
        status: "PROSPECT",
        annualRevenue: 0,
        grossMargin: 0,
        licencesHeld: 0,
        licencesPlanned: 0,
        licencePrice: 0,
        discountPurchases: 0,
        supplierSwitches: 0,
      }),
    );
    expect(cache.resolve("delta")).toBe(actor);
  });
});
