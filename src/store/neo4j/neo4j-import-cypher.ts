/**
 * Bulk insert statements of importDataset and importRecords, and the rows they read.
 *
 * Each row is a positional list (neo4j-property-columns.ts explains why): endpoints first,
 * then the record's property columns. Each statement:
 * - seeks each distinct endpoint of the batch ONCE, by its uniquely constrained id
 *   (NodeUniqueIndexSeek on `$accounts[i]`, `$managers[i]`, `$communities[i]`), and rows
 *   name endpoints by their position in those lists (neo4j-batch-writer.ts builds them).
 *   A 10,000-link batch names ~10,500 distinct accounts instead of seeking 20,000, a batch
 *   of engagements a few thousand accounts and at most 400 managers instead of two seeks a
 *   row: the locking seeks were 15% of the server's time. `ORDER BY i` keeps each list
 *   aligned with its ids; a list shorter than its ids (an endpoint deleted after validation)
 *   writes no row at all;
 * - CREATEs with a literal property map rather than `SET x = row`, which needed an Eager
 *   barrier (the SET might touch the `id` the seeks read) and a token lookup per key per row;
 * - uses CREATE, not MERGE: validation has already proved every id and pair new;
 * - returns `written`, the rows it wrote, which the batch writer checks is all of them.
 * neo4j-import-steps.ts pairs each statement with its rows, memory estimate and undo.
 */
import type { Account, AccountManager, Community, Engagement, Link, Membership, Purchase } from "../../domain/model.js";
import * as P from "./neo4j-property-columns.js";

const WRITTEN = "RETURN count(*) AS written";

/** Parameters holding a batch's distinct endpoint ids, by the label they name. */
export const ENDPOINT_LABELS = Object.freeze({ accounts: "Account", managers: "AccountManager", communities: "Community" });
export type EndpointList = keyof typeof ENDPOINT_LABELS;

/** `<list>Nodes`: the nodes of `$<list>`, in order; then rows bind `<variable>` by position. */
function withEndpoints(lists: readonly EndpointList[], bindings: readonly [variable: string, list: EndpointList][]): string {
  const calls = lists.map(
    (list) => `CALL () {
  UNWIND range(0, size($${list}) - 1) AS i
  MATCH (n:${ENDPOINT_LABELS[list]} {id: $${list}[i]})
  WITH i, n ORDER BY i
  RETURN collect(n) AS ${list}Nodes
}`,
  );
  const complete = lists.map((list) => `size(${list}Nodes) = size($${list})`).join(" AND ");
  const bound = bindings.map(([variable, list], column) => `${list}Nodes[toInteger(r[${column}])] AS ${variable}`).join(", ");
  return `${calls.join("\n")}
WITH ${lists.map((list) => `${list}Nodes`).join(", ")} WHERE ${complete}
UNWIND $rows AS r
WITH ${bound}, r`;
}

function createNodes(label: string, properties: string): string {
  return `UNWIND $rows AS r\nCREATE (:${label} ${properties})\n${WRITTEN}`;
}

function createLinks(type: "INFLUENCES" | "REFERRED"): string {
  return `${withEndpoints(
    ["accounts"],
    [
      ["a", "accounts"],
      ["b", "accounts"],
    ],
  )}
CREATE (a)-[:${type} ${P.propertyMapCypher(P.LINK_COLUMNS, "r", 2)}]->(b)
${WRITTEN}`;
}

export const IMPORT_MANAGERS = createNodes("AccountManager", P.propertyMapCypher(P.MANAGER_COLUMNS, "r", 0));
export const IMPORT_ACCOUNTS = createNodes("Account", P.propertyMapCypher(P.ACCOUNT_COLUMNS, "r", 0));
export const IMPORT_COMMUNITIES = createNodes("Community", P.propertyMapCypher(P.COMMUNITY_COLUMNS, "r", 0));
export const IMPORT_INFLUENCES = createLinks("INFLUENCES");
export const IMPORT_REFERRALS = createLinks("REFERRED");

export const IMPORT_MEMBERSHIPS = `${withEndpoints(
  ["accounts", "communities"],
  [
    ["a", "accounts"],
    ["c", "communities"],
  ],
)}
CREATE (a)-[:MEMBER_OF ${P.propertyMapCypher(P.MEMBERSHIP_COLUMNS, "r", 2)}]->(c)
${WRITTEN}`;

export const IMPORT_ENGAGEMENTS = `${withEndpoints(
  ["accounts", "managers"],
  [
    ["a", "accounts"],
    ["m", "managers"],
  ],
)}
CREATE (a)<-[:FOR]-(:Engagement ${P.propertyMapCypher(P.ENGAGEMENT_COLUMNS, "r", 2)})-[:BY]->(m)
${WRITTEN}`;

export const IMPORT_PURCHASES = `${withEndpoints(["accounts"], [["a", "accounts"]])}
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
