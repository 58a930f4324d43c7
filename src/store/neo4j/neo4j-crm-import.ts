/**
 * AccountGraphStore.importRecords on Neo4j. Matching and the row report are shared with
 * SQLite (ports/crm-import.ts); this file reads what the plan needs with batched UNWIND
 * queries and writes the plan.
 *
 * Atomicity, by size (the same rule as importDataset, neo4j-import.ts):
 * - DRY_RUN: one read transaction.
 * - Up to `singleTransactionMaxRows` rows to write: lookups, plan and writes in ONE write
 *   transaction, so a failure anywhere leaves the database unchanged and concurrent
 *   writers cannot slip in between the plan and the write.
 * - More: a transaction's state must fit the server's transaction memory
 *   (dbms.memory.transaction.total.max; the 20,000-account generated set is ~190k rows
 *   and did not fit 256 MiB), so the plan is made in a read transaction and written one
 *   batch per transaction. If a batch fails, the batches already committed are undone
 *   newest first — inserts deleted, updated accounts, links and memberships given back
 *   the properties read before — and the error is rethrown. Readers may see a partial
 *   import while it runs.
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
import type { Change, Committed } from "../../ports/change-feed.js";
import * as C from "./cypher.js";
import { appendReset } from "./neo4j-feed.js";
import type { CypherRunner, Neo4jExecutor } from "./neo4j-executor.js";
import {
  accountToProps,
  engagementToProps,
  linkToProps,
  mapRecords,
  membershipToProps,
  purchaseToProps,
  toAccount,
  toCommunity,
  toLink,
  toManager,
  toMembership,
} from "./neo4j-mapping.js";

export const CRM_IMPORT_DEFAULTS = Object.freeze({
  batchSize: 5_000,
  singleTransactionMaxRows: 50_000,
});

export interface CrmImportSettings {
  now: string;
  timeoutMs: number;
  batchSize: number;
  singleTransactionMaxRows: number;
}

type Row = Record<string, unknown>;

/** One kind of write: the rows, and how to undo a committed batch of them. */
interface Step {
  name: string;
  cypher: string;
  rows: Row[];
  undo: (rows: Row[]) => { cypher: string; params: Row };
}

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
  const size = settings.batchSize * 2;
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
  const activityIds = new Set<string>();
  for (const cypher of [C.FIND_ENGAGEMENT_IDS, C.FIND_PURCHASE_IDS]) {
    for (const r of await collect(q, cypher, keys.activityIds, "ids", size)) activityIds.add(r.get("id") as string);
  }
  const lookups: CrmLookups = { accountsByExternalId, managers, communities, links, memberships: new Set(memberships.keys()), activityIds };
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
function buildSteps(planned: Planned): Step[] {
  const { plan, lookups } = planned;
  const previousAccount = new Map<string, Account>([...lookups.accountsByExternalId.values()].map((a) => [a.id, a]));
  const byIds = (cypher: string) => (rows: Row[]) => ({ cypher, params: { ids: rows.map((r) => (r.props as Row | undefined)?.id ?? r.id) } });
  const restore = (cypher: string) => (rows: Row[]) => ({ cypher, params: { rows: rows.map((r) => ({ ...r, props: r.old })) } });
  const linkRow = (link: Link) => ({ fromId: link.fromId, toId: link.toId, props: linkToProps(link) });
  const linkUpdate = (link: Link) => ({ ...linkRow(link), old: linkToProps(lookups.links.get(linkKey(link.type, link.fromId, link.toId))!) });
  const membershipRow = (m: Membership) => ({ accountId: m.accountId, communityId: m.communityId, props: membershipToProps(m) });
  const pairs = (rows: Row[]) => ({
    cypher: C.UNDO_IMPORT_MEMBERSHIPS,
    params: { pairs: rows.map((r) => ({ accountId: r.accountId, communityId: r.communityId })) },
  });
  const ofType = (links: Link[], type: Link["type"]) => links.filter((l) => l.type === type);
  return [
    { name: "accounts", cypher: C.IMPORT_ACCOUNTS, rows: plan.accountInserts.map(accountToProps), undo: byIds(C.UNDO_IMPORT_ACCOUNTS) },
    {
      name: "accountUpdates",
      cypher: C.CRM_REPLACE_ACCOUNTS,
      rows: plan.accountUpdates.map((a) => ({ id: a.id, props: accountToProps(a), old: accountToProps(previousAccount.get(a.id)!) })),
      undo: restore(C.CRM_REPLACE_ACCOUNTS),
    },
    { name: "influences", cypher: C.IMPORT_INFLUENCES, rows: ofType(plan.linkInserts, "INFLUENCES").map(linkRow), undo: byIds(C.UNDO_IMPORT_LINKS) },
    { name: "referrals", cypher: C.IMPORT_REFERRALS, rows: ofType(plan.linkInserts, "REFERRED").map(linkRow), undo: byIds(C.UNDO_IMPORT_LINKS) },
    {
      name: "influenceUpdates",
      cypher: C.CRM_UPDATE_INFLUENCES,
      rows: ofType(plan.linkUpdates, "INFLUENCES").map(linkUpdate),
      undo: restore(C.CRM_UPDATE_INFLUENCES),
    },
    {
      name: "referralUpdates",
      cypher: C.CRM_UPDATE_REFERRALS,
      rows: ofType(plan.linkUpdates, "REFERRED").map(linkUpdate),
      undo: restore(C.CRM_UPDATE_REFERRALS),
    },
    { name: "memberships", cypher: C.IMPORT_MEMBERSHIPS, rows: plan.membershipInserts.map(membershipRow), undo: pairs },
    {
      name: "membershipUpdates",
      cypher: C.CRM_UPDATE_MEMBERSHIPS,
      rows: plan.membershipUpdates.map((m) => ({
        ...membershipRow(m),
        old: membershipToProps(planned.memberships.get(membershipKey(m.accountId, m.communityId))!),
      })),
      undo: restore(C.CRM_UPDATE_MEMBERSHIPS),
    },
    {
      name: "engagements",
      cypher: C.IMPORT_ENGAGEMENTS,
      rows: plan.engagementInserts.map((e) => ({ accountId: e.accountId, managerId: e.managerId, props: engagementToProps(e) })),
      undo: byIds(C.UNDO_IMPORT_ENGAGEMENTS),
    },
    {
      name: "purchases",
      cypher: C.IMPORT_PURCHASES,
      rows: plan.purchaseInserts.map((p) => ({ accountId: p.accountId, props: purchaseToProps(p) })),
      undo: byIds(C.UNDO_IMPORT_PURCHASES),
    },
  ];
}

function batchesOf(steps: Step[], size: number): { step: Step; rows: Row[] }[] {
  return steps.flatMap((step) => {
    const out: { step: Step; rows: Row[] }[] = [];
    for (let start = 0; start < step.rows.length; start += size) out.push({ step, rows: step.rows.slice(start, start + size) });
    return out;
  });
}

export async function importCrmRecords(
  executor: Neo4jExecutor,
  batch: CrmImportBatch,
  options: CrmImportOptions,
  settings: CrmImportSettings,
): Promise<Committed<CrmImportResult>> {
  const txOptions = { timeoutMs: settings.timeoutMs };
  // Every writing transaction appends a RESET change (neo4j-feed.ts): readers reload.
  const writeId = randomUUID();
  let last: Change | null = null;
  // The plan first, read only: its size decides how the write commits (and a dry run ends here).
  const first = await executor.read("importRecords.plan", (q) => lookUpAndPlan(q, batch, options, settings), txOptions);
  if (!shouldWrite(options.mode, first.rejected)) return { value: importResult(options.mode, first, false), change: null };

  if (planRows(first.plan) <= settings.singleTransactionMaxRows) {
    return executor
      .write(
        "importRecords",
        async (q): Promise<Committed<CrmImportResult>> => {
          const change = await appendReset(q, writeId, settings.now);
          // Planned again inside the write transaction, so the plan matches what it writes over.
          const planned = await lookUpAndPlan(q, batch, options, settings);
          if (!shouldWrite(options.mode, planned.rejected)) throw new PlanChanged(importResult(options.mode, planned, false));
          for (const { step, rows } of batchesOf(buildSteps(planned), settings.batchSize)) await q.run(step.cypher, { rows });
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

  const committed: { step: Step; rows: Row[] }[] = [];
  try {
    for (const part of batchesOf(buildSteps(first), settings.batchSize)) {
      await executor.write(
        `importRecords.${part.step.name}`,
        async (q) => {
          last = await appendReset(q, `${writeId}:${committed.length}`, settings.now);
          await q.run(part.step.cypher, { rows: part.rows });
        },
        txOptions,
      );
      committed.push(part);
    }
  } catch (error) {
    for (const part of committed.reverse()) {
      const { cypher, params } = part.step.undo(part.rows);
      await executor.write(
        `importRecords.undo.${part.step.name}`,
        async (q) => {
          await appendReset(q, `${writeId}:undo:${part.step.name}:${committed.length}`, settings.now);
          await q.run(cypher, params);
        },
        txOptions,
      );
    }
    throw error;
  }
  return { value: importResult(options.mode, first, true), change: last };
}

/** Rolls the single import transaction back when its plan no longer allows writing. */
class PlanChanged extends Error {
  constructor(readonly result: CrmImportResult) {
    super("store/neo4j/neo4j-crm-import: the plan changed before the write");
  }
}
