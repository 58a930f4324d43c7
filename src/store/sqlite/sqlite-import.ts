/**
 * Bulk load of a Dataset (AccountGraphStore.importDataset). Runs inside the caller's
 * single write transaction, so any bad row rolls the whole import back — the index
 * changes below included (SQLite DDL is transactional).
 *
 * References are checked in JavaScript first (against the dataset's own ids, then the
 * database for rows loaded earlier) so a bad row fails with a NotFoundError that names
 * it, e.g. `influences[17].toId`, rather than SQLite's anonymous FOREIGN KEY failure.
 *
 * Speed (the L dataset: 200k accounts, 1M links, ~0.9M activity rows):
 * - the secondary indexes of the tables being loaded are dropped first and created again
 *   from their own DDL after the rows are in, so each is built by one sort instead of a
 *   million random B-tree inserts; primary keys and UNIQUE constraints stay (they are the
 *   conflict checks);
 * - foreign keys are not enforced row by row during the load (withForeignKeysOff, around
 *   the transaction: SQLite ignores the pragma inside one): the JavaScript check above has
 *   already proven every reference, inside the same write transaction, so no other writer
 *   can remove a parent in between. That saves two index lookups per link (~25%);
 * - rows go in through one prepared multi-row INSERT per table and batch length, and the
 *   page cache is raised for the duration of the load so the B-trees stay in memory;
 * - except links, which go in one row per statement (LINK_ROWS_PER_STATEMENT).
 */
import type Database from "better-sqlite3";
import type { Dataset, StoreCounts } from "../../ports/account-graph-store.js";
import { buildDatasetRecords, checkDatasetReferences, countDatasetRows } from "../../ports/dataset-records.js";
import { accountToRow, communityToRow, engagementToRow, linkToRow, managerToRow, membershipToRow, purchaseToRow } from "./sqlite-mapping.js";
import { SQL } from "./sqlite-queries.js";

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32. */
const MAX_VARIABLES = 32_766;

/**
 * Links are inserted one row per prepared statement: measured faster for that table (its
 * UNIQUE (type, from_id, to_id) index over three text columns) on the L dataset, 1M links
 * in 5.1–6.7 s against 7.3–8.2 s in 500-row statements (four runs each, 2-core machine),
 * while the other tables take 1.2–1.9× longer one row at a time (same runs).
 */
const LINK_ROWS_PER_STATEMENT = 1;

/** Page cache for the load, in KiB (negative cache_size), released afterwards. */
const LOAD_CACHE_KIB = 256 * 1024;

/** Tables the import writes, parents before children (foreign keys hold row by row). */
const TABLES = ["managers", "accounts", "communities", "memberships", "links", "engagements", "purchases"] as const;

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
    const { columns } = this;
    const width = columns.length;
    for (let start = 0; start < rows.length; start += this.#rowsPerStatement) {
      const count = Math.min(this.#rowsPerStatement, rows.length - start);
      const values = new Array<string | number | null>(count * width);
      for (let r = 0; r < count; r++) {
        const row = rows[start + r]!;
        for (let c = 0; c < width; c++) values[r * width + c] = row[columns[c]!] ?? null;
      }
      this.#statement(count).run(values);
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

/** Rows are the flat records of sqlite-mapping.ts (column -> string | number | null). */
function insertRows(db: Database.Database, table: string, records: readonly object[], batchSize: number): void {
  const rows = records as readonly Row[];
  const first = rows[0];
  if (first === undefined) return;
  new BatchInserter(db, table, Object.keys(first), batchSize).insertAll(rows);
}

/** `exists(id)` against rows already in the database, one prepared statement per kind. */
function databaseLookup(db: Database.Database, existsSql: string): (id: string) => boolean {
  const exists = db.prepare<[string], unknown>(existsSql).pluck();
  return (id) => exists.get(id) !== undefined;
}

/**
 * Drops the secondary indexes of `tables` (not the automatic ones behind PRIMARY KEY and
 * UNIQUE, which have no SQL) and returns their CREATE statements, to run after the load.
 */
function dropSecondaryIndexes(db: Database.Database, tables: readonly string[]): string[] {
  const indexes = db
    .prepare<unknown[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => "?").join(", ")})`,
    )
    .all(...tables);
  for (const { name } of indexes) db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
  return indexes.map((index) => index.sql);
}

/** Runs `work` with a large page cache, restoring the connection's setting afterwards. */
function withLoadCache<T>(db: Database.Database, work: () => T): T {
  const previous = db.pragma("cache_size", { simple: true }) as number;
  db.pragma(`cache_size = ${-LOAD_CACHE_KIB}`);
  try {
    return work();
  } finally {
    db.pragma(`cache_size = ${previous}`);
  }
}

/**
 * Runs `work` (the import's transaction) with foreign-key enforcement off, restoring it
 * after. Only for importDatasetRows, whose own reference check replaces the constraint.
 */
export function withForeignKeysOff<T>(db: Database.Database, work: () => T): T {
  const enforced = db.pragma("foreign_keys", { simple: true }) === 1;
  if (enforced) db.pragma("foreign_keys = OFF");
  try {
    return work();
  } finally {
    if (enforced) db.pragma("foreign_keys = ON");
  }
}

/** Writes the dataset; the caller owns the transaction and the graph-version bump. */
export function importDatasetRows(db: Database.Database, dataset: Dataset, batchSize: number, now: string): StoreCounts {
  checkDatasetReferences(dataset, {
    hasAccount: databaseLookup(db, SQL.accountExists),
    hasManager: databaseLookup(db, SQL.managerExists),
    hasCommunity: databaseLookup(db, SQL.communityExists),
  });
  const records = buildDatasetRecords(dataset, now);
  withLoadCache(db, () => {
    const indexes = dropSecondaryIndexes(db, TABLES);
    insertRows(db, "managers", records.managers.map(managerToRow), batchSize);
    insertRows(db, "accounts", records.accounts.map(accountToRow), batchSize);
    insertRows(db, "communities", records.communities.map(communityToRow), batchSize);
    insertRows(db, "memberships", records.memberships.map(membershipToRow), batchSize);
    insertRows(db, "links", [...records.influences, ...records.referrals].map(linkToRow), Math.min(batchSize, LINK_ROWS_PER_STATEMENT));
    insertRows(db, "engagements", records.engagements.map(engagementToRow), batchSize);
    insertRows(db, "purchases", records.purchases.map(purchaseToRow), batchSize);
    for (const sql of indexes) db.exec(sql);
  });
  return countDatasetRows(dataset);
}
