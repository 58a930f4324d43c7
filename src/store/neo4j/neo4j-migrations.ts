/**
 * Forward-only schema migrations of the Neo4j store, versioned by `(:GraphMeta {key: 'schema',
 * version})`. Release 0.1.0 wrote no version node: such a store (and a new, empty database)
 * counts as version 0, and migration 1 — 0.1.0's own idempotent schema — brings both to 1.
 *
 * A migration is its schema files (schema/neo4j/*.cypher, every statement IF NOT EXISTS, each
 * in its own transaction because Neo4j refuses schema and data changes in one) followed by
 * its data statements and the new version number in ONE write transaction. A crash between
 * the two leaves the old version, and the next start runs the migration again: both halves
 * are idempotent. A store whose version is higher than the newest migration here was written
 * by a newer release and is refused (StoreVersionError). Two processes starting together may
 * both run a migration; idempotence makes that harmless.
 * test/store/release-upgrade.test.ts opens the 0.1.0 fixture and checks every record survives.
 *
 * Rules for adding one: append, never edit a released migration or its files.
 */
import { StoreVersionError } from "../../domain/errors.js";
import * as C from "./cypher.js";
import type { Neo4jExecutor } from "./neo4j-executor.js";
import { toNeo4jInt, toNumber } from "./neo4j-mapping.js";
import { applySchemaFiles } from "./neo4j-schema.js";

export interface Neo4jMigration {
  version: number;
  description: string;
  /** Files of the schema directory, applied in this order. */
  schemaFiles: readonly string[];
  /** Data statements, run in one transaction with the version bump. */
  data: readonly string[];
}

export const NEO4J_MIGRATIONS: readonly Neo4jMigration[] = Object.freeze([
  {
    version: 1,
    description: "release 0.1.0 schema",
    schemaFiles: ["001-constraints.cypher", "002-indexes.cypher", "003-api-keys.cypher"],
    data: [C.ENSURE_GRAPH_META],
  },
  {
    version: 2,
    description: "change feed replaces the graph version",
    schemaFiles: ["004-change-feed.cypher"],
    data: [C.ENSURE_FEED_META, C.DROP_GRAPH_VERSION_META],
  },
]);

export const NEO4J_SCHEMA_VERSION = NEO4J_MIGRATIONS[NEO4J_MIGRATIONS.length - 1]!.version;

export async function readSchemaVersion(executor: Neo4jExecutor): Promise<number> {
  const [record] = await executor.read("init.schemaVersion", (q) => q.run(C.READ_SCHEMA_VERSION));
  const version = record?.get("version");
  return version === null || version === undefined ? 0 : toNumber(version);
}

/** Brings the database to NEO4J_SCHEMA_VERSION; returns the versions it applied. */
export async function migrateNeo4j(executor: Neo4jExecutor, schemaDir: string): Promise<number[]> {
  const current = await readSchemaVersion(executor);
  if (current > NEO4J_SCHEMA_VERSION) {
    throw new StoreVersionError(
      `neo4j store has schema version ${current}, newer than this release understands (${NEO4J_SCHEMA_VERSION}); ` +
        "run the release that wrote it, or a newer one",
    );
  }
  const applied: number[] = [];
  for (const migration of NEO4J_MIGRATIONS) {
    if (migration.version <= current) continue;
    await applySchemaFiles(executor, schemaDir, migration.schemaFiles);
    await executor.write(`init.migrate.${migration.version}`, async (q) => {
      for (const statement of migration.data) await q.run(statement);
      await q.run(C.SET_SCHEMA_VERSION, { version: toNeo4jInt(migration.version) });
    });
    applied.push(migration.version);
  }
  return applied;
}
