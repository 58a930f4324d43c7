/**
 * The insert steps both bulk imports are made of (importDataset in neo4j-import.ts,
 * importRecords in neo4j-crm-import.ts): for each kind of record, its statement, its row,
 * the memory a row holds in the transaction, its phase and how a committed batch is undone.
 */
import type { Account, AccountManager, Community, Engagement, Link, Membership, Purchase } from "../../domain/model.js";
import * as C from "./cypher.js";
import type { BatchStep } from "./neo4j-batch-writer.js";
import * as I from "./neo4j-import-cypher.js";

/** Nodes commit first, then what hangs off them (relationships, engagements, purchases). */
export const PHASE = Object.freeze({ nodes: 0, children: 1 });

const KIB = 1024;

/**
 * Transaction memory one row of each statement holds before its commit, rounded up: the
 * estimatedUsedHeapMemory SHOW TRANSACTIONS reports for an open transaction of 10,000 rows
 * of the M dataset, on Neo4j 5.26 (neo4j-transaction-memory.ts sizes batches by it).
 * An account is heavy: 22 properties and 14 index entries.
 */
export const ROW_BYTES = Object.freeze({
  manager: 2.2 * KIB,
  account: 7 * KIB,
  community: 2.2 * KIB,
  membership: 1.7 * KIB,
  link: 2.3 * KIB,
  engagement: 3.7 * KIB,
  purchase: 3.1 * KIB,
  /** CRM updates (cypher.ts CRM_REPLACE_ACCOUNTS, CRM_UPDATE_*): every property replaced. */
  accountUpdate: 5 * KIB,
  linkUpdate: 2.1 * KIB,
  membershipUpdate: 1.7 * KIB,
});

/** Undo by the record's own id. */
function undoById(cypher: string): BatchStep["undo"] {
  return (records) => ({ cypher, params: { ids: records.map((record) => (record as { id: string }).id) } });
}

interface Insert<T> {
  phase: number;
  cypher: string;
  endpoints?: BatchStep["endpoints"];
  row: (record: T) => I.ImportRow;
  bytesPerRow: number;
  undo: BatchStep["undo"];
}

const LINK_ENDS = [
  { column: 0, list: "accounts" },
  { column: 1, list: "accounts" },
] as const satisfies BatchStep["endpoints"];

interface InsertRecords {
  managers: AccountManager;
  accounts: Account;
  communities: Community;
  memberships: Membership;
  influences: Link;
  referrals: Link;
  engagements: Engagement;
  purchases: Purchase;
}

const INSERTS: { [K in keyof InsertRecords]: Insert<InsertRecords[K]> } = {
  managers: {
    phase: PHASE.nodes,
    cypher: I.IMPORT_MANAGERS,
    row: I.managerRow,
    bytesPerRow: ROW_BYTES.manager,
    undo: undoById(C.UNDO_IMPORT_MANAGERS),
  },
  accounts: {
    phase: PHASE.nodes,
    cypher: I.IMPORT_ACCOUNTS,
    row: I.accountRow,
    bytesPerRow: ROW_BYTES.account,
    undo: undoById(C.UNDO_IMPORT_ACCOUNTS),
  },
  communities: {
    phase: PHASE.nodes,
    cypher: I.IMPORT_COMMUNITIES,
    row: I.communityRow,
    bytesPerRow: ROW_BYTES.community,
    undo: undoById(C.UNDO_IMPORT_COMMUNITIES),
  },
  memberships: {
    phase: PHASE.children,
    cypher: I.IMPORT_MEMBERSHIPS,
    endpoints: [
      { column: 0, list: "accounts" },
      { column: 1, list: "communities" },
    ],
    row: I.membershipRow,
    bytesPerRow: ROW_BYTES.membership,
    undo: (records) => ({
      cypher: C.UNDO_IMPORT_MEMBERSHIPS,
      params: { pairs: (records as Membership[]).map(({ accountId, communityId }) => ({ accountId, communityId })) },
    }),
  },
  influences: {
    phase: PHASE.children,
    cypher: I.IMPORT_INFLUENCES,
    endpoints: LINK_ENDS,
    row: I.linkRow,
    bytesPerRow: ROW_BYTES.link,
    undo: undoById(C.UNDO_IMPORT_LINKS),
  },
  referrals: {
    phase: PHASE.children,
    cypher: I.IMPORT_REFERRALS,
    endpoints: LINK_ENDS,
    row: I.linkRow,
    bytesPerRow: ROW_BYTES.link,
    undo: undoById(C.UNDO_IMPORT_LINKS),
  },
  engagements: {
    phase: PHASE.children,
    cypher: I.IMPORT_ENGAGEMENTS,
    endpoints: [
      { column: 0, list: "accounts" },
      { column: 1, list: "managers" },
    ],
    row: I.engagementRow,
    bytesPerRow: ROW_BYTES.engagement,
    undo: undoById(C.UNDO_IMPORT_ENGAGEMENTS),
  },
  purchases: {
    phase: PHASE.children,
    cypher: I.IMPORT_PURCHASES,
    endpoints: [{ column: 0, list: "accounts" }],
    row: I.purchaseRow,
    bytesPerRow: ROW_BYTES.purchase,
    undo: undoById(C.UNDO_IMPORT_PURCHASES),
  },
};

/** The step that inserts `records` of one kind; its transactions are named after the kind. */
export function insertStep<K extends keyof InsertRecords>(kind: K, records: readonly InsertRecords[K][]): BatchStep {
  const insert = INSERTS[kind] as Insert<InsertRecords[K]>;
  return {
    name: kind,
    phase: insert.phase,
    cypher: insert.cypher,
    rows: records,
    toRow: insert.row,
    bytesPerRow: insert.bytesPerRow,
    ...(insert.endpoints ? { endpoints: insert.endpoints } : {}),
    countsRows: true,
    undo: insert.undo,
  };
}
