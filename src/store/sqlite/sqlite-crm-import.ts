/**
 * AccountGraphStore.importRecords on SQLite: the CRM import's lookups and writes, inside
 * the caller's one write transaction (BEGIN IMMEDIATE), so the plan is made against
 * exactly the rows it writes over and a failure anywhere leaves the store unchanged.
 * Matching and the row report are shared with Neo4j (ports/crm-import.ts); this file
 * only reads what the plan needs and writes it with prepared statements.
 */
import type Database from "better-sqlite3";
import { newId } from "../../domain/ids.js";
import type { Engagement, Link, Purchase } from "../../domain/model.js";
import {
  externalIdsOf,
  importResult,
  linkKey,
  membershipKey,
  planCrmImport,
  secondRoundKeys,
  shouldWrite,
  type CrmImportBatch,
  type CrmImportResult,
  type CrmLookups,
  type CrmImportMode,
  type RowProblem,
} from "../../ports/crm-import.js";
import {
  accountToRow,
  engagementToRow,
  linkToRow,
  membershipToRow,
  purchaseToRow,
  rowToAccount,
  rowToCommunity,
  rowToEngagement,
  rowToManager,
  rowToPurchase,
  type AccountRow,
  type CommunityRow,
  type EngagementRow,
  type ManagerRow,
  type PurchaseRow,
} from "./sqlite-mapping.js";
import { EDIT_SQL } from "./sqlite-record-edits.js";
import { SQL } from "./sqlite-queries.js";

const CRM_SQL = Object.freeze({
  accountsByExternalIds: "SELECT * FROM accounts WHERE external_id IN (SELECT value FROM json_each(?))",
  linkByEnds: "SELECT id, created_at FROM links WHERE type = ? AND from_id = ? AND to_id = ?",
  updateLink: "UPDATE links SET strength = @strength, kind = @kind, revenue = @revenue, date = @date WHERE id = @id",
  updateMembership: "UPDATE memberships SET role = @role, since = @since WHERE account_id = @account_id AND community_id = @community_id",
});

export interface CrmImportContext {
  mode: CrmImportMode;
  now: string;
  rejectedEarlier: readonly RowProblem[];
  rejectedExternalIds: readonly { externalId: string; row: number }[];
}

/** Plans the import and, when the mode says so, writes it. Returns whether graph data changed (for the version bump). */
export function importCrmRecords(
  db: Database.Database,
  batch: CrmImportBatch,
  context: CrmImportContext,
): { result: CrmImportResult; graphChanged: boolean } {
  const prepared = new Map<string, Database.Statement>();
  const stmt = (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const accountsByExternalId = new Map(
    (stmt(CRM_SQL.accountsByExternalIds).all(JSON.stringify(externalIdsOf(batch))) as AccountRow[])
      .map(rowToAccount)
      .map((account) => [account.externalId!, account]),
  );
  const managers = (stmt(SQL.listManagers).all() as ManagerRow[]).map(rowToManager);
  const communities = (stmt(SQL.listCommunities).all() as CommunityRow[]).map(rowToCommunity);
  const keys = secondRoundKeys(batch, accountsByExternalId, communities);
  const links = new Map<string, Link>();
  for (const pair of keys.linkPairs) {
    const found = stmt(CRM_SQL.linkByEnds).get(pair.type, pair.fromId, pair.toId) as { id: string; created_at: string } | undefined;
    // Only id and createdAt of a stored link survive an update; the plan sets the rest.
    if (found) links.set(linkKey(pair.type, pair.fromId, pair.toId), { id: found.id, createdAt: found.created_at } as Link);
  }
  const memberships = new Set<string>();
  for (const pair of keys.membershipPairs) {
    if (stmt(SQL.membershipByKey).get(pair.accountId, pair.communityId)) memberships.add(membershipKey(pair.accountId, pair.communityId));
  }
  // Activity stored under the file's ids: a re-import with other content is a conflict.
  const storedById = <R, T>(ids: Iterable<string>, sql: string, convert: (row: R) => T) => {
    const found = new Map<string, T>();
    for (const id of ids) {
      const row = stmt(sql).get(id) as R | undefined;
      if (row) found.set(id, convert(row));
    }
    return found;
  };
  const engagements = storedById<EngagementRow, Engagement>(keys.engagementIds, EDIT_SQL.engagementById, rowToEngagement);
  const purchases = storedById<PurchaseRow, Purchase>(keys.purchaseIds, EDIT_SQL.purchaseById, rowToPurchase);
  const lookups: CrmLookups = { accountsByExternalId, managers, communities, links, memberships, engagements, purchases };

  const planned = planCrmImport(batch, lookups, {
    now: context.now,
    newId: (kind) => newId(kind),
    rejectedEarlier: context.rejectedEarlier,
    rejectedExternalIds: context.rejectedExternalIds,
  });
  const write = shouldWrite(context.mode, planned.rejected);
  if (!write) return { result: importResult(context.mode, planned, false), graphChanged: false };

  const { plan } = planned;
  for (const account of plan.accountInserts) stmt(SQL.insertAccount).run(accountToRow(account));
  for (const account of plan.accountUpdates) stmt(SQL.updateAccount).run(accountToRow(account));
  for (const link of plan.linkInserts) stmt(SQL.insertLink).run(linkToRow(link));
  for (const link of plan.linkUpdates) stmt(CRM_SQL.updateLink).run(linkToRow(link));
  for (const membership of plan.membershipInserts) stmt(SQL.insertMembership).run(membershipToRow(membership));
  for (const membership of plan.membershipUpdates) stmt(CRM_SQL.updateMembership).run(membershipToRow(membership));
  for (const engagement of plan.engagementInserts) stmt(SQL.insertEngagement).run(engagementToRow(engagement));
  for (const purchase of plan.purchaseInserts) stmt(SQL.insertPurchase).run(purchaseToRow(purchase));
  const graphChanged =
    plan.accountInserts.length +
      plan.accountUpdates.length +
      plan.linkInserts.length +
      plan.linkUpdates.length +
      plan.membershipInserts.length +
      plan.membershipUpdates.length >
    0;
  return { result: importResult(context.mode, planned, true), graphChanged };
}
