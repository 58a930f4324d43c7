/**
 * Paged engagements and purchases of many accounts in one read (ports/record-edits.ts
 * ActivityPageQuery): per account, a subquery counts the rows in the window and another
 * reads up to `$limit` of them newest first (date desc, id desc) strictly after the
 * position, so a page costs the account's window, never all accounts' rows. Null bounds
 * leave that side open.
 */
import type { Engagement, Purchase } from "../../domain/model.js";
import type { ActivityPage, ActivityPageQuery } from "../../ports/account-graph-store.js";
import { buildActivityPages, requireActivityPageQuery } from "../../ports/record-edits.js";
import { ENGAGEMENT_PROJECTION, PURCHASE_PROJECTION } from "./cypher.js";
import type { Neo4jExecutor } from "./neo4j-executor.js";
import { toEngagement, toNeo4jDate, toNeo4jInt, toNumber, toPurchase } from "./neo4j-mapping.js";

const WINDOW = (x: string) => `($from IS NULL OR ${x}.date >= $from) AND ($to IS NULL OR ${x}.date <= $to)`;
const AFTER = (x: string) => `($afterDate IS NULL OR ${x}.date < $afterDate OR (${x}.date = $afterDate AND ${x}.id < $afterId))`;

export const ENGAGEMENT_PAGES = `
UNWIND $ids AS id
MATCH (a:Account {id: id})
CALL (a) {
  OPTIONAL MATCH (a)<-[:FOR]-(e:Engagement)
  WHERE ${WINDOW("e")}
  RETURN count(e) AS total
}
CALL (a) {
  MATCH (a)<-[:FOR]-(e:Engagement)-[:BY]->(m:AccountManager)
  WHERE ${WINDOW("e")} AND ${AFTER("e")}
  WITH a, e, m ORDER BY e.date DESC, e.id DESC LIMIT $limit
  RETURN collect(${ENGAGEMENT_PROJECTION}) AS items
}
RETURN a.id AS accountId, total, items`;

export const PURCHASE_PAGES = `
UNWIND $ids AS id
MATCH (a:Account {id: id})
CALL (a) {
  OPTIONAL MATCH (a)<-[:OF]-(p:Purchase)
  WHERE ${WINDOW("p")}
  RETURN count(p) AS total
}
CALL (a) {
  MATCH (a)<-[:OF]-(p:Purchase)
  WHERE ${WINDOW("p")} AND ${AFTER("p")}
  WITH a, p ORDER BY p.date DESC, p.id DESC LIMIT $limit
  RETURN collect(${PURCHASE_PROJECTION}) AS items
}
RETURN a.id AS accountId, total, items`;

async function pagesOf<T extends { accountId: string }>(
  executor: Neo4jExecutor,
  operation: string,
  cypher: string,
  query: ActivityPageQuery,
  convert: (p: { [k: string]: unknown }) => T,
): Promise<ActivityPage<T>[]> {
  if (query.accountIds.length === 0) return [];
  const { first, after } = requireActivityPageQuery(query);
  const params = {
    ids: [...new Set(query.accountIds)],
    from: toNeo4jDate(query.window?.from),
    to: toNeo4jDate(query.window?.to),
    afterDate: toNeo4jDate(after?.date),
    afterId: after?.id ?? null,
    limit: toNeo4jInt(first + 1),
  };
  const records = await executor.read(operation, (q) => q.run(cypher, params));
  const totals = new Map<string, number>();
  const rows: T[] = [];
  for (const record of records) {
    totals.set(String(record.get("accountId")), toNumber(record.get("total")));
    for (const item of record.get("items") as { [k: string]: unknown }[]) rows.push(convert(item));
  }
  return buildActivityPages(query.accountIds, first, rows, totals);
}

export function engagementPagesOf(executor: Neo4jExecutor, query: ActivityPageQuery): Promise<ActivityPage<Engagement>[]> {
  return pagesOf(executor, "engagementPages", ENGAGEMENT_PAGES, query, toEngagement);
}

export function purchasePagesOf(executor: Neo4jExecutor, query: ActivityPageQuery): Promise<ActivityPage<Purchase>[]> {
  return pagesOf(executor, "purchasePages", PURCHASE_PAGES, query, toPurchase);
}
