/**
 * The Neo4j bulk import's own guarantees, beyond the store contract (account-graph-store
 * and crm-import contracts cover what imports write on both stores): the statements' plans,
 * batches sized to the server's transaction memory cap, one RESET change per import, and a
 * batch that cannot write every row undoing the import instead of dropping rows.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildDatasetRecords } from "../../src/ports/dataset-records.js";
import { createNeo4jDriver, Neo4jExecutor } from "../../src/store/neo4j/neo4j-executor.js";
import { writeBatchesInTransactions } from "../../src/store/neo4j/neo4j-batch-writer.js";
import * as ImportCypher from "../../src/store/neo4j/neo4j-import-cypher.js";
import { insertStep, ROW_BYTES } from "../../src/store/neo4j/neo4j-import-steps.js";
import { Neo4jAccountGraphStore } from "../../src/store/neo4j/neo4j-store.js";
import {
  ImportMemoryBudget,
  parseByteSize,
  readTransactionMemoryCaps,
  TRANSACTION_MEMORY_DEFAULTS,
} from "../../src/store/neo4j/neo4j-transaction-memory.js";
import { neo4jTestConnection, openTestDriver, resetNeo4jDatabase } from "../support/neo4j.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const MIB = 1024 * 1024;
const NOW = "2026-01-01T00:00:00.000Z";

interface PlanNode {
  operatorType: string;
  children: PlanNode[];
}

function operatorsOf(plan: PlanNode): string[] {
  return [plan.operatorType.replace(/@.*$/, ""), ...plan.children.flatMap(operatorsOf)];
}

async function openStore(extra: Partial<ConstructorParameters<typeof Neo4jAccountGraphStore>[0]> = {}): Promise<Neo4jAccountGraphStore> {
  const connection = neo4jTestConnection();
  await resetNeo4jDatabase(connection.uri);
  const store = new Neo4jAccountGraphStore({ ...connection, maxTransactionRetryTimeMs: 2_000, connectionTimeoutMs: 2_000, ...extra });
  await store.init();
  return store;
}

describe("Neo4j import statements", () => {
  let store: Neo4jAccountGraphStore;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(async () => {
    await store.close();
  });

  // Endpoint lists per statement: each is read with a seek on a uniqueness constraint's index.
  const seeks: [string, number][] = [
    ["IMPORT_MANAGERS", 0],
    ["IMPORT_ACCOUNTS", 0],
    ["IMPORT_COMMUNITIES", 0],
    ["IMPORT_MEMBERSHIPS", 2],
    ["IMPORT_INFLUENCES", 1],
    ["IMPORT_REFERRALS", 1],
    ["IMPORT_ENGAGEMENTS", 2],
    ["IMPORT_PURCHASES", 1],
  ];
  it.each(seeks)("%s finds its endpoints with unique index seeks, never a scan or MERGE", async (name, expected) => {
    const driver = openTestDriver(neo4jTestConnection());
    try {
      const cypher = (ImportCypher as Record<string, unknown>)[name] as string;
      const { summary } = await driver.executeQuery(`EXPLAIN ${cypher}`, { rows: [], accounts: [], managers: [], communities: [] });
      const operators = operatorsOf(summary.plan as unknown as PlanNode);
      expect(operators.filter((op) => op.startsWith("NodeUniqueIndexSeek"))).toHaveLength(expected);
      expect(operators.filter((op) => /Scan|^Merge/.test(op))).toEqual([]);
    } finally {
      await driver.close();
    }
  });
});

describe("Neo4j import: transaction memory", () => {
  it("reads sizes as SHOW SETTINGS writes them", () => {
    expect(parseByteSize("256.00MiB")).toBe(256 * MIB);
    expect(parseByteSize("1.00GiB")).toBe(1024 * MIB);
    expect(parseByteSize("512KiB")).toBe(512 * 1024);
    expect(parseByteSize("0B")).toBe(0);
    expect(parseByteSize("lots")).toBeNull();
    expect(parseByteSize(null)).toBeNull();
  });

  it("reads the server's cap: the local test server's 256 MiB", async () => {
    const connection = neo4jTestConnection();
    const executor = new Neo4jExecutor(createNeo4jDriver(connection));
    try {
      expect(await readTransactionMemoryCaps(executor)).toEqual({ totalBytes: 256 * MIB, perTransactionBytes: Infinity });
    } finally {
      await executor.close();
    }
  });

  it("sizes each step's batches to its share of the cap, split between the sessions", () => {
    const budget = new ImportMemoryBudget({ totalBytes: 256 * MIB, perTransactionBytes: Infinity }, 2);
    const perBatch = (256 * MIB * TRANSACTION_MEMORY_DEFAULTS.importShare) / 2;
    const accounts = { rows: [], bytesPerRow: ROW_BYTES.account };
    expect(budget.rowsPerBatch(accounts, 10_000)).toBe(Math.floor(perBatch / (ROW_BYTES.account * TRANSACTION_MEMORY_DEFAULTS.commitFactor)));
    expect(budget.rowsPerBatch(accounts, 10_000)).toBeLessThan(10_000);
    // Light rows are held to batchSize; a tiny cap still writes a row at a time.
    expect(budget.rowsPerBatch({ rows: [], bytesPerRow: ROW_BYTES.membership }, 10_000)).toBe(10_000);
    const tiny = new ImportMemoryBudget({ totalBytes: 1024, perTransactionBytes: Infinity }, 2);
    expect(tiny.rowsPerBatch(accounts, 10_000)).toBe(1);
    // A per-transaction cap below the share wins.
    const perTx = new ImportMemoryBudget({ totalBytes: 256 * MIB, perTransactionBytes: 8 * MIB }, 2);
    expect(perTx.rowsPerBatch(accounts, 10_000)).toBe(Math.floor((8 * MIB) / (ROW_BYTES.account * TRANSACTION_MEMORY_DEFAULTS.commitFactor)));
  });

  it("runs an import in one transaction only if it fits the share of the cap", () => {
    const budget = new ImportMemoryBudget({ totalBytes: 256 * MIB, perTransactionBytes: Infinity }, 2);
    const rows = (n: number) => Array.from({ length: n }, () => []);
    expect(budget.fitsOneTransaction([{ rows: rows(2_000), bytesPerRow: ROW_BYTES.account }])).toBe(true);
    expect(budget.fitsOneTransaction([{ rows: rows(20_000), bytesPerRow: ROW_BYTES.account }])).toBe(false);
  });
});

describe("Neo4j import in several transactions", () => {
  let store: Neo4jAccountGraphStore;
  beforeEach(async () => {
    store = await openStore({ importSingleTransactionMaxRows: 1 });
  });
  afterEach(async () => {
    await store.close();
  });

  it("appends one RESET change, after the last batch", async () => {
    const head = await store.feedHead();
    await store.importDataset(tinyDataset(), { batchSize: 2 });
    expect(await store.feedHead()).toBe(head + 1);
    const { changes } = await store.changesSince(head, 10);
    expect(changes.map((c) => c.entries)).toEqual([[{ kind: "DATASET", op: "RESET" }]]);
  });

  it("a batch that cannot write every row fails and undoes the import rather than dropping rows", async () => {
    const dataset = tinyDataset();
    const executor = new Neo4jExecutor(createNeo4jDriver(neo4jTestConnection()));
    const before = await store.counts();
    const head = await store.feedHead();
    try {
      // Written without validation: the last link's end is not in the database, as if deleted meanwhile.
      const records = buildDatasetRecords(dataset, NOW);
      const links = [...records.influences, { ...records.influences[0]!, id: "lnk_gone", toId: "acc_gone" }];
      const steps = [insertStep("accounts", records.accounts), insertStep("influences", links)];
      await expect(
        writeBatchesInTransactions(executor, steps, {
          operation: "importDataset",
          batchSize: 100,
          concurrency: 2,
          budget: new ImportMemoryBudget({ totalBytes: 256 * MIB, perTransactionBytes: Infinity }, 2),
          timeoutMs: 10_000,
          writeId: "test-write",
          now: NOW,
        }),
      ).rejects.toThrow(/influences wrote \d+ of \d+ rows/);
    } finally {
      await executor.close();
    }
    expect(await store.counts()).toEqual(before);
    // The accounts committed and were deleted again: readers are told to reload.
    expect(await store.feedHead()).toBe(head + 1);
  });
});
