/**
 * Bulk load of a Dataset into Neo4j (AccountGraphStore.importDataset), all or nothing.
 *
 * 1. Validate before writing anything: every reference must name a row of the dataset
 *    or a node already in the database (NotFoundError naming the row, e.g.
 *    `influences[17].toId`, checked in the same order as the SQLite adapter), and no id,
 *    externalId, membership or (type, from, to) link may repeat within the dataset or
 *    collide with the database (ConflictError naming the row).
 *    Kinds the database holds none of (counted from the count store) are not looked up:
 *    importing into an empty database asks nothing per id.
 * 2. Write with `UNWIND $rows` batches of at most `batchSize` rows, fewer where the
 *    transaction memory cap asks (neo4j-import-cypher.ts: rows as positional lists, CREATE
 *    after validation, endpoints by unique index seek), parents before children, through
 *    neo4j-batch-writer.ts. The schema (constraints first, then
 *    indexes) is in place before the first batch: the uniqueness constraints back the MATCH
 *    by id of every relationship batch. Dropping the 13 secondary indexes for the load and
 *    populating them afterwards was measured and left out: on 30k accounts it saved ~0.3 ms
 *    per account and cost ~0.2 ms per account to repopulate, for a window in which every
 *    account query runs without its index.
 *
 * Atomicity, by size:
 * - Up to `singleTransactionMaxRows` rows, within half the server's transaction memory cap
 *   (neo4j-transaction-memory.ts): every batch runs in ONE write transaction, so a failure
 *   anywhere rolls back everything, as in SQLite.
 * - Larger datasets: one transaction per batch, because a single transaction holding
 *   hundreds of thousands of new entities must fit in the server's transaction memory
 *   (heap) and one failure would redo all of it. Batches of one phase (managers, accounts
 *   and communities; then memberships, links, engagements and purchases) run on
 *   `concurrency` sessions. If a batch fails (a concurrent writer took an id after
 *   validation, the server went away), the batches already committed are deleted again,
 *   newest first, and the original error is rethrown. Readers may see a partial import
 *   while it runs; one RESET change after the last batch (or the last undo) makes every
 *   read model reload.
 */
import { randomUUID } from "node:crypto";
import type { Dataset, StoreCounts } from "../../ports/account-graph-store.js";
import { buildDatasetRecords, checkDatasetReferences, countDatasetRows, referencesOutsideDataset } from "../../ports/dataset-records.js";
import { idTakenError } from "../../ports/store-errors.js";
import * as C from "./cypher.js";
import { runBatchesInTransaction, writeBatchesInTransactions, type BatchStep } from "./neo4j-batch-writer.js";
import type { CypherRunner, Neo4jExecutor } from "./neo4j-executor.js";
import { appendReset, committedByEarlierAttempt } from "./neo4j-feed.js";
import { insertStep } from "./neo4j-import-steps.js";
import { toNumber } from "./neo4j-mapping.js";
import { ImportMemoryBudget, readTransactionMemoryCaps } from "./neo4j-transaction-memory.js";

export const IMPORT_DEFAULTS = Object.freeze({
  /**
   * Rows per transaction. A 10k-link batch holds ~10 MB of transaction state, far below the
   * cap, and M's ~100k links make ten batches to share between the sessions.
   */
  batchSize: 10_000,
  /** About the size of one generous batch set; far below what a 1–2 GB heap holds in one transaction. */
  singleTransactionMaxRows: 50_000,
  /**
   * Sessions writing one phase's batches at once. Neo4j runs a transaction on one thread:
   * two keep a second core busy (M on 2 cores: links 3.3 s -> 2.1-2.5 s); more would only
   * queue on a small server and add lock waits at commit.
   */
  concurrency: 2,
  transactionTimeoutMs: 300_000,
  /** Ids per existence-check query during validation. */
  lookupBatchSize: 10_000,
});

export interface ImportOptions {
  batchSize: number;
  singleTransactionMaxRows: number;
  concurrency: number;
  transactionTimeoutMs: number;
  /** createdAt / updatedAt of every imported row. */
  now: string;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function importDatasetBatched(executor: Neo4jExecutor, dataset: Dataset, options: ImportOptions): Promise<StoreCounts> {
  // The validation read scans every id of a large dataset: it gets the import's timeout too.
  await validateDataset(executor, dataset, options.transactionTimeoutMs);
  const steps = buildSteps(dataset, options.now);
  const totalRows = steps.reduce((sum, step) => sum + step.rows.length, 0);
  const budget = new ImportMemoryBudget(await readTransactionMemoryCaps(executor), options.concurrency);
  // The import's RESET change: readers reload rather than replay rows.
  const writeId = randomUUID();

  if (totalRows <= options.singleTransactionMaxRows && budget.fitsOneTransaction(steps)) {
    await executor.write(
      "importDataset",
      async (q) => {
        // A retry after a lost commit acknowledgement: the first attempt may have committed the whole import.
        if (await committedByEarlierAttempt(q, writeId)) return;
        await appendReset(q, writeId, options.now);
        await runBatchesInTransaction(q, steps, options.batchSize);
      },
      { timeoutMs: options.transactionTimeoutMs },
    );
  } else {
    await writeBatchesInTransactions(executor, steps, {
      operation: "importDataset",
      batchSize: options.batchSize,
      concurrency: options.concurrency,
      budget,
      timeoutMs: options.transactionTimeoutMs,
      writeId,
      now: options.now,
    });
  }
  return countDatasetRows(dataset);
}

// ---------- rows ----------

function buildSteps(dataset: Dataset, now: string): BatchStep[] {
  const records = buildDatasetRecords(dataset, now);
  return [
    insertStep("managers", records.managers),
    insertStep("accounts", records.accounts),
    insertStep("communities", records.communities),
    insertStep("memberships", records.memberships),
    insertStep("influences", records.influences),
    insertStep("referrals", records.referrals),
    insertStep("engagements", records.engagements),
    insertStep("purchases", records.purchases),
  ];
}

// ---------- validation (reads only; nothing is written until it passes) ----------

/** Which of `ids` exist in the database, asked in batches; `held === false` (none of the kind exists) asks nothing. */
async function existingIds(q: CypherRunner, cypher: string, ids: Iterable<string>, held = true): Promise<Set<string>> {
  const found = new Set<string>();
  if (!held) return found;
  for (const batch of chunk([...new Set(ids)], IMPORT_DEFAULTS.lookupBatchSize)) {
    for (const record of await q.run(cypher, { ids: batch })) found.add(record.get("id") as string);
  }
  return found;
}

async function validateDataset(executor: Neo4jExecutor, dataset: Dataset, timeoutMs: number): Promise<void> {
  await executor.read(
    "importDataset.validate",
    async (q) => {
      const [counts] = await q.run(C.COUNTS);
      const held = (kind: keyof StoreCounts) => toNumber(counts!.get(kind)) > 0;
      await checkReferences(q, dataset);
      await checkConflicts(q, dataset, held);
    },
    { timeoutMs },
  );
}

/**
 * The shared reference check (ports/dataset-records.ts), with the database side asked
 * up front in a few batched queries rather than once per row.
 */
async function checkReferences(q: CypherRunner, dataset: Dataset): Promise<void> {
  const outside = referencesOutsideDataset(dataset);
  const accounts = await existingIds(q, C.FIND_ACCOUNT_IDS, outside.accounts);
  const managers = await existingIds(q, C.FIND_MANAGER_IDS, outside.managers);
  const communities = await existingIds(q, C.FIND_COMMUNITY_IDS, outside.communities);
  checkDatasetReferences(dataset, {
    hasAccount: (id) => accounts.has(id),
    hasManager: (id) => managers.has(id),
    hasCommunity: (id) => communities.has(id),
  });
}

/** Throws ConflictError for the first key that repeats in `keys` or exists in the database. */
function firstConflict(keys: string[], taken: Set<string>, field: (i: number) => string, what: string): void {
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (seen.has(key) || taken.has(key)) throw idTakenError(what, key, field(i));
    seen.add(key);
  });
}

/** Uniqueness SQLite enforces by constraint (primary keys, UNIQUE columns), checked up front here. */
async function checkConflicts(q: CypherRunner, dataset: Dataset, held: (kind: keyof StoreCounts) => boolean): Promise<void> {
  const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id);
  const lists = [
    ["managers", dataset.managers, C.FIND_MANAGER_IDS, "Manager"],
    ["accounts", dataset.accounts, C.FIND_ACCOUNT_IDS, "Account"],
    ["communities", dataset.communities, C.FIND_COMMUNITY_IDS, "Community"],
  ] as const;
  for (const [name, rows, cypher, what] of lists) {
    firstConflict(idsOf(rows), await existingIds(q, cypher, idsOf(rows), held(name)), (i) => `${name}[${i}].id`, what);
  }

  const externalIds = dataset.accounts.flatMap((a, i) => (a.externalId == null ? [] : [{ key: a.externalId, i }]));
  const takenExternal = new Set<string>();
  for (const batch of held("accounts")
    ? chunk(
        externalIds.map((e) => e.key),
        IMPORT_DEFAULTS.lookupBatchSize,
      )
    : []) {
    for (const r of await q.run(C.FIND_EXTERNAL_IDS, { externalIds: batch })) takenExternal.add(r.get("externalId") as string);
  }
  firstConflict(
    externalIds.map((e) => e.key),
    takenExternal,
    (j) => `accounts[${externalIds[j]!.i}].externalId`,
    "externalId",
  );

  // Memberships and links can only already exist between nodes that were in the database before.
  const newAccounts = new Set(idsOf(dataset.accounts));
  const newCommunities = new Set(idsOf(dataset.communities));
  const membershipKey = (m: { accountId: string; communityId: string }) => `${m.accountId}\u0000${m.communityId}`;
  const oldPairs = dataset.memberships.filter((m) => !newAccounts.has(m.accountId) && !newCommunities.has(m.communityId));
  const takenMemberships = new Set<string>();
  for (const batch of chunk(
    oldPairs.map((m) => ({ accountId: m.accountId, communityId: m.communityId })),
    IMPORT_DEFAULTS.lookupBatchSize,
  )) {
    for (const r of await q.run(C.FIND_MEMBERSHIPS_BETWEEN, { pairs: batch })) {
      takenMemberships.add(membershipKey({ accountId: r.get("accountId") as string, communityId: r.get("communityId") as string }));
    }
  }
  firstConflict(dataset.memberships.map(membershipKey), takenMemberships, (i) => `memberships[${i}]`, "Membership");

  const links = [
    ...dataset.influences.map((l, i) => ({ type: "INFLUENCES", id: l.id, fromId: l.fromId, toId: l.toId, field: `influences[${i}]` })),
    ...dataset.referrals.map((l, i) => ({ type: "REFERRED", id: l.id, fromId: l.fromId, toId: l.toId, field: `referrals[${i}]` })),
  ];
  const linkIds = links.map((l) => l.id);
  firstConflict(linkIds, await existingIds(q, C.FIND_LINK_IDS, linkIds, held("links")), (i) => `${links[i]!.field}.id`, "Link");

  const endsKey = (l: { type: string; fromId: string; toId: string }) => `${l.type}\u0000${l.fromId}\u0000${l.toId}`;
  const oldEnds = links.filter((l) => !newAccounts.has(l.fromId) && !newAccounts.has(l.toId));
  const takenEnds = new Set<string>();
  for (const batch of chunk(
    oldEnds.map((l) => ({ type: l.type, fromId: l.fromId, toId: l.toId })),
    IMPORT_DEFAULTS.lookupBatchSize,
  )) {
    for (const r of await q.run(C.FIND_LINKS_BETWEEN, { pairs: batch })) {
      takenEnds.add(endsKey({ type: r.get("type") as string, fromId: r.get("fromId") as string, toId: r.get("toId") as string }));
    }
  }
  firstConflict(links.map(endsKey), takenEnds, (i) => `${links[i]!.field}.toId`, "A link joining these accounts");

  const activity = [
    ["engagements", dataset.engagements, C.FIND_ENGAGEMENT_IDS, "Engagement"],
    ["purchases", dataset.purchases, C.FIND_PURCHASE_IDS, "Purchase"],
  ] as const;
  for (const [name, rows, cypher, what] of activity) {
    firstConflict(idsOf(rows), await existingIds(q, cypher, idsOf(rows), held(name)), (i) => `${name}[${i}].id`, what);
  }
}
