/**
 * Every SQL statement of the SQLite store, as named constants. Caller values only ever
 * travel as bound parameters; the one dynamic statement (listAccounts) is assembled
 * from the fixed fragments below, chosen by which filter fields are present and by the
 * sort key through the frozen ACCOUNT_SORTS allow-list.
 *
 * Id lists travel as one JSON array parameter read with json_each(), so a list of any
 * length is one statement (no placeholder-per-id, no SQLITE_MAX_VARIABLE_NUMBER limit).
 */
import type { AccountFilter, AccountSortKey, SortDirection } from "../../ports/account-graph-store.js";
import {
  ACCOUNT_COLUMNS,
  ACCOUNT_READ_COLUMNS,
  ENGAGEMENT_READ_COLUMNS,
  LINK_READ_COLUMNS,
  MEMBERSHIP_READ_COLUMNS,
  PURCHASE_READ_COLUMNS,
  type AccountRow,
} from "./sqlite-mapping.js";

const insertSql = (table: string, columns: readonly string[]): string =>
  `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`;

const updateSql = (table: string, columns: readonly string[]): string =>
  `UPDATE ${table} SET ${columns
    .filter((c) => c !== "id")
    .map((c) => `${c} = @${c}`)
    .join(", ")} WHERE id = @id`;

const IDS = "(SELECT value FROM json_each(?))";

export const SQL = Object.freeze({
  counts: `SELECT
    (SELECT COUNT(*) FROM accounts)    AS accounts,
    (SELECT COUNT(*) FROM managers)    AS managers,
    (SELECT COUNT(*) FROM communities) AS communities,
    (SELECT COUNT(*) FROM memberships) AS memberships,
    (SELECT COUNT(*) FROM links)       AS links,
    (SELECT COUNT(*) FROM engagements) AS engagements,
    (SELECT COUNT(*) FROM purchases)   AS purchases`,
  ping: "SELECT 1 AS ok",

  // accounts
  insertAccount: insertSql("accounts", ACCOUNT_COLUMNS),
  updateAccount: updateSql(
    "accounts",
    ACCOUNT_COLUMNS.filter((c) => c !== "created_at"),
  ),
  deleteAccount: "DELETE FROM accounts WHERE id = ?",
  accountById: "SELECT * FROM accounts WHERE id = ?",
  accountsByIds: `SELECT * FROM accounts WHERE id IN ${IDS}`,
  accountExists: "SELECT 1 FROM accounts WHERE id = ?",
  accountIdByExternalId: "SELECT id FROM accounts WHERE external_id = ?",
  ownersOfAccounts: `SELECT owner_id FROM accounts WHERE id IN ${IDS}`,

  // managers
  insertManager: insertSql("managers", ["id", "name", "email", "weekly_capacity_hours", "created_at"]),
  updateManager: updateSql("managers", ["id", "name", "email", "weekly_capacity_hours"]),
  managerById: "SELECT * FROM managers WHERE id = ?",
  managersByIds: `SELECT * FROM managers WHERE id IN ${IDS}`,
  managerExists: "SELECT 1 FROM managers WHERE id = ?",
  listManagers: "SELECT * FROM managers ORDER BY name, id",

  // communities and memberships
  insertCommunity: insertSql("communities", ["id", "name", "kind", "region", "created_at"]),
  communityById: "SELECT * FROM communities WHERE id = ?",
  communitiesByIds: `SELECT * FROM communities WHERE id IN ${IDS}`,
  communityExists: "SELECT 1 FROM communities WHERE id = ?",
  listCommunities: "SELECT * FROM communities ORDER BY name, id",
  insertMembership: insertSql("memberships", ["account_id", "community_id", "role", "since"]),
  membershipByKey: "SELECT * FROM memberships WHERE account_id = ? AND community_id = ?",
  deleteMembership: "DELETE FROM memberships WHERE account_id = ? AND community_id = ?",
  membershipsOfAccounts: `SELECT * FROM memberships WHERE account_id IN ${IDS} ORDER BY account_id, community_id`,
  membershipsOfCommunities: `SELECT * FROM memberships WHERE community_id IN ${IDS} ORDER BY community_id, account_id`,

  // links
  insertLink: insertSql("links", ["id", "type", "from_id", "to_id", "strength", "kind", "revenue", "date", "created_at"]),
  linkById: "SELECT * FROM links WHERE id = ?",
  linksByIds: `SELECT * FROM links WHERE id IN ${IDS}`,
  linkExists: "SELECT 1 FROM links WHERE id = ?",
  linkByEnds: "SELECT id FROM links WHERE type = ? AND from_id = ? AND to_id = ?",
  deleteLink: "DELETE FROM links WHERE id = ?",
  linksOfAccount: "SELECT * FROM links WHERE from_id = ? OR to_id = ?",
  // With `types` given the *OfTypes variants apply (an empty list selects no link).
  linksFrom: `SELECT * FROM links WHERE from_id IN ${IDS} ORDER BY from_id, type, to_id`,
  linksTo: `SELECT * FROM links WHERE to_id IN ${IDS} ORDER BY to_id, type, from_id`,
  linksFromOfTypes: `SELECT * FROM links WHERE from_id IN ${IDS} AND type IN ${IDS} ORDER BY from_id, type, to_id`,
  linksToOfTypes: `SELECT * FROM links WHERE to_id IN ${IDS} AND type IN ${IDS} ORDER BY to_id, type, from_id`,

  // activity; a missing window bound is bound as NULL and drops out of the comparison
  insertEngagement: insertSql("engagements", ["id", "account_id", "manager_id", "minutes", "date", "kind", "note"]),
  engagementExists: "SELECT 1 FROM engagements WHERE id = ?",
  engagementManagersOfAccount: "SELECT DISTINCT manager_id FROM engagements WHERE account_id = ?",
  engagementsOfAccounts: `SELECT * FROM engagements WHERE account_id IN ${IDS}
    AND (@from IS NULL OR date >= @from) AND (@to IS NULL OR date <= @to) ORDER BY date, id`,
  engagementsOfManager: `SELECT * FROM engagements WHERE manager_id = @managerId
    AND (@from IS NULL OR date >= @from) AND (@to IS NULL OR date <= @to) ORDER BY date, id`,
  insertPurchase: insertSql("purchases", ["id", "account_id", "amount", "licences", "discount", "date"]),
  purchaseExists: "SELECT 1 FROM purchases WHERE id = ?",
  purchasesOfAccounts: `SELECT * FROM purchases WHERE account_id IN ${IDS}
    AND (@from IS NULL OR date >= @from) AND (@to IS NULL OR date <= @to) ORDER BY date, id`,

  // readState: keyset iteration, never OFFSET (OFFSET rescans every skipped row). The big
  // tables name their columns: the read takes rows as raw values in that order (sqlite-mapping.ts).
  stateAccounts: `SELECT ${ACCOUNT_READ_COLUMNS.join(", ")} FROM accounts WHERE id > ? ORDER BY id LIMIT ?`,
  stateManagers: "SELECT * FROM managers ORDER BY id",
  stateCommunities: "SELECT * FROM communities ORDER BY id",
  stateMemberships: `SELECT ${MEMBERSHIP_READ_COLUMNS.join(", ")} FROM memberships WHERE (account_id, community_id) > (?, ?)
    ORDER BY account_id, community_id LIMIT ?`,
  stateLinks: `SELECT ${LINK_READ_COLUMNS.join(", ")} FROM links WHERE id > ? ORDER BY id LIMIT ?`,
  stateEngagements: `SELECT ${ENGAGEMENT_READ_COLUMNS.join(", ")} FROM engagements WHERE date >= ? AND id > ? ORDER BY id LIMIT ?`,
  statePurchases: `SELECT ${PURCHASE_READ_COLUMNS.join(", ")} FROM purchases WHERE date >= ? AND id > ? ORDER BY id LIMIT ?`,
});

// ---------- listAccounts ----------

export interface AccountSortSpec {
  /** Column of `accounts` (alias `a`) that holds the sort value. */
  readonly column: keyof AccountRow;
  readonly nullable: boolean;
  readonly valueType: "text" | "number";
}

/**
 * The sort allow-list. NAME sorts by the stored name in binary (code point) order.
 * Nulls (only renewal_date can be null) come last in both directions; ties are broken
 * by id in the same direction as the sort.
 */
export const ACCOUNT_SORTS: Readonly<Record<AccountSortKey, AccountSortSpec>> = Object.freeze({
  NAME: Object.freeze({ column: "name", nullable: false, valueType: "text" }),
  ANNUAL_REVENUE: Object.freeze({ column: "annual_revenue", nullable: false, valueType: "number" }),
  CREATED_AT: Object.freeze({ column: "created_at", nullable: false, valueType: "text" }),
  RENEWAL_DATE: Object.freeze({ column: "renewal_date", nullable: true, valueType: "text" }),
  LICENCES_PLANNED: Object.freeze({ column: "licences_planned", nullable: false, valueType: "number" }),
} as const satisfies Record<AccountSortKey, AccountSortSpec>);

/** One fragment per filter field; each reads only its own named parameter. */
const FILTER_FRAGMENTS: Readonly<Record<keyof AccountFilter, string>> = Object.freeze({
  segments: "a.segment IN (SELECT value FROM json_each(@segments))",
  industries: "a.industry IN (SELECT value FROM json_each(@industries))",
  regions: "a.region IN (SELECT value FROM json_each(@regions))",
  ownerIds: "a.owner_id IN (SELECT value FROM json_each(@ownerIds))",
  statuses: "a.status IN (SELECT value FROM json_each(@statuses))",
  minRevenue: "a.annual_revenue >= @minRevenue",
  maxRevenue: "a.annual_revenue <= @maxRevenue",
  communityId: "EXISTS (SELECT 1 FROM memberships m WHERE m.account_id = a.id AND m.community_id = @communityId)",
  // instr, not LIKE: '%' and '_' in the needle stay literal with no escaping to get wrong.
  nameContains: "instr(a.name_folded, @nameContains) > 0",
  ids: "a.id IN (SELECT value FROM json_each(@ids))",
});

export const FILTER_KEYS = Object.freeze(Object.keys(FILTER_FRAGMENTS) as (keyof AccountFilter)[]);

/** Where the previous page ended, as far as the SQL shape is concerned. */
export type KeysetShape = "none" | "value" | "null";

function keysetFragment(spec: AccountSortSpec, direction: SortDirection, shape: KeysetShape): string | null {
  const col = `a.${spec.column}`;
  const cmp = direction === "ASC" ? ">" : "<";
  if (shape === "none") return null;
  if (shape === "null") return `(${col} IS NULL AND a.id ${cmp} @afterId)`;
  const range = `(${col}, a.id) ${cmp} (@afterValue, @afterId)`;
  return spec.nullable ? `(${col} IS NULL OR ${range})` : range;
}

function orderBy(spec: AccountSortSpec, direction: SortDirection): string {
  const nulls = spec.nullable ? " NULLS LAST" : "";
  return `a.${spec.column} ${direction}${nulls}, a.id ${direction}`;
}

/**
 * SQL for one listAccounts call: `count` ignores pagination, `page` applies the keyset
 * and reads `@limit` rows. Only the filter fields present (a fixed set of names) and
 * the allow-listed sort shape vary the text.
 */
export function buildAccountListSql(
  filterKeys: readonly (keyof AccountFilter)[],
  sortKey: AccountSortKey,
  direction: SortDirection,
  keyset: KeysetShape,
): { count: string; page: string } {
  const spec = ACCOUNT_SORTS[sortKey];
  const filters = filterKeys.map((key) => FILTER_FRAGMENTS[key]);
  const where = filters.length > 0 ? ` WHERE ${filters.join(" AND ")}` : "";
  const keysetSql = keysetFragment(spec, direction, keyset);
  const pageFilters = keysetSql === null ? filters : [...filters, keysetSql];
  const pageWhere = pageFilters.length > 0 ? ` WHERE ${pageFilters.join(" AND ")}` : "";
  return {
    count: `SELECT COUNT(*) AS total FROM accounts a${where}`,
    page: `SELECT a.* FROM accounts a${pageWhere} ORDER BY ${orderBy(spec, direction)} LIMIT @limit`,
  };
}
