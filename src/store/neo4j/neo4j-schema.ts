/**
 * Applies files of schema/neo4j/*.cypher, as neo4j-migrations.ts lists them. Each statement
 * runs in its own transaction (Neo4j refuses schema and data changes in one transaction)
 * and is `IF NOT EXISTS`, so applying twice is a no-op. Statements are split on `;` after
 * dropping `//` comment lines: the schema files keep semicolons out of literals.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Neo4jExecutor } from "./neo4j-executor.js";
import { AWAIT_INDEXES } from "./cypher.js";
import { toNeo4jInt } from "./neo4j-mapping.js";

export const SCHEMA_DEFAULTS = {
  /** Seconds to wait for new indexes to come online before init() returns. */
  awaitIndexesSeconds: 300,
} as const;

/** schema/neo4j relative to this module, whether run from src/ (tsx) or dist/src/ (tsc). */
export function locateSchemaDir(): string {
  const candidates = ["../../../schema/neo4j", "../../../../schema/neo4j"].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`store/neo4j/neo4j-schema: schema directory not found (looked in ${candidates.join(", ")})`);
  return found;
}

export function splitCypherStatements(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n")
    .split(";")
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

export async function readSchemaStatements(dir: string, files: readonly string[]): Promise<string[]> {
  const statements: string[] = [];
  for (const file of files) statements.push(...splitCypherStatements(await readFile(join(dir, file), "utf8")));
  return statements;
}

/** Every `*.cypher` file of `dir`, in name order (a check that migrations list them all). */
export async function listSchemaFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith(".cypher")).sort();
}

export async function applySchemaFiles(executor: Neo4jExecutor, dir: string, files: readonly string[]): Promise<void> {
  for (const statement of await readSchemaStatements(dir, files)) {
    await executor.write("init.schema", (q) => q.run(statement));
  }
  await executor.write("init.awaitIndexes", (q) => q.run(AWAIT_INDEXES, { seconds: toNeo4jInt(SCHEMA_DEFAULTS.awaitIndexesSeconds) }));
}
