/**
 * The ApiKeyStore contract on both adapters (a SQLite temp file and `:memory:`, and the
 * local Neo4j of the vitest global setup), then what is adapter-specific: SQLite adds the
 * table to a file made before it existed, keeping the data; Neo4j runs only constant
 * Cypher with every value as a parameter, and has the uniqueness constraints in place.
 */
import { describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/domain/api-keys.js";
import type { QueryObserver } from "../../src/store/neo4j/neo4j-executor.js";
import * as K from "../../src/store/neo4j/neo4j-api-keys.js";
import * as C from "../../src/store/neo4j/cypher.js";
import { Neo4jAccountGraphStore } from "../../src/store/neo4j/neo4j-store.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { neo4jTestConnection, openTestDriver, resetNeo4jDatabase } from "../support/neo4j.js";
import { STORE_FACTORIES } from "../support/store-factories.js";
import { defineApiKeyStoreContract } from "./api-key-store.contract.js";
import { expectFailure, managerInput } from "./store-fixtures.js";

for (const factory of STORE_FACTORIES) {
  defineApiKeyStoreContract(factory.name, async () => {
    const opened = await factory.make();
    return { store: opened.store, cleanup: () => opened.cleanup() };
  });
}

defineApiKeyStoreContract("sqlite (:memory:)", async () => {
  const store = new SqliteAccountGraphStore({ path: ":memory:" });
  await store.init();
  return { store, cleanup: () => store.close() };
});

describe("Neo4jAccountGraphStore: API keys", () => {
  it("runs only the adapter's constant Cypher, every value a parameter", async () => {
    const connection = neo4jTestConnection();
    await resetNeo4jDatabase(connection.uri);
    const captured: Parameters<QueryObserver>[0][] = [];
    const store = new Neo4jAccountGraphStore({ ...connection, maxTransactionRetryTimeMs: 2_000, onQuery: (event) => captured.push(event) });
    try {
      await store.init();
      const manager = (await store.createManager({ ...managerInput(), id: "mgr_cypher" })).value;
      const hostile = "x'}) MATCH (n) DETACH DELETE n //";
      captured.length = 0;
      const key = (
        await store.createApiKey({ name: hostile, role: "MANAGER", managerId: manager.id, sha256: hashApiKey(hostile), createdBy: "`tick`" })
      ).value;
      await expectFailure(
        store.createApiKey({ name: "x", role: "MANAGER", managerId: hostile, sha256: hashApiKey("other"), createdBy: "t" }),
        "NOT_FOUND",
        "managerId",
      );
      await store.revokeApiKey(key.id, new Date().toISOString());
      await expectFailure(store.revokeApiKey(hostile, new Date().toISOString()), "NOT_FOUND", "id");
      expect((await store.listApiKeys())[0]).toMatchObject({ name: hostile, createdBy: "`tick`" });
      await store.activeApiKeys();

      // The key statements, plus the feed's own (every write appends its change: neo4j-feed.ts).
      const constants = [...Object.values(K), ...Object.values(C)] as unknown[];
      const allowed = new Set<string>(constants.filter((v): v is string => typeof v === "string"));
      expect(captured.length).toBeGreaterThan(5);
      for (const event of captured) {
        expect(allowed.has(event.cypher), `unexpected Cypher in ${event.operation}:\n${event.cypher}`).toBe(true);
        for (const value of [hostile, key.id, manager.id, "`tick`"]) expect(event.cypher).not.toContain(value);
      }
      expect(new Set(captured.map((e) => e.operation))).toEqual(new Set(["createApiKey", "revokeApiKey", "listApiKeys", "activeApiKeys"]));
    } finally {
      await store.close();
    }
  });

  it("has uniqueness constraints on the key id and hash", async () => {
    const connection = neo4jTestConnection();
    const store = new Neo4jAccountGraphStore({ ...connection, maxTransactionRetryTimeMs: 2_000 });
    await store.init();
    await store.close();
    const driver = openTestDriver(connection);
    const session = driver.session();
    try {
      const result = await session.run("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type RETURN name, labelsOrTypes, properties, type");
      const onApiKey = result.records
        .map((r) => ({ labels: r.get("labelsOrTypes") as string[], properties: r.get("properties") as string[], type: r.get("type") as string }))
        .filter((c) => c.labels.includes("ApiKey"));
      // UNIQUENESS, or NODE_PROPERTY_UNIQUENESS as later 5.x releases call it.
      expect(onApiKey.every((c) => /UNIQUENESS$/.test(c.type))).toBe(true);
      expect(onApiKey.map((c) => c.properties.join(",")).sort()).toEqual(["id", "sha256"]);
    } finally {
      await session.close();
      await driver.close();
    }
  });
});
