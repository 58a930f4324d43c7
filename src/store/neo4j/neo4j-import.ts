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
 * 2. Write with `UNWIND $rows` batches of `batchSize` rows (one round trip and one
 *    query plan per batch instead of per row), parents before children. The schema
 *    (constraints first, then indexes) is in place before the first batch: the uniqueness
 *    constraints back the MATCH by id of every relationship batch. Dropping the 13
 *    secondary indexes for the load and populating them afterwards was measured and left
 *    out: on 30k accounts it saved ~0.3 ms per account and cost ~0.2 ms per account to
 *    repopulate, for a window in which every account query runs without its index.
 *    Batches run one after another, so no two import transactions ever lock the same
 *    nodes: relationship batches cannot deadlock each other.
 *
 * Atomicity, by size:
 * - Up to `singleTransactionMaxRows` rows: every batch runs in ONE write transaction,
 *   so a failure anywhere rolls back everything, as in SQLite.
 * - Larger datasets: one transaction per batch, because a single transaction holding
 *   hundreds of thousands of new entities must fit in the server's transaction memory
 *   (heap) and one failure would redo all of it. If a batch still fails (a concurrent
 *   writer took an id after validation, the server went away), the batches already
 *   committed are deleted again, newest first, and the original error is rethrown.
 *   Only committed batches are undone, so rows written by others are never touched.
 *   Readers may see a partial import while it runs; each batch (and each undo) appends a
 *   RESET change to the feed, so every read model reloads afterwards either way.
 */
import { randomUUID } from "node:crypto";
import type { Link } from "../../domain/model.js";
import type { Dataset, StoreCounts } from "../../ports/account-graph-store.js";
import { buildDatasetRecords, checkDatasetReferences, countDatasetRows, referencesOutsideDataset } from "../../ports/dataset-records.js";
import { idTakenError } from "../../ports/store-errors.js";
import * as C from "./cypher.js";
import type { CypherRunner, Neo4jExecutor } from "./neo4j-executor.js";
import { appendReset } from "./neo4j-feed.js";
import {
  accountToProps,
  communityToProps,
  engagementToProps,
  linkToProps,
  managerToProps,
  membershipToProps,
  purchaseToProps,
  toNumber,
} from "./neo4j-mapping.js";

export const IMPORT_DEFAULTS = Object.freeze({
  /** Rows per transaction: ~10k relationships or nodes take a few MB of transaction state, far below the cap. */
  batchSize: 10_000,
  /** About the size of one generous batch set; far below what a 1–2 GB heap holds in one transaction. */
  singleTransactionMaxRows: 50_000,
  transactionTimeoutMs: 300_000,
  /** Ids per existence-check query during validation. */
  lookupBatchSize: 10_000,
});

export interface ImportOptions {
  batchSize: number;
  singleTransactionMaxRows: number;
  transactionTimeoutMs: number;
  /** createdAt / updatedAt of every imported row. */
  now: string;
}

type Row = Record<string, unknown>;

/** One kind of row: how to write a batch of it and how to undo a committed batch. */
interface Step {
  name: keyof StoreCounts | "referrals" | "influences";
  write: string;
  rows: Row[];
  undo: (rows: Row[]) => { cypher: string; params: Row };
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
  const batches = steps.flatMap((step) => chunk(step.rows, options.batchSize).map((rows) => ({ step, rows })));
  const txOptions = { timeoutMs: options.transactionTimeoutMs };
  // Every import transaction appends a RESET change: readers reload rather than replay rows.
  const writeId = randomUUID();

  if (totalRows <= options.singleTransactionMaxRows) {
    await executor.write(
      "importDataset",
      async (q) => {
        await appendReset(q, writeId, options.now);
        for (const batch of batches) await q.run(batch.step.write, { rows: batch.rows });
      },
      txOptions,
    );
  } else {
    const committed: typeof batches = [];
    try {
      for (const batch of batches) {
        await executor.write(
          `importDataset.${batch.step.name}`,
          async (q) => {
            await appendReset(q, `${writeId}:${committed.length}`, options.now);
            await q.run(batch.step.write, { rows: batch.rows });
          },
          txOptions,
        );
        committed.push(batch);
      }
    } catch (error) {
      await undoBatches(executor, committed, txOptions, writeId, options.now);
      throw error;
    }
  }
  return countDatasetRows(dataset);
}

/** Deletes committed batches newest first; each undo batch is its own transaction. */
async function undoBatches(
  executor: Neo4jExecutor,
  committed: { step: Step; rows: Row[] }[],
  txOptions: { timeoutMs: number },
  writeId: string,
  now: string,
): Promise<void> {
  for (const batch of [...committed].reverse()) {
    const { cypher, params } = batch.step.undo(batch.rows);
    await executor.write(
      `importDataset.undo.${batch.step.name}`,
      async (q) => {
        await appendReset(q, `${writeId}:undo:${committed.indexOf(batch)}`, now);
        await q.run(cypher, params);
      },
      txOptions,
    );
  }
}

// ---------- rows ----------

function buildSteps(dataset: Dataset, now: string): Step[] {
  const records = buildDatasetRecords(dataset, now);
  const byId = (cypher: string) => (rows: Row[]) => ({ cypher, params: { ids: rows.map((r) => idOf(r)) } });
  // Relationships and child nodes carry their endpoints beside the properties, for MATCH.
  const withEnds = (link: Link) => ({ fromId: link.fromId, toId: link.toId, props: linkToProps(link) });
  return [
    { name: "managers", write: C.IMPORT_MANAGERS, undo: byId(C.UNDO_IMPORT_MANAGERS), rows: records.managers.map(managerToProps) },
    { name: "accounts", write: C.IMPORT_ACCOUNTS, undo: byId(C.UNDO_IMPORT_ACCOUNTS), rows: records.accounts.map(accountToProps) },
    {
      name: "communities",
      write: C.IMPORT_COMMUNITIES,
      undo: byId(C.UNDO_IMPORT_COMMUNITIES),
      rows: records.communities.map(communityToProps),
    },
    {
      name: "memberships",
      write: C.IMPORT_MEMBERSHIPS,
      undo: (rows) => ({
        cypher: C.UNDO_IMPORT_MEMBERSHIPS,
        params: { pairs: rows.map((r) => ({ accountId: r.accountId, communityId: r.communityId })) },
      }),
      rows: records.memberships.map((m) => ({ accountId: m.accountId, communityId: m.communityId, props: membershipToProps(m) })),
    },
    { name: "influences", write: C.IMPORT_INFLUENCES, undo: byId(C.UNDO_IMPORT_LINKS), rows: records.influences.map(withEnds) },
    { name: "referrals", write: C.IMPORT_REFERRALS, undo: byId(C.UNDO_IMPORT_LINKS), rows: records.referrals.map(withEnds) },
    {
      name: "engagements",
      write: C.IMPORT_ENGAGEMENTS,
      undo: byId(C.UNDO_IMPORT_ENGAGEMENTS),
      rows: records.engagements.map((e) => ({ accountId: e.accountId, managerId: e.managerId, props: engagementToProps(e) })),
    },
    {
      name: "purchases",
      write: C.IMPORT_PURCHASES,
      undo: byId(C.UNDO_IMPORT_PURCHASES),
      rows: records.purchases.map((p) => ({ accountId: p.accountId, props: purchaseToProps(p) })),
    },
  ];
}

/** Node rows carry `id` at the top; relationship and child rows inside `props`. */
function idOf(row: Row): unknown {
  return "props" in row ? (row.props as Row).id : row.id;
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
