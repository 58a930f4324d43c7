/**
 * Forward-only schema migrations of the SQLite store, versioned by `PRAGMA user_version`.
 *
 * Each migration runs in its own write transaction together with the new user_version, so a
 * store is always exactly at one version: a crash half way leaves it at the previous one and
 * the next start runs the migration again. A file whose user_version is higher than the
 * newest migration here was written by a newer release: it is refused (StoreVersionError)
 * rather than half understood. Release 0.1.0 wrote user_version 1; a new file is 0.
 * test/store/release-upgrade.test.ts opens the 0.1.0 fixture and checks every record survives.
 *
 * Rules for adding one: append, never edit a released migration; DDL must be valid on the
 * store the previous migration left (CREATE ... IF NOT EXISTS is not a licence to change a
 * released table: add columns with ALTER TABLE instead).
 */
import type Database from "better-sqlite3";
import { StoreVersionError } from "../../domain/errors.js";
import { SCHEMA_V1_DDL, SCHEMA_V2_DDL, SCHEMA_V3_DDL } from "./sqlite-schema.js";

export interface SqliteMigration {
  version: number;
  description: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = Object.freeze([
  { version: 1, description: "release 0.1.0 schema", sql: SCHEMA_V1_DDL },
  { version: 2, description: "change feed replaces the graph version", sql: SCHEMA_V2_DDL },
  { version: 3, description: "links' uniqueness as named indexes the bulk load can rebuild", sql: SCHEMA_V3_DDL },
]);

export const SQLITE_SCHEMA_VERSION = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]!.version;

/** Brings `db` to SQLITE_SCHEMA_VERSION; returns the versions it applied. */
export function migrateSqlite(db: Database.Database, path: string): number[] {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > SQLITE_SCHEMA_VERSION) {
    throw new StoreVersionError(
      `sqlite store ${path} has schema version ${current}, newer than this release understands (${SQLITE_SCHEMA_VERSION}); ` +
        "run the release that wrote it, or a newer one",
    );
  }
  const applied: number[] = [];
  for (const migration of SQLITE_MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    applied.push(migration.version);
  }
  return applied;
}
