/**
 * Runs the store contract against the SQLite adapter, each test on a fresh temp file
 * (a file rather than :memory: so WAL, the separate readGraph connection and the
 * parent-folder creation are exercised as in production).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { defineAccountGraphStoreContract } from "./account-graph-store.contract.js";

const root = mkdtempSync(join(tmpdir(), "accountgraph-sqlite-"));
let counter = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

defineAccountGraphStoreContract("sqlite (temp file)", async () => {
  const dir = join(root, `store-${++counter}`);
  const store = new SqliteAccountGraphStore({ path: join(dir, "nested", "graph.db") });
  await store.init();
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
