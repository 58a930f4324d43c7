/**
 * Paged engagements and purchases of many accounts in two statements each (ports/record-edits.ts
 * ActivityPageQuery): the rows by ROW_NUMBER() per account in newest-first order (date desc,
 * id desc; the (account_id, date) indexes serve the partitions), and the totals per account.
 * A page continues strictly after its (date, id) position; the totals ignore it. Missing
 * bounds bind as NULL and drop out of the comparison.
 */
import type { Engagement, Purchase } from "../../domain/model.js";
import type { ActivityPage, ActivityPageQuery } from "../../ports/account-graph-store.js";
import { buildActivityPages, requireActivityPageQuery } from "../../ports/record-edits.js";
import { rowToEngagement, rowToPurchase, type EngagementRow, type PurchaseRow } from "./sqlite-mapping.js";

const IN_WINDOW = "account_id IN (SELECT value FROM json_each(@ids)) AND (@from IS NULL OR date >= @from) AND (@to IS NULL OR date <= @to)";
const AFTER = "(@afterDate IS NULL OR date < @afterDate OR (date = @afterDate AND id < @afterId))";

const pageSql = (table: string) => `SELECT * FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY date DESC, id DESC) AS position_in_account
  FROM ${table} WHERE ${IN_WINDOW} AND ${AFTER}
) WHERE position_in_account <= @limit ORDER BY account_id, date DESC, id DESC`;

const totalsSql = (table: string) => `SELECT account_id, COUNT(*) AS total FROM ${table} WHERE ${IN_WINDOW} GROUP BY account_id`;

export const ACTIVITY_PAGE_SQL = Object.freeze({
  engagementPage: pageSql("engagements"),
  engagementTotals: totalsSql("engagements"),
  purchasePage: pageSql("purchases"),
  purchaseTotals: totalsSql("purchases"),
});

type Reader = <R>(sql: string, params: Record<string, unknown>) => R[];

/** The totals' parameters (accounts and window), and the page's (those plus position and limit). */
function params(query: ActivityPageQuery): { first: number; window: Record<string, unknown>; page: Record<string, unknown> } {
  const { first, after } = requireActivityPageQuery(query);
  const window = { ids: JSON.stringify(query.accountIds), from: query.window?.from ?? null, to: query.window?.to ?? null };
  return { first, window, page: { ...window, afterDate: after?.date ?? null, afterId: after?.id ?? null, limit: first + 1 } };
}

function pagesOf<T extends { accountId: string }, R>(
  all: Reader,
  query: ActivityPageQuery,
  sql: { page: string; totals: string },
  convert: (row: R) => T,
): ActivityPage<T>[] {
  if (query.accountIds.length === 0) return [];
  const { first, window, page } = params(query);
  const totals = new Map(all<{ account_id: string; total: number }>(sql.totals, window).map((r) => [r.account_id, r.total]));
  const rows = all<R>(sql.page, page).map(convert);
  return buildActivityPages(query.accountIds, first, rows, totals);
}

export function engagementPagesOf(all: Reader, query: ActivityPageQuery): ActivityPage<Engagement>[] {
  return pagesOf<Engagement, EngagementRow>(
    all,
    query,
    { page: ACTIVITY_PAGE_SQL.engagementPage, totals: ACTIVITY_PAGE_SQL.engagementTotals },
    rowToEngagement,
  );
}

export function purchasePagesOf(all: Reader, query: ActivityPageQuery): ActivityPage<Purchase>[] {
  return pagesOf<Purchase, PurchaseRow>(
    all,
    query,
    { page: ACTIVITY_PAGE_SQL.purchasePage, totals: ACTIVITY_PAGE_SQL.purchaseTotals },
    rowToPurchase,
  );
}
