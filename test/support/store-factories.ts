/**
 * Fresh, empty stores of every adapter, for tests that must hold on both.
 * Neo4j comes from the instance the vitest global setup started (or NEO4J_URI);
 * if it could not start, `make()` throws the setup's message: the test fails, it is
 * never skipped.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";
import type { ApiKeyStore } from "../../src/ports/api-key-store.js";
import { Neo4jAccountGraphStore } from "../../src/store/neo4j/neo4j-store.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { neo4jTestConnection, resetNeo4jDatabase } from "./neo4j.js";

export interface OpenedStore {
  /** Both adapters keep the runtime API keys too. */
  store: AccountGraphStore & ApiKeyStore;
  /** Environment that makes `src/main.ts` open this same store. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export interface StoreFactory {
  name: "sqlite" | "neo4j";
  make(): Promise<OpenedStore>;
}

export const STORE_FACTORIES: StoreFactory[] = [
  {
    name: "sqlite",
    async make() {
      const dir = mkdtempSync(join(tmpdir(), "accountgraph-test-"));
      const path = join(dir, "store.db");
      const store = new SqliteAccountGraphStore({ path });
      await store.init();
      return {
        store,
        env: { SQLITE_PATH: path },
        async cleanup() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: "neo4j",
    async make() {
      const connection = neo4jTestConnection();
      await resetNeo4jDatabase(connection.uri);
      const store = new Neo4jAccountGraphStore({
        uri: connection.uri,
        user: connection.user,
        password: connection.password,
        maxTransactionRetryTimeMs: 2_000,
        connectionTimeoutMs: 2_000,
      });
      await store.init();
      return {
        store,
        env: { NEO4J_URI: connection.uri, NEO4J_USER: connection.user, NEO4J_PASSWORD: connection.password },
        cleanup: () => store.close(),
      };
    },
  },
];
