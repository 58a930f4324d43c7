/**
 * Bulk imports into Neo4j when a commit's acknowledgement is lost: the commit lands, the
 * driver never hears of it and runs the transaction again. Whether the import went in one
 * transaction or in batches, every row must be there exactly once, the feed must get one
 * RESET change, the answer must describe what was written, and an import that fails later
 * must still undo the batch whose acknowledgement was lost. Through a real Neo4j behind
 * the Bolt fault proxy (bolt-fault-proxy.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoreCounts } from "../../src/ports/account-graph-store.js";
import { CrmImportService } from "../../src/services/crm-import/crm-import-service.js";
import * as C from "../../src/store/neo4j/cypher.js";
import { STALE_RECEIPT_MS } from "../../src/store/neo4j/neo4j-batch-writer.js";
import { Neo4jAccountGraphStore, type Neo4jStoreOptions } from "../../src/store/neo4j/neo4j-store.js";
import { neo4jTestConnection, openTestDriver, resetNeo4jDatabase } from "../support/neo4j.js";
import { tinyDataset } from "../support/tiny-dataset.js";
import { startBoltFaultProxy, type BoltFaultProxy } from "./bolt-fault-proxy.js";
import { communityInput, managerInput } from "./store-fixtures.js";

const connection = neo4jTestConnection();
let proxy: BoltFaultProxy;
let store: Neo4jAccountGraphStore | null = null;
/** The transaction (by operation name) whose commit acknowledgement the proxy drops, and one that fails. */
let loseAckOf: string | null = null;
let failOn: string | null = null;

async function openStore(options: Partial<Neo4jStoreOptions> = {}): Promise<Neo4jAccountGraphStore> {
  store = new Neo4jAccountGraphStore({
    ...connection,
    uri: proxy.uri,
    // The driver waits about a second before its first retry; leave room for it.
    maxTransactionRetryTimeMs: 10_000,
    connectionTimeoutMs: 2_000,
    // One session at a time, so the commit after the arming query is that transaction's.
    importConcurrency: 1,
    onQuery: ({ operation }) => {
      if (operation === loseAckOf) {
        loseAckOf = null;
        proxy.loseNextCommitAck();
      }
      if (operation === failOn) throw new Error(`injected failure in ${failOn}`);
    },
    ...options,
  });
  await store.init();
  return store;
}

/** Receipts of committed batches left in the database (the import removes them at its end). */
async function importReceipts(): Promise<number> {
  const driver = openTestDriver(connection);
  try {
    const { records } = await driver.executeQuery("MATCH (b:ImportBatch) RETURN count(b) AS n");
    return Number(records[0]!.get("n"));
  } finally {
    await driver.close();
  }
}

const EMPTY: StoreCounts = { accounts: 0, managers: 0, communities: 0, memberships: 0, links: 0, engagements: 0, purchases: 0 };
const TINY: StoreCounts = { accounts: 5, managers: 1, communities: 1, memberships: 2, links: 3, engagements: 2, purchases: 1 };

beforeEach(async () => {
  await resetNeo4jDatabase(connection.uri);
  proxy = await startBoltFaultProxy(connection.uri);
  loseAckOf = null;
  failOn = null;
});
afterEach(async () => {
  await store?.close();
  store = null;
  await proxy.close();
});

/** Runs `work`, which must lose exactly one acknowledgement, and returns the RESET changes it appended. */
async function expectOneLostAck<T>(s: Neo4jAccountGraphStore, work: () => Promise<T>): Promise<{ result: T; resets: number }> {
  const lost = proxy.lostAcks;
  const head = await s.feedHead();
  const result = await work();
  expect(proxy.lostAcks, "the commit's acknowledgement was dropped").toBe(lost + 1);
  const { changes } = await s.changesSince(head, 100);
  expect(changes.flatMap((c) => c.entries)).toEqual(changes.map(() => ({ kind: "DATASET", op: "RESET" })));
  return { result, resets: changes.length };
}

describe("Neo4j importDataset: a lost commit acknowledgement", () => {
  it("in one transaction: the retry finds the import committed and answers with it, written once", async () => {
    const s = await openStore();
    loseAckOf = "importDataset";
    const { result, resets } = await expectOneLostAck(s, () => s.importDataset(tinyDataset()));
    expect(result).toEqual(TINY);
    expect(await s.counts()).toEqual(TINY);
    expect(resets).toBe(1);
  });

  it.each(["managers", "accounts", "memberships", "influences", "purchases"])(
    "in batches, the %s batch: its retry writes nothing twice and the import completes",
    async (step) => {
      const s = await openStore({ importSingleTransactionMaxRows: 1 });
      loseAckOf = `importDataset.${step}`;
      const { result, resets } = await expectOneLostAck(s, () => s.importDataset(tinyDataset(), { batchSize: 2 }));
      expect(result).toEqual(TINY);
      expect(await s.counts()).toEqual(TINY);
      expect(await s.membershipsOfAccounts(["acc_ada", "acc_bob"])).toHaveLength(2);
      expect(resets).toBe(1);
      expect(await importReceipts()).toBe(0);
    },
  );

  it("in batches, a later failure also undoes the batch whose acknowledgement was lost", async () => {
    const s = await openStore({ importSingleTransactionMaxRows: 1 });
    loseAckOf = "importDataset.memberships";
    failOn = "importDataset.purchases";
    await expect(s.importDataset(tinyDataset(), { batchSize: 2 })).rejects.toThrow("injected failure");
    expect(proxy.lostAcks).toBe(1);
    expect(await s.counts()).toEqual(EMPTY);
    expect(await importReceipts()).toBe(0);

    // Nothing half-written blocks the same import afterwards.
    failOn = null;
    await s.importDataset(tinyDataset(), { batchSize: 2 });
    expect(await s.counts()).toEqual(TINY);
  });

  it("after a failure only batches that committed are undone: a batch that failed may have failed on another writer's rows", async () => {
    const ran: { operation: string; cypher: string }[] = [];
    const s = await openStore({
      importSingleTransactionMaxRows: 1,
      onQuery: ({ operation, cypher }) => {
        ran.push({ operation, cypher });
        if (operation === failOn) throw new Error(`injected failure in ${failOn}`);
      },
    });
    failOn = "importDataset.purchases";
    await expect(s.importDataset(tinyDataset(), { batchSize: 2 })).rejects.toThrow("injected failure");
    const undone = (step: string) => ran.filter((q) => q.operation === `importDataset.undo.${step}`).map((q) => q.cypher);
    expect(undone("accounts")).toContain(C.UNDO_IMPORT_ACCOUNTS);
    expect(undone("purchases")).toEqual([C.UNMARK_IMPORT_BATCH]);
    expect(await s.counts()).toEqual(EMPTY);
  });
});

describe("Neo4j import receipts left by a process that died", () => {
  it("are swept by the next import once a day old; a receipt of an import in progress stays", async () => {
    const driver = openTestDriver(connection);
    try {
      await driver.executeQuery(
        `CREATE (:ImportBatch {writeId: "crashed-yesterday", batch: 0, at: timestamp() - $age}),
                (:ImportBatch {writeId: "crashed-before-times", batch: 0}),
                (:ImportBatch {writeId: "in-progress", batch: 0, at: timestamp()})`,
        { age: STALE_RECEIPT_MS + 60_000 },
      );
      const s = await openStore({ importSingleTransactionMaxRows: 1 });
      await s.importDataset(tinyDataset(), { batchSize: 2 });
      const { records } = await driver.executeQuery("MATCH (b:ImportBatch) RETURN b.writeId AS writeId");
      expect(records.map((r) => r.get("writeId"))).toEqual(["in-progress"]);
    } finally {
      await driver.close();
    }
  });
});

describe("Neo4j importRecords (CRM): a lost commit acknowledgement", () => {
  const ACCOUNTS = ["externalId,name,owner", "SF-1,Globex,carla@example.com", "SF-2,Initech,carla@example.com", "SF-3,Umbrella,"].join("\n");
  const LINKS = ["type,from,to,kind,strength", "INFLUENCES,SF-1,SF-2,PEER,0.6", "INFLUENCES,SF-2,SF-3,PEER,0.4"].join("\n");

  it.each([
    ["in one transaction", {}, "importRecords"],
    ["in batches", { importSingleTransactionMaxRows: 1 }, "importRecords.influences"],
  ] as const)("%s: the report is the first attempt's (created, not updated) and every row is written once", async (_how, options, transaction) => {
    const s = await openStore(options);
    await s.createManager(managerInput({ name: "Carla Rossi", email: "carla@example.com" }));
    await s.createCommunity(communityInput({ name: "Harbor Chamber" }));
    loseAckOf = transaction;
    const { result: report, resets } = await expectOneLostAck(s, () =>
      new CrmImportService(s).import({ files: { accounts: ACCOUNTS, links: LINKS }, mode: "ALL_OR_NOTHING" }),
    );
    expect(report).toMatchObject({ written: true, rejected: [], accountsCreated: 3, accountsUpdated: 0, linksCreated: 2, linksUpdated: 0 });
    expect(await s.counts()).toMatchObject({ accounts: 3, links: 2 });
    expect(resets).toBe(1);
    expect(await importReceipts()).toBe(0);
  });
});
