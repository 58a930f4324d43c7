/**
 * The SQLite store's edit and delete writes beyond accounts (ports/record-edits.ts):
 * engagements, purchases, links, communities and managers. Each function runs inside the
 * store's write transaction (sqlite-store.ts #write, which appends the returned entries to
 * the feed) and reads what it checks in that same transaction, so a MANAGER's ownership and
 * every reference are checked against the rows it writes (ports/write-scope.ts).
 */
import { NotFoundError, ValidationError } from "../../domain/errors.js";
import type { Account, AccountManager, Community, Engagement, Link, Purchase } from "../../domain/model.js";
import type { ChangeEntry } from "../../ports/change-feed.js";
import type { CommunityPatch, EngagementPatch, LinkPatch, PurchasePatch } from "../../ports/account-graph-store.js";
import { managerDeletionEntries, patchCommunity, patchEngagement, patchLink, patchPurchase, unchanged } from "../../ports/record-edits.js";
import { communityNameTakenError } from "../../ports/store-errors.js";
import { uniquenessKey } from "../../ports/store-records.js";
import { requireOwnedAccount, requireSelf, type WriteScope } from "../../ports/write-scope.js";
import type { PrepareStatement } from "./sqlite-api-keys.js";
import {
  communityToRow,
  engagementToRow,
  linkToRow,
  purchaseToRow,
  rowToAccount,
  rowToCommunity,
  rowToEngagement,
  rowToLink,
  rowToManager,
  rowToMembership,
  rowToPurchase,
  type AccountRow,
  type CommunityRow,
  type EngagementRow,
  type LinkRow,
  type ManagerRow,
  type MembershipRow,
  type PurchaseRow,
} from "./sqlite-mapping.js";
import { SQL } from "./sqlite-queries.js";

export const EDIT_SQL = Object.freeze({
  engagementById: "SELECT * FROM engagements WHERE id = ?",
  updateEngagement: "UPDATE engagements SET manager_id = @manager_id, minutes = @minutes, date = @date, kind = @kind, note = @note WHERE id = @id",
  deleteEngagement: "DELETE FROM engagements WHERE id = ?",
  purchaseById: "SELECT * FROM purchases WHERE id = ?",
  updatePurchase: "UPDATE purchases SET amount = @amount, licences = @licences, discount = @discount, date = @date WHERE id = @id",
  deletePurchase: "DELETE FROM purchases WHERE id = ?",
  updateLink: "UPDATE links SET strength = @strength, kind = @kind, revenue = @revenue, date = @date WHERE id = @id",
  updateCommunity: "UPDATE communities SET name = @name, kind = @kind, region = @region WHERE id = @id",
  deleteCommunityMemberships: "DELETE FROM memberships WHERE community_id = ?",
  deleteCommunity: "DELETE FROM communities WHERE id = ?",
  accountsOwnedBy: "SELECT * FROM accounts WHERE owner_id = ? ORDER BY id",
  engagementsRecordedBy: "SELECT * FROM engagements WHERE manager_id = ? ORDER BY id",
  reassignAccounts: "UPDATE accounts SET owner_id = @to, updated_at = @now WHERE owner_id = @from",
  reassignEngagements: "UPDATE engagements SET manager_id = @to WHERE manager_id = @from",
  deleteManager: "DELETE FROM managers WHERE id = ?",
});

/** What the edits need from the store: its statement cache, row reader, clock and account lookup. */
export interface SqliteEditContext {
  stmt: PrepareStatement;
  all<R>(sql: string, ...params: unknown[]): R[];
  now: string;
  requireAccount(id: string, field: string): Account;
}

/** A write's result and the feed entries describing it (none: the write changed nothing). */
export interface Written<T> {
  value: T;
  entries: ChangeEntry[];
}

function requireRow<R>(ctx: SqliteEditContext, sql: string, entity: string, id: string, field: string): R {
  const row = ctx.stmt(sql).get(id) as R | undefined;
  if (row === undefined) throw new NotFoundError(entity, id, field);
  return row;
}

/** A MANAGER touches only activity on its own accounts, and only engagements it recorded. */
function requireOwnEngagement(ctx: SqliteEditContext, scope: WriteScope | undefined, engagement: Engagement): void {
  if (!scope) return;
  requireOwnedAccount(scope, ctx.requireAccount(engagement.accountId, "id"), "id");
  requireSelf(scope, engagement.managerId, "id");
}

export function updateEngagementRow(ctx: SqliteEditContext, id: string, patch: EngagementPatch, scope?: WriteScope): Written<Engagement> {
  const current = rowToEngagement(requireRow<EngagementRow>(ctx, EDIT_SQL.engagementById, "Engagement", id, "id"));
  requireOwnEngagement(ctx, scope, current);
  const next = patchEngagement(current, patch);
  if (unchanged(current, next)) return { value: current, entries: [] };
  requireSelf(scope, next.managerId);
  if (next.managerId !== current.managerId) requireRow(ctx, SQL.managerExists, "Manager", next.managerId, "managerId");
  ctx.stmt(EDIT_SQL.updateEngagement).run(engagementToRow(next));
  return { value: next, entries: [{ kind: "ENGAGEMENT", op: "PUT", record: next }] };
}

export function deleteEngagementRow(ctx: SqliteEditContext, id: string, scope?: WriteScope): Written<Engagement> {
  const current = rowToEngagement(requireRow<EngagementRow>(ctx, EDIT_SQL.engagementById, "Engagement", id, "id"));
  requireOwnEngagement(ctx, scope, current);
  ctx.stmt(EDIT_SQL.deleteEngagement).run(id);
  return { value: current, entries: [{ kind: "ENGAGEMENT", op: "DELETE", record: current }] };
}

export function updatePurchaseRow(ctx: SqliteEditContext, id: string, patch: PurchasePatch, scope?: WriteScope): Written<Purchase> {
  const current = rowToPurchase(requireRow<PurchaseRow>(ctx, EDIT_SQL.purchaseById, "Purchase", id, "id"));
  requireOwnedAccount(scope, ctx.requireAccount(current.accountId, "id"), "id");
  const next = patchPurchase(current, patch);
  if (unchanged(current, next)) return { value: current, entries: [] };
  ctx.stmt(EDIT_SQL.updatePurchase).run(purchaseToRow(next));
  return { value: next, entries: [{ kind: "PURCHASE", op: "PUT", record: next }] };
}

export function deletePurchaseRow(ctx: SqliteEditContext, id: string, scope?: WriteScope): Written<Purchase> {
  const current = rowToPurchase(requireRow<PurchaseRow>(ctx, EDIT_SQL.purchaseById, "Purchase", id, "id"));
  requireOwnedAccount(scope, ctx.requireAccount(current.accountId, "id"), "id");
  ctx.stmt(EDIT_SQL.deletePurchase).run(id);
  return { value: current, entries: [{ kind: "PURCHASE", op: "DELETE", record: current }] };
}

export function updateLinkRow(ctx: SqliteEditContext, id: string, patch: LinkPatch, scope?: WriteScope): Written<Link> {
  const current = rowToLink(requireRow<LinkRow>(ctx, SQL.linkById, "Link", id, "id"));
  if (scope) {
    requireOwnedAccount(scope, ctx.requireAccount(current.fromId, "id"), "id");
    requireOwnedAccount(scope, ctx.requireAccount(current.toId, "id"), "id");
  }
  const next = patchLink(current, patch);
  if (unchanged(current, next)) return { value: current, entries: [] };
  ctx.stmt(EDIT_SQL.updateLink).run(linkToRow(next));
  return { value: next, entries: [{ kind: "LINK", op: "PUT", record: next }] };
}

export function updateCommunityRow(ctx: SqliteEditContext, id: string, patch: CommunityPatch): Written<Community> {
  const current = rowToCommunity(requireRow<CommunityRow>(ctx, SQL.communityById, "Community", id, "id"));
  const next = patchCommunity(current, patch);
  if (unchanged(current, next)) return { value: current, entries: [] };
  const key = uniquenessKey(next.name);
  if (ctx.all<CommunityRow>(SQL.listCommunities).some((c) => c.id !== id && uniquenessKey(c.name) === key)) {
    throw communityNameTakenError(next.name);
  }
  ctx.stmt(EDIT_SQL.updateCommunity).run(communityToRow(next));
  return { value: next, entries: [{ kind: "COMMUNITY", op: "PUT", record: next }] };
}

export function deleteCommunityRow(ctx: SqliteEditContext, id: string): Written<Community> {
  const community = rowToCommunity(requireRow<CommunityRow>(ctx, SQL.communityById, "Community", id, "id"));
  const memberships = ctx.all<MembershipRow>(SQL.membershipsOfCommunities, JSON.stringify([id])).map(rowToMembership);
  ctx.stmt(EDIT_SQL.deleteCommunityMemberships).run(id);
  ctx.stmt(EDIT_SQL.deleteCommunity).run(id);
  return {
    value: community,
    entries: [
      { kind: "COMMUNITY", op: "DELETE", record: community },
      ...memberships.map((record): ChangeEntry => ({ kind: "MEMBERSHIP", op: "DELETE", record })),
    ],
  };
}

export function deleteManagerRow(ctx: SqliteEditContext, id: string, reassignTo: string | undefined): Written<AccountManager> {
  const manager = rowToManager(requireRow<ManagerRow>(ctx, SQL.managerById, "Manager", id, "id"));
  if (reassignTo !== undefined) {
    if (reassignTo === id) throw new ValidationError("reassignTo must name another manager", "reassignTo");
    requireRow(ctx, SQL.managerExists, "Manager", reassignTo, "reassignTo");
  }
  const accounts = ctx.all<AccountRow>(EDIT_SQL.accountsOwnedBy, id).map(rowToAccount);
  const engagements = ctx.all<EngagementRow>(EDIT_SQL.engagementsRecordedBy, id).map(rowToEngagement);
  const entries = managerDeletionEntries(manager, accounts, engagements, reassignTo, ctx.now);
  if (reassignTo !== undefined) {
    ctx.stmt(EDIT_SQL.reassignAccounts).run({ to: reassignTo, from: id, now: ctx.now });
    ctx.stmt(EDIT_SQL.reassignEngagements).run({ to: reassignTo, from: id });
  }
  ctx.stmt(EDIT_SQL.deleteManager).run(id);
  return { value: manager, entries };
}
