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
  ACCOUNT_READ_COLUMNS,
  ENGAGEMENT_READ_COLUMNS,
  LINK_READ_COLUMNS,
  MEMBERSHIP_READ_COLUMNS,
  PURCHASE_READ_COLUMNS,
  rowToCommunity,
  rowToManager,
  valuesToAccount,
  valuesToEngagement,
  valuesToLink,
  valuesToMembership,
  valuesToPurchase,
  type CommunityRow,
  type ManagerRow,
  type RowValues,
} from "./sqlite-mapping.js";
import { SQL } from "./sqlite-queries.js";

/** Positions in `columns` of the strings a table's rows share with other rows, and of those that repeat in runs. */
interface PoolPlan {
  shared: number[];
  runs: number[];
}

function poolPlan<C extends string>(columns: readonly C[], shared: readonly C[], runs: readonly C[] = []): PoolPlan {
  return { shared: shared.map((c) => columns.indexOf(c)), runs: runs.map((c) => columns.indexOf(c)) };
}

// Ids other rows name, codes and dates are shared; an import's timestamps repeat in runs.
const ACCOUNT_POOL = poolPlan(
  ACCOUNT_READ_COLUMNS,
  ["id", "industry", "segment", "region", "owner_id", "status", "customer_since", "renewal_date", "last_contact"],
  ["created_at", "updated_at"],
);
const MEMBERSHIP_POOL = poolPlan(MEMBERSHIP_READ_COLUMNS, ["account_id", "community_id", "role", "since"]);
const LINK_POOL = poolPlan(LINK_READ_COLUMNS, ["type", "from_id", "to_id", "kind", "date"], ["created_at"]);
const ENGAGEMENT_POOL = poolPlan(ENGAGEMENT_READ_COLUMNS, ["account_id", "manager_id", "date", "kind"]);
const PURCHASE_POOL = poolPlan(PURCHASE_READ_COLUMNS, ["account_id", "date"]);

export function* readStateRows(db: Database.Database, activitySince: string, pageSize: number): Generator<void, StoreState> {
  const seq = (db.prepare(FEED_SQL.head).get() as { value: number }).value;
  // Accounts first, so the ids links, memberships and activity name share the accounts' strings.
  const pool = new StringPool();
  const pooled =
    <T>(plan: PoolPlan, decode: (values: RowValues) => T) =>
    (values: unknown[]) =>
      decode(pool.pooledAt(values, plan.shared, plan.runs));
  const byId = <T>(sql: string, decode: (values: unknown[]) => T, ...lead: unknown[]) => pagesById(db.prepare(sql).raw(true), decode, pageSize, lead);

  const accounts = yield* byId(SQL.stateAccounts, pooled(ACCOUNT_POOL, valuesToAccount));
  const managers = (db.prepare(SQL.stateManagers).all() as ManagerRow[]).map(rowToManager);
  const communities = (db.prepare(SQL.stateCommunities).all() as CommunityRow[]).map(rowToCommunity);
  const memberships: StoreState["memberships"] = [];
  const membershipPage = db.prepare(SQL.stateMemberships).raw(true);
  const membership = pooled(MEMBERSHIP_POOL, valuesToMembership);
  let after: unknown[] = ["", ""];
  for (;;) {
    const rows = membershipPage.all(after[0], after[1], pageSize) as unknown[][];
    for (const row of rows) memberships.push(membership(row));
    if (rows.length < pageSize) break;
    // The keyset (account_id, community_id) leads the column list.
    after = rows[rows.length - 1]!;
    yield;
  }
  const links = yield* byId(SQL.stateLinks, pooled(LINK_POOL, valuesToLink));
  const engagements = yield* byId(SQL.stateEngagements, pooled(ENGAGEMENT_POOL, valuesToEngagement), activitySince);
  const purchases = yield* byId(SQL.statePurchases, pooled(PURCHASE_POOL, valuesToPurchase), activitySince);
  const apiKeys = (db.prepare(API_KEY_SQL.list).all() as ApiKeyRow[]).map(rowToApiKey);
  return { seq, accounts, managers, communities, memberships, links, engagements, purchases, apiKeys };
}

/**
 * Every row of a `... WHERE [lead params and] id > ? ORDER BY id LIMIT ?` statement in raw
 * mode, a page at a time; `id` is the first column of every *_READ_COLUMNS list.
 */
function* pagesById<T>(
  statement: Database.Statement,
  decode: (values: unknown[]) => T,
  pageSize: number,
  lead: readonly unknown[],
): Generator<void, T[]> {
  const out: T[] = [];
  let afterId: unknown = "";
  for (;;) {
    const rows = statement.all(...lead, afterId, pageSize) as unknown[][];
    for (const row of rows) out.push(decode(row));
    if (rows.length < pageSize) return out;
    afterId = rows[rows.length - 1]![0];
    yield;
  }
}
