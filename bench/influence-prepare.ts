/**
 * Benchmark step 1 (child process): generates one dataset size and loads it into a fresh
 * SQLite file and, when a Neo4j URI is given, into that (empty) Neo4j. Run apart from the
 * measurements so their peak-memory figures do not include the generator's.
 *
 *   node --import tsx bench/influence-prepare.ts <size> <sqlite path> [neo4j uri]
 * Prints one JSON line: { generateMs, links, sqliteImportMs, neo4jImportMs | neo4jError }.
 */
import { generateDataset } from "../seeds/index.js";
import { Neo4jAccountGraphStore } from "../src/store/neo4j/neo4j-store.js";
import { SqliteAccountGraphStore } from "../src/store/sqlite/sqlite-store.js";
import { BENCH_SEED, BENCH_SIZES, timed, type BenchSize } from "./bench-support.js";

const [size, sqlitePath, neo4jUri] = process.argv.slice(2) as [BenchSize, string, string | undefined];
const generated = await timed(() => generateDataset({ accounts: BENCH_SIZES[size].accounts, seed: BENCH_SEED }));
const dataset = generated.value;
const result: Record<string, unknown> = {
  generateMs: generated.ms,
  accounts: dataset.accounts.length,
  links: dataset.influences.length + dataset.referrals.length,
  memberships: dataset.memberships.length,
};

const sqlite = new SqliteAccountGraphStore({ path: sqlitePath });
await sqlite.init();
result.sqliteImportMs = (await timed(() => sqlite.importDataset(dataset))).ms;
await sqlite.close();

if (neo4jUri) {
  const neo4j = new Neo4jAccountGraphStore({ uri: neo4jUri, user: "neo4j", password: "" });
  try {
    await neo4j.init();
    result.neo4jImportMs = (await timed(() => neo4j.importDataset(dataset))).ms;
  } catch (error) {
    result.neo4jError = error instanceof Error ? error.message : String(error);
  } finally {
    await neo4j.close();
  }
}
console.log(JSON.stringify(result));
