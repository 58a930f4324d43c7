/**
 * What AccountGraphStore.importRecords means, independent of the database: CRM rows
 * (already validated field by field by services/crm-import/) are matched against what the
 * store holds, and become one write plan plus a report of every row that cannot be
 * written, with its file, row number, column, code and message. Both adapters fetch the
 * lookups below inside their write transaction and call planCrmImport, so a row is
 * refused for the same reason on SQLite and on Neo4j.
 *
 * Matching rules:
 * - Accounts upsert by externalId: an existing one is patched with the columns the file
 *   has (absent columns keep their value), a new one needs a name.
 * - Owners and engagement managers are named by manager id, email or name (any case);
 *   communities by id or name. An unknown one rejects the row (NOT_FOUND).
 * - Links, memberships, engagements and purchases name accounts by externalId: an account
 *   of this import or one already stored. A row naming an account whose own row was
 *   rejected is rejected too (REJECTED_REFERENCE), so skipping bad rows never leaves a
 *   link to an account that was not written.
 * - Links upsert by (type, from, to), memberships by (account, community): a repeated
 *   import updates strength, revenue, role… rather than failing. The same key twice in one
 *   import is a CONFLICT on the later row.
 * - Engagements and purchases carry a key derived from their content (or the CRM's own
 *   activity id), so importing the same file twice stores them once. The same key with
 *   other content (the CRM's id reused, or edited since the last import) is a CONFLICT on
 *   that row, in one file as against the store: an import records activity, it does not
 *   edit it (updateEngagement / updatePurchase do), and never counts a change as unchanged.
 *
 * Pure: lookups in, plan out. Cost: O(rows) time and memory.
 */
import type { Account, AccountManager, Community, Engagement, IsoDateTime, Link, LinkType, Membership, Purchase } from "../domain/model.js";
import {
  CRM_FILES,
  type CrmFile,
  type CrmImportBatch,
  type CrmImportCounts,
  type CrmImportMode,
  type CrmImportResult,
  type RecordSource,
  type RowProblem,
  type RowProblemCode,
} from "./account-graph-store.js";
import { applyPatch, buildAccount, buildEngagement, buildPurchase, changedFields } from "./store-records.js";

export {
  CRM_FILES,
  CRM_IMPORT_MODES,
  type CrmAccountRecord,
  type CrmEngagementRecord,
  type CrmFile,
  type CrmImportBatch,
  type CrmImportCounts,
  type CrmImportMode,
  type CrmImportOptions,
  type CrmImportResult,
  type CrmLinkRecord,
  type CrmMembershipRecord,
  type CrmPurchaseRecord,
  type RecordSource,
  type RowProblem,
  type RowProblemCode,
} from "./account-graph-store.js";

// ---------- what the adapter looks up ----------

/** First round: accounts by external id (every one the batch names), all managers and communities. */
export function externalIdsOf(batch: CrmImportBatch): string[] {
  const ids = new Set<string>();
  for (const a of batch.accounts) ids.add(a.externalId);
  for (const l of batch.links) ids.add(l.fromExternalId).add(l.toExternalId);
  for (const r of [...batch.memberships, ...batch.engagements, ...batch.purchases]) ids.add(r.accountExternalId);
  return [...ids];
}

export interface CrmLookups {
  /** Stored accounts by external id (only those the batch names). */
  accountsByExternalId: ReadonlyMap<string, Account>;
  managers: readonly AccountManager[];
  communities: readonly Community[];
  /** Stored links between stored accounts the batch names, by linkKey. */
  links: ReadonlyMap<string, Link>;
  /** Stored memberships, by membershipKey. */
  memberships: ReadonlySet<string>;
  /** Stored engagements and purchases among the batch's activity ids, by id (their content is compared). */
  engagements: ReadonlyMap<string, Engagement>;
  purchases: ReadonlyMap<string, Purchase>;
}

export const linkKey = (type: string, fromId: string, toId: string) => `${type}\u0000${fromId}\u0000${toId}`;
export const membershipKey = (accountId: string, communityId: string) => `${accountId}\u0000${communityId}`;

/** Second round: which links, memberships and activity ids to look up, once stored accounts are known. */
export function secondRoundKeys(
  batch: CrmImportBatch,
  accountsByExternalId: ReadonlyMap<string, Account>,
  communities: readonly Community[],
): {
  linkPairs: { type: LinkType; fromId: string; toId: string }[];
  membershipPairs: { accountId: string; communityId: string }[];
  engagementIds: string[];
  purchaseIds: string[];
} {
  const stored = (externalId: string) => accountsByExternalId.get(externalId)?.id;
  const resolveCommunity = communityResolver(communities);
  const linkPairs = batch.links.flatMap((l) => {
    const fromId = stored(l.fromExternalId);
    const toId = stored(l.toExternalId);
    return fromId && toId ? [{ type: l.type, fromId, toId }] : [];
  });
  const membershipPairs = batch.memberships.flatMap((m) => {
    const accountId = stored(m.accountExternalId);
    const communityId = resolveCommunity(m.community);
    return accountId && typeof communityId === "string" ? [{ accountId, communityId }] : [];
  });
  return { linkPairs, membershipPairs, engagementIds: batch.engagements.map((r) => r.id), purchaseIds: batch.purchases.map((r) => r.id) };
}

// ---------- the plan ----------

export interface CrmWritePlan {
  accountInserts: Account[];
  accountUpdates: Account[];
  linkInserts: Link[];
  linkUpdates: Link[];
  membershipInserts: Membership[];
  membershipUpdates: Membership[];
  engagementInserts: Engagement[];
  purchaseInserts: Purchase[];
}

export interface PlannedImport {
  plan: CrmWritePlan;
  counts: CrmImportCounts;
  rejected: RowProblem[];
}

/**
 * Matches the batch against the lookups. `rejectedEarlier` are the rows field validation
 * already refused (their accounts count as rejected references); they come back in
 * `rejected` merged with the store's, sorted by file and row.
 */
export function planCrmImport(
  batch: CrmImportBatch,
  lookups: CrmLookups,
  context: {
    now: IsoDateTime;
    newId: (kind: "account" | "link") => string;
    rejectedEarlier: readonly RowProblem[];
    rejectedExternalIds: readonly { externalId: string; row: number }[];
  },
): PlannedImport {
  const rejected: RowProblem[] = [...context.rejectedEarlier];
  const reject = (file: CrmFile, source: RecordSource, field: string, code: RowProblemCode, message: string) =>
    rejected.push({ file, row: source.row, column: source.columns[field] ?? field, code, message });
  const plan: CrmWritePlan = {
    accountInserts: [],
    accountUpdates: [],
    linkInserts: [],
    linkUpdates: [],
    membershipInserts: [],
    membershipUpdates: [],
    engagementInserts: [],
    purchaseInserts: [],
  };
  const resolveManager = managerResolver(lookups.managers);
  const resolveCommunity = communityResolver(lookups.communities);

  // Accounts: the id each external id will have after the import, or the row that failed.
  const accountIds = new Map<string, string>();
  const failedAccountRows = new Map<string, number>();
  for (const { externalId, row } of context.rejectedExternalIds) failedAccountRows.set(externalId, row);
  const firstRow = new Map<string, number>();
  for (const record of batch.accounts) {
    const { source, externalId } = record;
    const earlier = firstRow.get(externalId);
    if (earlier !== undefined) {
      reject("accounts", source, "externalId", "CONFLICT", `externalId ${JSON.stringify(externalId)} is already on row ${earlier} of this import`);
      continue;
    }
    firstRow.set(externalId, source.row);
    let ownerId: string | null | undefined = undefined;
    if (record.owner !== undefined && record.owner !== null) {
      const owner = resolveManager(record.owner);
      if (typeof owner !== "string") {
        reject("accounts", source, "owner", owner.code, owner.message);
        failedAccountRows.set(externalId, source.row);
        continue;
      }
      ownerId = owner;
    } else if (record.owner === null) ownerId = null;
    const current = lookups.accountsByExternalId.get(externalId);
    if (current) {
      const next = applyPatch(current, { ...record.patch, ...(ownerId !== undefined ? { ownerId } : {}) }, ["id", "createdAt", "updatedAt"]);
      next.updatedAt = context.now;
      plan.accountUpdates.push(next);
      accountIds.set(externalId, current.id);
    } else if (record.create) {
      const id = context.newId("account");
      plan.accountInserts.push(buildAccount({ ...record.create, externalId, ...(ownerId !== undefined ? { ownerId } : {}) }, id, context.now));
      accountIds.set(externalId, id);
    } else {
      reject("accounts", source, "name", "BAD_USER_INPUT", `name is required to create account ${JSON.stringify(externalId)}`);
      failedAccountRows.set(externalId, source.row);
    }
  }
  /** The account an external id names, or the reason it names none (reported on `field`). */
  const account = (file: CrmFile, source: RecordSource, field: string, externalId: string): string | null => {
    const id = accountIds.get(externalId) ?? lookups.accountsByExternalId.get(externalId)?.id;
    if (id) return id;
    const failedRow = failedAccountRows.get(externalId);
    if (failedRow !== undefined) {
      reject(file, source, field, "REJECTED_REFERENCE", `account ${JSON.stringify(externalId)} is on rejected row ${failedRow} of accounts`);
    } else reject(file, source, field, "NOT_FOUND", `no account has externalId ${JSON.stringify(externalId)}`);
    return null;
  };

  const seenLinks = new Map<string, number>();
  for (const record of batch.links) {
    const fromId = account("links", record.source, "fromExternalId", record.fromExternalId);
    const toId = account("links", record.source, "toExternalId", record.toExternalId);
    if (!fromId || !toId) continue;
    const key = linkKey(record.type, fromId, toId);
    const earlier = seenLinks.get(key);
    if (earlier !== undefined) {
      reject("links", record.source, "toExternalId", "CONFLICT", `this ${record.type} link is already on row ${earlier} of this import`);
      continue;
    }
    seenLinks.set(key, record.source.row);
    const stored = lookups.links.get(key);
    const link: Link = {
      id: stored?.id ?? context.newId("link"),
      type: record.type,
      fromId,
      toId,
      strength: record.type === "REFERRED" ? 1 : record.strength,
      kind: record.type === "INFLUENCES" ? record.kind : null,
      revenue: record.type === "REFERRED" ? (record.revenue ?? 0) : null,
      date: record.date,
      createdAt: stored?.createdAt ?? context.now,
    };
    (stored ? plan.linkUpdates : plan.linkInserts).push(link);
  }

  const seenMemberships = new Map<string, number>();
  for (const record of batch.memberships) {
    const accountId = account("memberships", record.source, "accountExternalId", record.accountExternalId);
    const communityId = resolveCommunity(record.community);
    if (typeof communityId !== "string") reject("memberships", record.source, "community", communityId.code, communityId.message);
    if (!accountId || typeof communityId !== "string") continue;
    const key = membershipKey(accountId, communityId);
    const earlier = seenMemberships.get(key);
    if (earlier !== undefined) {
      reject("memberships", record.source, "community", "CONFLICT", `this membership is already on row ${earlier} of this import`);
      continue;
    }
    seenMemberships.set(key, record.source.row);
    const membership: Membership = { accountId, communityId, role: record.membership.role, since: record.membership.since ?? null };
    (lookups.memberships.has(key) ? plan.membershipUpdates : plan.membershipInserts).push(membership);
  }

  let unchanged = 0;
  const seenActivity = new Map<string, { row: number; activity: Engagement | Purchase }>();
  /**
   * Whether an activity is new to the store and to this import. The same id again with the
   * same content is counted unchanged; with other content it is a CONFLICT on this row.
   */
  const isNewActivity = <T extends Engagement | Purchase>(file: "engagements" | "purchases", source: RecordSource, next: T, stored?: T): boolean => {
    const earlier = seenActivity.get(next.id);
    if (!stored && !earlier) {
      seenActivity.set(next.id, { row: source.row, activity: next });
      return true;
    }
    const changed = changedFields(stored ?? (earlier!.activity as T), next, ["id"]);
    if (changed.length === 0) {
      unchanged++;
      return false;
    }
    const [noun, idField, edit] =
      file === "engagements" ? ["engagement", "activityId", "updateEngagement"] : ["purchase", "purchaseId", "updatePurchase"];
    const differing = `different values (${changed.join(", ")})`;
    const where = stored
      ? `is already stored with ${differing}; an import records activity once: edit it with ${edit}`
      : `is already on row ${earlier!.row} of this import with ${differing}`;
    reject(file, source, source.columns[idField] ? idField : "accountExternalId", "CONFLICT", `this ${noun} ${where}`);
    return false;
  };
  for (const record of batch.engagements) {
    const accountId = account("engagements", record.source, "accountExternalId", record.accountExternalId);
    const managerId = resolveManager(record.manager);
    if (typeof managerId !== "string") reject("engagements", record.source, "manager", managerId.code, managerId.message);
    if (!accountId || typeof managerId !== "string") continue;
    const engagement = buildEngagement({ ...record.engagement, accountId, managerId }, record.id);
    if (isNewActivity("engagements", record.source, engagement, lookups.engagements.get(record.id))) plan.engagementInserts.push(engagement);
  }
  for (const record of batch.purchases) {
    const accountId = account("purchases", record.source, "accountExternalId", record.accountExternalId);
    if (!accountId) continue;
    const purchase = buildPurchase({ ...record.purchase, accountId }, record.id);
    if (isNewActivity("purchases", record.source, purchase, lookups.purchases.get(record.id))) plan.purchaseInserts.push(purchase);
  }

  rejected.sort((a, b) => CRM_FILES.indexOf(a.file) - CRM_FILES.indexOf(b.file) || a.row - b.row || a.column.localeCompare(b.column));
  return {
    plan,
    rejected,
    counts: {
      accountsCreated: plan.accountInserts.length,
      accountsUpdated: plan.accountUpdates.length,
      linksCreated: plan.linkInserts.length,
      linksUpdated: plan.linkUpdates.length,
      memberships: plan.membershipInserts.length + plan.membershipUpdates.length,
      engagements: plan.engagementInserts.length,
      purchases: plan.purchaseInserts.length,
      unchanged,
    },
  };
}

/** Whether the plan is written in `mode`, given the rows it rejected. */
export function shouldWrite(mode: CrmImportMode, rejected: readonly RowProblem[]): boolean {
  return mode === "SKIP_BAD_ROWS" || (mode === "ALL_OR_NOTHING" && rejected.length === 0);
}

export function importResult(mode: CrmImportMode, planned: PlannedImport, written: boolean): CrmImportResult {
  return { mode, written, rejected: planned.rejected, ...planned.counts };
}

type Resolved = string | { code: "NOT_FOUND" | "BAD_USER_INPUT"; message: string };

/** A manager by id, then email, then name (case-insensitive); an ambiguous name is an input error. */
function managerResolver(managers: readonly AccountManager[]): (ref: string) => Resolved {
  const byId = new Map(managers.map((m) => [m.id, m.id]));
  const byEmail = new Map(managers.map((m) => [m.email.toLowerCase(), m.id]));
  const byName = groupBy(managers, (m) => m.name.toLowerCase());
  return (ref) => {
    const found = byId.get(ref) ?? byEmail.get(ref.toLowerCase());
    if (found) return found;
    const named = byName.get(ref.toLowerCase()) ?? [];
    if (named.length === 1) return named[0]!.id;
    if (named.length > 1)
      return { code: "BAD_USER_INPUT", message: `${named.length} managers are named ${JSON.stringify(ref)}: use the id or email` };
    return { code: "NOT_FOUND", message: `no manager has id, email or name ${JSON.stringify(ref)}` };
  };
}

/** A community by id, then name (case-insensitive). */
function communityResolver(communities: readonly Community[]): (ref: string) => Resolved {
  const byId = new Set(communities.map((c) => c.id));
  const byName = groupBy(communities, (c) => c.name.toLowerCase());
  return (ref) => {
    if (byId.has(ref)) return ref;
    const named = byName.get(ref.toLowerCase()) ?? [];
    if (named.length === 1) return named[0]!.id;
    if (named.length > 1) return { code: "BAD_USER_INPUT", message: `${named.length} communities are named ${JSON.stringify(ref)}: use the id` };
    return { code: "NOT_FOUND", message: `no community has id or name ${JSON.stringify(ref)}` };
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
