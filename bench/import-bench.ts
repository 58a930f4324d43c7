/**
 * Import rates. CRM CSV import (npm run import / importCrm): the generated dataset of each
 * size as CSV files (seeds/dataset-csv.ts), imported into an empty store that holds its
 * managers and communities; three runs each of a dry run (read, validate, match; no write)
 * and of an all-or-nothing import into a fresh store. Bulk load (importDataset, what the
 * influence bench's "import into ..." times, and `npm run seed`): three runs into a fresh
 * store. Prints median rows per second with the spread. SQLite always; Neo4j for the
 * --neo4j-sizes (S and M by default): NEO4J_URI if set (its database is wiped!), else a
 * local Neo4j from the jars, as the influence bench does.
 *
 * A freshly started Neo4j JVM compiles its write path during its first import (on the
 * 2-core machine ~13 s of JIT CPU at M, the import itself twice as slow as later): that
 * first bulk load is printed on its own row, `importDataset, first after start` (the
 * influence bench's situation), and warms the server for the medians, as a long-running
 * server is warm (npm run load likewise does not count its first minute).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { datasetToCsv } from "../seeds/dataset-csv.js";
import { generateDataset } from "../seeds/index.js";
import type { AccountGraphStore, Dataset } from "../src/ports/account-graph-store.js";
import type { CrmImportMode } from "../src/ports/crm-import.js";
import { CrmImportService } from "../src/services/crm-import/crm-import-service.js";
import { Neo4jAccountGraphStore } from "../src/store/neo4j/neo4j-store.js";
import { SqliteAccountGraphStore } from "../src/store/sqlite/sqlite-store.js";
import { BENCH_SEED, BENCH_SIZES, formatMs, median, renderTable, type BenchSize } from "./bench-support.js";
import { openNeo4j, wipeNeo4j, type BenchNeo4j } from "./influence-bench.js";

const RUNS = 3;

interface StoreMaker {
  name: string;
  open(): Promise<{ store: AccountGraphStore; close(): Promise<void> }>;
}

function storeMakers(neo4j: BenchNeo4j | null): StoreMaker[] {
  const makers: StoreMaker[] = [
    {
      name: "sqlite",
      async open() {
        const dir = mkdtempSync(join(tmpdir(), "accountgraph-import-bench-"));
        const store = new SqliteAccountGraphStore({ path: join(dir, "bench.db") });
        await store.init();
        return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
      },
    },
  ];
  if (neo4j) {
    makers.push({
      name: "neo4j",
      async open() {
        // A clean database per run: the bench measures importing into an empty graph.
        await wipeNeo4j(neo4j.uri);
        const store = new Neo4jAccountGraphStore({
          uri: neo4j.uri,
          user: process.env.NEO4J_USER ?? "neo4j",
          password: process.env.NEO4J_PASSWORD ?? "",
        });
        await store.init();
        return { store, close: () => store.close() };
      },
    });
  }
  return makers;
}

export async function runImportBench(options: { sizes: BenchSize[]; neo4jSizes: BenchSize[] }): Promise<string> {
  const rows: string[][] = [];
  const sizes = options.sizes.filter((s) => s !== "L");
  const neo4j = sizes.some((size) => options.neo4jSizes.includes(size)) ? await openNeo4j((line) => console.error(line)) : null;
  try {
    for (const size of sizes) {
      const dataset = generateDataset({ accounts: BENCH_SIZES[size].accounts, seed: BENCH_SEED });
      const files = datasetToCsv(dataset);
      const directory: Dataset = { ...dataset, accounts: [], memberships: [], influences: [], referrals: [], engagements: [], purchases: [] };
      const totalRows =
        dataset.accounts.length +
        dataset.influences.length +
        dataset.referrals.length +
        dataset.memberships.length +
        dataset.engagements.length +
        dataset.purchases.length;
      const datasetRows = totalRows + dataset.managers.length + dataset.communities.length;
      for (const maker of storeMakers(options.neo4jSizes.includes(size) ? neo4j : null)) {
        const row = (mode: string, count: number, times: number[]) => {
          const rate = (ms: number) => Math.round(count / (ms / 1000));
          rows.push([
            size,
            maker.name,
            mode,
            count.toLocaleString("en"),
            formatMs(median(times)),
            `${rate(median(times)).toLocaleString("en")}`,
            times.length > 1 ? `${rate(Math.max(...times)).toLocaleString("en")}–${rate(Math.min(...times)).toLocaleString("en")}` : "one run",
          ]);
        };
        /** Times `work` on a fresh store; `prepare` runs first, untimed. */
        const timeOnFreshStore = async (
          prepare: (store: AccountGraphStore) => Promise<unknown>,
          work: (store: AccountGraphStore) => Promise<unknown>,
        ) => {
          const { store, close } = await maker.open();
          try {
            await prepare(store);
            const started = performance.now();
            await work(store);
            return performance.now() - started;
          } finally {
            await close();
          }
        };
        const loadDataset = () =>
          timeOnFreshStore(
            async () => {},
            (store) => store.importDataset(dataset),
          );
        if (maker.name === "neo4j") row("importDataset, first after start", datasetRows, [await loadDataset()]);
        for (const mode of ["DRY_RUN", "ALL_OR_NOTHING"] as CrmImportMode[]) {
          const times: number[] = [];
          for (let run = 0; run < RUNS; run++) {
            times.push(
              await timeOnFreshStore(
                (store) => store.importDataset(directory),
                async (store) => {
                  const report = await new CrmImportService(store).import({ files, mode });
                  if (report.rejected.length > 0)
                    throw new Error(`import-bench: ${report.rejected.length} rows rejected: ${JSON.stringify(report.rejected[0])}`);
                },
              ),
            );
          }
          row(mode, totalRows, times);
        }
        const loads: number[] = [];
        for (let run = 0; run < RUNS; run++) loads.push(await loadDataset());
        row("importDataset", datasetRows, loads);
      }
    }
  } finally {
    await neo4j?.stop();
  }
  return renderTable(["size", "store", "mode", "rows", `median of ${RUNS}`, "rows/s", "rows/s range"], rows);
}
