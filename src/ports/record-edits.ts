/**
 * The pure rules of the store's edit and delete writes (full CRUD) and of the paged activity
 * reads (their types are in account-graph-store.ts), shared by both adapters so SQLite and
 * Neo4j cannot disagree on what a patch means. Like store-records.ts: no database, no clock; the adapter
 * reads the current record inside its transaction and passes it in.
 *
 * Rules (README "Writes"):
 * - An engagement or purchase stays on its account: moving one is delete and record again.
 *   A MANAGER edits or deletes only activity on accounts it owns, and only engagements it
 *   recorded itself (it cannot hand one to another manager either).
 * - A link keeps its type and ends. INFLUENCES links change `kind`, `strength` and `date`
 *   (since, nullable); REFERRED links change `date` (never null) and `revenue`, and keep
 *   strength 1. A field of the other type is refused naming it (BAD_USER_INPUT).
 * - Deleting a community removes its memberships (each listed in the change).
 * - Deleting a manager who still owns accounts or recorded engagements is refused
 *   (CONFLICT naming `reassignTo`) unless `reassignTo` names another manager: then that
 *   manager becomes the owner of those accounts and the one who recorded those engagements,
 *   each listed in the change. Time spent stays on the record; only the name on it changes.
 * - upsertAccount matches by externalId: an existing account gets the patch, a new one is
 *   created from `create` (none: BAD_USER_INPUT on `name`, which creating needs).
 */
import { ValidationError } from "../domain/errors.js";
import type { Account, AccountManager, Community, Engagement, IsoDateTime, Link, Purchase } from "../domain/model.js";
import type {
  ActivityPage,
  ActivityPageQuery,
  ActivityPosition,
  CommunityPatch,
  EngagementPatch,
  LinkPatch,
  PurchasePatch,
} from "./account-graph-store.js";
import type { ChangeEntry } from "./change-feed.js";
import { managerStillResponsibleError } from "./store-errors.js";
import { applyPatch, isUnchanged } from "./store-records.js";

/** Pages aligned with `accountIds` from each account's up to `first + 1` newest-first rows and its total. */
export function buildActivityPages<T extends { accountId: string }>(
  accountIds: readonly string[],
  first: number,
  rows: readonly T[],
  totals: ReadonlyMap<string, number>,
): ActivityPage<T>[] {
  const byAccount = new Map<string, T[]>();
  for (const row of rows) {
    const list = byAccount.get(row.accountId);
    if (list) list.push(row);
    else byAccount.set(row.accountId, [row]);
  }
  return accountIds.map((id) => {
    const list = byAccount.get(id) ?? [];
    return { items: list.slice(0, first), hasNextPage: list.length > first, totalCount: totals.get(id) ?? 0 };
  });
}

/** Validates a page query's shape (adapters bind these values). */
export function requireActivityPageQuery(query: ActivityPageQuery): { first: number; after: ActivityPosition | null } {
  const first = Math.max(0, Math.trunc(query.first));
  const after = query.after ?? null;
  if (after !== null && (typeof after.id !== "string" || typeof after.date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(after.date))) {
    throw new ValidationError("after is not a valid activity position", "after");
  }
  return { first, after };
}

// ---------- applying patches (pure) ----------

/** The engagement after `patch`; the account and id never change. */
export function patchEngagement(current: Engagement, patch: EngagementPatch): Engagement {
  return applyPatch(current, patch, ["id", "accountId"]);
}

export function patchPurchase(current: Purchase, patch: PurchasePatch): Purchase {
  return applyPatch(current, patch, ["id", "accountId"]);
}

export function patchCommunity(current: Community, patch: CommunityPatch): Community {
  return applyPatch(current, patch, ["id", "createdAt"]);
}

/**
 * The link after `patch`, refusing fields its type does not have (named as in the patch)
 * and a null date on a referral (the date of the introduction is what it records).
 */
export function patchLink(current: Link, patch: LinkPatch): Link {
  refuseFieldsOfOtherLinkType(current.type, patch);
  if (current.type !== "INFLUENCES" && patch.date === null) throw new ValidationError("a referral's date cannot be cleared", "date");
  return applyPatch(current, patch, ["id", "type", "fromId", "toId", "createdAt"]);
}

/**
 * Refuses a value for a field `type` does not have (revenue on INFLUENCES; kind or strength
 * on REFERRED), named as given: an edit and a CRM import row drop no value silently.
 */
export function refuseFieldsOfOtherLinkType(type: Link["type"], values: { [F in "kind" | "strength" | "revenue"]?: unknown }): void {
  const influence = type === "INFLUENCES";
  const refuse = (field: keyof LinkPatch) => {
    throw new ValidationError(`${field} does not apply to a ${type} link`, field);
  };
  if (influence && values.revenue !== undefined) refuse("revenue");
  if (!influence && values.kind !== undefined) refuse("kind");
  if (!influence && values.strength !== undefined) refuse("strength");
}

/** True when a patched record equals the stored one (the write then commits nothing). */
export function unchanged<T extends object>(current: T, next: T): boolean {
  return isUnchanged(current, next, []);
}

/**
 * The entries of a manager's deletion: the manager, then its accounts and engagements as the
 * successor now holds them (accounts with `updatedAt` = `now`). Without a successor there must
 * be none: ConflictError naming `reassignTo`.
 */
export function managerDeletionEntries(
  manager: AccountManager,
  accounts: readonly Account[],
  engagements: readonly Engagement[],
  reassignTo: string | undefined,
  now: IsoDateTime,
): ChangeEntry[] {
  if (reassignTo === undefined && (accounts.length > 0 || engagements.length > 0)) {
    throw managerStillResponsibleError(manager.id, accounts.length, engagements.length);
  }
  const to = reassignTo ?? manager.id;
  return [
    { kind: "MANAGER", op: "DELETE", record: manager },
    ...accounts.map((a): ChangeEntry => ({ kind: "ACCOUNT", op: "PUT", record: { ...a, ownerId: to, updatedAt: now } })),
    ...engagements.map((e): ChangeEntry => ({ kind: "ENGAGEMENT", op: "PUT", record: { ...e, managerId: to } })),
  ];
}
