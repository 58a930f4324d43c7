/**
 * The ApiKeyStore contract (src/ports/api-key-store.ts), written once and run against
 * every adapter by test/store/api-key-store.test.ts, in the style of
 * account-graph-store.contract.ts.
 *
 * Beyond the port's TSDoc, adapters must agree on: listApiKeys order (createdAt, then
 * id; the suite checks the createdAt part); revokedAt null while active and kept from the first revocation; timestamps as
 * ISO instants with milliseconds; names stored verbatim (quotes, Cypher, emoji); and
 * that keys are invisible to the graph side of the same store (version, counts,
 * readGraph, importDataset).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/domain/api-keys.js";
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";
import type { ApiKeyStore, NewApiKey } from "../../src/ports/api-key-store.js";
import { HOSTILE_STRINGS, ISO_DATE_TIME, expectFailure, managerInput, smallDataset, snapshotOf } from "./store-fixtures.js";

export type KeyedStore = AccountGraphStore & ApiKeyStore;
export type MakeKeyedStore = () => Promise<{ store: KeyedStore; cleanup: () => Promise<void> }>;

let counter = 0;

/** A distinct, valid new key; the hash is of a unique fake secret. */
function keyInput(over: Partial<NewApiKey> = {}): NewApiKey {
  const n = ++counter;
  return { name: `Key ${n}`, role: "VIEWER", managerId: null, sha256: hashApiKey(`secret-${n}-${Math.random()}`), createdBy: "test", ...over };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function defineApiKeyStoreContract(name: string, makeStore: MakeKeyedStore): void {
  describe(`ApiKeyStore contract: ${name}`, () => {
    let store: KeyedStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });
    afterEach(async () => {
      await cleanup();
    });

    it("starts empty", async () => {
      expect(await store.listApiKeys()).toEqual([]);
      expect(await store.activeApiKeys()).toEqual([]);
    });

    it("creates an active key with a generated key_ id and returns exactly what it stored", async () => {
      const manager = (await store.createManager(managerInput())).value;
      const input = keyInput({ role: "MANAGER", managerId: manager.id, createdBy: "apikey:bootstrap" });
      const before = Date.now();
      const created = (await store.createApiKey(input)).value;
      expect(created).toEqual({
        id: expect.stringMatching(/^key_[0-9a-f]{32}$/),
        name: input.name,
        role: "MANAGER",
        managerId: manager.id,
        sha256: input.sha256,
        createdAt: expect.stringMatching(ISO_DATE_TIME),
        createdBy: "apikey:bootstrap",
        revokedAt: null,
      });
      expect(Date.parse(created.createdAt)).toBeGreaterThanOrEqual(before - 1_000);
      expect(await store.listApiKeys()).toEqual([created]);
      expect(await store.activeApiKeys()).toEqual([{ id: created.id, role: "MANAGER", managerId: manager.id, sha256: input.sha256 }]);
    });

    it("keeps a supplied id", async () => {
      const created = (await store.createApiKey(keyInput({ id: "key_supplied", role: "ADMIN" }))).value;
      expect(created.id).toBe("key_supplied");
      expect((await store.listApiKeys()).map((k) => k.id)).toEqual(["key_supplied"]);
    });

    it("stores hostile names verbatim", async () => {
      for (const hostile of HOSTILE_STRINGS) await store.createApiKey(keyInput({ name: hostile }));
      expect((await store.listApiKeys()).map((k) => k.name).sort()).toEqual([...HOSTILE_STRINGS].sort());
    });

    it("refuses a MANAGER key for an unknown manager with NOT_FOUND on managerId, writing nothing", async () => {
      await expectFailure(store.createApiKey(keyInput({ role: "MANAGER", managerId: "mgr_nope" })), "NOT_FOUND", "managerId");
      expect(await store.listApiKeys()).toEqual([]);
    });

    it("refuses a taken id (CONFLICT on id) and a taken hash (CONFLICT on sha256), writing nothing", async () => {
      const first = (await store.createApiKey(keyInput({ id: "key_one" }))).value;
      await expectFailure(store.createApiKey(keyInput({ id: "key_one" })), "CONFLICT", "id");
      await expectFailure(store.createApiKey(keyInput({ sha256: first.sha256, role: "ADMIN" })), "CONFLICT", "sha256");
      expect(await store.listApiKeys()).toEqual([first]);
    });

    it("revokes: the key stays listed with revokedAt, leaves the active set, and a second revoke changes nothing", async () => {
      const kept = (await store.createApiKey(keyInput())).value;
      const doomed = (await store.createApiKey(keyInput({ role: "ADMIN" }))).value;
      const revokedAt = "2026-03-04T05:06:07.089Z";
      const revoked = (await store.revokeApiKey(doomed.id, revokedAt)).value;
      expect(revoked).toEqual({ ...doomed, revokedAt });
      expect(await store.activeApiKeys()).toEqual([{ id: kept.id, role: kept.role, managerId: null, sha256: kept.sha256 }]);

      const again = (await store.revokeApiKey(doomed.id, "2027-01-01T00:00:00.000Z")).value;
      expect(again).toEqual(revoked);
      const listed = await store.listApiKeys();
      expect(listed.find((k) => k.id === doomed.id)).toEqual(revoked);
      expect(listed.find((k) => k.id === kept.id)).toEqual(kept);
    });

    it("answers NOT_FOUND on id for revoking an unknown key", async () => {
      await expectFailure(store.revokeApiKey("key_nope", new Date().toISOString()), "NOT_FOUND", "id");
    });

    it("lists oldest first", async () => {
      for (const id of ["key_c", "key_a", "key_b"]) {
        await store.createApiKey(keyInput({ id }));
        await sleep(3);
      }
      expect((await store.listApiKeys()).map((k) => k.id)).toEqual(["key_c", "key_a", "key_b"]);
    });

    it("is not graph data, but is in the change feed: not counted, not a graph record, untouched by imports and deletes", async () => {
      const dataset = smallDataset("ak");
      await store.importDataset(dataset);
      const owner = dataset.managers[0]!.id;
      const before = await snapshotOf(store);
      const created = await store.createApiKey(keyInput({ role: "MANAGER", managerId: owner }));
      const key = created.value;
      const other = (await store.createApiKey(keyInput())).value;
      const revoked = await store.revokeApiKey(other.id, new Date().toISOString());
      expect(await store.counts()).toEqual(before.counts);
      expect(await store.feedHead()).toBe(before.head + 3);
      expect(created.change!.entries).toEqual([{ kind: "API_KEY", op: "PUT", record: key }]);
      expect(revoked.change!.entries).toEqual([{ kind: "API_KEY", op: "PUT", record: revoked.value }]);
      // Revoking again changes nothing and commits nothing.
      expect((await store.revokeApiKey(other.id, new Date().toISOString())).change).toBeNull();

      const state = await store.readState({ activitySince: "2000-01-01" });
      const graphIds = [...state.accounts, ...state.links].map((x) => x.id);
      expect(graphIds.some((id) => id.startsWith("key_"))).toBe(false);
      expect(state.apiKeys.map((k) => k.id).sort()).toEqual([key.id, other.id].sort());

      // Graph writes around the key leave it as it was.
      const account = dataset.accounts.find((a) => a.ownerId === owner) ?? dataset.accounts[0]!;
      await store.deleteAccount(account.id);
      await store.importDataset(smallDataset("ak2"));
      expect((await store.listApiKeys()).find((k) => k.id === key.id)).toEqual(key);
      expect((await store.activeApiKeys()).map((k) => k.id)).toEqual([key.id]);
    });
  });
}
