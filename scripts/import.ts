/**
 * npm run import -- --accounts accounts.csv [--links links.csv] [--memberships memberships.csv]
 *                   [--engagements engagements.csv] [--purchases purchases.csv]
 *                   [--map map.json] [--dry-run | --skip-bad-rows] [--json]
 *
 * Imports CRM CSV exports into the configured store (Neo4j when NEO4J_URI is set, else
 * the SQLite file), as the `importCrm` mutation does: accounts upserted by externalId, in
 * one transaction. Prints a progress bar (rows, rate, ETA) while reading, then every bad
 * row as `file row N, column "X": CODE message`. All or nothing by default: one bad row
 * and nothing is written. Exit code 1 when rows were bad and nothing was written
 * (dry run included), 2 for a usage or file error.
 */
import "reflect-metadata";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { readConfig } from "../src/config.js";
import { openStore } from "../src/main.js";
import { DomainError } from "../src/domain/errors.js";
import type { CrmFile, CrmImportMode } from "../src/ports/crm-import.js";
import { parseColumnMap } from "../src/services/crm-import/crm-columns.js";
import { CrmImportService, type CrmImportFiles, type CrmImportReport } from "../src/services/crm-import/crm-import-service.js";

const USAGE =
  "usage: npm run import -- --accounts accounts.csv [--links links.csv] [--memberships m.csv] [--engagements e.csv] " +
  "[--purchases p.csv] [--map map.json] [--dry-run | --skip-bad-rows] [--json]";

function readArguments() {
  const { values } = parseArgs({
    options: {
      accounts: { type: "string" },
      links: { type: "string" },
      memberships: { type: "string" },
      engagements: { type: "string" },
      purchases: { type: "string" },
      map: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      "skip-bad-rows": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  if (!values.accounts) throw new UsageError("--accounts is required");
  if (values["dry-run"] && values["skip-bad-rows"]) throw new UsageError("--dry-run and --skip-bad-rows exclude each other");
  const paths: Partial<Record<CrmFile, string>> = {};
  for (const file of ["accounts", "links", "memberships", "engagements", "purchases"] as const) if (values[file]) paths[file] = values[file];
  const mode: CrmImportMode = values["dry-run"] ? "DRY_RUN" : values["skip-bad-rows"] ? "SKIP_BAD_ROWS" : "ALL_OR_NOTHING";
  return { paths, mode, mapPath: values.map, json: values.json };
}

class UsageError extends Error {}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function printReport(report: CrmImportReport, paths: Partial<Record<CrmFile, string>>, seconds: number): void {
  const rows = Object.values(report.rows).reduce((a, b) => a + b, 0);
  for (const problem of report.rejected) {
    console.log(`${paths[problem.file]} row ${problem.row}, column ${JSON.stringify(problem.column)}: ${problem.code} ${problem.message}`);
  }
  for (const [file, ignored] of Object.entries(report.ignoredColumns)) {
    if (ignored.length > 0) console.log(`${paths[file as CrmFile]}: ignored columns ${ignored.map((c) => JSON.stringify(c)).join(", ")}`);
  }
  const what =
    `accounts ${report.accountsCreated} created / ${report.accountsUpdated} updated, links ${report.linksCreated} created / ` +
    `${report.linksUpdated} updated, memberships ${report.memberships}, engagements ${report.engagements}, purchases ${report.purchases}` +
    (report.unchanged > 0 ? `, ${report.unchanged} activities already stored` : "");
  const verdict =
    report.mode === "DRY_RUN"
      ? `dry run: nothing written; would write ${what}`
      : report.written
        ? `written: ${what}`
        : "nothing written (all or nothing: fix the rows above, or use --skip-bad-rows)";
  console.log(
    `import: ${rows} rows read in ${seconds.toFixed(1)} s (${Math.round(rows / Math.max(seconds, 0.001))} rows/s), ` +
      `${report.rejected.length} bad rows; ${verdict}`,
  );
}

async function main(): Promise<number> {
  const args = readArguments();
  const files = Object.fromEntries(Object.entries(args.paths).map(([file, path]) => [file, readText(path)])) as CrmImportFiles;
  const map = args.mapPath ? parseColumnMap(readText(args.mapPath), "--map") : undefined;
  const totalChars = Object.values(files).reduce((sum, text) => sum + (text?.length ?? 0), 0);
  const bar = new cliProgress.SingleBar(
    { format: "{file} |{bar}| {percentage}% · {rows} rows · {rate} rows/s · ETA {eta_formatted}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  const store = await openStore(readConfig().store);
  const started = performance.now();
  try {
    bar.start(totalChars, 0, { file: "", rows: 0, rate: 0 });
    // Bytes and rows per file as they are read: the bar spans every file, so its ETA is the whole read.
    const charsByFile = new Map<CrmFile, number>();
    const rowsByFile = new Map<CrmFile, number>();
    const sum = (map: Map<CrmFile, number>) => [...map.values()].reduce((a, b) => a + b, 0);
    const request = { files, mode: args.mode, mapName: "a --map file", ...(map ? { map } : {}) };
    const report = await new CrmImportService(store).import(request, (progress) => {
      if (progress.phase === "read") {
        charsByFile.set(progress.file, progress.done);
        rowsByFile.set(progress.file, progress.rows);
        const rows = sum(rowsByFile);
        const seconds = (performance.now() - started) / 1000;
        bar.update(sum(charsByFile), { file: args.paths[progress.file], rows, rate: Math.round(rows / Math.max(seconds, 0.001)) });
      } else {
        bar.update(totalChars, { file: `writing to ${store.kind}`, rows: progress.rows });
      }
    });
    bar.stop();
    const seconds = (performance.now() - started) / 1000;
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else printReport(report, args.paths, seconds);
    return report.rejected.length > 0 && (report.mode === "DRY_RUN" || !report.written) ? 1 : 0;
  } finally {
    bar.stop();
    await store.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof DomainError) {
      console.error(`import: ${error.message}`);
      if (error instanceof UsageError) console.error(USAGE);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 2;
    }
  },
);
