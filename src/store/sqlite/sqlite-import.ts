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
 * - the indexes of the tables being loaded that have SQL are dropped first and created
 *   again from their own DDL after the rows are in, so each is built by one sort instead of
 *   a million random B-tree inserts. That includes the two UNIQUE indexes of links (migration 3,
 *   sqlite-schema.ts): a repeated link id or pair then fails the load when its index is
 *   built, inside the same transaction. Primary keys and UNIQUE constraints of the other
 *   tables have automatic indexes, which stay and check conflicts row by row;
 * - foreign keys are not enforced row by row during the load (withForeignKeysOff, around
 *   the transaction: SQLite ignores the pragma inside one): the JavaScript check above has
 *   already proven every reference, inside the same write transaction, so no other writer
 *   can remove a parent in between. That saves two index lookups per link (~25%);
 * - rows go in through prepared multi-row `INSERT OR FAIL` statements (BatchInserter), and
 *   the page cache is raised for the duration of the load so the B-trees stay in memory;
 * - each input row becomes its record, row and column values just before its statement
 *   runs, rather than every list being mapped to records and rows first: millions of
 *   objects kept alive through the load cost more in garbage collection than building them.
 */
import type Database from "better-sqlite3";
import type { Dataset, StoreCounts } from "../../ports/account-graph-store.js";
import { checkDatasetReferences, countDatasetRows, datasetRecordBuilders } from "../../ports/dataset-records.js";
import { accountToRow, communityToRow, engagementToRow, linkToRow, managerToRow, membershipToRow, purchaseToRow } from "./sqlite-mapping.js";
import { SQL } from "./sqlite-queries.js";

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32. */
const MAX_VARIABLES = 32_766;

/** Page cache for the load, in KiB (negative cache_size), released afterwards. */
const LOAD_CACHE_KIB = 256 * 1024;

/** Tables the import writes, parents before children (foreign keys hold row by row). */
const TABLES = ["managers", "accounts", "communities", "memberships", "links", "engagements", "purchases"] as const;

type Value = string | number | null;

/**
 * Prepared multi-row INSERTs for one table, cached per batch length.
 *
 * `OR FAIL` rather than the default `OR ABORT`: on a conflict both end the import (the
 * error rolls the caller's transaction back), but ABORT must also be able to undo the
 * rows the failing statement already wrote, so SQLite keeps a statement journal for every
 * multi-row statement: a copy of each page the statement touches that existed before it,
 * written to a temporary file. Rows that land on random pages of an index (the UNIQUE
 * (type, from_id, to_id) of links, accounts' external_id) copy a page per row; that was
 * ~4 s of system time per million links in 100-row statements (1M links alone, scratch
 * probe), and why links used to go in one row per statement. With FAIL, 500-row statements
 * load those links ~15% faster than one row per statement (5.1-5.5 s against 6.0-6.4 s). FAIL keeps the earlier rows of the failing statement instead,
 * which the transaction's rollback then removes with everything else.
 */
class BatchInserter<R extends object> {
  readonly #statements = new Map<number, Database.Statement>();
  readonly #rowsPerStatement: number;
  readonly #columns: readonly string[];
  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    private readonly toRow: (input: R) => object,
    firstInput: R,
    batchSize: number,
  ) {
    this.#columns = Object.keys(toRow(firstInput));
    this.#rowsPerStatement = Math.max(1, Math.min(batchSize, Math.floor(MAX_VARIABLES / this.#columns.length)));
  }

  insertAll(inputs: readonly R[]): void {
    const { toRow } = this;
    const width = this.#columns.length;
    let values: Value[] = [];
    for (let start = 0; start < inputs.length; start += this.#rowsPerStatement) {
      const count = Math.min(this.#rowsPerStatement, inputs.length - start);
      // One array per statement length, refilled: better-sqlite3 reads it by index.
      if (values.length !== count * width) values = new Array<Value>(count * width);
      let k = 0;
      for (let r = start; r < start + count; r++) {
        // Object.values keeps the literal's key order, the order of #columns (same mapper).
        for (const value of Object.values(toRow(inputs[r]!)) as (Value | undefined)[]) values[k++] = value ?? null;
      }
      this.#statement(count).run(values);
    }
  }

  #statement(rowCount: number): Database.Statement {
    let statement = this.#statements.get(rowCount);
    if (!statement) {
      const tuple = `(${this.#columns.map(() => "?").join(", ")})`;
      const sql = `INSERT OR FAIL INTO ${this.table} (${this.#columns.join(", ")}) VALUES ${Array(rowCount).fill(tuple).join(", ")}`;
      statement = this.db.prepare(sql);
      this.#statements.set(rowCount, statement);
    }
    return statement;
  }
}

/** Inserts `inputs` into `table`, each in turn through `toRow` (its record, then its row of sqlite-mapping.ts). */
function insertRows<R extends object>(
  db: Database.Database,
  table: string,
  toRow: (input: R) => object,
  batchSize: number,
  inputs: readonly R[],
): void {
  const first = inputs[0];
  if (first === undefined) return;
  new BatchInserter(db, table, toRow, first, batchSize).insertAll(inputs);
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
  const build = datasetRecordBuilders(now);
  withLoadCache(db, () => {
    const indexes = dropSecondaryIndexes(db, TABLES);
    insertRows(db, "managers", (m) => managerToRow(build.managers(m)), batchSize, dataset.managers);
    insertRows(db, "accounts", (a) => accountToRow(build.accounts(a)), batchSize, dataset.accounts);
    insertRows(db, "communities", (c) => communityToRow(build.communities(c)), batchSize, dataset.communities);
    insertRows(db, "memberships", (m) => membershipToRow(build.memberships(m)), batchSize, dataset.memberships);
    insertRows(db, "links", (l) => linkToRow(build.influences(l)), batchSize, dataset.influences);
    insertRows(db, "links", (r) => linkToRow(build.referrals(r)), batchSize, dataset.referrals);
    insertRows(db, "engagements", (e) => engagementToRow(build.engagements(e)), batchSize, dataset.engagements);
    insertRows(db, "purchases", (p) => purchaseToRow(build.purchases(p)), batchSize, dataset.purchases);
    for (const sql of indexes) db.exec(sql);
  });
  return countDatasetRows(dataset);
}
