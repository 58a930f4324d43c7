/**
 * AccountGraphStore.importRecords on Neo4j. Matching and the row report are shared with
 * SQLite (ports/crm-import.ts); this file reads what the plan needs with batched UNWIND
 * queries and writes the plan.
 *
 * Atomicity, by size (the same rule as importDataset, neo4j-import.ts):
 * - DRY_RUN: one read transaction.
 * - Up to `singleTransactionMaxRows` rows to write, within half the server's transaction
 *   memory cap (neo4j-transaction-memory.ts): lookups, plan and writes in ONE write
 *   transaction, so a failure anywhere leaves the database unchanged and concurrent
 *   writers cannot slip in between the plan and the write.
 * - More: a transaction's state must fit the server's transaction memory
 *   (dbms.memory.transaction.total.max; the 20,000-account generated set is ~190k rows
 *   and did not fit 256 MiB), so the plan is made in a read transaction and written one
 *   batch per transaction, accounts first, then what hangs off them, each phase on
 *   several sessions (neo4j-batch-writer.ts). If a batch fails, the batches already
 *   committed are undone newest first — inserts deleted, updated accounts, links and
 *   memberships given back the properties read before — and the error is rethrown.
 *   Readers may see a partial import while it runs; one RESET change at the end makes
 *   them reload.
 * Inserts use the bulk statements of importDataset (neo4j-import-cypher.ts).
 */
import { randomUUID } from "node:crypto";
import type { Record as Neo4jRecord } from "neo4j-driver";
import { newId } from "../../domain/ids.js";
import type { Account, Link, Membership } from "../../domain/model.js";
import {
  externalIdsOf,
  importResult,
  linkKey,
  membershipKey,
  planCrmImport,
  secondRoundKeys,
  shouldWrite,
  type CrmImportBatch,
  type CrmImportOptions,
  type CrmImportResult,
  type CrmLookups,
  type CrmWritePlan,
  type PlannedImport,
} from "../../ports/crm-import.js";
import type { Committed } from "../../ports/change-feed.js";
import * as C from "./cypher.js";
import { runBatchesInTransaction, writeBatchesInTransactions, type BatchStep } from "./neo4j-batch-writer.js";
import { appendReset, committedByEarlierAttempt } from "./neo4j-feed.js";
import type { CypherRunner, Neo4jExecutor } from "./neo4j-executor.js";
import { insertStep, PHASE, ROW_BYTES } from "./neo4j-import-steps.js";
import { IMPORT_DEFAULTS } from "./neo4j-import.js";
import { ImportMemoryBudget, readTransactionMemoryCaps } from "./neo4j-transaction-memory.js";
import {
  accountToProps,
  linkToProps,
  mapRecords,
  membershipToProps,
  toAccount,
  toCommunity,
  toEngagement,
  toLink,
  toManager,
  toMembership,
  toNumber,
  toPurchase,
} from "./neo4j-mapping.js";

export const CRM_IMPORT_DEFAULTS = Object.freeze({
  batchSize: IMPORT_DEFAULTS.batchSize,
  singleTransactionMaxRows: 50_000,
  concurrency: IMPORT_DEFAULTS.concurrency,
});

export interface CrmImportSettings {
  now: string;
  timeoutMs: number;
  batchSize: number;
  singleTransactionMaxRows: number;
  concurrency: number;
}

type Row = Record<string, unknown>;

/** Runs a lookup over `values` bound to `$param`, a batch at a time; the records of every batch. */
async function collect<T>(q: CypherRunner, cypher: string, values: readonly T[], param: string, batchSize: number): Promise<Neo4jRecord[]> {
  const records: Neo4jRecord[] = [];
  for (let start = 0; start < values.length; start += batchSize) {
    records.push(...(await q.run(cypher, { [param]: values.slice(start, start + batchSize) })));
  }
  return records;
}

interface Planned extends PlannedImport {
  /** Stored memberships the plan updates, as they were (for undo). */
  memberships: Map<string, Membership>;
  lookups: CrmLookups;
}

async function lookUpAndPlan(q: CypherRunner, batch: CrmImportBatch, options: CrmImportOptions, settings: CrmImportSettings): Promise<Planned> {
  const size = IMPORT_DEFAULTS.lookupBatchSize;
  const accountsByExternalId = new Map(
    mapRecords(await collect(q, C.CRM_ACCOUNTS_BY_EXTERNAL_IDS, externalIdsOf(batch), "externalIds", size), "account", toAccount).map((account) => [
      account.externalId!,
      account,
    ]),
  );
  const managers = mapRecords(await q.run(C.LIST_MANAGERS), "manager", toManager);
  const communities = mapRecords(await q.run(C.LIST_COMMUNITIES), "community", toCommunity);
  const keys = secondRoundKeys(batch, accountsByExternalId, communities);
  const links = new Map<string, Link>();
  for (const link of mapRecords(await collect(q, C.CRM_LINKS_BETWEEN, keys.linkPairs, "pairs", size), "link", toLink)) {
    links.set(linkKey(link.type, link.fromId, link.toId), link);
  }
  const memberships = new Map<string, Membership>();
  for (const m of mapRecords(await collect(q, C.CRM_MEMBERSHIPS_BETWEEN, keys.membershipPairs, "pairs", size), "membership", toMembership)) {
    memberships.set(membershipKey(m.accountId, m.communityId), m);
  }
  // Counted from the count store: a database without engagements or purchases is not asked per id.
  const [counts] = await q.run(C.COUNTS);
  const stored = async <T extends { id: string }>(kind: "engagements" | "purchases", cypher: string, ids: string[], map: (p: Row) => T) => {
    const found = new Map<string, T>();
    if (toNumber(counts!.get(kind)) === 0) return found;
    const key = kind === "engagements" ? "engagement" : "purchase";
    for (const activity of mapRecords(await collect(q, cypher, ids, "ids", size), key, map)) found.set(activity.id, activity);
    return found;
  };
  const lookups: CrmLookups = {
    accountsByExternalId,
    managers,
    communities,
    links,
    memberships: new Set(memberships.keys()),
    engagements: await stored("engagements", C.GET_ENGAGEMENTS, keys.engagementIds, toEngagement),
    purchases: await stored("purchases", C.GET_PURCHASES, keys.purchaseIds, toPurchase),
  };
  const planned = planCrmImport(batch, lookups, {
    now: settings.now,
    newId: (kind) => newId(kind),
    rejectedEarlier: options.rejectedEarlier ?? [],
    rejectedExternalIds: options.rejectedExternalIds ?? [],
  });
  return { ...planned, memberships, lookups };
}

function planRows(plan: CrmWritePlan): number {
  return Object.values(plan).reduce((sum, list: unknown[]) => sum + list.length, 0);
}

/** The plan as write steps, parents before children, each with its undo. */
function buildSteps(planned: Planned): BatchStep[] {
  const { plan, lookups } = planned;
  const previousAccount = new Map<string, Account>([...lookups.accountsByExternalId.values()].map((a) => [a.id, a]));
  // Updates give back the properties read before when undone.
  const update = (name: string, phase: number, cypher: string, rows: Row[], bytesPerRow: number): BatchStep => ({
    name,
    phase,
    cypher,
    rows,
    bytesPerRow,
    countsRows: false,
    undo: (batch) => ({ cypher, params: { rows: batch.map((r) => ({ ...(r as Row), props: (r as Row).old })) } }),
  });
  const linkUpdate = (link: Link) => ({
    fromId: link.fromId,
    toId: link.toId,
    props: linkToProps(link),
    old: linkToProps(lookups.links.get(linkKey(link.type, link.fromId, link.toId))!),
  });
  const ofType = (links: Link[], type: Link["type"]) => links.filter((l) => l.type === type);
  return [
    insertStep("accounts", plan.accountInserts),
    update(
      "accountUpdates",
      PHASE.nodes,
      C.CRM_REPLACE_ACCOUNTS,
      plan.accountUpdates.map((a) => ({ id: a.id, props: accountToProps(a), old: accountToProps(previousAccount.get(a.id)!) })),
      ROW_BYTES.accountUpdate,
    ),
    insertStep("influences", ofType(plan.linkInserts, "INFLUENCES")),
    insertStep("referrals", ofType(plan.linkInserts, "REFERRED")),
    update("influenceUpdates", PHASE.children, C.CRM_UPDATE_INFLUENCES, ofType(plan.linkUpdates, "INFLUENCES").map(linkUpdate), ROW_BYTES.linkUpdate),
    update("referralUpdates", PHASE.children, C.CRM_UPDATE_REFERRALS, ofType(plan.linkUpdates, "REFERRED").map(linkUpdate), ROW_BYTES.linkUpdate),
    insertStep("memberships", plan.membershipInserts),
    update(
      "membershipUpdates",
      PHASE.children,
      C.CRM_UPDATE_MEMBERSHIPS,
      plan.membershipUpdates.map((m) => ({
        accountId: m.accountId,
        communityId: m.communityId,
        props: membershipToProps(m),
        old: membershipToProps(planned.memberships.get(membershipKey(m.accountId, m.communityId))!),
      })),
      ROW_BYTES.membershipUpdate,
    ),
    insertStep("engagements", plan.engagementInserts),
    insertStep("purchases", plan.purchaseInserts),
  ];
}

export async function importCrmRecords(
  executor: Neo4jExecutor,
  batch: CrmImportBatch,
  options: CrmImportOptions,
  settings: CrmImportSettings,
): Promise<Committed<CrmImportResult>> {
  const txOptions = { timeoutMs: settings.timeoutMs };
  // Every writing import appends a RESET change (neo4j-feed.ts): readers reload.
  const writeId = randomUUID();
  // The plan first, read only: its size decides how the write commits (and a dry run ends here).
  const first = await executor.read("importRecords.plan", (q) => lookUpAndPlan(q, batch, options, settings), txOptions);
  if (!shouldWrite(options.mode, first.rejected)) return { value: importResult(options.mode, first, false), change: null };

  const budget = new ImportMemoryBudget(await readTransactionMemoryCaps(executor), settings.concurrency);
  const steps = buildSteps(first);
  if (planRows(first.plan) <= settings.singleTransactionMaxRows && budget.fitsOneTransaction(steps)) {
    // The plan the latest attempt wrote by, for a retry that finds that attempt committed.
    let written: Planned | null = null;
    return executor
      .write(
        "importRecords",
        async (q): Promise<Committed<CrmImportResult>> => {
          // A retry after a lost commit acknowledgement: planning again would see the import's own rows.
          const earlier = written ? await committedByEarlierAttempt(q, writeId) : null;
          if (earlier) return { value: importResult(options.mode, written!, true), change: earlier };
          const change = await appendReset(q, writeId, settings.now);
          // Planned again inside the write transaction, so the plan matches what it writes over.
          const planned = await lookUpAndPlan(q, batch, options, settings);
          if (!shouldWrite(options.mode, planned.rejected)) throw new PlanChanged(importResult(options.mode, planned, false));
          await runBatchesInTransaction(q, buildSteps(planned), settings.batchSize);
          written = planned;
          return { value: importResult(options.mode, planned, true), change };
        },
        txOptions,
      )
      .catch((error: unknown) => {
        // The plan turned bad between the read and the write: the transaction rolled back, nothing written.
        if (error instanceof PlanChanged) return { value: error.result, change: null };
        throw error;
      });
  }

  const change = await writeBatchesInTransactions(executor, steps, {
    operation: "importRecords",
    batchSize: settings.batchSize,
    concurrency: settings.concurrency,
    budget,
    timeoutMs: settings.timeoutMs,
    writeId,
    now: settings.now,
  });
  return { value: importResult(options.mode, first, true), change };
}

/** Rolls the single import transaction back when its plan no longer allows writing. */
class PlanChanged extends Error {
  constructor(readonly result: CrmImportResult) {
    super("store/neo4j/neo4j-crm-import: the plan changed before the write");
  }
}
