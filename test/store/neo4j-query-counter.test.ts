/**
 * The opt-in query counter of the Neo4j store (src/store/neo4j/neo4j-query-counter.ts), against
 * the local Neo4j of the test setup: it counts each Cypher query the store sends under the
 * store operation that sent it, and a snapshot is a copy that later queries leave alone.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Neo4jQueryCounter } from "../../src/store/neo4j/neo4j-query-counter.js";
import { Neo4jAccountGraphStore } from "../../src/store/neo4j/neo4j-store.js";
import { NEO4J_TEST_DEFAULTS, neo4jTestConnection, resetNeo4jDatabase } from "../support/neo4j.js";
import { tinyDataset } from "../support/tiny-dataset.js";

describe("Neo4jQueryCounter", () => {
  let store: Neo4jAccountGraphStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it("counts the queries each store operation sends, in snapshots that do not change afterwards", async () => {
    const connection = neo4jTestConnection();
    await resetNeo4jDatabase(connection.uri);
    const counter = new Neo4jQueryCounter();
    store = new Neo4jAccountGraphStore({ ...connection, ...NEO4J_TEST_DEFAULTS, onQuery: counter.observe });
    await store.init();
    await store.importDataset(tinyDataset());

    const before = counter.snapshot();
    await store.engagementsOfAccounts(["ada", "bob", "cyd"]);
    await store.engagementsOfAccounts(["eve"]);
    await store.ping();
    const after = counter.snapshot();

    const sent = Object.fromEntries(
      Object.keys(after)
        .map((op) => [op, after[op]! - (before[op] ?? 0)])
        .filter(([, n]) => n !== 0),
    );
    // One query per call, whatever the number of accounts asked for.
    expect(sent).toEqual({ engagementsOfAccounts: 2, ping: 1 });
    expect(before.engagementsOfAccounts).toBeUndefined();
    expect(Object.isFrozen(after)).toBe(true);
  });
});
