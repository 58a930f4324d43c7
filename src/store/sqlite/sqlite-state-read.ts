/**
 * The whole-state read behind AccountGraphStore.readState: feed head, accounts, managers,
 * communities, memberships, links, API keys and recent activity, each table in pages of
 * `pageSize` rows by keyset iteration on its key (`WHERE key > last ORDER BY key LIMIT n`).
 * A generator that pauses (yields) between pages, so the caller can let the event loop serve
 * requests while 200,000 accounts load. The caller runs it inside one read transaction:
 * every page comes from the same snapshot, and the head read first is exactly its sequence.
 */
import type Database from "better-sqlite3";
import { StringPool } from "../../domain/string-pool.js";
import type { StoreState } from "../../ports/change-feed.js";
import { API_KEY_SQL, rowToApiKey, type ApiKeyRow } from "./sqlite-api-keys.js";
import { FEED_SQL } from "./sqlite-feed.js";
import {
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

export function* readStateRows(db: Database.Database, activitySince: string, pageSize: number): Generator<void, StoreState> {
  const seq = (db.prepare(FEED_SQL.head).get() as { value: number }).value;
  // Accounts first, so the ids links, memberships and activity name share the accounts' strings.
  const pool = new StringPool();
  const byId = <R extends { id: string }, T>(sql: string, map: (row: R) => T, ...lead: unknown[]) =>
    pagesById<R, T>(db.prepare(sql), map, pageSize, lead);

  const accounts = yield* byId<AccountRow, StoreState["accounts"][number]>(SQL.stateAccounts, (row) =>
    rowToAccount(
      pool.pooled(
        row,
        ["id", "industry", "segment", "region", "owner_id", "status", "customer_since", "renewal_date", "last_contact"],
        ["created_at", "updated_at"],
      ),
    ),
  );
  const managers = (db.prepare(SQL.stateManagers).all() as ManagerRow[]).map(rowToManager);
  const communities = (db.prepare(SQL.stateCommunities).all() as CommunityRow[]).map(rowToCommunity);
  const memberships: StoreState["memberships"] = [];
  const membershipPage = db.prepare(SQL.stateMemberships);
  let after = ["", ""];
  for (;;) {
    const rows = membershipPage.all(after[0], after[1], pageSize) as MembershipRow[];
    for (const row of rows) memberships.push(rowToMembership(pool.pooled(row, ["account_id", "community_id", "role", "since"])));
    if (rows.length < pageSize) break;
    const last = rows[rows.length - 1]!;
    after = [last.account_id, last.community_id];
    yield;
  }
  const links = yield* byId<LinkRow, StoreState["links"][number]>(SQL.stateLinks, (row) =>
    rowToLink(pool.pooled(row, ["type", "from_id", "to_id", "kind", "date"], ["created_at"])),
  );
  const engagements = yield* byId<EngagementRow, StoreState["engagements"][number]>(
    SQL.stateEngagements,
    (row) => rowToEngagement(pool.pooled(row, ["account_id", "manager_id", "date", "kind"])),
    activitySince,
  );
  const purchases = yield* byId<PurchaseRow, StoreState["purchases"][number]>(
    SQL.statePurchases,
    (row) => rowToPurchase(pool.pooled(row, ["account_id", "date"])),
    activitySince,
  );
  const apiKeys = (db.prepare(API_KEY_SQL.list).all() as ApiKeyRow[]).map(rowToApiKey);
  return { seq, accounts, managers, communities, memberships, links, engagements, purchases, apiKeys };
}

/** Every row of a `... WHERE [lead params and] id > ? ORDER BY id LIMIT ?` statement, a page at a time. */
function* pagesById<R extends { id: string }, T>(
  statement: Database.Statement,
  map: (row: R) => T,
  pageSize: number,
  lead: readonly unknown[],
): Generator<void, T[]> {
  const out: T[] = [];
  let afterId = "";
  for (;;) {
    const rows = statement.all(...lead, afterId, pageSize) as R[];
    for (const row of rows) out.push(map(row));
    if (rows.length < pageSize) return out;
    afterId = rows[rows.length - 1]!.id;
    yield;
  }
}
