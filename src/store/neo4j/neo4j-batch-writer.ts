/**
 * Writes the steps of a bulk import (neo4j-import.ts, neo4j-crm-import.ts) as `UNWIND $rows`
 * batches, all or nothing, in one of two ways:
 *
 * - `runBatchesInTransaction`: every batch inside the caller's transaction. The batches are
 *   sent without waiting for each answer (Bolt pipelines them; the server runs them in
 *   order), so the client packs batch k+1 while the server executes batch k.
 * - `writeBatchesInTransactions`: one transaction per batch, for imports too big for one
 *   transaction's memory (dbms.memory.transaction.total.max). Each step's batches hold as
 *   many rows as its share of that memory allows (neo4j-transaction-memory.ts), at most
 *   `batchSize`. Steps are grouped in phases
 *   (nodes, then what hangs off them); within a phase `concurrency` sessions take batches
 *   from one queue, because the server runs each transaction on one thread and a phase's
 *   batches are independent. They cannot deadlock one another: a batch takes only shared
 *   locks while it runs (the locking index seeks of its MATCHes; each new id is its own
 *   index entry), and the node locks a new relationship needs are taken at commit, sorted by
 *   node id. Should the server still report a deadlock, the executor's managed transaction
 *   retries the batch (a failed attempt wrote nothing).
 *   Each batch's transaction also writes a receipt (cypher.ts MARK_IMPORT_BATCH). When a
 *   commit's acknowledgement is lost the driver runs the batch again; the retry finds the
 *   receipt and writes nothing, where it would otherwise duplicate rows that have no unique
 *   key (memberships) or fail on those that do. If a batch fails, the running ones finish,
 *   every batch that has a receipt is deleted again with it, newest first (children before
 *   parents), and the first error is rethrown. Only committed batches are undone, so rows
 *   written by others are never touched. The RESET transaction removes the receipts.
 *   The feed gets ONE `RESET` change (neo4j-feed.ts), after the last batch commits or the
 *   last undo: read models reload once, onto the whole import (or onto its absence), rather
 *   than once per batch. Readers that reload for another reason meanwhile may see part of
 *   the import; the RESET reloads them again. Not taking the feed head per batch is also what
 *   lets batches commit concurrently: the head's lock would serialise them.
 */
import type { Change } from "../../ports/change-feed.js";
import * as C from "./cypher.js";
import type { CypherRunner, Neo4jExecutor } from "./neo4j-executor.js";
import { appendReset, committedByEarlierAttempt } from "./neo4j-feed.js";
import { toNumber } from "./neo4j-mapping.js";
import type { ImportMemoryBudget } from "./neo4j-transaction-memory.js";

export interface BatchStep {
  /** Names the step's transactions `<operation>.<name>` (SHOW TRANSACTIONS, logs, tests). */
  readonly name: string;
  readonly cypher: string;
  /** The step's records, sent as `$rows` (through `toRow` if given). */
  readonly rows: readonly unknown[];
  /**
   * Encodes one record as the statement reads it; applied per batch, so the first batch is
   * on the wire before the last is encoded.
   */
  readonly toRow?: (record: never) => unknown;
  /** Every batch of a lower phase commits before any batch of a higher phase starts. */
  readonly phase: number;
  /** The statement returns `written`, the rows it wrote, which must be all of them. */
  readonly countsRows: boolean;
  /** Transaction memory a row holds before the commit (neo4j-import-steps.ts ROW_BYTES). */
  readonly bytesPerRow: number;
  /**
   * Columns holding endpoint ids, sent as positions in a per-batch list of distinct ids
   * (`$accounts`, ...) that the statement seeks once each (neo4j-import-cypher.ts).
   */
  readonly endpoints?: readonly { column: number; list: string }[];
  /** A statement that removes a committed batch of this step's records again. */
  undo(rows: readonly unknown[]): { cypher: string; params: Record<string, unknown> };
}

export interface BatchWriteOptions {
  /** Prefix of every transaction's name: `importDataset`, `importRecords`. */
  operation: string;
  batchSize: number;
  /** Sessions writing the batches of one phase at the same time. */
  concurrency: number;
  /** Rows per batch by memory, for `concurrency` sessions. */
  budget: ImportMemoryBudget;
  timeoutMs: number;
  /** The RESET change's writeId and timestamp. */
  writeId: string;
  now: string;
}

interface Batch {
  step: BatchStep;
  rows: readonly unknown[];
}

function batchesOf(steps: readonly BatchStep[], sizeOf: (step: BatchStep) => number): Batch[] {
  return steps.flatMap((step) => {
    const batches: Batch[] = [];
    const size = sizeOf(step);
    for (let start = 0; start < step.rows.length; start += size) batches.push({ step, rows: step.rows.slice(start, start + size) });
    return batches;
  });
}

/**
 * `{ rows }` of a batch: its records encoded, endpoint ids replaced by their position in the
 * batch's lists of distinct ids (`$accounts`, ...).
 */
function batchParams(step: BatchStep, records: readonly unknown[]): Record<string, unknown> {
  const encode = step.toRow as ((record: unknown) => unknown) | undefined;
  const rows = encode ? records.map(encode) : records;
  if (!step.endpoints?.length) return { rows };
  const lists = new Map<string, { ids: unknown[]; position: Map<unknown, number> }>();
  for (const { list } of step.endpoints) lists.set(list, { ids: [], position: new Map() });
  const positioned = rows.map((encoded) => {
    // Encoded rows are this batch's own: changed in place.
    const row = encode ? (encoded as unknown[]) : [...(encoded as unknown[])];
    for (const { column, list } of step.endpoints!) {
      const { ids, position } = lists.get(list)!;
      let at = position.get(row[column]);
      if (at === undefined) {
        at = ids.length;
        ids.push(row[column]);
        position.set(row[column], at);
      }
      row[column] = at;
    }
    return row;
  });
  return { rows: positioned, ...Object.fromEntries([...lists].map(([list, { ids }]) => [list, ids])) };
}

/**
 * Rows per batch: at most `max`, in a number of batches that is a multiple of `sessions`
 * and of even size, so a phase does not end with one session writing alone.
 */
function evenBatchSize(rows: number, max: number, sessions: number): number {
  const batches = Math.ceil(Math.ceil(rows / max) / sessions) * sessions;
  return Math.max(1, Math.ceil(rows / batches));
}

async function runBatch(q: CypherRunner, { step, rows }: Batch): Promise<void> {
  const records = await q.run(step.cypher, batchParams(step, rows));
  if (!step.countsRows) return;
  const written = records[0] ? toNumber(records[0].get("written")) : 0;
  if (written !== rows.length) {
    // An endpoint was deleted between validation and this write.
    throw new Error(`store/neo4j/neo4j-batch-writer: ${step.name} wrote ${written} of ${rows.length} rows; a referenced node is gone`);
  }
}

/** Every batch of every step inside the caller's transaction, in step order. */
export async function runBatchesInTransaction(q: CypherRunner, steps: readonly BatchStep[], batchSize: number): Promise<void> {
  await Promise.all(batchesOf(steps, () => batchSize).map((batch) => runBatch(q, batch)));
}

/**
 * Runs `work` on every item with at most `concurrency` in flight, in queue order, and stops
 * taking new items once one has failed; resolves when the running ones have settled, with
 * the first failure (or null).
 */
async function drainQueue<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<{ error: unknown } | null> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return failure;
}

/** One transaction per batch, phase by phase, undone on failure; returns the import's RESET change. */
export async function writeBatchesInTransactions(executor: Neo4jExecutor, steps: readonly BatchStep[], options: BatchWriteOptions): Promise<Change> {
  const txOptions = { timeoutMs: options.timeoutMs };
  // Every batch that was sent, committed or not: after a failure each is undone if its receipt says it committed.
  const started: { batch: Batch; receipt: BatchReceipt }[] = [];
  const phases = [...new Set(steps.map((s) => s.phase))].sort((a, b) => a - b);
  let failure: { error: unknown } | null = null;
  for (const phase of phases) {
    const batches = batchesOf(
      steps.filter((s) => s.phase === phase),
      (step) => evenBatchSize(step.rows.length, options.budget.rowsPerBatch(step, options.batchSize), options.concurrency),
    );
    failure = await drainQueue(batches, options.concurrency, async (batch) => {
      const receipt = { writeId: options.writeId, batch: started.length };
      started.push({ batch, receipt });
      await executor.write(
        `${options.operation}.${batch.step.name}`,
        async (q) => {
          // The driver retries when a commit's acknowledgement is lost: the first attempt may have committed.
          if (q.attempt > 1 && toNumber((await q.run(C.IMPORT_BATCH_MARKED, receipt))[0]!.get("marked")) > 0) return;
          await runBatch(q, batch);
          await q.run(C.MARK_IMPORT_BATCH, receipt);
        },
        txOptions,
      );
    });
    if (failure) break;
  }
  if (failure === null) return appendResetChange(executor, options);

  try {
    for (const { batch, receipt } of started.reverse()) {
      const { cypher, params } = batch.step.undo(batch.rows);
      await executor.write(
        `${options.operation}.undo.${batch.step.name}`,
        async (q) => {
          // Only a batch that committed is undone: a failed one may have failed on rows that are someone else's.
          if (toNumber((await q.run(C.UNMARK_IMPORT_BATCH, receipt))[0]!.get("unmarked")) > 0) await q.run(cypher, params);
        },
        txOptions,
      );
    }
  } finally {
    // Readers that reloaded during the import saw some of it: they must reload again.
    if (started.length > 0) await appendResetChange(executor, options).catch(() => undefined);
  }
  throw failure.error;
}

/**
 * Receipts older than this are an import's that will never finish (its process died): no
 * import runs for a day (XL, 1M accounts and 5M links, takes minutes). cypher.ts CLEAR_IMPORT_BATCHES.
 */
export const STALE_RECEIPT_MS = 24 * 60 * 60 * 1000;

/** Names one batch of one import; its transaction writes it as a receipt (cypher.ts MARK_IMPORT_BATCH). */
type BatchReceipt = { writeId: string; batch: number };

function appendResetChange(executor: Neo4jExecutor, options: BatchWriteOptions): Promise<Change> {
  // A retry after a lost commit acknowledgement answers with the change the first attempt made.
  return executor.write(
    `${options.operation}.reset`,
    async (q) => {
      // The receipts have served their purpose once the import is whole (or undone).
      await q.run(C.CLEAR_IMPORT_BATCHES, { writeId: options.writeId, staleMs: STALE_RECEIPT_MS });
      return (await committedByEarlierAttempt(q, options.writeId)) ?? appendReset(q, options.writeId, options.now);
    },
    { timeoutMs: options.timeoutMs },
  );
}
