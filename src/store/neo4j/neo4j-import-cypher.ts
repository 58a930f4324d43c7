/**
 * Bulk insert statements of importDataset and importRecords, and the rows they read.
 *
 * Each row is a positional list (neo4j-property-columns.ts explains why): endpoint ids first,
 * then the record's property columns. Each statement:
 * - MATCHes endpoints one pattern at a time by their uniquely constrained id, so every row is
 *   two NodeUniqueIndexSeeks, never a label scan or a cartesian product of scans;
 * - CREATEs with a literal property map rather than `SET x = row`, which would need an Eager
 *   barrier (the SET might touch the `id` the seeks read) and a token lookup per key per row;
 * - uses CREATE, not MERGE: validation has already proved every id and pair new;
 * - returns `written`, the rows it wrote: a row whose endpoint vanished after validation would
 *   otherwise be dropped silently by the MATCH (neo4j-batch-writer.ts checks it).
 * neo4j-import-steps.ts pairs each statement with its rows, memory estimate and undo.
 */
import type { Account, AccountManager, Community, Engagement, Link, Membership, Purchase } from "../../domain/model.js";
import * as P from "./neo4j-property-columns.js";

const WRITTEN = "RETURN count(*) AS written";

function createNodes(label: string, properties: string): string {
  return `UNWIND $rows AS r\nCREATE (:${label} ${properties})\n${WRITTEN}`;
}

function createLinks(type: "INFLUENCES" | "REFERRED"): string {
  return `UNWIND $rows AS r
MATCH (a:Account {id: r[0]})
MATCH (b:Account {id: r[1]})
CREATE (a)-[:${type} ${P.propertyMapCypher(P.LINK_COLUMNS, "r", 2)}]->(b)
${WRITTEN}`;
}

export const IMPORT_MANAGERS = createNodes("AccountManager", P.propertyMapCypher(P.MANAGER_COLUMNS, "r", 0));
export const IMPORT_ACCOUNTS = createNodes("Account", P.propertyMapCypher(P.ACCOUNT_COLUMNS, "r", 0));
export const IMPORT_COMMUNITIES = createNodes("Community", P.propertyMapCypher(P.COMMUNITY_COLUMNS, "r", 0));
export const IMPORT_INFLUENCES = createLinks("INFLUENCES");
export const IMPORT_REFERRALS = createLinks("REFERRED");

export const IMPORT_MEMBERSHIPS = `UNWIND $rows AS r
MATCH (a:Account {id: r[0]})
MATCH (c:Community {id: r[1]})
CREATE (a)-[:MEMBER_OF ${P.propertyMapCypher(P.MEMBERSHIP_COLUMNS, "r", 2)}]->(c)
${WRITTEN}`;

export const IMPORT_ENGAGEMENTS = `UNWIND $rows AS r
MATCH (a:Account {id: r[0]})
MATCH (m:AccountManager {id: r[1]})
CREATE (a)<-[:FOR]-(:Engagement ${P.propertyMapCypher(P.ENGAGEMENT_COLUMNS, "r", 2)})-[:BY]->(m)
${WRITTEN}`;

export const IMPORT_PURCHASES = `UNWIND $rows AS r
MATCH (a:Account {id: r[0]})
CREATE (a)<-[:OF]-(:Purchase ${P.propertyMapCypher(P.PURCHASE_COLUMNS, "r", 1)})
${WRITTEN}`;

// ---------- rows, in the column order of the statements above ----------

export type ImportRow = unknown[];

export const managerRow = (m: AccountManager): ImportRow => P.toColumns(P.MANAGER_COLUMNS, m);
export const accountRow = (a: Account): ImportRow => P.toColumns(P.ACCOUNT_COLUMNS, a);
export const communityRow = (c: Community): ImportRow => P.toColumns(P.COMMUNITY_COLUMNS, c);
export const linkRow = (l: Link): ImportRow => [l.fromId, l.toId, ...P.toColumns(P.LINK_COLUMNS, l)];
export const membershipRow = (m: Membership): ImportRow => [m.accountId, m.communityId, ...P.toColumns(P.MEMBERSHIP_COLUMNS, m)];
export const engagementRow = (e: Engagement): ImportRow => [e.accountId, e.managerId, ...P.toColumns(P.ENGAGEMENT_COLUMNS, e)];
export const purchaseRow = (p: Purchase): ImportRow => [p.accountId, ...P.toColumns(P.PURCHASE_COLUMNS, p)];

/** The server's transaction memory caps (values like `256.00MiB`; `0B` is no cap). */
export const TRANSACTION_MEMORY_SETTINGS = `SHOW SETTINGS YIELD name, value
WHERE name IN ['dbms.memory.transaction.total.max', 'db.memory.transaction.total.max', 'db.memory.transaction.max']
RETURN name, value`;
