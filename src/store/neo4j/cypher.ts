/**
 * Every Cypher statement the Neo4j adapter runs, as named constants. Values always
 * travel as `$parameters`; the only text ever composed is from this file's own
 * constants (listAccounts assembles its queries line by line from frozen fragments,
 * chosen by which filter fields are present and by the AccountSortKey allow-list), so
 * nothing a caller supplies can change a query's text beyond picking fragments.
 * test/store/neo4j-store.test.ts checks that by capturing the text.
 *
 * Graph model:
 *   (:Account {id, externalId?, name, nameFolded, nameSortKey, ownerId?, ...})
 *   (:AccountManager {id, ...}) (:Community {id, ...})
 *   (:GraphMeta {key: 'feed', head, compactedThrough}) (:GraphMeta {key: 'schema', version})
 *   (:Change {seq, writeId, at, entries})   the change feed (ports/change-feed.ts), one per write
 *   (:Engagement {id, ...})-[:FOR]->(:Account), (:Engagement)-[:BY]->(:AccountManager)
 *   (:Purchase {id, ...})-[:OF]->(:Account)
 *   (:Account)-[:MEMBER_OF {role, since?}]->(:Community)
 *   (:Account)-[:REFERRED {id, strength, revenue, date, createdAt}]->(:Account)
 *   (:Account)-[:INFLUENCES {id, strength, kind, date?, createdAt}]->(:Account)
 * The owner is an indexed `ownerId` property rather than an OWNS relationship: it is
 * read as a filter and a projection attribute, never traversed.
 */
import { ACCOUNT_SORT_KEYS, type AccountFilter, type AccountSortKey, type SortDirection } from "../../ports/account-graph-store.js";

// ---------- change feed (ports/change-feed.ts) ----------

/**
 * Run first in every write: takes the feed head's write lock and the next sequence number.
 * Every writer queues on this one lock until its transaction ends, so sequence numbers are
 * handed out and committed in the same order, writers cannot deadlock on each other, and a
 * rolled-back write (or one that changed nothing) gives its number back.
 */
export const TAKE_FEED_SEQ = `
MATCH (f:GraphMeta {key: 'feed'})
SET f.head = f.head + 1
RETURN f.head AS seq`;

/** The feed head's lock without taking a number: a consistent whole-state read (readState's fallback). */
export const HOLD_FEED = `
MATCH (f:GraphMeta {key: 'feed'})
SET f.head = f.head
RETURN f.head AS head`;

export const APPEND_CHANGE = `
CREATE (:Change {seq: $seq, writeId: $writeId, at: $at, entries: $entries})`;

/**
 * TAKE_FEED_SEQ and APPEND_CHANGE in one statement, for writes that take their number last
 * (neo4j-store.ts #write, `numberLast`): the head's lock is then held for this statement and
 * the commit only.
 */
export const TAKE_SEQ_AND_APPEND_CHANGE = `
MATCH (f:GraphMeta {key: 'feed'})
SET f.head = f.head + 1
CREATE (:Change {seq: f.head, writeId: $writeId, at: $at, entries: $entries})
RETURN f.head AS seq`;

/** The change a previous attempt of the same call committed (see neo4j-store.ts #write). */
export const CHANGE_BY_WRITE_ID = `
MATCH (c:Change {writeId: $writeId})
RETURN c.seq AS seq, c.at AS at, c.entries AS entries`;

export const FEED_STATE = `
MATCH (f:GraphMeta {key: 'feed'})
RETURN f.head AS head, f.compactedThrough AS compactedThrough`;

export const CHANGES_SINCE = `
MATCH (c:Change)
WHERE c.seq > $after
RETURN c.seq AS seq, c.at AS at, c.entries AS entries
ORDER BY c.seq
LIMIT $limit`;

/** One batch of compaction; the caller repeats until nothing is left below `$through`. */
export const COMPACT_CHANGES = `
MATCH (c:Change)
WHERE c.seq <= $through
WITH c LIMIT $batch
DELETE c
RETURN count(*) AS deleted`;

export const SET_COMPACTED_THROUGH = `
MATCH (f:GraphMeta {key: 'feed'})
SET f.compactedThrough = CASE WHEN f.compactedThrough < $through THEN $through ELSE f.compactedThrough END
RETURN f.compactedThrough AS compactedThrough`;

// ---------- schema version (neo4j-migrations.ts) ----------

export const READ_SCHEMA_VERSION = `
OPTIONAL MATCH (s:GraphMeta {key: 'schema'})
RETURN s.version AS version`;

export const SET_SCHEMA_VERSION = `
MERGE (s:GraphMeta {key: 'schema'})
SET s.version = $version`;

/** Release 0.1.0's version counter node (data step of migration 1). */
export const ENSURE_GRAPH_META = `
MERGE (m:GraphMeta {key: 'graph'})
ON CREATE SET m.version = 0`;

/** Migration 2: the feed replaces the version counter. */
export const ENSURE_FEED_META = `
MERGE (f:GraphMeta {key: 'feed'})
ON CREATE SET f.head = 0, f.compactedThrough = 0`;

export const DROP_GRAPH_VERSION_META = `
MATCH (m:GraphMeta {key: 'graph'})
DELETE m`;

export const PING = `RETURN 1 AS ok`;

/** After applying schema/neo4j: wait until every index is ONLINE, so first queries use them. */
export const AWAIT_INDEXES = `CALL db.awaitIndexes($seconds)`;

/** Counts come from the count store: O(1) per label / relationship type. */
export const COUNTS = `
CALL () { MATCH (n:Account) RETURN count(n) AS accounts }
CALL () { MATCH (n:AccountManager) RETURN count(n) AS managers }
CALL () { MATCH (n:Community) RETURN count(n) AS communities }
CALL () { MATCH ()-[r:MEMBER_OF]->() RETURN count(r) AS memberships }
CALL () { MATCH ()-[r:REFERRED]->() RETURN count(r) AS referrals }
CALL () { MATCH ()-[r:INFLUENCES]->() RETURN count(r) AS influences }
CALL () { MATCH (n:Engagement) RETURN count(n) AS engagements }
CALL () { MATCH (n:Purchase) RETURN count(n) AS purchases }
RETURN accounts, managers, communities, memberships, referrals + influences AS links, engagements, purchases`;

// ---------- existence checks (inside write transactions, to name the field) ----------

export const FIND_ACCOUNT_IDS = `
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id`;

export const FIND_MANAGER_IDS = `
UNWIND $ids AS id
MATCH (m:AccountManager {id: id})
RETURN m.id AS id`;

export const FIND_COMMUNITY_IDS = `
UNWIND $ids AS id
MATCH (c:Community {id: id})
RETURN c.id AS id`;

export const FIND_ENGAGEMENT_IDS = `
UNWIND $ids AS id
MATCH (e:Engagement {id: id})
RETURN e.id AS id`;

export const FIND_PURCHASE_IDS = `
UNWIND $ids AS id
MATCH (p:Purchase {id: id})
RETURN p.id AS id`;

/** Link ids are unique across both types, as in the SQLite `links` table. */
export const FIND_LINK_IDS = `
UNWIND $ids AS id
CALL (id) {
  MATCH ()-[r:REFERRED {id: id}]->() RETURN r.id AS found
  UNION
  MATCH ()-[r:INFLUENCES {id: id}]->() RETURN r.id AS found
}
RETURN found AS id`;

export const FIND_EXTERNAL_IDS = `
UNWIND $externalIds AS externalId
MATCH (a:Account {externalId: externalId})
RETURN a.externalId AS externalId, a.id AS id`;

// ---------- row projections ----------
// Every read names the properties it returns and turns temporals into ISO text inside
// Cypher (toString(null) is null). Decoding a DateTime on the client costs the driver
// dozens of Integer operations (time-zone arithmetic in neo4j-driver-core); a string
// costs one parse, which cut the API's CPU per account row ~3x under `npm run load`.
// neo4j-mapping.ts accepts both forms. Search and sort keys (nameFolded, nameSortKey)
// stay in the database: no reader needs them.

const ACCOUNT_PROPERTIES =
  ".id, .externalId, .name, .industry, .segment, .region, .ownerId, .status, .annualRevenue, .grossMargin, " +
  ".licencesHeld, .licencesPlanned, .licencePrice, .discountPurchases, .supplierSwitches, " +
  "customerSince: toString(a.customerSince), renewalDate: toString(a.renewalDate), lastContact: toString(a.lastContact), " +
  "createdAt: toString(a.createdAt), updatedAt: toString(a.updatedAt)";
/** An Account node bound to `a`, as the `account` column. */
export const ACCOUNT_MAP = `a {${ACCOUNT_PROPERTIES}} AS account`;
export const MANAGER_MAP = "m {.id, .name, .email, .weeklyCapacityHours, createdAt: toString(m.createdAt)} AS manager";
export const COMMUNITY_MAP = "c {.id, .name, .kind, .region, createdAt: toString(c.createdAt)} AS community";

// ---------- accounts ----------

export const GET_ACCOUNTS = `
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN ${ACCOUNT_MAP}`;

export const CREATE_ACCOUNT = `
CREATE (a:Account)
SET a = $props
RETURN ${ACCOUNT_MAP}`;

/** Replaces every property: the store merges the patch in JS, as the SQLite adapter does. */
export const REPLACE_ACCOUNT = `
MATCH (a:Account {id: $id})
SET a = $props
RETURN ${ACCOUNT_MAP}`;

/** Engagements and purchases hang off the account; links and memberships go with DETACH. */
export const DELETE_ACCOUNT = `
MATCH (a:Account {id: $id})
OPTIONAL MATCH (a)<-[:FOR|OF]-(child:Engagement|Purchase)
DETACH DELETE child
WITH DISTINCT a
DETACH DELETE a`;

// ---------- listAccounts: assembled from allow-listed fragments ----------
//
// One catch-all query with `($x IS NULL OR …)` clauses kept the text constant but hid
// every predicate from the planner: each page scanned, sorted and counted all accounts
// (250–575 ms per call at 20,000 accounts under load, even for a filter matching
// nothing). So listAccounts queries are assembled per call, one fragment per line, and
// only from the frozen constants below: which fragments appear depends on which filter
// fields are present and on the allow-listed sort, never on a value (values stay
// `$parameters`). With only the given predicates in the text the planner can seek a
// filter's index, or walk the sort property's range index in order and stop after
// $limit rows; the count is a separate query over the same filter fragments, and the
// unfiltered count is answered by the count store.

/** Each filter field's predicate; each reads only its own parameter. */
export const ACCOUNT_FILTER_PREDICATES = Object.freeze({
  ids: "a.id IN $ids",
  segments: "a.segment IN $segments",
  industries: "a.industry IN $industries",
  regions: "a.region IN $regions",
  ownerIds: "a.ownerId IN $ownerIds",
  statuses: "a.status IN $statuses",
  minRevenue: "a.annualRevenue >= $minRevenue",
  maxRevenue: "a.annualRevenue <= $maxRevenue",
  // `nameFolded` holds foldForSearch(name); the text index answers CONTAINS.
  nameContains: "a.nameFolded CONTAINS $nameContains",
} as const satisfies Record<Exclude<keyof AccountFilter, "communityId">, string>);

export type AccountFilterKey = keyof AccountFilter;

/** Filter fields in the order their fragments appear, so one filter always gives one text. */
export const ACCOUNT_FILTER_KEYS: readonly AccountFilterKey[] = Object.freeze([
  ...(Object.keys(ACCOUNT_FILTER_PREDICATES) as AccountFilterKey[]),
  "communityId",
]);

/**
 * The first line. A community filter is a pattern rather than a predicate, so the
 * planner may start from the community's unique id and expand to its members (an
 * `EXISTS {}` predicate would be checked account by account).
 */
export const ACCOUNT_MATCH = Object.freeze({
  all: "MATCH (a:Account)",
  communityMembers: "MATCH (:Community {id: $communityId})<-[:MEMBER_OF]-(a:Account)",
});

export const ACCOUNT_LIST_CLAUSES = Object.freeze({
  returnAccount: `RETURN ${ACCOUNT_MAP}`,
  returnCount: "RETURN count(a) AS total",
  limit: "LIMIT $limit",
});

/**
 * AccountSortKey -> fixed property, as SQLite's ACCOUNT_SORTS. `nullable` keys put nulls
 * last in both directions. `valueKind` says how a cursor's value is converted to a
 * parameter. NAME sorts on `nameSortKey` (codePointSortKey(name)), because Neo4j
 * compares strings by UTF-16 code unit and the contract orders names by code point.
 * Every property has a range index (schema/neo4j/002-indexes.cypher).
 */
export const ACCOUNT_SORT_PROPERTIES = Object.freeze({
  NAME: Object.freeze({ property: "nameSortKey", nullable: false, valueKind: "name" }),
  ANNUAL_REVENUE: Object.freeze({ property: "annualRevenue", nullable: false, valueKind: "integer" }),
  CREATED_AT: Object.freeze({ property: "createdAt", nullable: false, valueKind: "datetime" }),
  RENEWAL_DATE: Object.freeze({ property: "renewalDate", nullable: true, valueKind: "date" }),
  LICENCES_PLANNED: Object.freeze({ property: "licencesPlanned", nullable: false, valueKind: "integer" }),
} as const satisfies Record<AccountSortKey, { property: string; nullable: boolean; valueKind: string }>);

export type SortValueKind = (typeof ACCOUNT_SORT_PROPERTIES)[AccountSortKey]["valueKind"];

/**
 * The keyset fragments of one (sort key, direction). Order is (value, id), the id in
 * the same direction as the value, nulls last; a range index holds no nulls, so a
 * nullable key is read in two parts: its values in index order, then its nulls in id
 * order. The comparisons are split so a range index can seek them: `p >= $afterValue`
 * is a range seek, and the tie-break only filters the rows at the boundary value (an
 * `(p > v OR (p = v AND id > i))` disjunction would not seek).
 */
export interface AccountSortFragments {
  /** First page of values: implies the property exists, so the index can supply the order. */
  readonly valuesFrom: string;
  /** After ($afterValue, $afterId): the seekable bound, then the tie-break on id. */
  readonly valuesAfter: readonly [string, string];
  readonly valuesOrder: string;
  /** Nullable keys only: the rows without a value, first or after $afterId, in id order. */
  readonly nulls: { readonly where: string; readonly from: string; readonly after: string; readonly order: string } | null;
}

function buildSortFragments(property: string, nullable: boolean, direction: SortDirection): AccountSortFragments {
  const p = `a.${property}`;
  const cmp = direction === "ASC" ? ">" : "<";
  return Object.freeze({
    valuesFrom: `${p} IS NOT NULL`,
    valuesAfter: Object.freeze([`${p} ${cmp}= $afterValue`, `(${p} ${cmp} $afterValue OR a.id ${cmp} $afterId)`] as const),
    valuesOrder: `ORDER BY ${p} ${direction}, a.id ${direction}`,
    nulls: nullable
      ? Object.freeze({
          where: `${p} IS NULL`,
          // Implies the id exists, so the id index can supply the order.
          from: "a.id IS NOT NULL",
          after: `a.id ${cmp} $afterId`,
          order: `ORDER BY a.id ${direction}`,
        })
      : null,
  });
}

/** Ten fragment sets, one per (sort key, direction), built once from the allow-list. */
export const ACCOUNT_SORT_FRAGMENTS: Readonly<Record<AccountSortKey, Readonly<Record<SortDirection, AccountSortFragments>>>> = Object.freeze(
  Object.fromEntries(
    ACCOUNT_SORT_KEYS.map((key) => {
      const { property, nullable } = ACCOUNT_SORT_PROPERTIES[key];
      return [
        key,
        Object.freeze({
          ASC: buildSortFragments(property, nullable, "ASC"),
          DESC: buildSortFragments(property, nullable, "DESC"),
        }),
      ];
    }),
  ) as Record<AccountSortKey, Record<SortDirection, AccountSortFragments>>,
);

/** Every text a listAccounts query line may hold, WHERE / AND prefixes aside (for tests and review). */
export const ACCOUNT_LIST_FRAGMENTS: ReadonlySet<string> = new Set([
  ...Object.values(ACCOUNT_FILTER_PREDICATES),
  ...Object.values(ACCOUNT_MATCH),
  ...Object.values(ACCOUNT_LIST_CLAUSES),
  ...Object.values(ACCOUNT_SORT_FRAGMENTS).flatMap((byDirection) =>
    Object.values(byDirection).flatMap((f) => [
      f.valuesFrom,
      ...f.valuesAfter,
      f.valuesOrder,
      ...(f.nulls ? [f.nulls.where, f.nulls.from, f.nulls.after, f.nulls.order] : []),
    ]),
  ),
]);

/** Which part of the sort order a page query reads, and whether it continues after a cursor. */
export interface AccountPagePart {
  part: "values" | "nulls";
  after: boolean;
}

/** `MATCH …` / `WHERE x` / `  AND y` …: one fragment per line. */
function assemble(filterKeys: readonly AccountFilterKey[], extraPredicates: readonly string[], tail: readonly string[]): string {
  const predicates = [
    ...ACCOUNT_FILTER_KEYS.filter((key) => key !== "communityId" && filterKeys.includes(key)).map(
      (key) => ACCOUNT_FILTER_PREDICATES[key as Exclude<AccountFilterKey, "communityId">],
    ),
    ...extraPredicates,
  ];
  return [
    filterKeys.includes("communityId") ? ACCOUNT_MATCH.communityMembers : ACCOUNT_MATCH.all,
    ...predicates.map((predicate, i) => `${i === 0 ? "WHERE" : "  AND"} ${predicate}`),
    ...tail,
  ].join("\n");
}

/**
 * How many accounts match the filter fields present in `filterKeys`. With none it is
 * `MATCH (a:Account) RETURN count(a)`, which the count store answers in O(1).
 */
export function buildAccountCountQuery(filterKeys: readonly AccountFilterKey[]): string {
  return assemble(filterKeys, [], [ACCOUNT_LIST_CLAUSES.returnCount]);
}

/** One page ($limit rows) of accounts matching `filterKeys`, in the allow-listed sort. */
export function buildAccountPageQuery(
  filterKeys: readonly AccountFilterKey[],
  key: AccountSortKey,
  direction: SortDirection,
  page: AccountPagePart,
): string {
  const sort = ACCOUNT_SORT_FRAGMENTS[key][direction];
  const tail = (order: string) => [ACCOUNT_LIST_CLAUSES.returnAccount, order, ACCOUNT_LIST_CLAUSES.limit];
  if (page.part === "values") {
    return assemble(filterKeys, page.after ? sort.valuesAfter : [sort.valuesFrom], tail(sort.valuesOrder));
  }
  if (sort.nulls === null) throw new Error(`store/neo4j/cypher: sort key ${key} has no nulls to page through`);
  return assemble(filterKeys, [sort.nulls.where, page.after ? sort.nulls.after : sort.nulls.from], tail(sort.nulls.order));
}

// ---------- managers ----------

export const GET_MANAGERS = `
UNWIND $ids AS id
MATCH (m:AccountManager {id: id})
RETURN ${MANAGER_MAP}`;

export const LIST_MANAGERS = `
MATCH (m:AccountManager)
RETURN ${MANAGER_MAP}
ORDER BY m.name, m.id`;

export const CREATE_MANAGER = `
CREATE (m:AccountManager)
SET m = $props
RETURN ${MANAGER_MAP}`;

export const REPLACE_MANAGER = `
MATCH (m:AccountManager {id: $id})
SET m = $props
RETURN ${MANAGER_MAP}`;

// ---------- communities and memberships ----------

export const GET_COMMUNITIES = `
UNWIND $ids AS id
MATCH (c:Community {id: id})
RETURN ${COMMUNITY_MAP}`;

export const LIST_COMMUNITIES = `
MATCH (c:Community)
RETURN ${COMMUNITY_MAP}
ORDER BY c.name, c.id`;

export const CREATE_COMMUNITY = `
CREATE (c:Community)
SET c = $props
RETURN ${COMMUNITY_MAP}`;

const MEMBERSHIP_MAP = `m {.role, since: toString(m.since), accountId: a.id, communityId: c.id} AS membership`;

export const FIND_MEMBERSHIP = `
MATCH (a:Account {id: $accountId})-[m:MEMBER_OF]->(c:Community {id: $communityId})
RETURN ${MEMBERSHIP_MAP}`;

export const ADD_MEMBERSHIP = `
MATCH (a:Account {id: $accountId}), (c:Community {id: $communityId})
CREATE (a)-[m:MEMBER_OF]->(c)
SET m = $props
RETURN ${MEMBERSHIP_MAP}`;

export const REMOVE_MEMBERSHIP = `
MATCH (a:Account {id: $accountId})-[m:MEMBER_OF]->(c:Community {id: $communityId})
DELETE m`;

export const MEMBERSHIPS_OF_ACCOUNTS = `
UNWIND $ids AS id
MATCH (a:Account {id: id})-[m:MEMBER_OF]->(c:Community)
RETURN ${MEMBERSHIP_MAP}
ORDER BY a.id, c.id`;

export const MEMBERSHIPS_OF_COMMUNITIES = `
UNWIND $ids AS id
MATCH (a:Account)-[m:MEMBER_OF]->(c:Community {id: id})
RETURN ${MEMBERSHIP_MAP}
ORDER BY c.id, a.id`;

// ---------- links ----------

export const LINK_MAP = `r {.id, .strength, .kind, .revenue, date: toString(r.date), createdAt: toString(r.createdAt), type: type(r), fromId: a.id, toId: b.id} AS link`;

export const FIND_REFERRAL_BETWEEN = `
MATCH (:Account {id: $fromId})-[r:REFERRED]->(:Account {id: $toId})
RETURN r.id AS id`;

export const FIND_INFLUENCE_BETWEEN = `
MATCH (:Account {id: $fromId})-[r:INFLUENCES]->(:Account {id: $toId})
RETURN r.id AS id`;

export const CREATE_REFERRAL = `
MATCH (a:Account {id: $fromId}), (b:Account {id: $toId})
CREATE (a)-[r:REFERRED]->(b)
SET r = $props
RETURN ${LINK_MAP}`;

export const CREATE_INFLUENCE = `
MATCH (a:Account {id: $fromId}), (b:Account {id: $toId})
CREATE (a)-[r:INFLUENCES]->(b)
SET r = $props
RETURN ${LINK_MAP}`;

/** One index seek per relationship type (a multi-type pattern would scan). */
export const GET_LINKS = `
UNWIND $ids AS id
CALL (id) {
  MATCH (a)-[r:REFERRED {id: id}]->(b) RETURN r, a, b
  UNION
  MATCH (a)-[r:INFLUENCES {id: id}]->(b) RETURN r, a, b
}
RETURN ${LINK_MAP}`;

export const DELETE_LINK = `
CALL () {
  MATCH ()-[r:REFERRED {id: $id}]->() RETURN r
  UNION
  MATCH ()-[r:INFLUENCES {id: $id}]->() RETURN r
}
DELETE r`;

/** `$types` null means both types; an empty list selects no link (as in SQLite). */
export const LINKS_FROM_ACCOUNTS = `
UNWIND $ids AS id
MATCH (a:Account {id: id})-[r:REFERRED|INFLUENCES]->(b:Account)
WHERE $types IS NULL OR type(r) IN $types
RETURN ${LINK_MAP}
ORDER BY a.id, type(r), b.id`;

export const LINKS_TO_ACCOUNTS = `
UNWIND $ids AS id
MATCH (a:Account)-[r:REFERRED|INFLUENCES]->(b:Account {id: id})
WHERE $types IS NULL OR type(r) IN $types
RETURN ${LINK_MAP}
ORDER BY b.id, type(r), a.id`;

// ---------- activity ----------

/** An Engagement `e` for account `a` by manager `m`, as a map (collectable; ENGAGEMENT_MAP names it). */
export const ENGAGEMENT_PROJECTION = "e {.id, .minutes, .kind, .note, date: toString(e.date), accountId: a.id, managerId: m.id}";
/** A Purchase `p` of account `a`, as a map. */
export const PURCHASE_PROJECTION = "p {.id, .amount, .licences, .discount, date: toString(p.date), accountId: a.id}";
const ENGAGEMENT_MAP = `${ENGAGEMENT_PROJECTION} AS engagement`;
const PURCHASE_MAP = `${PURCHASE_PROJECTION} AS purchase`;

export const GET_ENGAGEMENTS = `
UNWIND $ids AS id
MATCH (a:Account)<-[:FOR]-(e:Engagement {id: id})-[:BY]->(m:AccountManager)
RETURN ${ENGAGEMENT_MAP}`;

export const GET_PURCHASES = `
UNWIND $ids AS id
MATCH (a:Account)<-[:OF]-(p:Purchase {id: id})
RETURN ${PURCHASE_MAP}`;

export const CREATE_ENGAGEMENT = `
MATCH (a:Account {id: $accountId}), (m:AccountManager {id: $managerId})
CREATE (a)<-[:FOR]-(e:Engagement)-[:BY]->(m)
SET e = $props
RETURN ${ENGAGEMENT_MAP}`;

export const CREATE_PURCHASE = `
MATCH (a:Account {id: $accountId})
CREATE (a)<-[:OF]-(p:Purchase)
SET p = $props
RETURN ${PURCHASE_MAP}`;

/** `$from` / `$to` are inclusive Date bounds; null leaves that side open. */
export const ENGAGEMENTS_OF_ACCOUNTS = `
UNWIND $ids AS id
MATCH (a:Account {id: id})<-[:FOR]-(e:Engagement)-[:BY]->(m:AccountManager)
WHERE ($from IS NULL OR e.date >= $from) AND ($to IS NULL OR e.date <= $to)
RETURN ${ENGAGEMENT_MAP}
ORDER BY e.date, e.id`;

export const ENGAGEMENTS_OF_MANAGER = `
MATCH (a:Account)<-[:FOR]-(e:Engagement)-[:BY]->(m:AccountManager {id: $managerId})
WHERE ($from IS NULL OR e.date >= $from) AND ($to IS NULL OR e.date <= $to)
RETURN ${ENGAGEMENT_MAP}
ORDER BY e.date, e.id`;

export const PURCHASES_OF_ACCOUNTS = `
UNWIND $ids AS id
MATCH (a:Account {id: id})<-[:OF]-(p:Purchase)
WHERE ($from IS NULL OR p.date >= $from) AND ($to IS NULL OR p.date <= $to)
RETURN ${PURCHASE_MAP}
ORDER BY p.date, p.id`;

// ---------- bulk import (the inserts are in neo4j-import-cypher.ts) ----------

/** Existing links between the given endpoint pairs (duplicate check before import). */
export const FIND_LINKS_BETWEEN = `
UNWIND $pairs AS pair
MATCH (a:Account {id: pair.fromId})-[r:REFERRED|INFLUENCES]->(b:Account {id: pair.toId})
WHERE type(r) = pair.type
RETURN type(r) AS type, a.id AS fromId, b.id AS toId`;

export const FIND_MEMBERSHIPS_BETWEEN = `
UNWIND $pairs AS pair
MATCH (a:Account {id: pair.accountId})-[:MEMBER_OF]->(c:Community {id: pair.communityId})
RETURN a.id AS accountId, c.id AS communityId`;

/**
 * Receipts of a batched import's committed batches (neo4j-batch-writer.ts): each batch's
 * transaction writes one, so a retry after a lost commit acknowledgement, and the undo after
 * a failure, can tell whether that batch committed. The import removes its own at its end;
 * an import whose process died leaves its receipts behind, so the end of every import also
 * sweeps receipts older than $staleMs (or without a time). So only the receipts of imports in
 * progress, and of the last day's crashes, remain: a label scan finds them.
 */
export const MARK_IMPORT_BATCH = `
CREATE (:ImportBatch {writeId: $writeId, batch: $batch, at: timestamp()})`;

export const IMPORT_BATCH_MARKED = `
MATCH (b:ImportBatch {writeId: $writeId, batch: $batch})
RETURN count(b) AS marked`;

/** Removes one batch's receipt; `unmarked` 0 means the batch never committed. */
export const UNMARK_IMPORT_BATCH = `
OPTIONAL MATCH (b:ImportBatch {writeId: $writeId, batch: $batch})
DELETE b
RETURN count(b) AS unmarked`;

export const CLEAR_IMPORT_BATCHES = `
MATCH (b:ImportBatch)
WHERE b.writeId = $writeId OR coalesce(b.at, 0) < timestamp() - $staleMs
DELETE b`;

// Compensation for a failed batched import: remove exactly what the import created.
export const UNDO_IMPORT_LINKS = `
UNWIND $ids AS id
CALL (id) {
  MATCH ()-[r:REFERRED {id: id}]->() RETURN r
  UNION
  MATCH ()-[r:INFLUENCES {id: id}]->() RETURN r
}
DELETE r`;

export const UNDO_IMPORT_MEMBERSHIPS = `
UNWIND $pairs AS pair
MATCH (:Account {id: pair.accountId})-[m:MEMBER_OF]->(:Community {id: pair.communityId})
DELETE m`;

export const UNDO_IMPORT_ENGAGEMENTS = `
UNWIND $ids AS id
MATCH (e:Engagement {id: id})
DETACH DELETE e`;

export const UNDO_IMPORT_PURCHASES = `
UNWIND $ids AS id
MATCH (p:Purchase {id: id})
DETACH DELETE p`;

export const UNDO_IMPORT_ACCOUNTS = `
UNWIND $ids AS id
MATCH (a:Account {id: id})
DETACH DELETE a`;

export const UNDO_IMPORT_COMMUNITIES = `
UNWIND $ids AS id
MATCH (c:Community {id: id})
DETACH DELETE c`;

export const UNDO_IMPORT_MANAGERS = `
UNWIND $ids AS id
MATCH (m:AccountManager {id: id})
DETACH DELETE m`;

// ---------- whole-state read for the read model (keyset pages on id, never SKIP) ----------
// `id > $afterId` (first page: "") lets the planner walk the id index in order and stop after
// $limit rows; an `$afterId IS NULL OR ...` disjunction would rescan and re-sort every page.

export const STATE_ACCOUNTS = `
MATCH (a:Account)
WHERE a.id > $afterId
RETURN ${ACCOUNT_MAP}
ORDER BY a.id
LIMIT $limit`;

/** Walks accounts in id order and expands their memberships; ties on the account by community id. */
export const STATE_MEMBERSHIPS = `
MATCH (a:Account)-[m:MEMBER_OF]->(c:Community)
WHERE a.id >= $afterAccountId AND (a.id > $afterAccountId OR c.id > $afterCommunityId)
RETURN ${MEMBERSHIP_MAP}
ORDER BY a.id, c.id
LIMIT $limit`;

/**
 * Links of both types in one id order (as SQLite's single links table): each branch
 * reads at most $limit rows from its relationship id index, in order, and the merge
 * keeps the first $limit.
 */
export const STATE_LINKS = `
CALL () {
  MATCH (a)-[r:REFERRED]->(b)
  WHERE r.id > $afterId
  WITH a, r, b ORDER BY r.id LIMIT $limit
  RETURN ${LINK_MAP}
  UNION ALL
  MATCH (a)-[r:INFLUENCES]->(b)
  WHERE r.id > $afterId
  WITH a, r, b ORDER BY r.id LIMIT $limit
  RETURN ${LINK_MAP}
}
RETURN link
ORDER BY link.id
LIMIT $limit`;

export const STATE_ENGAGEMENTS = `
MATCH (e:Engagement)
WHERE e.id > $afterId AND e.date >= $since
WITH e ORDER BY e.id LIMIT $limit
MATCH (a:Account)<-[:FOR]-(e)-[:BY]->(m:AccountManager)
RETURN ${ENGAGEMENT_MAP}
ORDER BY e.id`;

export const STATE_PURCHASES = `
MATCH (p:Purchase)
WHERE p.id > $afterId AND p.date >= $since
WITH p ORDER BY p.id LIMIT $limit
MATCH (a:Account)<-[:OF]-(p)
RETURN ${PURCHASE_MAP}
ORDER BY p.id`;

/** Owners of the accounts at the far end of an account's links, and who recorded its engagements (deleteAccount's scope check). */
export const DELETION_REACH = `
MATCH (a:Account {id: $id})
CALL (a) { OPTIONAL MATCH (a)-[:REFERRED|INFLUENCES]-(other:Account) RETURN collect(other.ownerId) AS linkedOwners }
CALL (a) { OPTIONAL MATCH (a)<-[:FOR]-(:Engagement)-[:BY]->(m:AccountManager) RETURN collect(DISTINCT m.id) AS engagementManagers }
RETURN linkedOwners, engagementManagers`;

/** Every link touching an account, both directions (the change a deletion appends). */
export const LINKS_OF_ACCOUNT = `
MATCH (a:Account {id: $id})-[r:REFERRED|INFLUENCES]->(b:Account)
RETURN ${LINK_MAP}
UNION ALL
MATCH (a:Account)-[r:REFERRED|INFLUENCES]->(b:Account {id: $id})
WHERE a.id <> $id
RETURN ${LINK_MAP}`;

// ---------- CRM import (neo4j-crm-import.ts; all inside one write transaction) ----------

export const CRM_ACCOUNTS_BY_EXTERNAL_IDS = `
UNWIND $externalIds AS externalId
MATCH (a:Account {externalId: externalId})
RETURN ${ACCOUNT_MAP}`;

/** Stored links between the given endpoint pairs (whole: a batched import may have to put them back). */
export const CRM_LINKS_BETWEEN = `
UNWIND $pairs AS pair
MATCH (a:Account {id: pair.fromId})-[r:REFERRED|INFLUENCES]->(b:Account {id: pair.toId})
WHERE type(r) = pair.type
RETURN ${LINK_MAP}`;

export const CRM_MEMBERSHIPS_BETWEEN = `
UNWIND $pairs AS pair
MATCH (a:Account {id: pair.accountId})-[m:MEMBER_OF]->(c:Community {id: pair.communityId})
RETURN ${MEMBERSHIP_MAP}`;

/** Also puts accounts back (row.props = the earlier properties) when a batched import is undone. */
export const CRM_REPLACE_ACCOUNTS = `
UNWIND $rows AS row
MATCH (a:Account {id: row.id})
SET a = row.props`;

export const CRM_UPDATE_INFLUENCES = `
UNWIND $rows AS row
MATCH (:Account {id: row.fromId})-[r:INFLUENCES]->(:Account {id: row.toId})
SET r = row.props`;

export const CRM_UPDATE_REFERRALS = `
UNWIND $rows AS row
MATCH (:Account {id: row.fromId})-[r:REFERRED]->(:Account {id: row.toId})
SET r = row.props`;

export const CRM_UPDATE_MEMBERSHIPS = `
UNWIND $rows AS row
MATCH (:Account {id: row.accountId})-[m:MEMBER_OF]->(:Community {id: row.communityId})
SET m = row.props`;
