/**
 * Bulk load of a Dataset (AccountGraphStore.importDataset). Runs inside the caller's
 * single write transaction, so any bad row rolls the whole import back.
 *
 * References are checked in JavaScript first (against the dataset's own ids, then the
 * database for rows loaded earlier) so a bad row fails with a NotFoundError that names
 * it, e.g. `influences[17].toId`, rather than SQLite's anonymous FOREIGN KEY failure.
 * Rows are then written with multi-row INSERTs of `batchSize` rows: one prepared
 * statement executed per batch instead of per row.
 */
import type Database from "better-sqlite3";
import type { Dataset, StoreCounts } from "../../ports/account-graph-store.js";
import { buildDatasetRecords, checkDatasetReferences, countDatasetRows } from "../../ports/dataset-records.js";
import {
  accountToRow,
  communityToRow,
  engagementToRow,
  linkToRow,
  managerToRow,
  membershipToRow,
  purchaseToRow,
} from "./sqlite-mapping.js";
import { SQL } from "./sqlite-queries.js";

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32. */
const MAX_VARIABLES = 32_766;

type Row = Record<string, string | number | null>;

/** Prepared multi-row INSERTs, cached per batch length. */
class BatchInserter {
  readonly #statements = new Map<number, Database.Statement>();
  readonly #rowsPerStatement: number;
  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    private readonly columns: readonly string[],
    batchSize: number,
  ) {
    this.#rowsPerStatement = Math.max(1, Math.min(batchSize, Math.floor(MAX_VARIABLES / columns.length)));
  }

  insertAll(rows: readonly Row[]): void {
    for (let start = 0; start < rows.length; start += this.#rowsPerStatement) {
      const batch = rows.slice(start, start + this.#rowsPerStatement);
      const values: (string | number | null)[] = [];
      for (const row of batch) for (const column of this.columns) values.push(row[column] ?? null);
      this.#statement(batch.length).run(values);
    }
  }

  #statement(rowCount: number): Database.Statement {
    let statement = this.#statements.get(rowCount);
    if (!statement) {
      const tuple = `(${this.columns.map(() => "?").join(", ")})`;
      const sql = `INSERT INTO ${this.table} (${this.columns.join(", ")}) VALUES ${Array(rowCount).fill(tuple).join(", ")}`;
      statement = this.db.prepare(sql);
      this.#statements.set(rowCount, statement);
    }
    return statement;
  }
}

function columnsOf(row: Row): string[] {
  return Object.keys(row);
}

/** Rows are the flat records of sqlite-mapping.ts (column -> string | number | null). */
function insertRows(db: Database.Database, table: string, records: readonly object[], batchSize: number): void {
  const rows = records as readonly Row[];
  const first = rows[0];
  if (first === undefined) return;
  new BatchInserter(db, table, columnsOf(first), batchSize).insertAll(rows);
}

/** `exists(id)` against rows already in the database, one prepared statement per kind. */
function databaseLookup(db: Database.Database, existsSql: string): (id: string) => boolean {
  const exists = db.prepare<[string], unknown>(existsSql).pluck();
  return (id) => exists.get(id) !== undefined;
}

/** Writes the dataset; the caller owns the transaction and the graph-version bump. */
export function importDatasetRows(db: Database.Database, dataset: Dataset, batchSize: number, now: string): StoreCounts {
  checkDatasetReferences(dataset, {
    hasAccount: databaseLookup(db, SQL.accountExists),
    hasManager: databaseLookup(db, SQL.managerExists),
    hasCommunity: databaseLookup(db, SQL.communityExists),
  });
  const records = buildDatasetRecords(dataset, now);
  // Parents before children, so foreign keys hold row by row.
  insertRows(db, "managers", records.managers.map(managerToRow), batchSize);
  insertRows(db, "accounts", records.accounts.map(accountToRow), batchSize);
  insertRows(db, "communities", records.communities.map(communityToRow), batchSize);
  insertRows(db, "memberships", records.memberships.map(membershipToRow), batchSize);
  insertRows(db, "links", [...records.influences, ...records.referrals].map(linkToRow), batchSize);
  insertRows(db, "engagements", records.engagements.map(engagementToRow), batchSize);
  insertRows(db, "purchases", records.purchases.map(purchaseToRow), batchSize);
  return countDatasetRows(dataset);
}
